"""Heading ids shared by both languages, checked the way fastapi checks its translations.

Each heading carries an explicit ASCII id (``## 規費 { #fees }``) that the English page repeats,
so deep links survive edits and the language switch keeps the reader's section. This module
finds the headings of a Markdown page and lists every way a pair of pages disagrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ATX_HEADING = re.compile(r"^\s*(#{1,6})[ \t]+(.*?)[ \t]*$")
ATTR_LIST = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}]+)")
CLOSING_HASHES = re.compile(r"\s+#+\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ASCII_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str | None
    line: int


@dataclass(frozen=True)
class HeadingIssue:
    """One disagreement, located in the file a webmaster has to change."""

    kind: str  # no-id, bad-id, duplicate-id, missing, extra, level, order
    file: str
    line: int | None
    message: str


def headings(body: str, first_line: int = 1) -> list[Heading]:
    """ATX headings (``## text { #id }``) outside fenced code; ``first_line`` numbers the body."""
    found: list[Heading] = []
    fence: str | None = None
    for number, line in enumerate(body.splitlines(), start=first_line):
        fence_match = FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
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
) -> list[HeadingIssue]:
    """Every difference in heading ids between the Chinese page and its translation."""
    issues = _own_issues(source, source_file) + _own_issues(translation, translation_file)
    source_ids = {h.id: h for h in source if h.id}
    translated_ids = {h.id: h for h in translation if h.id}
    for heading in source:
        if heading.id and heading.id not in translated_ids:
            issues.append(
                HeadingIssue(
                    "missing",
                    translation_file,
                    None,
                    f"has no heading with id `{heading.id}` (the Chinese page has it on line "
                    f"{heading.line}: {heading.text}) (英文版缺少此標題錨點)",
                )
            )
    for heading in translation:
        if heading.id and heading.id not in source_ids:
            issues.append(
                HeadingIssue(
                    "extra",
                    translation_file,
                    heading.line,
                    f"heading id `{heading.id}` is not on the Chinese page {source_file} "
                    "(中文版沒有此標題錨點)",
                )
            )
        elif heading.id and source_ids[heading.id].level != heading.level:
            expected = source_ids[heading.id].level
            issues.append(
                HeadingIssue(
                    "level",
                    translation_file,
                    heading.line,
                    f"heading `{heading.id}` is level {heading.level} (`{'#' * heading.level}`) "
                    f"but level {expected} (`{'#' * expected}`) on the Chinese page "
                    "(標題層級不同)",
                )
            )
    shared_source = [h.id for h in source if h.id in translated_ids]
    shared_translation = [h.id for h in translation if h.id in source_ids]
    if shared_source != shared_translation:
        issues.append(
            HeadingIssue(
                "order",
                translation_file,
                None,
                "headings are in a different order than on the Chinese page: "
                f"Chinese {', '.join(shared_source)}; English {', '.join(shared_translation)} "
                "(標題順序不同)",
            )
        )
    return issues


def _own_issues(found: list[Heading], file: str) -> list[HeadingIssue]:
    issues: list[HeadingIssue] = []
    seen: dict[str, int] = {}
    for heading in found:
        if heading.id is None:
            issues.append(
                HeadingIssue(
                    "no-id",
                    file,
                    heading.line,
                    f"heading `{heading.text}` has no explicit id: add one such as "
                    "`{ #what-to-bring }` at the end of the line (標題需加上英文錨點)",
                )
            )
        elif not ASCII_ID.match(heading.id):
            issues.append(
                HeadingIssue(
                    "bad-id",
                    file,
                    heading.line,
                    f"heading id `{heading.id}` must be ASCII letters, digits and hyphens, "
                    "starting with a letter (錨點只能用英文字母、數字與連字號)",
                )
            )
        elif heading.id in seen:
            issues.append(
                HeadingIssue(
                    "duplicate-id",
                    file,
                    heading.line,
                    f"heading id `{heading.id}` is already used on line {seen[heading.id]} "
                    "(錨點重複)",
                )
            )
        if heading.id:
            seen.setdefault(heading.id, heading.line)
    return issues
