"""Words in the other language: ``[戶籍法]{zh}`` becomes ``<span lang="zh-Hant-TW">戶籍法</span>``.

Screen readers pick their voice from ``lang``: a Chinese law name in an English page, unmarked,
is read letter by letter or skipped. Webmasters mark such words with square brackets and
``{zh}`` (``{en}`` marks English words in a Chinese page), and the build's content checks find
Chinese left unmarked in an English page, naming the file and line (checks/english_words.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

HTML_LANG = {"zh": "zh-Hant-TW", "en": "en"}
LANG_SPAN = re.compile(r"\[([^\[\]\n]+)\]\{(zh|en)\}")
# Han characters, CJK punctuation, bopomofo and full-width forms (：，（）).
CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+"
)
# What may hold Chinese unmarked: a link's address, inline code, an HTML element with lang.
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_CODE = re.compile(r"`[^`\n]*`")
_HTML_WITH_LANG = re.compile(r'<(\w+)\b[^>]*\blang="[^"]*"[^>]*>.*?</\1>')


def expand(markdown: str) -> str:
    """Turn every ``[words]{zh}`` / ``[words]{en}`` into a span with its language."""
    if "]{" not in markdown:
        return markdown
    return LANG_SPAN.sub(lambda m: f'<span lang="{HTML_LANG[m[2]]}">{m[1]}</span>', markdown)


def unmarked_chinese(markdown: str, line_offset: int) -> Iterator[tuple[int, str]]:
    """(line, words) of each line of an English page with Chinese left unmarked (the first
    such words of the line): links' addresses, code and elements with ``lang`` may hold it."""
    fenced = False
    for number, line in enumerate(markdown.split("\n"), start=line_offset + 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or not CJK.search(line):
            continue
        rest = _HTML_WITH_LANG.sub(
            "", _CODE.sub("", _LINK_TARGET.sub("]", LANG_SPAN.sub("", line)))
        )
        found = CJK.search(rest)
        if found:
            yield number, found.group(0)


# A Chinese run with the Latin letters and digits written against it: "N加e", "民國前1年".
_RUN = re.compile(
    r"[A-Za-z0-9]*" + CJK.pattern + r"(?:[A-Za-z0-9]*" + CJK.pattern + r")*[A-Za-z0-9]*"
)
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w-]*)([^>]*)>", re.S)
# Elements whose text is left as it is: raw text, or text where no span may go (an option).
_RAW_TEXT = {"script", "style", "title", "textarea", "option"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


def mark_chinese_text(html: str, lang: str = HTML_LANG["zh"]) -> str:
    """Wrap each Chinese run of text that no ``lang`` ancestor covers in a span with ``lang``.

    For what a webmaster cannot mark on an English page: titles as the menu, the contents and
    the news lists show them, the language menu's "中文". Page text itself is marked in the
    Markdown (``unmarked_chinese``), where the words' bounds are known.
    """
    if not CJK.search(html):
        return html
    pieces: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, sets a Chinese lang)
    covered = 0  # how many open elements set a Chinese lang
    position = 0
    raw_until: str | None = None
    for token in _TOKEN.finditer(html):
        text = html[position : token.start()]
        if raw_until is None and covered == 0 and CJK.search(text):
            text = _RUN.sub(lambda m: f'<span lang="{lang}">{m.group(0)}</span>', text)
        pieces.append(text)
        pieces.append(token.group(0))
        position = token.end()
        closing, name, attributes = token.group(1), (token.group(2) or "").lower(), token.group(3)
        if not name:
            continue  # a comment
        if raw_until is not None:
            if closing and name == raw_until:
                raw_until = None
            continue
        if closing:
            while stack:
                open_name, chinese = stack.pop()
                covered -= chinese
                if open_name == name:
                    break
        elif name in _RAW_TEXT:
            raw_until = name
        elif name not in _VOID and not attributes.rstrip().endswith("/"):
            chinese = bool(re.search(r'\blang="zh', attributes))
            stack.append((name, chinese))
            covered += chinese
    pieces.append(html[position:])
    return "".join(pieces)
