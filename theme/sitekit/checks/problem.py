"""One content problem: where it is, what is wrong and what to do, in Chinese and English.

Every check of the build (``theme.sitekit.checks``) reports ``Problem`` values made from
``Message`` constants, so each message is written once, with its advice, and
``tests/scripts/test_docs.py`` can find every one of them and ask that docs/webmaster.md
explains it. Errors raised by the older hooks (``ContentError``, one bilingual sentence) become
problems too, so the summary block lists everything the same way.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from theme.sitekit.errors import ContentError

GUIDE = "docs/webmaster.md"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# "English words (中文說明)" or "中文 / English": how the hooks' older messages are written.
_CHINESE_IN_BRACKETS = re.compile(r"\s*[(（]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]")
# "中文 / English": split at the first " / "; a path such as content/data/villages.yml may sit in
# the Chinese part.
_CHINESE_THEN_ENGLISH = re.compile(
    r"^(?P<zh>(?:(?!\s/\s).)*[\u3400-\u9fff](?:(?!\s/\s).)*?)\s+/\s+(?P<en>.+)$", re.S
)


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake in one file, at one line when known (0 when not)."""

    path: str
    line: int
    code: str
    wrong_zh: str
    wrong_en: str
    todo_zh: str = ""
    todo_en: str = ""

    @property
    def where(self) -> str:
        if not self.path:
            return "(建置訊息 build message)"
        return f"{self.path}:{self.line}" if self.line else self.path

    def one_line(self) -> str:
        """``file:line: 中文 / English``: for logs and stock ``mkdocs build`` output."""
        text = f"{self.wrong_zh} / {self.wrong_en}" if self.wrong_zh else self.wrong_en
        todo = f"{self.todo_zh} / {self.todo_en}" if self.todo_zh else self.todo_en
        return f"{self.where}: {text}" + (f" → {todo}" if todo else "")


@dataclass(frozen=True)
class Message:
    """A check's message: ``wrong`` and ``todo`` are (Chinese, English) ``str.format`` texts."""

    code: str
    wrong: tuple[str, str]
    todo: tuple[str, str]

    def at(self, path: str, line: int | None, /, **values: object) -> Problem:
        zh, en = (text.format(**values) for text in self.wrong)
        todo_zh, todo_en = (text.format(**values) for text in self.todo)
        return Problem(path, line or 0, self.code, zh, en, todo_zh, todo_en)


# Advice for the hooks' own errors, whose sentence already says what is wrong.
SEE_GUIDE = (
    f"依訊息修正；各訊息的說明見 {GUIDE}〈建置錯誤與處理方式〉",
    f"fix it as the message says; {GUIDE} (Build errors) explains every message",
)


def from_error(error: ContentError) -> Problem:
    """A hook's ``ContentError`` as a problem, its Chinese part first."""
    message = str(error)
    prefix = f"{error.path}:{error.line}: " if error.line else f"{error.path}: "
    text = message.removeprefix(prefix)
    zh, en = split_languages(text)
    return Problem(_relative(error.path), error.line or 0, "build-error", zh, en, *SEE_GUIDE)


def _relative(path: str) -> str:
    """A path inside the working folder as ``content/...``: what the webmaster (and GitHub's
    annotations) know it by."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def split_languages(text: str) -> tuple[str, str]:
    """("中文", "English") from a sentence written "English (中文)" or "中文 / English"."""
    both = _CHINESE_THEN_ENGLISH.match(text)
    if both:
        return both["zh"].strip(), both["en"].strip()
    bracket = _CHINESE_IN_BRACKETS.search(text)
    if bracket:
        english = (text[: bracket.start()] + text[bracket.end() :]).strip()
        return bracket.group(1).strip(), english
    return ("", text.strip()) if not CJK.search(text) else (text.strip(), "")
