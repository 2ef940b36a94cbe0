"""Fixtures shared by every test folder: the built site, a local server for it, Chromium.

The site is built once by ``make test`` before pytest runs; a direct ``pytest`` run builds it
if ``build/site`` is missing. Servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "build" / "site"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The real built site (build/site)."""
    if not (SITE_DIR / "index.html").is_file():
        subprocess.run(
            [sys.executable, "-m", "scripts.build_site", "--quiet"], cwd=ROOT, check=True
        )
    return SITE_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (static files only)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# The site's pages start their scripts after the first paint (theme/overrides/partials/
# after-paint.html), often after the load event page.goto waits for; <html data-scripts>
# becomes "ready" once each has run. Pages without that loader (the backend's) are ready at once.
SCRIPTS_READY = """() => document.documentElement.dataset.scripts === 'ready'
    || (!document.documentElement.dataset.scripts
        && !document.querySelector('script[data-after-paint]'))"""


def visit(page, url: str, **goto_options):
    """page.goto, then wait until the page's scripts have run: what a visitor with JavaScript
    gets a moment after the text. Pages opened with JavaScript off keep page.goto."""
    response = page.goto(url, **goto_options)
    page.wait_for_function(SCRIPTS_READY)
    return response


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (its own browser download is unavailable)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make sysdeps` (installs Debian chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test (no shared storage between tests)."""
    context = browser.new_context()
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
