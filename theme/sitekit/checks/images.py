"""Every image says what it shows (WCAG 1.1.1): screen readers read the text between ``![ ]``.

A missing image file is found with the links (``links.py``): MkDocs resolves image paths too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from theme.sitekit.checks.content import Content
from theme.sitekit.checks.markdown_text import prose_lines
from theme.sitekit.checks.problem import Message, Problem

MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"(?P<d>[^\"]*)\"|'(?P<s>[^']*)'|(?P<u>[^\s>]+))", re.I)
HTML_SRC = re.compile(r"\bsrc\s*=\s*[\"']?(?P<src>[^\"'\s>]*)", re.IGNORECASE)

NO_ALT = Message(
    "image-alt",
    wrong=("圖片 `{src}` 沒有替代文字", "the image `{src}` has no alternative text"),
    todo=(
        "在 `![ ]` 的方括號中寫出圖片內容，例如 `![本所服務櫃檯]({src})`；讀屏軟體會念出這段文字",
        "describe the picture between the brackets, e.g. `![The service counter]({src})`; "
        "screen readers read it aloud",
    ),
)


def check(content: Content) -> Iterator[Problem]:
    for page in content.pages.values():
        for number, line in prose_lines(page.body, page.front_lines + 1):
            for match in MARKDOWN_IMAGE.finditer(line):
                if not match["alt"].strip():
                    yield NO_ALT.at(page.shown, number, src=match["src"])
            for tag in HTML_IMAGE.findall(line):
                alt = HTML_ALT.search(tag)
                text = (alt["d"] or alt["s"] or alt["u"] or "") if alt else ""
                if not text.strip():
                    src = HTML_SRC.search(tag)
                    yield NO_ALT.at(page.shown, number, src=src["src"] if src else tag)
