"""axe-core finds no WCAG 2.1 A/AA violation on the main page types, in both languages.

Pages are loaded from the built site over HTTP in Debian's headless Chromium, with Material's
JavaScript running, so the check sees what a visitor's browser shows (colours, focus, ARIA).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import visit
from tests.site.conftest import ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "",  # home
    "guides/birth/",  # a guide
    "guides/",  # a section index
    "qa/",  # Q&A (details/summary)
    "forms/",
    "booking/",
    "sitemap/",
    "about/accessibility/",
    "en/",
    "en/guides/birth/",
    "en/forms/",
    "en/sitemap/",
    "en/news/",  # untranslated: English notice over Chinese text
    "search/",  # the search form and its results area
    "en/qa/",
    "404.html",
]
NARROW = {"width": 360, "height": 740}  # a small phone

pytestmark = pytest.mark.browser


def _open(page: Any, url: str) -> None:
    response = visit(page, url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


def _axe(page: Any, url: str) -> dict[str, Any]:
    _open(page, url)
    page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options)", options)


def _describe(result: dict[str, Any]) -> str:
    lines = []
    for violation in result["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def _assert_clean(result: dict[str, Any], url: str) -> None:
    if result["violations"]:
        pytest.fail(f"axe violations on {url}:\n{_describe(result)}", pytrace=False)


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations(page: Any, site_url: str, path: str) -> None:
    url = f"{site_url}/{path}"
    _assert_clean(_axe(page, url), url)


@pytest.mark.parametrize("path", ["", "en/", "guides/birth/"])
def test_narrow_screen_has_no_wcag_violations(browser: Any, site_url: str, path: str) -> None:
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    try:
        url = f"{site_url}/{path}"
        _assert_clean(_axe(context.new_page(), url), f"{url} at 360 px")
    finally:
        context.close()


# Controls in the top bar and header get 44 px (WCAG 2.5.5); footer links and ::: at least 24 px
# (WCAG 2.2's 2.5.8). Links inside running text are exempt, as WCAG allows.
TARGETS = {
    ".gov-topbar a, .gov-topbar button, .gov-topbar input, .gov-topbar select,"
    " .md-header__button, .md-select__link": 44,
    ".gov-footer a, .gov-brick, .md-footer a": 24,
}
TOO_SMALL = """([selector, minimum]) => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map(e => [e.outerHTML.slice(0, 90), e.getBoundingClientRect()])
  .filter(([, r]) => r.width < minimum - 0.5 || r.height < minimum - 0.5)
  .map(([html, r]) => `${Math.round(r.width)}x${Math.round(r.height)} ${html}`)"""


@pytest.mark.parametrize("path", ["", "en/guides/birth/"])
def test_narrow_screen_touch_targets_are_large_enough(
    browser: Any, site_url: str, path: str
) -> None:
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        _open(page, f"{site_url}/{path}")
        small = []
        for selector, minimum in TARGETS.items():
            assert page.locator(selector).count(), f"nothing matches {selector}"
            small += [
                f"< {minimum}px: {item}" for item in page.evaluate(TOO_SMALL, [selector, minimum])
            ]
        assert not small, "touch targets too small at 360 px:\n" + "\n".join(small)
    finally:
        context.close()


@pytest.mark.parametrize("size", ["medium", "large"])
def test_pages_reflow_at_320px_without_sideways_scrolling(
    browser: Any, site_url: str, size: str
) -> None:
    """WCAG 1.4.10: at 320 CSS px, even with large text, no page scrolls horizontally."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        _open(page, f"{site_url}/")
        page.evaluate("size => localStorage.setItem('gov-font-size', size)", size)
        wide = []
        for path in ["", "guides/birth/", "en/guides/birth/", "forms/", "en/sitemap/"]:
            _open(page, f"{site_url}/{path}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 320:
                wide.append(f"/{path}: {width}px wide")
        assert not wide, f"pages wider than a 320 px screen with {size} text: {wide}"
    finally:
        context.close()


def test_axe_reports_a_known_violation(page: Any, site_url: str) -> None:
    """The check itself works: an image without alt text on a real page is reported."""
    _open(page, f"{site_url}/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = 'assets/logo.svg';"
        " document.querySelector('article').append(img); }"
    )
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert "image-alt" in {v["id"] for v in result["violations"]}
    assert result["passes"], "axe ran no rule at all"
