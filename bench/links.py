"""Link-check benchmark: this checker vs lychee vs linkchecker on one generated 5,000-page site.

Generates a site of ~5,100 pages with ~110,000 links (15,000 of them to ~2,000 URLs on a local
HTTP server this benchmark starts on 127.0.0.1), with known broken links planted, then runs each
tool with retries on and prints wall time, peak memory (PSS and RSS summed over the tool's whole
process tree, sampled every 50 ms) and where each tool's verdicts differ from the planted truth
and from each other. Every run has a time limit; the server stops when the benchmark ends.

Scale with LINKS_BENCH_PAGES (default 5000). Run alone with ``python -m bench links``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PAGES_PER_SECTION = 100
EXTERNAL_URLS = 2000
RUN_LIMIT_SECONDS = 600
OFFLINE_REPEATS = 3
CJK_PAGE = "申請須知.html"
LEGACY_PAGE = "舊頁面.html"  # in Big5

# --- the local "internet" ------------------------------------------------------------------


def external_path(n: int) -> str:
    """The path (and fragment) of external URL number n; the kind decides its behaviour."""
    if n < 1700:
        return f"/ok/{n}"
    if n < 1750:
        return f"/missing/{n}"  # 404: broken
    if n < 1800:
        return f"/flaky/{n}"  # 503 once, then 200: ok after a retry
    if n < 1850:
        return f"/moved/{n}"  # 301 to /ok/n: a warning, not broken
    if n < 1870:
        return f"/gone/{n}"  # 410: broken
    if n < 1920:
        return f"/frag/{n}#present"  # HTML page with that id: ok
    if n < 1960:
        return f"/frag/{n}#absent"  # same page, id absent: broken
    return f"/no-head/{n}"  # 405 on HEAD, 200 on GET: ok


EXTERNAL_BROKEN_KINDS = ("missing", "gone")


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection. With keep-alive, linkchecker stalls for minutes on
    # this single-threaded-per-connection server; every tool pays the same connection cost.
    protocol_version = "HTTP/1.0"
    # Headers and body leave in one segment: otherwise Nagle + delayed ACK add ~40 ms a request.
    wbufsize = 65536
    disable_nagle_algorithm = True
    counts: dict[str, int]
    lock: threading.Lock

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(True)

    def do_GET(self) -> None:
        self._serve(False)

    def _reply(self, status: int, head: bool, body: bytes = b"", location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        # linkchecker's documented opt-in for site owners: without it, it waits 0.1-0.6 s
        # between two requests to one host, whatever its maxrequestspersecond says.
        self.send_header("LinkChecker", "allow full speed")
        self.end_headers()
        if body and not head:
            self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        path = self.path.split("?", 1)[0]
        kind = path.split("/")[1] if path.count("/") >= 2 else ""
        with self.lock:
            self.counts[path] = count = self.counts.get(path, 0) + 1
        page = b"<!doctype html><title>x</title><h1 id='present'>x</h1>"
        if kind in ("ok", "frag"):
            self._reply(200, head, page)
        elif kind == "missing":
            self._reply(404, head, b"not found")
        elif kind == "gone":
            self._reply(410, head, b"gone")
        elif kind == "flaky":
            self._reply(503 if count == 1 else 200, head, page)
        elif kind == "moved":
            self._reply(301, head, location="/ok/" + path.rsplit("/", 1)[1])
        elif kind == "no-head":
            self._reply(405 if head else 200, head, b"" if head else page)
        else:
            self._reply(404, head, b"unknown")


class LocalServer:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        handler = type("H", (_Handler,), {"counts": self.counts, "lock": threading.Lock()})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 256
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def reset(self) -> int:
        requests = sum(self.counts.values())
        self.counts.clear()
        return requests

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _SiteHandler(BaseHTTPRequestHandler):
    """Serves the generated site like S3 website hosting: folder/ -> index.html, no listings."""

    protocol_version = "HTTP/1.0"
    wbufsize = 65536
    disable_nagle_algorithm = True
    root: Path

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(True)

    def do_GET(self) -> None:
        self._serve(False)

    def _serve(self, head: bool) -> None:
        path = unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in (target, *target.parents):
            target = self.root / "missing"
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", quote(path) + "/")
            self.send_header("Content-Length", "0")
            self.send_header("LinkChecker", "allow full speed")
            self.end_headers()
            return
        if target.is_dir():
            target = target / "index.html"
        status, body = (200, target.read_bytes()) if target.is_file() else (404, b"not found")
        kind = (
            "text/html; charset=utf-8" if target.suffix == ".html" else "application/octet-stream"
        )
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("LinkChecker", "allow full speed")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class SiteServer:
    """The generated site over HTTP on 127.0.0.1, for linkchecker (a crawler: file:// URLs
    cannot express root-absolute links or the site root)."""

    def __init__(self, root: Path) -> None:
        handler = type("S", (_SiteHandler,), {"root": root.resolve()})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the generated site --------------------------------------------------------------------


@dataclass
class Truth:
    broken: set[str] = field(default_factory=set)  # normalized targets that are broken
    links: int = 0
    pages: int = 0


def _page_name(p: int) -> str:
    return f"page-{p:03d}.html"


def generate_site(root: Path, pages: int, port: int) -> Truth:
    """Write the site; return the planted broken targets (normalized like ``normalize``)."""
    truth = Truth()
    sections = max(1, pages // PAGES_PER_SECTION)
    ext = f"http://127.0.0.1:{port}"
    (root / "assets").mkdir(parents=True)
    (root / "img").mkdir()
    # A stylesheet with one good and one missing image (lychee reads no CSS).
    (root / "assets" / "site.css").write_text(
        "body{font-family:sans-serif;background:url(../img/p-1.png)}\n"
        ".banner{background-image:url('../img/css-missing.png')}\n"
    )
    truth.broken.add("/img/css-missing.png")
    truth.links += 2
    (root / "assets" / "app.js").write_text("// app")
    for k in range(200):
        (root / "img" / f"p-{k}.png").write_bytes(b"\x89PNG")
    for k in range(5):  # folders without index.html: broken on S3
        (root / f"empty-dir-{k}").mkdir()
        (root / f"empty-dir-{k}" / "note.txt").write_text("x")
    filler = "戶政事務所提供戶籍登記、身分證、印鑑證明等服務，請攜帶證件臨櫃辦理。" * 6
    index_links = []
    for s in range(sections):
        sec = f"sec-{s:02d}"
        (root / sec).mkdir()
        names = [_page_name(p) for p in range(PAGES_PER_SECTION)]
        section_index = "".join(f'<li><a href="{n}">{n}</a></li>' for n in names)
        section_index += f'<li><a href="{CJK_PAGE}">申請須知</a></li>'
        (root / sec / "index.html").write_text(
            f'<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>{sec}'
            f'</title></head><body><h1 id="top-of-section">{sec}</h1><ul>{section_index}</ul>'
            '<a href="../">home</a></body></html>',
            encoding="utf-8",
        )
        (root / sec / CJK_PAGE).write_text(
            '<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>申請須知'
            '</title></head><body><h2 id="說明">說明</h2><a href="./">back</a></body></html>',
            encoding="utf-8",
        )
        truth.links += PAGES_PER_SECTION + 2 + 1
        truth.pages += 2
        index_links.append(f'<li><a href="{sec}/">{sec}</a></li>')
    # A legacy page in Big5 (old pages copied in by hand): its Chinese links must not be mojibake.
    (root / "sec-00" / LEGACY_PAGE).write_bytes(
        '<!doctype html><html><head><meta charset="big5"><title>舊頁面</title></head><body>'
        f'<a href="{CJK_PAGE}#說明">申請須知</a> <a href="不存在的舊頁.html">舊連結</a>'
        "</body></html>".encode("big5")
    )
    truth.broken.add("/sec-00/不存在的舊頁.html")
    truth.links += 2
    truth.pages += 1
    (root / "sec-00" / "base-target.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>'
        '<body id="b">base target</body></html>'
    )
    (root / "index.html").write_text(
        '<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>home</title>'
        f'</head><body><h1 id="top">home</h1><ul>{"".join(index_links)}</ul>'
        f'<a href="sec-00/base-target.html">t</a><a href="sec-00/{LEGACY_PAGE}">舊</a>'
        "</body></html>",
        encoding="utf-8",
    )
    truth.links += sections + 2
    truth.pages += 2
    total = sections * PAGES_PER_SECTION
    for i in range(total):
        s, p = divmod(i, PAGES_PER_SECTION)
        sec = f"sec-{s:02d}"

        def other(k: int, s: int = s, p: int = p) -> tuple[int, int]:
            """A page in another section, spread evenly."""
            return (s + k) % sections, (p * 7 + k * 13) % PAGES_PER_SECTION

        links = [
            '<a href="../">首頁</a>',
            '<a href="./">本節</a>',
            '<a href="../index.html#top">頂端</a>',
        ]
        links += [
            f'<a href="{_page_name((p + k) % PAGES_PER_SECTION)}">相關 {k}</a>' for k in range(1, 6)
        ]
        for k in range(1, 4):
            os_, op = other(k)
            links.append(f'<a href="../sec-{os_:02d}/{_page_name(op)}#h-2">其他 {k}</a>')
        os_, op = other(4)
        links.append(f'<a href="/sec-{os_:02d}/{_page_name(op)}">絕對路徑</a>')
        links.append('<a href="#h-2">本頁</a>')
        links.append(f'<img src="../img/p-{i % 200}.png" alt="">')
        links.append(
            f'<img srcset="../img/p-{i % 200}.png 1x, ../img/p-{(i + 1) % 200}.png 2x" alt="">'
        )
        for k in range(3):
            n = (i * 3 + k) % EXTERNAL_URLS
            links.append(f'<a href="{ext}{external_path(n)}">外部 {k}</a>')
            kind = external_path(n).split("/")[1]
            if kind in EXTERNAL_BROKEN_KINDS or external_path(n).endswith("#absent"):
                truth.broken.add(normalize(ext + external_path(n), root))
        links.append('<a href="mailto:service@example.gov.tw">信箱</a>')
        base = ""
        # Planted cases, each on a fraction of the pages.
        # Pages with <base href="/sec-00/"> resolve their relative links against /sec-00/.
        on_base_page = i % 211 == 17 and s > 0
        folder = "sec-00" if on_base_page else sec
        if i % 97 == 5:
            links.append('<a href="page-999.html">不存在的頁面</a>')
            truth.broken.add(f"/{folder}/page-999.html")
        if i % 89 == 7:
            os_, op = other(5)
            links.append(f'<a href="../sec-{os_:02d}/{_page_name(op)}#no-such-id">錨點</a>')
            truth.broken.add(f"/sec-{os_:02d}/{_page_name(op)}#no-such-id")
        if i % 131 == 3:
            links.append(f'<a href="../empty-dir-{i % 5}/">空資料夾</a>')
            truth.broken.add(f"/empty-dir-{i % 5}")
        if i % 151 == 11:
            links.append(f'<img src="../img/missing-{i}.png" alt="">')
            truth.broken.add(f"/img/missing-{i}.png")
        if i % 173 == 13:
            links.append('<a href="../../../../index.html">過多的 ../</a>')  # clamps: ok
        if on_base_page:
            base = '<base href="/sec-00/">'
            links.append('<a href="base-target.html#b">依 base 解析</a>')  # ok only with base
            # With a base, "#h-2" points at /sec-00/#h-2, not at this page: broken in browsers.
            truth.broken.add("/sec-00#h-2")
        if i % 50 == 9:
            links.append(f'<a href="{CJK_PAGE}#說明">中文路徑</a>')
        if i % 50 == 19:
            links.append(f'<a href="{quote(CJK_PAGE)}#{quote("說明")}">編碼路徑</a>')
        if i % 307 == 21:
            links.append(f'<a href="{CJK_PAGE}#不存在">中文錨點</a>')
            truth.broken.add(f"/{folder}/{CJK_PAGE}#不存在")
        if i % 263 == 23:
            links.append(f'<a href="../sec-{other(6)[0]:02d}">無結尾斜線</a>')  # warning only
        if i % 331 == 29:  # an inline style with a missing background image
            links.append(f'<span style="background:url(../img/style-missing-{i}.png)">x</span>')
            truth.broken.add(f"/img/style-missing-{i}.png")
        body = "\n".join(
            f"<p>{filler[: 40 + (k * 17) % 80]} {link}</p>" for k, link in enumerate(links)
        )
        html = (
            f'<!doctype html>\n<html lang="zh-Hant-TW">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{sec} {p}</title>\n{base}\n"
            '<link rel="stylesheet" href="../assets/site.css">\n'
            '<script src="/assets/app.js" defer></script>\n</head>\n<body>\n'
            f'<h1 id="h-1">第 {i} 頁</h1>\n<h2 id="h-2">內容</h2>\n{body}\n'
            f"<pre><code>curl {ext}/in-code/{i} # not a link</code></pre>\n"
            "</body>\n</html>\n"
        )
        (root / sec / _page_name(p)).write_text(html, encoding="utf-8")
        truth.links += len(links) + 2 + (1 if "srcset" in html else 0)
        truth.pages += 1
    return truth


def normalize(target: str, site: Path, site_origin: str = "") -> str:
    """One spelling per target across tools: site paths "/a/b" (folder = its index.html)."""
    target = unquote(target)
    for prefix in (f"file://{site}", str(site), site_origin):
        if not prefix:
            continue
        if target.startswith(prefix):
            target = target[len(prefix) :]
    if target.startswith("file://"):
        return target  # outside the site (e.g. "../" not clamped at the site root)
    path, hashmark, fragment = target.partition("#")
    path = path.split("?", 1)[0] if not path.startswith("http") else path
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if len(path) > 1 and not path.startswith("http"):
        path = path.rstrip("/")
    return path + (f"#{fragment}" if hashmark and fragment else "")


# --- running and measuring -----------------------------------------------------------------


@dataclass
class Run:
    tool: str
    mode: str
    wall: float = 0.0
    cpu: float = 0.0  # user + system seconds of the tool's processes (less load-sensitive)
    peak_pss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    exit_code: int | None = None
    broken: set[str] = field(default_factory=set)
    note: str = ""
    requests: int = 0


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) summed over pid and its descendants, in kB."""
    children = _children_map()
    stack, pss, rss = [pid], 0, 0
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            continue
    return pss, rss


