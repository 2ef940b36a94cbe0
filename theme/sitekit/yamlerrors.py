"""Say where a webmaster's YAML mistake is and what it is, in words that fit the mistake.

PyYAML reports where its parser gave up, which for a mis-indented line is often the line after,
and its wording ("mapping values are not allowed here") fits an unquoted ``: `` as well as a
wrong indentation. Every YAML reader of the build (office facts, front matter, ``.meta.yml``,
data files) asks this module instead, which looks at the lines around the parser's mark for the
mistakes webmasters make: a tab, an unclosed quote, ``: `` inside unquoted text, an indentation
that is not two spaces per level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from theme.sitekit.errors import ContentError

# (Chinese, English) hints; each is quoted in docs/webmaster.md.
TAB = ("縮排請用空格，不要用 Tab 鍵", "indent with spaces, never with tabs")
UNCLOSED_QUOTE = ("這一行的引號沒有成對", "a quote opened on this line is never closed")
UNCLOSED_BRACKET = (
    "這一行的括號 [ ] 或 { } 沒有成對",
    "a bracket [ or { opened on this line is never closed",
)
COLON_IN_TEXT = (
    "文字中有「: 」（冒號加空白），請把整段文字放在引號中",
    "put text containing ': ' in quotes",
)
INDENTATION = (
    "縮排不對：每層縮排兩個空格，同一層的設定要對齊上一行",
    "wrong indentation: indent two spaces per level and line up the settings of one level",
)
OTHER = ("請檢查這一行的括號、引號與冒號", "the YAML syntax is wrong")
HINTS = (TAB, UNCLOSED_QUOTE, UNCLOSED_BRACKET, COLON_IN_TEXT, INDENTATION, OTHER)

_INDENT_PROBLEMS = (
    "mapping values are not allowed",
    "did not find expected key",
    "expected <block end>",
    "did not find expected '-' indicator",
    "could not find expected ':'",
)
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*?:\s+(?P<value>\S.*)$")
_OPENS_BLOCK = re.compile(r"^\s*(?:-\s+)?[^\s#][^#]*:\s*(?:#.*)?$")
_BLOCK_SCALAR = re.compile(r":\s*[|>][+-]?\d*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Mistake:
    """Where the mistake is (1-based line of the text given, or None) and what it is."""

    line: int | None
    zh: str
    en: str
    detail: str  # PyYAML's own words, for the rare case none of the hints fits


def explain(text: str, error: yaml.YAMLError) -> Mistake:
    """The line and hint for ``error``, raised while reading ``text``."""
    mark = getattr(error, "problem_mark", None)
    detail = str(getattr(error, "problem", None) or "invalid YAML")
    if mark is None:
        return Mistake(None, *OTHER, detail)
    lines = text.splitlines()
    at = min(mark.line, max(len(lines) - 1, 0))
    context = getattr(error, "context_mark", None)
    start = context.line if context is not None and context.line <= at else max(0, at - 3)
    window = range(max(start, at - 6), at + 1)
    for index in window:
        if index < len(lines) and "\t" in _indent(lines[index]):
            return Mistake(index + 1, *TAB, detail)
    for index in window:
        if index < len(lines) and _has_unclosed_quote(lines[index]):
            return Mistake(index + 1, *UNCLOSED_QUOTE, detail)
    for index in window:
        if index < len(lines) and _has_unclosed_bracket(lines[index]):
            return Mistake(index + 1, *UNCLOSED_BRACKET, detail)
    if at < len(lines) and _colon_in_plain_text(lines[at]):
        return Mistake(at + 1, *COLON_IN_TEXT, detail)
    if any(words in detail for words in _INDENT_PROBLEMS):
        bad = _badly_indented(lines, window)
        return Mistake((bad if bad is not None else at) + 1, *INDENTATION, detail)
    return Mistake(at + 1, *OTHER, detail)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _has_unclosed_quote(line: str) -> bool:
    """A value that starts with a quote and does not end with the same quote."""
    match = _KEY_VALUE.match(line)
    value = (match.group("value") if match else line.strip().removeprefix("- ")).strip()
    value = re.sub(r"\s+#.*$", "", value) if value[:1] not in "'\"" else value
    if value[:1] not in ("'", '"'):
        return False
    quote = value[0]
    body = value[1:]
    if quote == '"':
        body = re.sub(r"\\.", "", body)
        closed = body.find('"')
    else:
        closed = body.replace("''", "").find("'")
    return closed == -1


def _has_unclosed_bracket(line: str) -> bool:
    """A flow value (``[a, b]`` or ``{zh-TW: x, en: y}``) that does not close on its line."""
    match = _KEY_VALUE.match(line)
    value = (match.group("value") if match else line.strip().removeprefix("- ")).strip()
    if value[:1] not in ("[", "{"):
        return False
    text = re.sub(r"\"(?:\\.|[^\"])*\"|'(?:''|[^'])*'", "", value)
    return text.count("[") + text.count("{") > text.count("]") + text.count("}")


def _colon_in_plain_text(line: str) -> bool:
    """``key: text: more`` where the text is not quoted."""
    match = _KEY_VALUE.match(line)
    if not match:
        return False
    value = match.group("value")
    return value[:1] not in ("'", '"', "{", "[", "|", ">") and (
        ": " in value or value.endswith(":")
    )


def _badly_indented(lines: list[str], window: range) -> int | None:
    """The first line in ``window`` that breaks "two spaces per level": an odd indentation, or
    a step of more than two spaces below a ``key:`` that opens a block."""
    previous: str | None = None
    in_block_scalar: int | None = None
    for index in range(0, window.stop):
        if index >= len(lines) or not _is_content(lines[index]):
            continue
        line = lines[index]
        width = len(_indent(line))
        if in_block_scalar is not None:
            if width > in_block_scalar:
                continue
            in_block_scalar = None
        if index >= window.start:
            if width % 2:
                return index
            if previous is not None and _OPENS_BLOCK.match(previous):
                step = width - len(_indent(previous))
                if step > 2 and not previous.lstrip().startswith("- "):
                    return index
        if _BLOCK_SCALAR.search(line):
            in_block_scalar = width
        previous = line
    return None


def content_error(
    src: str,
    text: str,
    error: yaml.YAMLError,
    subject: str = "",
    line_offset: int = 0,
    label_zh: str = "YAML 格式錯誤",
) -> ContentError:
    """The build error for ``error`` in ``text``; ``subject`` ("front matter ") starts it and
    ``label_zh`` ("頁首設定格式錯誤") names the mistake in Chinese.

    ``line_offset`` lines come before ``text`` in the file (the ``---`` of front matter).
    """
    mistake = explain(text, error)
    en = mistake.en if mistake.zh != OTHER[0] else f"{mistake.en} ({mistake.detail})"
    return ContentError(
        src,
        f"{subject}is not valid YAML: {en} ({label_zh}：{mistake.zh})",
        mistake.line + line_offset if mistake.line else None,
    )
