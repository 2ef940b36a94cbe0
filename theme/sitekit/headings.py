"""Heading ids shared by both languages, checked the way fastapi checks its translations.

Each heading carries an explicit ASCII id (``## 規費 { #fees }``) that the English page repeats,
so deep links survive edits and the language switch keeps the reader's section. This module
finds the headings of a Markdown page and lists every way a pair of pages disagrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from theme.sitekit.checks.markdown_text import outside_fences
from theme.sitekit.checks.problem import Message, Problem

ATX_HEADING = re.compile(r"^\s*(#{1,6})[ \t]+(.*?)[ \t]*$")
ATTR_LIST = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}]+)")
CLOSING_HASHES = re.compile(r"\s+#+\s*$")
ASCII_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str | None
    line: int


NO_ID = Message(
    "heading-no-id",
    wrong=("標題「{text}」沒有英文錨點", "heading `{text}` has no explicit id"),
    todo=(
        "在行尾加上英文錨點，例如 `{{ #what-to-bring }}`，中英文版用同一個",
        "add one such as `{{ #what-to-bring }}` at the end of the line, the same in both languages",
    ),
)
BAD_ID = Message(
    "heading-bad-id",
    wrong=(
        "錨點 `{id}` 只能用英文字母、數字與連字號，並以字母開頭",
        "heading id `{id}` must be ASCII letters, digits and hyphens, starting with a letter",
    ),
    todo=(
        "改用英文，例如 `{{ #fees }}`；中英文版用同一個",
        "use English words such as `{{ #fees }}`, the same on both pages",
    ),
)
DUPLICATE_ID = Message(
    "heading-duplicate-id",
    wrong=(
        "錨點 `{id}` 重複，第 {first} 行已使用",
        "heading id `{id}` is already used on line {first}",
    ),
    todo=(
        "改成這一頁還沒用過的錨點（連結只會到第一個）",
        "give this heading an id not used elsewhere on the page (links reach the first only)",
    ),
)
MISSING = Message(
    "heading-missing",
    wrong=(
        "英文版缺少錨點 `{id}`（中文版第 {line} 行：{text}）",
        "has no heading with id `{id}` (the Chinese page has it on line {line}: {text})",
    ),
    todo=(
        "在英文版對應的標題行尾加上 `{{ #{id} }}`",
        "end the matching English heading with `{{ #{id} }}`",
    ),
)
EXTRA = Message(
    "heading-extra",
    wrong=(
        "錨點 `{id}` 不在中文版 {source} 中",
        "heading id `{id}` is not on the Chinese page {source}",
    ),
    todo=(
        "改成中文版對應標題的錨點，或在中文版加上同一段",
        "use the id of the matching Chinese heading, or add the section to the Chinese page",
    ),
)
LEVEL = Message(
    "heading-level",
    wrong=(
        "標題 `{id}` 在英文版是 `{marks}`，中文版是 `{expected}`",
        "heading `{id}` is level {level} (`{marks}`) but level {expected_level} (`{expected}`) "
        "on the Chinese page",
    ),
    todo=("改成與中文版相同的 `{expected}`", "use `{expected}` as on the Chinese page"),
)
ORDER = Message(
    "heading-order",
    wrong=(
        "標題順序與中文版不同：這裡是 `{here}`，中文版在這個位置的是 `{expected}`",
        "headings are in a different order than on the Chinese page: `{here}` is where the "
        "Chinese page has `{expected}`",
    ),
    todo=(
        "依中文版的順序排列英文版的段落：{order}",
        "put the English sections in the order of the Chinese page: {order}",
    ),
)


def headings(body: str, first_line: int = 1) -> list[Heading]:
    """ATX headings (``## text { #id }``) outside fenced code; ``first_line`` numbers the body."""
    found: list[Heading] = []
    for number, line in outside_fences(body, first_line):
        match = ATX_HEADING.match(line)
        if not match:
            continue
        text = CLOSING_HASHES.sub("", match.group(2)) if match.group(2) != "#" else ""
        heading_id = None
        attrs = ATTR_LIST.search(text)
        if attrs:
            text = text[: attrs.start()].rstrip()
            id_match = ID_IN_ATTRS.search(attrs.group(1))
            heading_id = id_match.group(1) if id_match else None
        found.append(Heading(len(match.group(1)), text, heading_id, number))
    return found


def compare(
    source: list[Heading], source_file: str, translation: list[Heading], translation_file: str
) -> list[Problem]:
    """Every difference in heading ids between the Chinese page and its translation."""
    problems = own_problems(source, source_file) + own_problems(translation, translation_file)
    source_ids = {h.id: h for h in source if h.id}
    translated_ids = {h.id: h for h in translation if h.id}
    for heading in source:
        if heading.id and heading.id not in translated_ids:
            problems.append(
                MISSING.at(
                    translation_file, None, id=heading.id, line=heading.line, text=heading.text
                )
            )
    for heading in translation:
        if heading.id and heading.id not in source_ids:
            problems.append(
                EXTRA.at(translation_file, heading.line, id=heading.id, source=source_file)
            )
        elif heading.id and source_ids[heading.id].level != heading.level:
            expected = source_ids[heading.id].level
            problems.append(
                LEVEL.at(
                    translation_file,
                    heading.line,
                    id=heading.id,
                    level=heading.level,
                    marks="#" * heading.level,
                    expected_level=expected,
                    expected="#" * expected,
                )
            )
    shared_source = list(dict.fromkeys(h.id for h in source if h.id in translated_ids))
    shared = {h.id: h for h in reversed(translation) if h.id in source_ids}
    shared_translation = list(dict.fromkeys(h.id for h in translation if h.id in source_ids))
    for here, expected in zip(shared_translation, shared_source, strict=False):
        if here != expected:
            problems.append(
                ORDER.at(
                    translation_file,
                    shared[here].line,
                    here=here,
                    expected=expected,
                    order=", ".join(str(i) for i in shared_source),
                )
            )
            break
    return problems


def own_problems(found: list[Heading], file: str) -> list[Problem]:
    """Headings without an id, with a non-ASCII id, or with an id already used on the page."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for heading in found:
        if heading.id is None:
            problems.append(NO_ID.at(file, heading.line, text=heading.text))
        elif not ASCII_ID.match(heading.id):
            problems.append(BAD_ID.at(file, heading.line, id=heading.id))
        elif heading.id in seen:
            problems.append(
                DUPLICATE_ID.at(file, heading.line, id=heading.id, first=seen[heading.id])
            )
        if heading.id:
            seen.setdefault(heading.id, heading.line)
    return problems