def measure(
    run: Run, cmd: list[str], stdout_path: Path, limit: float = RUN_LIMIT_SECONDS, **kw
) -> None:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdout_path, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, **kw)
        peak_pss = peak_rss = 0
        while proc.poll() is None:
            pss, rss = _tree_memory_kb(proc.pid)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            if time.perf_counter() - started > limit:
                proc.kill()
                run.note = f"killed after {limit:.0f} s"
                break
            time.sleep(0.05)
        proc.wait()
        stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    run.wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run.exit_code = proc.returncode
    run.peak_pss_mb, run.peak_rss_mb = peak_pss / 1024, peak_rss / 1024
    if proc.returncode not in (0, 1, 2) and not run.note:
        run.note = (
            stderr.strip().splitlines()[-1][:120] if stderr.strip() else f"exit {proc.returncode}"
        )


def run_ours(site: Path, work: Path, external: bool, jobs: int = 2) -> Run:
    run = Run(
        f"this checker, {jobs} proc", "internal+external" if external else "internal (offline)"
    )
    config = work / "ours.yml"
    config.write_text(
        "external: {timeout: 10, retries: 3, backoff: 0.5, per_host: 8, max_concurrency: 32}\n"
        f"cache: {{dir: {work / 'ours-cache'}}}\n"
    )
    out = work / f"ours-{int(external)}.json"
    cmd = [
        sys.executable,
        "-m",
        "site_linkcheck",
        str(site),
        "--config",
        str(config),
        "--format",
        "json",
        "--output",
        str(out),
        "--no-cache",
        "--jobs",
        str(jobs),
    ]
    if external:
        cmd.append("--external")
    measure(run, cmd, work / "ours.stdout", cwd=REPO)
    data = json.loads(out.read_text()) if out.exists() else {"findings": []}
    run.broken = {
        normalize(f["target"], site) for f in data["findings"] if f["severity"] == "broken"
    }
    return run


