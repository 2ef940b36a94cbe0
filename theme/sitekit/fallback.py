"""A Chinese-only page on the English site: an English title, with the Chinese one beside it.

A page marked ``translation: none`` has no English file; the English site shows its Chinese
text under a notice (main.html). Its ``title_en:`` is what English readers see as the page's
title (browser tab, header, heading), the Chinese title kept beside it in the heading.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.S)


def english_title(meta: dict[str, Any]) -> str | None:
    """The page's ``title_en`` (a Chinese-only page without one is a content check's problem:
    checks/english_title.py, so it is reported with every other one)."""
    title = meta.get("title_en")
    if title is not None and str(title).strip():
        return " ".join(str(title).split())
    return None


def title_beside(page_html: str, title_en: str) -> str:
    """The article's first heading as the English title, the Chinese one beside it."""
    start = page_html.find("<article")
    match = _H1.search(page_html, start if start != -1 else 0)
    if match is None:
        return page_html
    heading = (
        f'<h1{match[1]}><span lang="en">{escape(title_en)}</span> '
        f'<span class="gov-title-zh">（{match[2].strip()}）</span></h1>'
    )
    return page_html[: match.start()] + heading + page_html[match.end() :]
