"""The online pass against a local server that plays every case (no internet is touched)."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest
from site_linkcheck.config import AcceptRule, Config
from site_linkcheck.external import parse_retry_after
from site_linkcheck.model import RunResult, Severity
from site_linkcheck.runner import check_site

from tests.linkcheck.server import CaseServer, site_with_links

CASES = [
    "/ok/plain",
    "/chain/1",
    "/moved",
    "/moved-308#present",
    "/loop/a",
    "/endless/start",
    "/not-found",
    "/not-found?accept=1",
    "/gone",
    "/error/1",
    "/flaky-503/a",
    "/busy-429/a",
    "/always-429/a",
    "/slow/a",
    "/no-head",
    "/page#present",
    "/page#missing",
    "/page#old-style",
    "/page#中文",
    "/page#%E4%B8%AD%E6%96%87",
    "/file.pdf#page=2",
    "/ok/plain#top",
    "/excluded/x",
]


def _config(tmp_path: Path, **changes: object) -> Config:
    config = Config(
        timeout=1.0,
        retries=2,
        backoff=0.05,
        retry_after_cap=1.5,
        max_redirects=5,
        cache_dir=str(tmp_path / "cache"),
        exclude=(re.compile(r"/excluded/"),),
        accept=(AcceptRule(re.compile(r"accept=1"), frozenset({404})),),
    )
    return dataclasses.replace(config, **changes)


@pytest.fixture(scope="module")
def first_run(case_server: CaseServer, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("external")
    urls = [case_server.url(c) for c in CASES] + ["http://127.0.0.1:9/refused"]
    site = site_with_links(tmp / "site", urls)
    result = check_site(str(site), _config(tmp), external=True)
    return result, tmp, site


def _verdicts(result: RunResult, server: CaseServer) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for f in result.findings:
        key = f.link.url.replace(server.url(""), "")
        out.setdefault(key, []).append((f.severity.value, f.reason))
    return out


def test_every_case_gets_the_right_verdict(first_run, case_server: CaseServer) -> None:
    result, _, _ = first_run
    verdicts = _verdicts(result, case_server)
    assert verdicts == {
        "/chain/1": [("ok", "temporary redirect")],
        "/moved": [("warning", "permanent redirect: update the link: " + case_server.url("/ok"))],
        "/moved-308#present": [
            ("warning", "permanent redirect: update the link: " + case_server.url("/page"))
        ],
        "/loop/a": [("broken", "redirect loop: " + case_server.url("/loop/a"))],
        "/endless/start": [("broken", verdicts["/endless/start"][0][1])],
        "/not-found": [("broken", "HTTP error status: 404")],
        "/gone": [("broken", "HTTP error status: 410")],
        "/error/1": [("broken", "HTTP error status: 500")],
        "/always-429/a": [("warning", "still rate limited (429) after retries")],
        "/slow/a": [("broken", "no answer in time: " + case_server.url("/slow/a"))],
        "/page#missing": [("broken", "anchor not found in target page: #missing")],
        # Nothing listens there: the network failed, not the link.
        "http://127.0.0.1:9/refused": [("unreachable", "connection refused: 127.0.0.1:9")],
    }
    assert verdicts["/endless/start"][0][1].startswith("too many redirects")
    assert result.exit_code == 1
    assert result.external_checked


def test_redirect_chain_is_reported_hop_by_hop(first_run, case_server: CaseServer) -> None:
    result, _, _ = first_run
    chain = next(f for f in result.findings if f.link.url.endswith("/chain/1"))
    assert chain.redirects == [
        "302 " + case_server.url("/chain/2"),
        "307 " + case_server.url("/chain/3"),
        "302 " + case_server.url("/page"),
    ]
    assert chain.status == 200


def test_head_first_then_get_when_refused(first_run, case_server: CaseServer) -> None:
    rec = case_server.recorder
    assert rec.methods("/ok/plain") == ["HEAD"]  # "#top" needs no body
    assert rec.methods("/no-head") == ["HEAD", "GET"]
    # "/not-found" (404: HEAD, then GET decides) and "/not-found?accept=1" (404 accepted on HEAD)
    assert sorted(rec.methods("/not-found")) == ["GET", "HEAD", "HEAD"]
    # Fragments need the page body: GET straight away, once for all fragments of the URL.
    # "/page" is requested once for its 4 fragments (GET), once as the end of the 308 with a
    # fragment (GET) and once as the end of the redirect chain, which has no fragment (HEAD).
    assert sorted(rec.methods("/page")) == ["GET", "GET", "HEAD"]
    assert rec.methods("/file.pdf") == ["GET"]


def test_retries_on_5xx_429_and_timeouts(first_run, case_server: CaseServer) -> None:
    rec = case_server.recorder
    # A 5xx on HEAD is asked again with GET at once (servers answer HEAD wrongly): 503 then 200.
    assert rec.methods("/flaky-503/a") == ["HEAD", "GET"]
    # One budget per URL: retries=2 re-sends in all, HEAD and GET together (was 3 + 3).
    assert rec.methods("/error/1") == ["HEAD", "GET", "GET", "GET"]
    assert rec.methods("/slow/a") == ["HEAD"] * 3  # a timeout is not a refused HEAD
    busy = rec.times("/busy-429/a")
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.9  # Retry-After: 1 honoured
    always = rec.times("/always-429/a")
    assert len(always) == 3
    assert "/excluded/x" not in {p for _, p, _ in rec.requests}


def test_retry_after_parsing() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None


def test_cache_skips_settled_urls_next_time(first_run, case_server: CaseServer) -> None:
    _result, tmp, site = first_run
    rec = case_server.recorder
    before = len(rec.requests)
    config = _config(tmp, timeout=0.5, retries=0)
    second = check_site(str(site), config, external=True)
    paths = [p for _, p, _ in rec.requests[before:]]
    # Settled answers (2xx, redirects, 4xx) come from the cache ...
    for settled in ("/ok/plain", "/chain/1", "/moved", "/not-found", "/gone", "/page", "/no-head"):
        assert settled not in paths
    # ... timeouts and 5xx are asked again.
    assert "/slow/a" in paths and "/error/1" in paths
    assert _verdicts(second, case_server)["/not-found"] == [("broken", "HTTP error status: 404")]
    # A fresh cache (ttl 0) asks everything again.
    before = len(rec.requests)
    check_site(str(site), dataclasses.replace(config, cache_ttl_hours=0), external=True)
    assert "/ok/plain" in [p for _, p, _ in rec.requests[before:]]


def test_per_host_concurrency_is_bounded(case_server: CaseServer, tmp_path: Path) -> None:
    urls = [case_server.url(f"/slowish/{i}") for i in range(8)]
    site = site_with_links(tmp_path / "site", urls)
    deadline = time.monotonic() + 10
    while case_server.recorder.in_flight and time.monotonic() < deadline:
        time.sleep(0.05)  # let slow requests of earlier tests finish
    case_server.recorder.max_in_flight = 0
    result = check_site(str(site), _config(tmp_path, per_host=2), external=True, use_cache=False)
    assert result.exit_code == 0
    assert case_server.recorder.max_in_flight == 2


def test_offline_run_sends_no_request(case_server: CaseServer, tmp_path: Path) -> None:
    site = site_with_links(tmp_path / "site", [case_server.url("/ok/offline")])
    result = check_site(str(site), _config(tmp_path))
    assert result.external_links == 1 and not result.external_checked
    assert "/ok/offline" not in {p for _, p, _ in case_server.recorder.requests}
    assert not [f for f in result.findings if f.severity is not Severity.OK]


def test_cached_answer_without_anchors_is_refetched_for_a_fragment(
    case_server: CaseServer, tmp_path: Path
) -> None:
    config = _config(tmp_path)
    first = site_with_links(tmp_path / "one", [case_server.url("/ok/cache-fragment")])
    assert check_site(str(first), config, external=True).exit_code == 0
    second = site_with_links(tmp_path / "two", [case_server.url("/ok/cache-fragment#nothing-here")])
    result = check_site(str(second), config, external=True)
    assert [f.reason for f in result.broken] == ["anchor not found in target page: #nothing-here"]
    assert case_server.recorder.methods("/ok/cache-fragment") == ["HEAD", "GET"]


def test_runs_inside_a_program_that_already_has_an_event_loop(
    case_server: CaseServer, tmp_path: Path
) -> None:
    """Playwright's sync API (browser tests in the same process) keeps a loop running."""
    import asyncio

    async def inside_a_loop() -> RunResult:
        site = site_with_links(tmp_path / "site", [case_server.url("/ok")])
        return check_site(str(site), _config(tmp_path), external=True, use_cache=False)

    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # a loop of its own
        result = pool.submit(asyncio.run, inside_a_loop()).result()
    assert result.exit_code == 0
