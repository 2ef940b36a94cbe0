"""Atom 1.0 feeds (RFC 4287), written with the standard library's ElementTree.

Atom rather than RSS 2.0: it has one well-specified date format, a required stable id per
entry and a language attribute, so the feed validates against the RFC's own schema. Dates are
at midnight Taiwan time (+08:00), the day the office published the post.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = "application/atom+xml"
TAIWAN = dt.timezone(dt.timedelta(hours=8), "Asia/Taipei")


@dataclass(frozen=True)
class Entry:
    """One feed entry; ``id`` and ``link`` are absolute URLs."""

    id: str
    title: str
    link: str
    published: dt.date
    updated: dt.date
    summary: str = ""
    category_term: str | None = None
    category_label: str | None = None


@dataclass(frozen=True)
class Feed:
    """A whole feed; ``self_url`` is the feed's own absolute URL, ``page_url`` the HTML list."""

    id: str
    title: str
    lang: str  # BCP 47, e.g. zh-Hant-TW
    self_url: str
    page_url: str
    author_name: str
    author_email: str | None = None
    subtitle: str = ""
    entries: list[Entry] = field(default_factory=list)
    fallback_updated: dt.date | None = None  # when there is no entry yet

    @property
    def updated(self) -> dt.date:
        dates = [entry.updated for entry in self.entries]
        if dates:
            return max(dates)
        return self.fallback_updated or dt.date.today()


def timestamp(day: dt.date) -> str:
    """RFC 3339 date-time for a day: 2026-11-20T00:00:00+08:00."""
    return dt.datetime.combine(day, dt.time(0, 0), TAIWAN).isoformat()


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def to_xml(feed: Feed) -> bytes:
    """The feed document, UTF-8 with an XML declaration, entries in the order given."""
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: feed.lang})
    _add(root, "id", feed.id)
    _add(root, "title", feed.title, type="text")
    if feed.subtitle:
        _add(root, "subtitle", feed.subtitle, type="text")
    _add(root, "updated", timestamp(feed.updated))
    _add(root, "link", rel="self", type=MEDIA_TYPE, href=feed.self_url)
    _add(root, "link", rel="alternate", type="text/html", href=feed.page_url)
    author = _add(root, "author")
    _add(author, "name", feed.author_name)
    if feed.author_email:
        _add(author, "email", feed.author_email)
    _add(root, "generator", "hro-site news")
    for entry in feed.entries:
        item = _add(root, "entry")
        _add(item, "id", entry.id)
        _add(item, "title", entry.title, type="text")
        _add(item, "link", rel="alternate", type="text/html", href=entry.link)
        _add(item, "published", timestamp(entry.published))
        _add(item, "updated", timestamp(entry.updated))
        if entry.summary:
            _add(item, "summary", entry.summary, type="text")
        if entry.category_term:
            attrs = {"term": entry.category_term}
            if entry.category_label:
                attrs["label"] = entry.category_label
            _add(item, "category", **attrs)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
