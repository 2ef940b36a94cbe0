"""Data markers in page Markdown: ``{{ population.trend }}``, ``{{ queue.waits }}``.

A block marker stands on a line of its own and becomes generated HTML; an inline marker may sit
in a sentence. A misspelt name or a block marker inside text stops the build at the page's line,
in the same words for every kind of data, so docs/webmaster.md explains them once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape

from theme.sitekit.errors import ContentError


def pattern(namespace: str) -> re.Pattern[str]:
    """``{{ namespace.NAME }}``, spaces inside the braces optional."""
    return re.compile(r"\{\{\s*" + re.escape(namespace) + r"\.([A-Za-z_]+)\s*\}\}")


def expand(
    markdown: str,
    namespace: str,
    label: tuple[str, str],
    blocks: Mapping[str, Callable[[], str]],
    inline: Mapping[str, Callable[[], str]],
    src: str,
    source: str,
) -> str:
    """Replace the ``namespace`` markers of a page.

    ``label`` names the data in messages (人口統計, population); ``src`` is the page as
    messages name it and ``source`` its whole file, to find a marker's line.
    """
    marker = pattern(namespace)

    def line_of(text: str) -> int | None:
        for number, line in enumerate(source.splitlines(), start=1):
            if text in line:
                return number
        return None

    out = []
    for text in markdown.split("\n"):
        for match in marker.finditer(text):
            name = match.group(1)
            full = f"{namespace}.{name}"
            if name not in blocks and name not in inline:
                known = ", ".join([*blocks, *inline])
                raise ContentError(
                    src,
                    f"未知的{label[0]}標記 {full}，可用：{known} / "
                    f"unknown {label[1]} marker {full}; known markers: {known}",
                    line_of(match.group(0)),
                )
            if name in blocks and text.strip() != match.group(0):
                raise ContentError(
                    src,
                    f"標記 {full} 須單獨成一行 / the marker {full} must stand on a line of its own",
                    line_of(match.group(0)),
                )
        match = marker.fullmatch(text.strip())
        if match and match.group(1) in blocks:
            out.append("\n" + blocks[match.group(1)]() + "\n")
            continue
        out.append(marker.sub(lambda m: escape(inline[m.group(1)]()), text))
    return "\n".join(out)
