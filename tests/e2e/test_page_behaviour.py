"""What a visitor sees move: the language switch keeps the section, the booking result shows
below the sticky header (on a phone and on a desktop screen)."""

from __future__ import annotations

import pytest

from tests.conftest import visit
from tests.e2e.conftest import LANGS, prefix
from tests.e2e.helpers import book

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("start", "switch_to", "arrives"),
    [
        ("/guides/birth/#fees", "en", "/en/guides/birth/#fees"),
        ("/en/guides/marriage/#what-to-bring", "zh-TW", "/guides/marriage/#what-to-bring"),
    ],
)
def test_language_switch_keeps_the_section(
    server, context, start: str, switch_to: str, arrives: str
) -> None:
    page = context.new_page()
    visit(page, server.url + start)
    page.hover(".md-header .md-select")  # the menu opens on hover or focus
    page.click(f'.md-select__link[hreflang="{switch_to}"]')
    page.wait_for_url(server.url + arrives)
    section = arrives.split("#")[1]
    top = page.evaluate(f"() => document.getElementById('{section}').getBoundingClientRect().top")
    assert 0 <= top < 200, f"#{section} is at {top}px, not at the top of the window"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 800}]
)
def test_booking_result_shows_below_the_sticky_header(
    server, browser, allocate, viewport: dict, lang: str
) -> None:
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        visit(page, f"{server.url}{prefix(lang)}/booking/")
        book(page, allocate.slot(), allocate.phone())
        page.wait_for_timeout(200)  # the scroll to the focused result
        header_bottom, box_top, heading_top = page.evaluate(
            """() => [document.querySelector('.md-header').getBoundingClientRect().bottom,
                      document.querySelector('#booking-result').getBoundingClientRect().top,
                      document.querySelector('#booking-result h2').getBoundingClientRect().top]"""
        )
        assert box_top >= header_bottom, (box_top, header_bottom)  # its border shows too
        assert heading_top < viewport["height"] / 2  # and scrolled to, not left below the fold
    finally:
        context.close()


SCRIPT_TIMES = """() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0].startTime,
    scripts: performance.getEntriesByType('resource')
        .filter(entry => entry.initiatorType === 'script')
        .map(entry => [entry.name.split('/').pop(), entry.startTime]),
})"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["", "guides/birth/", "booking/", "queue/"])
def test_scripts_start_after_the_first_paint(server, browser, lang: str, path: str) -> None:
    """No script competes with the style sheets for the first paint (partials/after-paint.html):
    every one, Material's bundle included, is requested after the text is on screen."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        visit(page, f"{server.url}{prefix(lang)}/{path}")
        times = page.evaluate(SCRIPT_TIMES)
        names = [name for name, _ in times["scripts"]]
        assert any(name.startswith("bundle.") for name in names), names
        assert any(name.startswith("alternate.") for name in names), names
        early = [(name, start) for name, start in times["scripts"] if start < times["paint"]]
        assert not early, f"requested before the first paint at {times['paint']:.0f} ms: {early}"
        assert page.locator("script[data-after-paint]").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_material_works_though_it_starts_after_the_paint(server, browser, lang: str) -> None:
    """Material starts in a DOMContentLoaded listener the browser's own event never reaches;
    the loader's second event starts it, once: the header shows the page title when its
    heading scrolls away, the table of contents follows the reading, back-to-top appears
    when scrolling up, and Material asks for no sitemap.xml beside the hreflang links
    (alternate.js puts them back afterwards). The text size buttons work too."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        visit(page, f"{server.url}{prefix(lang)}/guides/birth/")
        title = page.locator(".md-header__title")
        assert "md-header__title--active" not in (title.get_attribute("class") or "")

        page.mouse.wheel(0, 1600)
        page.wait_for_function(
            "() => document.querySelector('.md-header__title')"
            ".classList.contains('md-header__title--active')"
        )
        page.wait_for_selector(".md-nav--secondary .md-nav__link--active", state="attached")
        assert page.locator("[data-md-component=top]").get_attribute("hidden") is not None
        page.mouse.wheel(0, -300)
        page.wait_for_function(
            "() => !document.querySelector('[data-md-component=top]').hasAttribute('hidden')"
        )

        alternates = page.locator('head link[rel="alternate"][hreflang]')
        assert alternates.count() == 2  # zh-TW and en, back in place
        assert not [url for url in requested if url.endswith("sitemap.xml")]

        page.click('.gov-fontsize button[data-font-size="large"]')
        assert "gov-font-large" in page.get_attribute("html", "class")
    finally:
        context.close()


def test_scripts_wait_for_the_page_s_own_deferred_scripts(server, context) -> None:
    """The search page runs search.js as a module of its own, before DOMContentLoaded. Held
    back, it holds back the rest too: after the paint, nothing starts until the browser's own
    DOMContentLoaded, so Material still starts once, after alternate.js, and asks for no
    sitemap.xml."""
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
    held = []
    page.route("**/assets/javascripts/search.*.js", lambda route: held.append(route))
    page.goto(f"{server.url}/search/", wait_until="commit")
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length")
    page.wait_for_timeout(300)
    assert len(held) == 1
    assert not [name for name in requested if name.startswith(("bundle.", "alternate."))]
    held[0].continue_()
    page.wait_for_function("() => document.documentElement.dataset.scripts === 'ready'")
    assert [name for name in requested if name.startswith("bundle.")]
    assert not [name for name in requested if name.endswith("sitemap.xml")]
    assert page.locator('head link[rel="alternate"][hreflang]').count() == 2
