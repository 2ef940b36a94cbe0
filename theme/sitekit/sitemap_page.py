"""The 網站導覽 / Site map page: the whole navigation tree, generated at build time.

Government sites must offer a site map page; generating it from the navigation keeps it
complete whenever a webmaster adds a page.
"""

from __future__ import annotations

from html import escape
from typing import Any

MARKER = "<!-- sitemap -->"


def render_tree(items: list[Any], base_url: str) -> str:
    """Render MkDocs navigation items as nested lists, sections as headings-free groups."""
    parts = ['<ul class="gov-sitemap">']
    for item in items:
        parts.append(_render_item(item, base_url))
    parts.append("</ul>")
    return "".join(parts)


def _render_item(item: Any, base_url: str) -> str:
    title = escape(str(item.title or ""))
    if getattr(item, "is_section", False):
        children = "".join(_render_item(child, base_url) for child in item.children)
        return f'<li><span class="gov-sitemap__section">{title}</span><ul>{children}</ul></li>'
    url = getattr(item, "url", "") or ""
    href = _join(base_url, url) if getattr(item, "is_page", False) else url
    return f'<li><a href="{escape(href)}">{title}</a></li>'


def _join(base_url: str, url: str) -> str:
    base = base_url.rstrip("/")
    return f"{base}/{url}" if base else url or "./"
