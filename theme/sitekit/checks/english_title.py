"""A Chinese-only page (``translation: none``) names its English title: the English site shows
its Chinese text under that title (theme/sitekit/fallback.py), with the Chinese one beside it."""

from __future__ import annotations

from collections.abc import Iterator

from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Message, Problem

NO_ENGLISH_TITLE = Message(
    "title-en",
    wrong=(
        "只有中文的頁面（translation: none）須在頁首加上 title_en: 英文標題，英文網站會顯示"
        "英文標題並附上中文標題",
        "a Chinese-only page needs `title_en:`, its English title, which the English site shows "
        "with the Chinese title beside it",
    ),
    todo=(
        '加上 `title_en: "English title"`（含 `:` 時加引號）',
        "Add `title_en:`, in quotes when it contains `:`",
    ),
)


def check(content: Content) -> Iterator[Problem]:
    for page in content.pages.values():
        if page.is_translation or str(page.meta.get("translation", "")).strip() != "none":
            continue
        if str(page.meta.get("title_en") or "").strip():
            continue
        front = page.text.splitlines()[: page.front_lines]
        line = next((n for n, text in enumerate(front, 1) if text.startswith("translation:")), 1)
        yield NO_ENGLISH_TITLE.at(page.shown, line)
