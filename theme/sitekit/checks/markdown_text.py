"""Markdown lines as the checks see them: code blocks and inline code left out, numbered."""

from __future__ import annotations

import re
from collections.abc import Iterator

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")


def outside_fences(page_body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number in the file, text) of every line outside fenced code blocks."""
    fence: str | None = None
    for number, line in enumerate(page_body.splitlines(), start=first_line):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None:
            yield number, line


def prose_lines(page_body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Like ``outside_fences``, with inline code blanked (its text is not the page's)."""
    for number, line in outside_fences(page_body, first_line):
        yield number, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
