"""What a visitor sees move: the language switch keeps the section, the booking result shows
below the sticky header (on a phone and on a desktop screen)."""

from __future__ import annotations

import pytest

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
    page.goto(server.url + start)
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
        page.goto(f"{server.url}{prefix(lang)}/booking/")
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
