"""Material markup the W3C Nu checker rejects, fixed after rendering.

Material writes these outside any template block, so they cannot be overridden without copying
``base.html``; a narrow rewrite of the finished HTML keeps us on Material's updates instead.
"""

from __future__ import annotations

import re

# autocomplete is not allowed on checkboxes (Material's drawer and search toggles).
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
# Section labels in the navigation get tabindex="" (an empty value is not an integer).
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?) tabindex=""')
# The table-of-contents title points at a toggle Material only writes for pages in the menu.
_TOC_LABEL_FOR = re.compile(r'(<label class="md-nav__title") for="__toc"')


def fix_material_markup(html: str) -> str:
    """Remove the three invalid attributes; everything else is left byte for byte."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL_FOR.sub(r"\1", html)
    return html
