"""Thumb-sized targets at 360 px: every link and control is at least 44 × 44 CSS px, or its label.

Measured in Chromium on each page type in both languages, menu opened: the drawer's menu rows,
the content's link lines (lists of links, the Q&A's "詳見" lines, the site map, the home page's
services), the ::: bricks, the footer, radios and checkboxes (through their labels), the
booking form with its time radios shown. Links inside sentences are exempt (WCAG 2.5.5), with
the definition the build uses to mark link lines (theme/sitekit/linklines.py): a link is in a
sentence when its block's own text, outside links and dates, has more than 10 letters.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import visit
from tests.e2e.conftest import LANGS, prefix

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PAGES = ("", "guides/birth/", "qa/", "sitemap/", "forms/", "news/", "feedback/mailbox/")
MIN_SIZE = 44

MEASURE = """
({minSize, maxLetters}) => {
  const BLOCKS = 'p,li,td,th,dd,dt,h2,h3,h4,h5,h6';
  const NESTED = new Set(['UL', 'OL', 'DL', 'DIV', 'TABLE', 'P', 'DETAILS', 'BLOCKQUOTE']);
  const shown = el => {
    if (el.closest('[hidden], [inert], [aria-hidden="true"], .hro-hp')) return false;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && box.width > 0 && box.height > 0
      && box.right > 0 && box.left < innerWidth;
  };
  const ownText = block => {  // the block's text up to a nested list, without links and dates
    let text = '';
    for (const node of block.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (NESTED.has(node.tagName)) break;
        if (node.tagName === 'A' || node.tagName === 'TIME') continue;
      }
      text += node.textContent;
    }
    return text.replace(/[\\s\\p{P}\\p{S}_]/gu, '');
  };
  const inSentence = link => {
    const block = link.closest(BLOCKS);
    return block !== null && !link.closest('nav, footer, header, .md-footer')
      && ownText(block).length > maxLetters;
  };
  const small = [];
  let measured = 0;
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + 'label.md-nav__link, label.md-nav__title';  // the menu's section toggles and back rows
  for (const el of document.querySelectorAll(controls)) {
    if (el.classList.contains('md-toggle')) continue;  // Material's state checkboxes, no target
    let target = el;
    if (el.matches('input[type=radio], input[type=checkbox]')) {
      const label = el.labels && el.labels[0];
      if (!shown(el) && !(label && shown(label))) continue;
      const own = el.getBoundingClientRect();
      const labelled = label ? label.getBoundingClientRect() : own;
      if (labelled.width * labelled.height > own.width * own.height) target = label;
    } else if (!shown(el) || (el.tagName === 'A' && inSentence(el))) {
      continue;
    }
    measured += 1;
    const box = target.getBoundingClientRect();
    if (box.width + 0.5 < minSize || box.height + 0.5 < minSize) {
      const name = (target.textContent || target.getAttribute('aria-label') || el.name || '');
      small.push(`${target.tagName.toLowerCase()} "${name.trim().slice(0, 24)}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return {small, measured};
}
"""


def small_targets(page: Any, where: str, problems: dict[str, list[str]]) -> int:
    found = page.evaluate(MEASURE, {"minSize": MIN_SIZE, "maxLetters": 10})
    if found["small"]:
        problems[where] = found["small"]
    return found["measured"]


def open_menu(page: Any) -> None:
    """The phone menu (drawer)."""
    page.click(".md-header label[for='__drawer']")
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_target_is_thumb_sized_at_360px(server, browser, lang: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    problems: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for path in PAGES:
            visit(page, f"{server.url}{prefix(lang)}/{path}")
            assert small_targets(page, path or "home", problems) >= 5, f"nothing measured: {path}"
        visit(page, f"{server.url}{prefix(lang)}/booking/")
        page.check("#booking-service-household")  # shows the date menu and the time radios
        page.wait_for_selector("#booking-date:not([disabled])")
        page.select_option("#booking-date", index=1)
        page.wait_for_selector('input[name="slot"][type="radio"]', state="attached")
        small_targets(page, "booking (times shown)", problems)
        visit(page, f"{server.url}{prefix(lang)}/")
        open_menu(page)
        small_targets(page, "menu", problems)
        page.click(".md-nav--primary .md-nav__container > label.md-nav__link >> nth=0")
        page.wait_for_timeout(300)  # the sub-menu slides in
        small_targets(page, "menu section", problems)
    finally:
        context.close()
    assert not problems, problems
