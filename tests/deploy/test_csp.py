"""The built pages keep the Content-Security-Policy: no violation in Chromium, headers present.

Pages are loaded through the real ``make serve`` app (scripts/server, with the form backend on a
temporary SQLite file), which sends the same security headers as CloudFront. A violation shows
as a console message ("Content Security Policy") and as a ``securitypolicyviolation`` event.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import waitress
import waitress.server

from forms_lambda.app import create_app
from forms_lambda.settings import Settings
from scripts.deploy.headers import security_headers
from scripts.server.app import make_app

WAIT_MS = 15_000
# Home, a guide, forms, booking and feedback (their own JS and /api calls), statistics, search
# with a query, sitemap, 404: both languages.
PAGES = [
    "/",
    "/guides/birth/",
    "/forms/",
    "/booking/",
    "/feedback/",
    "/statistics/",
    "/search/?q=" + quote("出生登記"),
    "/sitemap/",
    "/no-such-page/",
    "/en/",
    "/en/guides/birth/",
    "/en/forms/",
    "/en/booking/",
    "/en/feedback/",
    "/en/statistics/",
    "/en/search/?q=birth",
    "/en/sitemap/",
    "/en/no-such-page/",
]
# Collects violations from the first script on; the page's own scripts cannot hide them.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  [e.violatedDirective, e.blockedURI || 'inline', e.sourceFile + ':' + e.lineNumber].join(' ')));
"""


@pytest.fixture(scope="module")
def served(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site and the backend on 127.0.0.1, as ``make serve`` runs them."""
    instance = tmp_path_factory.mktemp("instance")
    backend = create_app(Settings.from_env({"FORMS_INSTANCE_PATH": str(instance)}))
    server = waitress.create_server(
        make_app(site_dir, backend), host="127.0.0.1", port=0, threads=4
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.trigger.pull_trigger(lambda: [c.close() for c in list(server._map.values())])
        server.task_dispatcher.shutdown()
        thread.join(timeout=10)


@pytest.mark.browser
def test_pages_break_no_csp_rule_and_carry_the_headers(
    browser, served: str, site_dir: Path
) -> None:
    expected = security_headers(site_dir)
    context = browser.new_context()
    context.add_init_script(LISTEN)
    problems: list[str] = []
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        for path in PAGES:
            console.clear()
            response = page.goto(served + path, wait_until="load")
            assert response is not None
            status = 404 if "no-such-page" in path else 200
            assert response.status == status, path
            headers = response.headers
            for name, value in expected.items():
                assert headers.get(name.lower()) == value, f"{path}: {name}"
            if "search" in path:  # the query ran (Pagefind's WebAssembly needs the CSP's leave)
                page.wait_for_selector(
                    "#gov-search-results[data-query]", state="attached", timeout=WAIT_MS
                )
            page.wait_for_load_state("networkidle", timeout=WAIT_MS)
            violations = page.evaluate("window.__cspViolations")
            csp_console = [text for text in console if "Content Security Policy" in text]
            problems += [f"{path}: {v}" for v in violations + csp_console]
            if "search" in path and not page.locator(".gov-search__title a").count():
                problems.append(f"{path}: no search results")
    finally:
        context.close()
    assert problems == []
