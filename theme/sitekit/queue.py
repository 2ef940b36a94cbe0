"""The live queue board (線上叫號) on the site's pages, rendered at build time from
``content/data/queue.yml`` with the backend's own loader and markup (forms_lambda), so the page
shows exactly the counters and services the backend calls.

The board is rendered with blank figures: ``queue.js`` fills the same cells in from
``/api/queue`` while the page is visible, and without JavaScript a notice links to the
backend's plain page. A page asks for it with ``<!-- hro-queue: board -->`` (the full board)
or ``<!-- hro-queue: panel -->`` (the compact one for the home page).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from forms_lambda.api.queue_html import BOARD_JSON, BOARD_PAGES, WORDS, board_html
from forms_lambda.domain.queue import blank_board
from forms_lambda.domain.queue_config import QueueConfig, QueueConfigError, load_queue_config
from theme.sitekit.errors import ContentError

MARKER = re.compile(r"<!--\s*hro-queue:\s*([A-Za-z0-9_-]*)\s*-->")
KINDS = ("board", "panel")


def load(path: Path, shown: str) -> QueueConfig:
    """Read and check queue.yml; a mistake stops the build naming the file and line."""
    try:
        return load_queue_config(path)
    except FileNotFoundError:
        raise ContentError(shown, "找不到叫號設定檔 / the queue file is missing") from None
    except QueueConfigError as error:
        raise ContentError(
            shown, f"叫號設定有誤 / the queue settings are wrong: {error.message}", error.line
        ) from None


def board(config: QueueConfig, lang: str, kind: str) -> str:
    w = WORDS[lang]
    html = board_html(blank_board(config), lang, compact=kind == "panel", live=BOARD_JSON)
    nojs = (
        f'<noscript><p class="hro-queue__nojs">{escape(w["nojs"])} '
        f'<a href="{escape(BOARD_PAGES[lang])}">{escape(w["nojs_link"])}</a>'
        f"{'。' if lang == 'zh-TW' else '.'}</p></noscript>"
    )
    return _with_notice(html, nojs)


def _with_notice(html: str, notice: str) -> str:
    """The no-JavaScript notice right after the state line (inside the board)."""
    head, separator, tail = html.partition('<p class="hro-queue__updated"')
    return f"{head}{notice}{separator}{tail}"


def expand(markdown: str, config: QueueConfig, lang: str, src: str, line_offset: int = 0) -> str:
    """Replace each marker with the board; an unknown kind stops the build at its line."""

    def replace(match: re.Match[str]) -> str:
        kind = match.group(1)
        if kind not in KINDS:
            line = line_offset + markdown.count("\n", 0, match.start()) + 1
            raise ContentError(
                src,
                f"未知的叫號區塊 {kind!r}，可用：{', '.join(KINDS)} / "
                f"unknown queue block {kind!r}; use one of: {', '.join(KINDS)}",
                line,
            )
        return f"\n\n{board(config, lang, kind)}\n\n"

    return MARKER.sub(replace, markdown)
