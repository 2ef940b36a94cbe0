"""Material markup the W3C Nu checker rejects, fixed after rendering.

Material writes these outside any template block, so they cannot be overridden without copying
``base.html``; a narrow rewrite of the finished HTML keeps us on Material's updates instead.

Plain string searches instead of regular expressions: this runs on every page (80 KB each on
the corpus), and three regex passes over it cost 0.25 ms a page; the result is the same.
"""

from __future__ import annotations

import re

# autocomplete is not allowed on checkboxes (Material's drawer and search toggles).
_CHECKBOX = '<input class="md-toggle"'
_AUTOCOMPLETE = ' autocomplete="off"'
# Section labels in the navigation get tabindex="" (an empty value is not an integer).
_LABEL = "<label"
_EMPTY_TABINDEX = ' tabindex=""'
# The table-of-contents title points at a toggle Material only writes for pages in the menu.
_TOC_LABEL = '<label class="md-nav__title" for="__toc"'
_TOC_LABEL_FIXED = '<label class="md-nav__title"'
_WORD = re.compile(r"\w")


def fix_material_markup(html: str) -> str:
    """Remove the three invalid attributes; everything else is left byte for byte."""
    html = _drop_in_tags(html, _CHECKBOX, _AUTOCOMPLETE, whole_name=False)
    html = _drop_in_tags(html, _LABEL, _EMPTY_TABINDEX, whole_name=True)
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, _TOC_LABEL_FIXED)
    return html


def _drop_in_tags(html: str, tag_start: str, attribute: str, *, whole_name: bool) -> str:
    """Remove the first ``attribute`` inside each tag that starts with ``tag_start``.

    The same as ``re.sub(tag_start + r"[^>]*?" + attribute)`` keeping the part before the
    attribute; ``whole_name`` adds the ``\\b`` after the tag name (``<label`` is not
    ``<labelled``).
    """
    if attribute not in html:
        return html
    pieces: list[str] = []
    done = 0
    start = html.find(tag_start)
    while start != -1:
        after = start + len(tag_start)
        if whole_name and _WORD.match(html, after):
            start = html.find(tag_start, start + 1)
            continue
        end = html.find(">", after)
        hit = html.find(attribute, after, len(html) if end == -1 else end)
        if hit == -1:
            start = html.find(tag_start, start + 1)
            continue
        pieces.append(html[done:hit])
        done = hit + len(attribute)
        start = html.find(tag_start, done)
    if not pieces:
        return html
    pieces.append(html[done:])
    return "".join(pieces)
