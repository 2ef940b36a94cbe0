"""Read the links and anchors out of one HTML page or sitemap.

Parsing uses Lexbor (via selectolax), an HTML5-conformant parser written in C, so pages are read
the way browsers read them, and fast. URLs are only read from attributes, never from text, so
URLs shown inside ``<code>``/``<pre>`` are never mistaken for links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from scripts.linkcheck.urls import meta_refresh_url, parse_srcset

# (tag, attribute) pairs that hold URLs a visitor's browser will fetch or follow.
URL_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("script", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("meta", "content"),  # only http-equiv="refresh"
)
_WANTED: dict[str, tuple[str, ...]] = {}
for _tag, _attr in URL_ATTRIBUTES:
    _WANTED[_tag] = (*_WANTED.get(_tag, ()), _attr)
# One selector per tag: an element matching two selectors of a list is returned twice by Lexbor.
_SELECTOR = ", ".join(
    'meta[http-equiv="refresh" i][content]'
    if tag == "meta"
    else (f"{tag}[{attrs[0]}]" if len(attrs) == 1 else tag)
    for tag, attrs in _WANTED.items()
)

# <link rel> values that name an origin to warm up, not a resource to fetch.
_HINT_ONLY_RELS = frozenset({"preconnect", "dns-prefetch"})


# (element, url, nth): element like "a[href]"; nth is the position among the page's elements
# with that tag and attribute. Plain tuples: a 5,000-page site has 100,000 of them.
RawLink = tuple[str, str, int]


@dataclass(slots=True)
class PageScan:
    links: list[RawLink]
    anchors: frozenset[str]
    base_href: str | None


def scan_html(html: bytes | str) -> PageScan:
    """Links (in document order), anchor names and ``<base href>`` of one HTML document."""
    tree = LexborHTMLParser(html)
    links: list[RawLink] = []
    counters: dict[str, int] = {}
    for node in tree.css(_SELECTOR):
        tag = node.tag
        attrs = node.attributes
        for attr in _WANTED.get(tag, ()):
            value = attrs.get(attr)
            if value is None:
                continue
            element = f"{tag}[{attr}]"
            nth = counters.get(element, 0)
            counters[element] = nth + 1
            if attr == "srcset":
                links.extend((element, url, nth) for url in parse_srcset(value))
            elif tag == "meta":
                url = meta_refresh_url(value)
                if url:
                    links.append((element, url, nth))
            elif tag == "link" and _HINT_ONLY_RELS.issuperset(
                (attrs.get("rel") or "").lower().split() or ["x"]
            ):
                continue
            else:
                links.append((element, value, nth))
    anchors = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    anchors.update(node.attributes.get("name") or "" for node in tree.css("a[name]"))
    anchors.discard("")
    base = tree.css_first("base[href]")
    base_href = base.attributes.get("href") if base is not None else None
    return PageScan(links, frozenset(anchors), base_href)


_LOC = re.compile(rb"<(?:\w+:)?loc>\s*(.*?)\s*</(?:\w+:)?loc>", re.DOTALL)


def scan_sitemap(xml: bytes) -> PageScan:
    """The ``<loc>`` URLs of a sitemap (or sitemap index), with XML entities decoded."""
    links = []
    for nth, match in enumerate(_LOC.finditer(xml)):
        url = match.group(1).decode("utf-8", "replace")
        url = (
            url.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", '"')
            .replace("&apos;", "'")
            .replace("&amp;", "&")
        )
        links.append(("sitemap[loc]", url, nth))
    return PageScan(links, frozenset(), None)