def run_lychee(site: Path, work: Path, external: bool) -> Run:
    run = Run(
        "lychee " + _version([str(VENV_BIN / "lychee"), "--version"]),
        "internal+external" if external else "internal (offline)",
    )
    out = work / f"lychee-{int(external)}.json"
    cmd = [
        str(VENV_BIN / "lychee"),
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(site),
        "--no-progress",
        "--format",
        "json",
        "--output",
        str(out),
        "--max-retries",
        "3",
        "--retry-wait-time",
        "1",
        "--timeout",
        "10",
        "--max-concurrency",
        "32",
        "--host-concurrency",
        "8",
        "--host-request-interval",
        "0s",
    ]
    cmd += [] if external else ["--offline"]
    cmd.append(str(site))
    measure(run, cmd, work / "lychee.stdout", cwd=work)
    try:
        data = json.loads(out.read_text())
    except (OSError, ValueError):
        run.note = run.note or "no JSON report"
        return run
    for entries in (data.get("error_map") or data.get("fail_map") or {}).values():
        for entry in entries:
            run.broken.add(normalize(entry["url"], site))
    return run


def run_linkchecker(site: Path, work: Path) -> Run:
    version = _version([str(VENV_BIN / "linkchecker"), "--version"]).split()
    run = Run(f"linkchecker {version[1] if len(version) > 1 else '?'}", "internal+external")
    rc = work / "linkcheckerrc"
    # No retry setting exists in linkchecker; threads and rate are raised to its maximum.
    rc.write_text("[checking]\nthreads=10\ntimeout=10\nmaxrequestspersecond=1000\n[AnchorCheck]\n")
    os.chmod(rc, 0o644)
    with SiteServer(site) as served:
        cmd = [
            str(VENV_BIN / "linkchecker"),
            "-f",
            str(rc),
            "--check-extern",
            "--ignore-url=^mailto:",  # the others skip mail too; MX look-ups need DNS
            "--no-status",
            "-o",
            "csv",
            f"{served.origin}/",
        ]
        measure(run, cmd, work / "linkchecker.csv", cwd=work)
    text = (work / "linkchecker.csv").read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        warning = row.get("warningstring") or ""
        anchor_missing = "Anchor" in warning and "not found" in warning  # a warning in linkchecker
        if row.get("valid") == "False" or anchor_missing:
            run.broken.add(normalize(row.get("url") or "", site, served.origin))
    return run


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (out.strip().splitlines() or ["?"])[0].replace("lychee ", "")


