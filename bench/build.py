"""Build speed: cold builds, memory and save-to-preview latency. Prints figures, never asserts.

Measured on a generated bilingual corpus (``scripts/site_corpus.py``: 500 pages per language
with the real theme, hooks and config) and on the real site:

- cold build seconds (best of ``BENCH_BUILD_REPEAT``, default 3), CPU seconds of the build and
  its child processes, ms per built page, and peak memory (RSS summed over the build's process
  tree, sampled every 50 ms: a scan of /proc costs 1.4 ms, which every 20 ms took 7 % of a core
  from the build being measured on this two-core machine);
- "stock" rows: the stack as shipped (Material + static-i18n, full menu in every page, languages
  one after the other); each change is then added on its own so its gain shows: the pruned
  menu, the languages in parallel processes, the menu cache (theme/sitekit/navcache.py, off with
  ``HRO_NAV_CACHE=0``), and the search index, first as Pagefind run on the finished site, then
  as ``make build`` does it (each language indexed from its articles as soon as it is built);
- the time from saving one page to its new HTML being served, under ``mkdocs serve`` (stock)
  and under ``scripts/preview.py`` (``make preview``).

Stock corpus rows take about a minute each, so they run once; ``BENCH_BUILD_QUICK=1`` skips them
and the corpus's other steps-between rows, keeping what the targets are about (corpus cold with
its search index under 7 s, real site under 5 s, preview under 1 s).
The machine is shared: wall times are noisy, CPU seconds much less so. docs/build.md has figures.
"""

from __future__ import annotations

import os
import re
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from scripts.site_corpus import export_project, make_corpus
from theme.sitekit.navcache import SWITCH as NAV_CACHE_SWITCH

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
PAGES = int(os.environ.get("BENCH_BUILD_PAGES", "500"))
REPEAT = max(1, int(os.environ.get("BENCH_BUILD_REPEAT", "3")))
QUICK = os.environ.get("BENCH_BUILD_QUICK") == "1"
BUILD_TIMEOUT_S = 600
SERVE_READY_TIMEOUT_S = 240
EDIT_TIMEOUT_S = 90
MEMORY_SAMPLE_S = 0.05
EDITED_PAGE = "handbook/registration/sub-01/page-002.md"


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    pages: int
    critical_cpu: float | None = None  # config load + slowest language: idle-machine wall time


def _critical_path(output: str) -> float | None:
    """From parallel_build's "CPU seconds: config load 0.4, zh-TW 7.1, en 7.0" line."""
    match = re.search(r"CPU seconds: (.*)", output)
    if not match:
        return None
    seconds = dict(re.findall(r"([\w -]+?) ([0-9.]+)(?:,|$)", match.group(1).strip()))
    load = float(seconds.pop("config load", 0.0))
    return load + max((float(v) for v in seconds.values()), default=0.0)


