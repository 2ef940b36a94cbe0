"""Source line numbers for the links worth reporting.

The fast parser keeps no positions, so only pages that have a problem are read again, with
libxml2 (lxml), which records each element's line. The n-th ``tag[attr]`` element is matched in
document order, checked against the URL, and a plain text search is the last resort.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

from site_linkcheck.encoding import decode_html
from site_linkcheck.model import Finding
from site_linkcheck.site_files import CSS_SUFFIX

_ELEMENT = re.compile(r"^(\w+)\[(\w[\w-]*)\]$")


def add_lines(site_dir: str, findings: list[Finding]) -> None:
    """Fill ``Finding.line`` in place, reading each affected page once."""
    if not findings:
        return
    import lxml.etree
    import lxml.html  # only when there is something to report: it costs memory

    by_page: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.line is None:
            by_page[finding.link.page].append(finding)
    for page, page_findings in by_page.items():
        if page.endswith(CSS_SUFFIX):  # the scan kept each URL's line
            for finding in page_findings:
                finding.line = finding.link.nth
            continue
        try:
            with open(os.path.join(site_dir, page), "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        text = data.decode("utf-8", "replace") if page.endswith(".xml") else decode_html(data).text
        if page.endswith(".xml"):
            _lines_by_text(text, page_findings)
            continue
        try:
            root = lxml.html.document_fromstring(text)
        except (ValueError, lxml.etree.ParserError):
            _lines_by_text(text, page_findings)
            continue
        cache: dict[str, list[tuple[int | None, str]]] = {}
        for finding in page_findings:
            match = _ELEMENT.match(finding.link.element)
            if match is None:
                continue
            key = finding.link.element
            if key not in cache:
                cache[key] = _elements(root, match.group(1), match.group(2))
            candidates = cache[key]
            nth = finding.link.nth
            url = finding.link.url
            if nth < len(candidates) and url in candidates[nth][1]:
                finding.line = candidates[nth][0]
            else:
                finding.line = next((line for line, value in candidates if url in value), None)
        _lines_by_text(text, [f for f in page_findings if f.line is None])


def _elements(root, tag: str, attr: str) -> list[tuple[int | None, str]]:
    found = []
    for element in root.iter(tag):
        value = element.get(attr)
        if value is None:
            continue
        if tag == "meta" and (element.get("http-equiv") or "").lower() != "refresh":
            continue
        found.append((element.sourceline, value))
    return found


def _lines_by_text(text: str, findings: list[Finding]) -> None:
    for finding in findings:
        index = text.find(finding.link.url)
        if index < 0:
            index = text.find(finding.link.url.replace("&", "&amp;"))
        if index >= 0:
            finding.line = text.count("\n", 0, index) + 1
