"""Keyboard use in a real browser: skip link first, ::: accesskeys, text size, no-JavaScript help.

Accesskeys are sent as raw Chrome DevTools key events: Playwright's ``keyboard.press("Alt+KeyC")``
drops the key's text whenever Alt is held, and Chromium matches accesskeys on that text, so the
Playwright call never reaches the accesskey handler (a real Alt+C from a keyboard does).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import visit

pytestmark = pytest.mark.browser

GUIDE = "guides/birth/"
FOCUSED = """() => {
  const e = document.activeElement;
  return {cls: e.className, id: e.id, key: e.accessKey, text: e.textContent.trim().slice(0, 40),
          hash: location.hash, inArticle: !!e.closest('article'),
          outline: getComputedStyle(e).outlineStyle};
}"""
# True when the element is inside the viewport and not covered (e.g. by the sticky header).
ON_SCREEN = """id => {
  const e = document.getElementById(id);
  const r = e.getBoundingClientRect();
  if (r.bottom <= 0 || r.top >= innerHeight || r.width === 0) return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit === e || e.contains(hit);
}"""
ROOT_FONT_PX = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
COLOURS = """() => {
  const s = getComputedStyle(document.activeElement);
  return [s.color, s.backgroundColor];
}"""


def _luminance(css_colour: str) -> float:
    """Relative luminance (WCAG 2.1) of an ``rgb()``/``rgba()`` computed colour."""
    channels = [float(v) / 255 for v in css_colour.split("(")[1].rstrip(")").split(",")[:3]]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula() -> None:
    assert _contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert _contrast("rgb(255, 255, 255)", "rgba(255, 255, 255, 1)") == pytest.approx(1)


def _press_accesskey(page: Any, key: str) -> None:
    """Press Alt+``key`` as Chromium on Linux receives it from a keyboard."""
    cdp = page.context.new_cdp_session(page)
    event = {
        "modifiers": 1,  # Alt
        "key": key.lower(),
        "code": f"Key{key.upper()}",
        "windowsVirtualKeyCode": ord(key.upper()),
    }
    text = {"text": key.lower(), "unmodifiedText": key.lower()}  # accesskeys match unmodifiedText
    cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", **text, **event})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **event})
    cdp.detach()


@pytest.mark.parametrize("path", ["", GUIDE, "en/forms/"])
def test_first_tab_reaches_skip_link_which_moves_to_main_content(
    page: Any, site_url: str, path: str
) -> None:
    visit(page, f"{site_url}/{path}")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "gov-skip" in first["cls"], f"first Tab stopped on {first}"
    assert first["outline"] != "none", "the focused skip link has no visible outline"
    text, background = page.evaluate(COLOURS)
    assert _contrast(text, background) >= 4.5, f"skip link text {text} on {background}"
    assert page.locator(".gov-skip").is_visible()
    box = page.locator(".gov-skip").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is off screen"

    page.keyboard.press("Enter")
    landed = page.evaluate(FOCUSED)
    assert landed["hash"] == "#main-content"
    assert landed["id"] == "main-content" and landed["inArticle"], f"focus went to {landed}"
    assert page.evaluate(ON_SCREEN, "main-content"), "main content start is not on screen"

    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert "gov-topbar" not in after["cls"] and after["id"] != "gov-brick-top", (
        f"Tab after the skip link went back to the top bar: {after}"
    )


@pytest.mark.parametrize(
    ("key", "target"),
    [("C", "main-content"), ("Z", "gov-brick-footer"), ("U", "gov-brick-top")],
)
def test_accesskey_moves_focus_to_its_block(
    page: Any, site_url: str, key: str, target: str
) -> None:
    visit(page, f"{site_url}/{GUIDE}")
    if key == "U":  # start from the bottom so moving up is observable (instant: no smooth scroll)
        page.evaluate("() => scrollTo({top: document.body.scrollHeight, behavior: 'instant'})")
        assert page.evaluate("() => scrollY") > 0
    _press_accesskey(page, key)
    focused = page.evaluate(FOCUSED)
    assert focused["key"] == key and focused["id"] == target, f"Alt+{key} focused {focused}"
    assert focused["hash"] == f"#{target}"
    page.wait_for_function(ON_SCREEN, arg=target, polling=100, timeout=3000)


def test_text_size_choice_changes_size_and_persists_across_pages(page: Any, site_url: str) -> None:
    visit(page, f"{site_url}/")
    medium = page.evaluate(ROOT_FONT_PX)
    large_button = page.locator('[data-font-size="large"]')
    assert large_button.is_visible(), "text size buttons are hidden with JavaScript on"

    large_button.click()
    large = page.evaluate(ROOT_FONT_PX)
    assert large > medium * 1.1, f"large text is {large}px, medium {medium}px"
    assert large_button.get_attribute("aria-pressed") == "true"
    assert page.locator('[data-font-size="medium"]').get_attribute("aria-pressed") == "false"

    visit(page, f"{site_url}/{GUIDE}")
    assert page.evaluate(ROOT_FONT_PX) == pytest.approx(large), "large size lost on next page"
    assert page.locator('[data-font-size="large"]').get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => localStorage.getItem('gov-font-size')") == "large"

    page.locator('[data-font-size="small"]').click()
    small = page.evaluate(ROOT_FONT_PX)
    assert small < large
    page.locator('[data-font-size="medium"]').click()
    assert page.evaluate(ROOT_FONT_PX) == pytest.approx(medium)
    assert small != pytest.approx(medium), "small and medium give the same size"


@pytest.mark.parametrize(("path", "words"), [("", "Ctrl"), ("en/", "Ctrl")])
def test_without_javascript_zoom_help_shows_and_size_buttons_hide(
    browser: Any, site_url: str, path: str, words: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{path}")
        help_text = page.locator(".gov-noscript")
        assert help_text.is_visible(), "no zoom guidance without JavaScript"
        assert words in help_text.inner_text()
        assert page.locator(".gov-fontsize").is_hidden(), "text size buttons shown without JS"
        page.keyboard.press("Tab")
        assert "gov-skip" in page.evaluate(FOCUSED)["cls"], "skip link not first without JS"
    finally:
        context.close()
