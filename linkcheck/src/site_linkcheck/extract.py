"""Read the links and anchors out of one HTML page, stylesheet or sitemap.

Parsing uses Lexbor (via selectolax), an HTML5-conformant parser written in C, so pages are read
the way browsers read them, and fast. Pages are decoded first as browsers decode them
(encoding.py): Lexbor itself only reads UTF-8. URLs are only read from attributes and from CSS
(``<style>``, ``style=``, ``.css`` files), never from text, so URLs shown inside
``<code>``/``<pre>`` are never mistaken for links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from site_linkcheck.css import (
    declarations_urls,
    may_hold_urls,
    page_may_hold_urls,
    stylesheet_urls,
)
from site_linkcheck.encoding import Decoded, charset_from_content, decode_css, decode_html
from site_linkcheck.urls import meta_refresh_url, parse_srcset

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
# Shared "tag[attr]" strings: 100,000 links need not carry 100,000 copies.
_ELEMENT_NAMES = {(tag, attr): f"{tag}[{attr}]" for tag, attr in URL_ATTRIBUTES}

# <link rel> values that name an origin to warm up, not a resource to fetch.
_HINT_ONLY_RELS = frozenset({"preconnect", "dns-prefetch"})


# (element, url, nth): element like "a[href]"; nth is the position among the page's elements
# with that tag and attribute. In a stylesheet the element is "url()" or "@import" and nth is
# the source line. Plain tuples: a 5,000-page site has 100,000 of them.
RawLink = tuple[str, str, int]
STYLE_ELEMENT = "style"  # links in <style> blocks: "style url()", "style @import"


@dataclass(slots=True)
class PageScan:
    links: list[RawLink]
    anchors: frozenset[str]
    base_href: str | None
    decoded: Decoded | None = None  # None for sitemaps


def scan_html(html: bytes, content_type: str | None = None) -> PageScan:
    """Links (in document order), anchor names and ``<base href>`` of one HTML document.

    ``content_type`` is the HTTP header of a fetched page (its charset wins over ``<meta>``).
    One walk over the elements: each CSS query would be a full walk of its own (measured 2x
    slower for four queries); only a page whose text may hold CSS URLs gets a second one.
    """
    decoded = decode_html(html, charset_from_content(content_type) if content_type else None)
    text = decoded.text
    tree = LexborHTMLParser(text)
    links: list[RawLink] = []
    counters: dict[str, int] = {}
    anchors: set[str] = set()
    base_href: str | None = None
    root = tree.root
    if root is None:
        return PageScan(links, frozenset(), None, decoded)
    for node in root.traverse():
        ident = node.id
        if ident:
            anchors.add(ident)
        tag = node.tag
        url_attributes = _WANTED.get(tag)
        if url_attributes is None:
            if tag == "base" and base_href is None:
                base_href = node.attributes.get("href")
            continue
        attrs = node.attributes
        if tag == "a":
            name = attrs.get("name")
            if name:
                anchors.add(name)
        elif tag == "meta" and (attrs.get("http-equiv") or "").lower() != "refresh":
            continue
        for attr in url_attributes:
            value = attrs.get(attr)
            if value is None:
                continue
            element = _ELEMENT_NAMES[tag, attr]
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
    if (
        may_hold_urls(text, escapes=False)
        if decoded.encoding.startswith("utf-16")
        else page_may_hold_urls(html)
    ):
        _css_links(tree, links)
    return PageScan(links, frozenset(anchors), base_href, decoded)


def _css_links(tree: LexborHTMLParser, links: list[RawLink]) -> None:
    """URLs in ``<style>`` elements and ``style`` attributes."""
    counters: dict[str, int] = {}
    for node in tree.css("style, [style]"):
        if node.tag == STYLE_ELEMENT:
            nth = counters.get(STYLE_ELEMENT, 0)
            counters[STYLE_ELEMENT] = nth + 1
            for kind, url, _line in stylesheet_urls(node.text(deep=True)):
                links.append((f"{STYLE_ELEMENT} {kind}", url, nth))
        style = node.attributes.get("style")
        if style is not None:
            element = f"{node.tag}[style]"
            nth = counters.get(element, 0)
            counters[element] = nth + 1
            links.extend((element, url, nth) for _kind, url, _line in declarations_urls(style))


def scan_css(data: bytes) -> PageScan:
    """The URLs of a stylesheet file; nth is each URL's line."""
    decoded = decode_css(data)
    links = [(kind, url, line) for kind, url, line in stylesheet_urls(decoded.text)]
    return PageScan(links, frozenset(), None, decoded)


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