def _tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def _measure(
    command: list[str], site_dir: Path, cwd: Path, env: dict[str, str] | None = None
) -> Run | None:
    """Run one build command; wall and CPU seconds, peak tree memory, pages written."""
    shutil.rmtree(site_dir, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**ENV, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_mb(process.pid))
            stop.wait(MEMORY_SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output, _ = process.communicate(timeout=BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        print(f"  ! build failed ({' '.join(command[1:4])}):\n{output[-1500:]}")
        return None
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return Run(wall, cpu, peak, pages, _critical_path(output))


def _best(
    command: list[str], site_dir: Path, times: int, cwd: Path, env: dict[str, str] | None = None
) -> tuple[Run | None, list[float]]:
    runs = [run for run in (_measure(command, site_dir, cwd, env) for _ in range(times)) if run]
    if not runs:
        return None, []
    return min(runs, key=lambda r: r.wall), [r.wall for r in runs]


def _row(label: str, run: Run | None, walls: list[float], note: str = "") -> None:
    if run is None:
        print(f"{label:<48} {'failed':>8}")
        return
    ms_per_page = run.wall * 1000 / max(run.pages, 1)
    tries = "/".join(f"{w:.1f}" for w in walls)
    if run.critical_cpu is not None:
        note += f" [config load + slowest language: {run.critical_cpu:.1f} CPU s]"
    print(
        f"{label:<48} {run.wall:8.1f} {run.cpu:7.1f} {ms_per_page:8.1f} {run.peak_mb:8.0f}"
        f" {run.pages:6d}  {tries}{note}"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # 127.0.0.1 only
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _preview_latency(command: list[str], corpus: Path, edits: int) -> tuple[float | None, list]:
    """Start a preview server, save one page ``edits`` times, time each until served."""
    page = corpus / "content" / "pages" / EDITED_PAGE
    original = page.read_text(encoding="utf-8")
    with tempfile.TemporaryFile(mode="w+") as log:
        port = _free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=corpus,
            env=ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}/{EDITED_PAGE.removesuffix('.md')}/"
            ready = _wait_until_served(url, server, started)
            latencies = [
                _save_and_wait(page, original, url, n) for n in range(edits if ready else 0)
            ]
        finally:
            page.write_text(original, encoding="utf-8")
            _stop(server)
        if ready is None:
            log.seek(0)
            print(f"  ! preview did not start:\n{log.read()[-1500:]}")
    return ready, latencies


def _wait_until_served(url: str, server: subprocess.Popen, started: float) -> float | None:
    while time.perf_counter() - started < SERVE_READY_TIMEOUT_S and server.poll() is None:
        if _fetch(url) is not None:
            return time.perf_counter() - started
        time.sleep(0.2)
    return None


def _save_and_wait(page: Path, original: str, url: str, attempt: int) -> float:
    time.sleep(1.0)  # let the watcher settle between saves
    marker = f"bench-edit-{os.getpid()}-{attempt}-{time.time_ns()}"
    page.write_text(f"{original}\n\n{marker}\n", encoding="utf-8")
    saved = time.perf_counter()
    while time.perf_counter() - saved < EDIT_TIMEOUT_S:
        body = _fetch(url)
        if body is not None and marker in body:
            return time.perf_counter() - saved
        time.sleep(0.02)
    return float("nan")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _without_prune(config: Path) -> Path:
    text = config.read_text(encoding="utf-8")
    stock = config.with_name("mkdocs-stock.yml")
    stock.write_text(re.sub(r"\n\s*- navigation\.prune[^\n]*", "", text), encoding="utf-8")
    return stock


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        _main(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _main(work: Path) -> None:
    config = make_corpus(work / "corpus", PAGES)
    corpus = config.parent
    stock_config = _without_prune(config)
    real = export_project(work / "real").parent
    out = work / "out"
    print(f"Corpus: the committed site + generated pages, {PAGES} pages per language (zh-TW + en)")
    print(f"Best of {REPEAT} unless noted; CPU = user+sys of the build and its children.")
    print(
        f"{'build':<48} {'wall s':>8} {'CPU s':>7} {'ms/page':>8} {'peak MB':>8} {'pages':>6}"
        "  tries"
    )
    mkdocs = [PY, "-m", "mkdocs", "build", "--strict"]
    parallel = [PY, "-m", "scripts.parallel_build", "--strict"]
    site = [PY, "-m", "scripts.build_site", "--quiet"]
    no_cache = {NAV_CACHE_SWITCH: "0"}
    if not QUICK:
        command = [*mkdocs, "-f", str(stock_config), "-d", str(out)]
        run, walls = _best(command, out, 1, corpus, no_cache)
        _row("corpus: stock (full menu, sequential)", run, walls, " (1 run)")
        run, walls = _best([*mkdocs, "-d", str(out)], out, 1, corpus, no_cache)
        _row("corpus: + navigation.prune", run, walls, " (1 run)")
        command = [*parallel, "--site-dir", str(out)]
        run, walls = _best(command, out, REPEAT, corpus, no_cache)
        _row("corpus: + parallel languages", run, walls)
    run, walls = _best([*parallel, "--site-dir", str(out)], out, REPEAT, corpus)
    _row("corpus: + menu cache (no search index)", run, walls)
    if not QUICK:
        then_index = f"{PY} -m scripts.search_index --site-dir {shlex.quote(str(out))}"
        both = f"{shlex.join([*parallel, '--site-dir', str(out)])} && {then_index}"
        run, walls = _best(["bash", "-c", both], out, REPEAT, corpus)
        _row("corpus: + Pagefind on the finished site", run, walls)
    command = [*site, "-f", str(config), "--site-dir", str(out)]
    run, walls = _best(command, out, REPEAT, corpus)
    _row("corpus: make build (index during the build)", run, walls)
    run, walls = _best([*mkdocs, "-d", str(out)], out, REPEAT, real, no_cache)
    _row("real site: mkdocs build (prune only)", run, walls)
    run, walls = _best([*parallel, "--site-dir", str(out)], out, REPEAT, real)
    _row("real site: parallel + menu cache", run, walls)
    command = [*site, "-f", str(real / "mkdocs.yml"), "--site-dir", str(out)]
    run, walls = _best(command, out, REPEAT, real)
    _row("real site: make build (+ search index)", run, walls)

    print(f"\nSave one page ({EDITED_PAGE}) -> its new HTML served (seconds):")
    previews = [("make preview: scripts.preview", [PY, "-m", "scripts.preview", "-q"], 3)]
    if not QUICK:
        previews.insert(0, ("mkdocs serve (prune on)", [PY, "-m", "mkdocs", "serve", "-q"], 1))
    for label, command, edits in previews:
        ready, latencies = _preview_latency(command, corpus, edits)
        if ready is None:
            print(f"{label:<36} did not start")
            continue
        shown = ", ".join(f"{x:.2f}" for x in latencies) or "-"
        best = min(latencies) if latencies else float("nan")
        print(f"{label:<36} first build {ready:6.1f}  save->HTML best {best:6.2f}  ({shown})")


if __name__ == "__main__":
    main()
