"""English pages are English: Chinese words in them are marked ``[戶籍法]{zh}``, so screen
readers read them in Chinese, and English text uses ASCII punctuation (theme/sitekit/langspans.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from theme.sitekit import langspans
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Message, Problem

UNMARKED = Message(
    "lang-zh",
    wrong=(
        "英文頁裡的中文「{words}」須標示語言，螢幕報讀軟體才會以中文讀出",
        "Chinese in an English page must be marked so screen readers read it in Chinese",
    ),
    todo=(
        "請寫成 [{words}]{{zh}}；全形標點請改用半形",
        "write [{words}]{{zh}}; use ASCII punctuation for English",
    ),
)


def check(content: Content) -> Iterator[Problem]:
    for page in content.pages.values():
        if not page.is_translation:
            continue
        for line, words in langspans.unmarked_chinese(page.body, page.front_lines):
            yield UNMARKED.at(page.shown, line, words=words)