# --- report --------------------------------------------------------------------------------


def _describe(targets: set[str], limit: int = 8) -> str:
    """Targets grouped by shape (digits as N), e.g. "/sec-NN/base-target.html#b ×24"."""
    groups: dict[str, int] = {}
    for target in targets:
        shape = re.sub(r"\d+", "N", re.sub(r"^http://127\.0\.0\.1:\d+", "http://server", target))
        groups[shape] = groups.get(shape, 0) + 1
    items = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{shape} ×{count}" for shape, count in items[:limit])
    return shown + (f", … ({len(items) - limit} more shapes)" if len(items) > limit else "")


def main() -> None:
    pages = int(os.environ.get("LINKS_BENCH_PAGES", "5000"))
    missing = [t for t in ("lychee", "linkchecker") if not (VENV_BIN / t).exists()]
    work = Path(tempfile.mkdtemp(prefix="bench-links-"))
    os.chmod(work, 0o755)  # linkchecker drops root privileges to "nobody" and must read the site
    try:
        with LocalServer() as server:
            site = work / "site"
            started = time.perf_counter()
            truth = generate_site(site, pages, server.port)
            size = sum(f.stat().st_size for f in site.rglob("*.html"))
            print(
                f"site: {truth.pages} pages, ~{truth.links} links, {size / 1e6:.1f} MB of HTML, "
                f"{len(truth.broken)} distinct broken targets planted "
                f"(generated in {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
            runs: list[Run] = []
            # Offline runs are short: repeat them and keep the median time and the peak memory.
            offline = [
                lambda: run_ours(site, work, False, jobs=1),
                lambda: run_ours(site, work, False),
            ]
            if "lychee" not in missing:
                offline.append(lambda: run_lychee(site, work, external=False))
            for make_run in offline:
                runs.append(_repeat(make_run, OFFLINE_REPEATS))
            for tool in ("ours", "lychee", "linkchecker"):
                if tool != "ours" and tool in missing:
                    continue
                server.reset()
                if tool == "ours":
                    run = run_ours(site, work, external=True)
                elif tool == "lychee":
                    run = run_lychee(site, work, external=True)
                else:
                    run = run_linkchecker(site, work)
                run.requests = server.reset()
                runs.append(run)
            _print(runs, truth, site)
            print(f"load average after: {os.getloadavg()[0]:.1f} (2 cores)")
            if missing:
                print(f"not installed, skipped: {', '.join(missing)} (make venv installs them)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _repeat(make_run: Callable[[], Run], times: int) -> Run:
    """Run ``times`` times: median wall time, highest peak memory, verdicts of the last run."""
    runs = [make_run() for _ in range(times)]
    best = runs[-1]
    best.wall = statistics.median(r.wall for r in runs)
    best.cpu = statistics.median(r.cpu for r in runs)
    best.peak_pss_mb = max(r.peak_pss_mb for r in runs)
    best.peak_rss_mb = max(r.peak_rss_mb for r in runs)
    best.note = (best.note + f" median of {times}").strip()
    return best


def _compare_sets(run: Run, truth: Truth, internal_truth: set[str]) -> tuple[set[str], set[str]]:
    """(expected, found) broken targets; offline runs are judged on internal links only."""
    if "external" in run.mode:
        return truth.broken, run.broken
    return internal_truth, {t for t in run.broken if not t.startswith("http")}


def _print(runs: list[Run], truth: Truth, site: Path) -> None:
    internal_truth = {t for t in truth.broken if not t.startswith("http")}
    print(
        f"\n{'tool':26} {'mode':20} {'wall s':>7} {'CPU s':>6} {'PSS MB':>7} {'RSS MB':>7} "
        f"{'exit':>4} {'HTTP req':>8} {'broken':>6} {'missed':>6} {'false':>6}"
    )
    for run in runs:
        expected, found = _compare_sets(run, truth, internal_truth)
        missed, false = expected - found, found - expected
        print(
            f"{run.tool:26} {run.mode:20} {run.wall:7.2f} {run.cpu:6.2f} {run.peak_pss_mb:7.1f} "
            f"{run.peak_rss_mb:7.1f} {run.exit_code!s:>4} {run.requests or '':>8} {len(found):6d} "
            f"{len(missed):6d} {len(false):6d}  {run.note}"
        )
    print(
        "\n(PSS/RSS: peak memory of the whole process tree; missed/false: distinct broken targets"
        " compared with the planted truth)"
    )
    print("\nwhere verdicts differ from the planted truth:")
    for run in runs:
        expected, found = _compare_sets(run, truth, internal_truth)
        missed, false = expected - found, found - expected
        if missed:
            print(f"  {run.tool} [{run.mode}] misses {len(missed)}: {_describe(missed)}")
        if false:
            print(f"  {run.tool} [{run.mode}] false alarms {len(false)}: {_describe(false)}")
        if not missed and not false:
            print(f"  {run.tool} [{run.mode}]: exactly the planted broken links")
    everyone = set().union(*(r.broken for r in runs if "external" in r.mode))
    ours = next((r for r in runs if r.tool == "this checker" and "external" in r.mode), None)
    if ours:
        others_only = (everyone - ours.broken) & truth.broken
        print(f"\nbroken links found by another tool but not by this checker: {len(others_only)}")


if __name__ == "__main__":
    main()
