"""Absolute addresses in the ``<link rel="alternate" hreflang>`` tags of a page's head.

The i18n plugin gives Material per-page language links as relative paths (``./``,
``../../guides/birth/``), which serve the header's language menu well but which search engines
reject as hreflang targets. Only the head's hreflang tags are rewritten, against the page's
canonical address (``site_url`` in mkdocs.yml plus the page path); the menu keeps its relative
links, so the site still works from any host, ``make serve`` included.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from theme.sitekit.errors import ContentError

_HREFLANG = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')


def absolute_alternates(html: str, base_url: str) -> str:
    """Resolve each hreflang link of the head against ``base_url`` (the page's address)."""
    head_end = html.find("</head>")
    if head_end == -1:
        return html

    def absolute(match: re.Match[str]) -> str:
        href = urljoin(base_url, match.group(1))
        return f'<link rel="alternate" href="{href}" hreflang="{match.group(2)}">'

    return _HREFLANG.sub(absolute, html[:head_end]) + html[head_end:]


def require_site_url(site_url: str | None) -> str:
    """``site_url`` is the base of every hreflang and canonical address: a build error if unset."""
    if not site_url or not site_url.startswith(("https://", "http://")):
        raise ContentError(
            "mkdocs.yml",
            "請在 site_url 填寫網站的正式網址，例如 https://www.example.gov.tw/ "
            "(`site_url` must be the site's public address, e.g. https://www.example.gov.tw/)",
        )
    return site_url
