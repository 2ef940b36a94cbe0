"""Mark the content's link lines, so their links get thumb-sized targets (gov.css).

A *link line* is a paragraph, list item, table cell, definition or heading whose own text,
outside its links (and dates), is at most ``MAX_OTHER_LETTERS`` letters: a list of services,
the Q&A's "詳見：出生登記" lines, the site map, a news list, a cell with a download link. Its
start tag gets ``class="gov-links"`` and gov.css makes each of its links at least 44 × 44 CSS px.
Links inside real sentences keep the line's height (WCAG 2.5.5 exempts inline links): a 44 px
link in the middle of a paragraph would tear the paragraph apart.

The list item's "own text" stops at a nested list, so a site-map section ("申辦須知" above its
pages) is a link line too. tests/e2e/test_tap_targets.py measures the result at 360 px with
the same definition.
"""

from __future__ import annotations

import re

MARK = "gov-links"
MAX_OTHER_LETTERS = 10
_BLOCK_START = re.compile(r"<(p|li|td|th|dd|dt|h[2-6])(\s[^>]*)?>")
# Where a block's own inline content ends: the next block boundary, opening or closing.
_BOUNDARY = re.compile(
    r"</?(?:p|li|td|th|dd|dt|ul|ol|dl|div|table|tr|details|summary|blockquote|h[1-6])\b"
)
_LINK = re.compile(r"<a\s[^>]*>.*?</a>", re.S)
_TIME = re.compile(r"<time\b[^>]*>.*?</time>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ENTITY = re.compile(r"&[#\w]+;")
_NOT_LETTER = re.compile(r"[\W_]")
_CLASS = re.compile(r'\bclass="([^"]*)"')


def is_link_line(inline_html: str) -> bool:
    """True when the content has a link and at most a few letters besides links and dates."""
    if "<a " not in inline_html:
        return False
    other = _TIME.sub("", _LINK.sub("", inline_html))
    letters = _NOT_LETTER.sub("", _ENTITY.sub("", _TAG.sub("", other)))
    return len(letters) <= MAX_OTHER_LETTERS


def mark_link_lines(html: str) -> str:
    """Add ``gov-links`` to the class of every link line's start tag in ``html``."""
    if "<a " not in html:
        return html
    pieces: list[str] = []
    done = 0
    for match in _BLOCK_START.finditer(html):
        boundary = _BOUNDARY.search(html, match.end())
        inline = html[match.end() : boundary.start() if boundary else len(html)]
        if not is_link_line(inline):
            continue
        pieces.append(html[done : match.start()])
        pieces.append(_with_class(match.group(1), match.group(2) or ""))
        done = match.end()
    if not pieces:
        return html
    pieces.append(html[done:])
    return "".join(pieces)


def _with_class(tag: str, attributes: str) -> str:
    if _CLASS.search(attributes):
        attributes = _CLASS.sub(lambda m: f'class="{m.group(1)} {MARK}"', attributes, count=1)
    else:
        attributes += f' class="{MARK}"'
    return f"<{tag}{attributes}>"


def mark_article(page_html: str) -> str:
    """Mark the link lines of a rendered page's ``<article>`` (not its menus or footer)."""
    start = page_html.find("<article")
    end = page_html.rfind("</article>")
    if start == -1 or end < start:
        return page_html
    return page_html[:start] + mark_link_lines(page_html[start:end]) + page_html[end:]
