"""Network failures are not dead links: their own verdict and exit code, proxies from the
environment, one retry budget per URL. Everything runs on 127.0.0.1 (a local proxy server plays
the office's proxy; ``.invalid`` names never resolve)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from site_linkcheck.config import Config
from site_linkcheck.external import run_external
from site_linkcheck.model import Severity
from site_linkcheck.runner import check_site
from site_linkcheck.scan import run_internal

from tests.linkcheck.server import CaseServer, site_with_links

REPO = Path(__file__).resolve().parents[2]
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY")


class _ProxyHandler(BaseHTTPRequestHandler):
    """A forward proxy that answers for the hosts itself: ``gateway-error.invalid`` gets the 502
    a proxy gives when it cannot reach a host, every other host a page; CONNECT is refused."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, head: bool) -> None:
        self.seen.append((self.command, self.path))
        status = 502 if "gateway-error.invalid" in self.path else 200
        body = b"<!doctype html><title>via proxy</title>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_CONNECT(self) -> None:
        self.seen.append(("CONNECT", self.path))
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    seen: list[tuple[str, str]] = []
    handler = type("Proxy", (_ProxyHandler,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _config(tmp_path: Path, **changes: object) -> Config:
    config = Config(timeout=2.0, retries=2, backoff=0.05, cache_dir=str(tmp_path / "cache"))
    return dataclasses.replace(config, **changes)


def _verdicts(result) -> dict[str, tuple[str, str]]:
    return {f.link.url: (f.severity.value, f.reason) for f in result.findings}


def test_dns_failure_and_refused_host_are_not_broken(tmp_path: Path) -> None:
    site = site_with_links(
        tmp_path / "site", ["http://no-such-host.invalid/page", "http://127.0.0.1:9/x"]
    )
    result = check_site(str(site), _config(tmp_path), external=True)
    verdicts = _verdicts(result)
    assert verdicts["http://127.0.0.1:9/x"] == ("unreachable", "connection refused: 127.0.0.1:9")
    severity, reason = verdicts["http://no-such-host.invalid/page"]
    assert severity == "unreachable"
    assert reason.startswith(("host name not found in DNS", "DNS lookup failed"))
    assert not result.broken and result.exit_code == 3
    assert result.mostly_offline  # both URLs failed for network reasons
    cache = (tmp_path / "cache" / "external.json").read_text()
    assert "no-such-host" not in cache  # never cached: asked again next time


def test_offline_run_through_the_command_line(tmp_path: Path) -> None:
    site = site_with_links(tmp_path / "site", [f"http://host-{i}.invalid/" for i in range(3)])
    (site / "broken.html").write_text('<a href="missing.html">x</a>')

    def check() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "site_linkcheck", str(site), "--external", "--no-cache"]
        return subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
        )

    run = check()
    assert run.returncode == 1  # broken wins over could-not-check
    assert "多數外部網址（3/3）因網路問題無法檢查" in run.stdout
    (site / "broken.html").unlink()
    run = check()
    assert run.returncode == 3, run.stdout + run.stderr
    assert "NOT CHECKED: 3 links could not be checked (network) / 3 個連結無法檢查" in run.stdout


def test_http_proxy_is_used(
    proxy: tuple[str, list], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", address)
    # Only the proxy knows this host: a direct request could not resolve it.
    site = site_with_links(tmp_path / "site", ["http://only-the-proxy-knows.invalid/page"])
    result = check_site(str(site), _config(tmp_path), external=True, use_cache=False)
    assert result.exit_code == 0, _verdicts(result)
    assert seen == [("HEAD", "http://only-the-proxy-knows.invalid/page")]


def test_no_proxy_is_honoured(
    proxy: tuple[str, list],
    case_server: CaseServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    address, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", address)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    site = site_with_links(tmp_path / "site", [case_server.url("/ok/direct")])
    result = check_site(str(site), _config(tmp_path), external=True, use_cache=False)
    assert result.exit_code == 0
    assert seen == []
    assert case_server.recorder.methods("/ok/direct") == ["HEAD"]


def test_proxy_errors_are_unreachable(
    proxy: tuple[str, list], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address, seen = proxy
    monkeypatch.setenv("HTTPS_PROXY", address)
    monkeypatch.setenv("HTTP_PROXY", address)
    site = site_with_links(
        tmp_path / "site",
        ["https://secure.invalid/form", "http://gateway-error.invalid/page"],
    )
    result = check_site(str(site), _config(tmp_path, retries=0), external=True, use_cache=False)
    verdicts = _verdicts(result)
    assert verdicts["https://secure.invalid/form"][0] == "unreachable"
    assert verdicts["https://secure.invalid/form"][1].startswith("proxy error")
    assert verdicts["http://gateway-error.invalid/page"] == (
        "unreachable",
        "proxy error: 502 http://gateway-error.invalid/page",
    )
    assert ("CONNECT", "secure.invalid:443") in seen  # HTTPS_PROXY was used for https
    assert result.exit_code == 3


def test_proxy_down_is_unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    site = site_with_links(tmp_path / "site", ["http://example.invalid/"])
    result = check_site(str(site), _config(tmp_path, retries=0), external=True, use_cache=False)
    assert [(f.severity, f.reason.split(":")[0]) for f in result.findings] == [
        (Severity.UNREACHABLE, "proxy error")
    ]


def test_one_retry_budget_per_url(case_server: CaseServer, tmp_path: Path) -> None:
    """A URL always answering 5xx: HEAD, then GET, then the retries; never two retry cycles."""
    site = site_with_links(tmp_path / "site", [case_server.url("/error/budget")])
    config = _config(tmp_path, retries=3)
    result = check_site(str(site), config, external=True, use_cache=False)
    assert _verdicts(result)[case_server.url("/error/budget")] == (
        "broken",
        "HTTP error status: 500",
    )
    methods = case_server.recorder.methods("/error/budget")
    assert methods == ["HEAD", "GET", "GET", "GET", "GET"]  # was 4 HEAD + 4 GET
    assert len(methods) <= config.retries + 2


def test_a_down_host_is_not_asked_for_each_of_its_urls(tmp_path: Path) -> None:
    urls = [f"http://127.0.0.1:9/page-{i}" for i in range(20)]
    site = site_with_links(tmp_path / "site", urls)
    config = _config(tmp_path, retries=2, per_host=2)
    internal = run_internal(str(site), config)
    findings, unreachable, checker = run_external(internal.result.external, config, None)
    assert unreachable == 20 and all(f.severity is Severity.UNREACHABLE for f in findings)
    # retries + 1 failures mark the host down; requests already in flight finish.
    assert checker.requests <= config.retries + 1 + config.per_host
