"""The webmaster's loop: ``make check`` time, and save → HTML in ``make preview`` on the real site.

Prints figures, never asserts. On a copy of the real site (``scripts/site_corpus.export_project``):

- ``make check`` (the build's checks, both languages, no search index) wall seconds, best of
  ``BENCH_CHECK_REPEAT`` (default 3); the target is under 20 s on this machine;
- the content checks alone (``theme/sitekit/checks``), the part of every build and save they cost;
- ``make preview``: first build, then save → new HTML served for an edited page, a broken page
  (→ the error banner over the last good page) and its fix (→ the page, no banner).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.build import ENV, _fetch, _free_port, _stop
from scripts.site_corpus import export_project
from theme.sitekit.checks import registry
from theme.sitekit.checks.content import Content

PY = sys.executable
REPEAT = max(1, int(os.environ.get("BENCH_CHECK_REPEAT", "3")))
READY_TIMEOUT_S = 240
SAVE_TIMEOUT_S = 60
PAGE = "guides/birth.md"
BROKEN = "頁首設定格式錯誤"  # in the banner while the front matter is broken


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-webmaster-"))
    try:
        project = export_project(work / "real").parent
        _check_times(project)
        _content_checks(project)
        _preview(project)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_times(project: Path) -> None:
    walls = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = subprocess.run(
            [PY, "-m", "scripts.check"], cwd=project, env=ENV, capture_output=True, text=True
        )
        walls.append(time.perf_counter() - started)
        if result.returncode != 0:
            print(f"make check failed:\n{result.stderr[-1500:]}")
            return
    tries = "/".join(f"{w:.1f}" for w in walls)
    print(
        f"make check (real site, both languages): best {min(walls):.1f} s  ({tries}); target < 20 s"
    )


def _content_checks(project: Path) -> None:
    previous = os.getcwd()
    os.chdir(project)
    try:
        content = Content(project, project / "content" / "pages", {})
        started = time.perf_counter()
        found = registry.run(content)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        registry.run(Content(project, project / "content" / "pages", {}))
        warm = time.perf_counter() - started
    finally:
        os.chdir(previous)
    print(
        f"content checks alone: {cold * 1000:.0f} ms first, {warm * 1000:.0f} ms again "
        f"(downloads cached); {len(found)} problem(s)"
    )


def _preview(project: Path) -> None:
    page = project / "content" / "pages" / PAGE
    original = page.read_text(encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{PAGE.removesuffix('.md')}/"
    started = time.perf_counter()
    server = subprocess.Popen(
        [PY, "-m", "scripts.preview", "-q", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        ready = _until(url, lambda body: "</html>" in body, READY_TIMEOUT_S)
        if ready is None:
            print("make preview did not start")
            return
        print(f"make preview: first build served after {time.perf_counter() - started:.1f} s")
        rows = []
        for attempt in range(3):
            marker = f"bench-save-{attempt}-{time.time_ns()}"
            rows.append(("save a page", _save(page, f"{original}\n\n{marker}\n", url, marker)))
            broken = original.replace("title: ", "title: [", 1)
            rows.append(("break it (banner)", _save(page, broken, url, BROKEN)))
            rows.append(("fix it (banner gone)", _save(page, original, url, BROKEN, absent=True)))
        for label in dict.fromkeys(label for label, _ in rows):
            times = [t for name, t in rows if name == label]
            shown = ", ".join(f"{t:.2f}" for t in times)
            print(f"  save -> HTML, {label:<20} best {min(times):5.2f} s  ({shown})")
    finally:
        page.write_text(original, encoding="utf-8")
        _stop(server)


def _save(page: Path, text: str, url: str, wanted: str, absent: bool = False) -> float:
    time.sleep(1.0)  # let the watcher settle between saves
    page.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    shown = _until(
        url, lambda body: (wanted not in body) if absent else (wanted in body), SAVE_TIMEOUT_S
    )
    return time.perf_counter() - saved if shown is not None else float("nan")


def _until(url: str, condition, seconds: float) -> str | None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        body = _fetch(url)
        if body is not None and condition(body):
            return body
        time.sleep(0.02)
    return None


if __name__ == "__main__":
    main()
