"""Which Chinese pages lack an English version, or changed after it was translated.

Each English page records, in its own front matter, a fingerprint of the Chinese page it was
translated from: ``translation_of: "3f2a9c1b7d4e"``. The record travels with the file (moving or
renaming a pair keeps it, two people adding different pages never edit the same file), and a
webmaster never types it: ``make i18n-status ARGS="--mark guides/birth.en.md"`` writes it after
the translation has been checked. The fingerprint covers the Chinese title and body, not the rest
of the front matter, so re-setting ``last_reviewed`` on the Chinese page does not make the
English page look outdated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from theme.sitekit import headings, pagemeta
from theme.sitekit.checks.problem import Message, Problem
from theme.sitekit.errors import ContentError
from theme.sitekit.pages import (
    Page,
    PageSet,
    source_uri,
    translation_uri,
)

RECORD_KEY = "translation_of"
OPT_OUT_KEY = "translation"
OPT_OUT_VALUE = "none"
HASH_LENGTH = 12

# Status of one Chinese page (or English page without a Chinese one), with what to do about it.
OK = "ok"
MISSING = "missing"
UNRECORDED = "unrecorded"
OUTDATED = "outdated"
NOT_NEEDED = "not-needed"
ENGLISH_ONLY = "english-only"
PROBLEMS = (MISSING, UNRECORDED, OUTDATED, ENGLISH_ONLY)

_MARK = 'make i18n-status ARGS="--mark {translation}"'
STATUS_MESSAGES = {
    MISSING: Message(
        "translation-missing",
        wrong=("缺英文版 {translation}", "the English page {translation} is missing"),
        todo=(
            "新增英文頁 {translation}，或在中文頁頁首加上 `translation: none`（只有中文）",
            "translate into {translation}, or set `translation: none` on the Chinese page",
        ),
    ),
    UNRECORDED: Message(
        "translation-unmarked",
        wrong=("英文版從未標記為已核對", "the English page was never marked as checked"),
        todo=(f"核對譯文後執行 {_MARK}", f"check the translation, then run {_MARK}"),
    ),
    OUTDATED: Message(
        "translation-outdated",
        wrong=(
            "翻譯之後，中文版 {source} 又修改過",
            "the Chinese page {source} changed after this translation",
        ),
        todo=(
            '依中文版更新英文版（make i18n-status ARGS="--diff {translation}" 列出改了什麼），'
            f"再執行 {_MARK}",
            'update the English page (make i18n-status ARGS="--diff {translation}" shows what '
            f"changed), then run {_MARK}",
        ),
    ),
    ENGLISH_ONLY: Message(
        "translation-english-only",
        wrong=("只有英文版，沒有中文頁 {source}", "there is no Chinese page {source}"),
        todo=(
            "新增中文頁 {source}（中文是網站的預設語言）",
            "add the Chinese page {source} (Chinese is the site's default language)",
        ),
    ),
}

LABELS = {
    OK: "up to date 已同步",
    MISSING: "missing 缺英文版",
    UNRECORDED: "never marked 未標記",
    OUTDATED: "outdated 中文已修改",
    NOT_NEEDED: "not needed 免翻譯",
    ENGLISH_ONLY: "English only 缺中文版",
}


@dataclass
class PairStatus:
    """The translation state of one page and its English version."""

    source: str  # Chinese page below the docs folder (may not exist for ENGLISH_ONLY)
    translation: str
    status: str
    current_hash: str | None = None
    recorded_hash: str | None = None
    heading_issues: list[Problem] = field(default_factory=list)

    @property
    def advice(self) -> str:
        """What the webmaster should do next, in both languages."""
        message = STATUS_MESSAGES.get(self.status)
        if message is None:
            return ""
        problem = message.at("", None, source=self.source, translation=self.translation)
        return f"{problem.todo_zh} / {problem.todo_en}"

    def problems(self, shown: Callable[[str], str]) -> list[Problem]:
        """The pair's status, when it needs work, and its heading differences."""
        found = list(self.heading_issues)
        message = STATUS_MESSAGES.get(self.status)
        if message is not None:
            path = shown(self.source if self.status == MISSING else self.translation)
            found.insert(0, message.at(path, 1, source=self.source, translation=self.translation))
        return found


@dataclass
class Report:
    docs_dir: Path
    pairs: list[PairStatus]
    errors: list[ContentError]

    def count(self, status: str) -> int:
        return sum(1 for pair in self.pairs if pair.status == status)

    @property
    def heading_issue_count(self) -> int:
        return sum(len(pair.heading_issues) for pair in self.pairs)

    @property
    def has_problems(self) -> bool:
        """What ``--strict`` refuses: a missing, unmarked or outdated translation, or bad ids."""
        return bool(
            self.errors
            or any(pair.status in PROBLEMS for pair in self.pairs)
            or self.heading_issue_count
        )


def source_hash(page: Page) -> str:
    """Fingerprint of what a translator translates: the title and the body, whitespace-tolerant."""
    lines = [line.rstrip() for line in page.body.splitlines()]
    body = "\n".join(lines).strip("\n")
    title = str(page.front.get("title") or "").strip()
    digest = hashlib.sha256(f"{title}\n\n{body}\n".encode()).hexdigest()
    return digest[:HASH_LENGTH]


def hash_of_text(text: str, shown: str) -> str:
    """Fingerprint of Chinese Markdown not yet saved (used by the new-page scaffold)."""
    front, front_lines = pagemeta.parse_front_matter(text, shown)
    return source_hash(Page("", shown, text, front, front_lines))


def recorded_hash(page: Page) -> str | None:
    value = page.front.get(RECORD_KEY)
    return str(value).strip() if value not in (None, "") else None


def build_report(page_set: PageSet) -> Report:
    """The status of every Chinese page and every English page, sorted by path."""
    pages = page_set.pages
    pairs: list[PairStatus] = []
    for uri, page in pages.items():
        if page.is_translation:
            # A Chinese page that cannot be read is reported by the front matter check.
            if not (page_set.docs_dir / source_uri(uri)).is_file():
                pairs.append(PairStatus(source_uri(uri), uri, ENGLISH_ONLY))
            continue
        target = translation_uri(uri)
        translated = pages.get(target)
        if translated is None:
            opted_out = str(page.meta.get(OPT_OUT_KEY, "")).strip().lower() == OPT_OUT_VALUE
            pairs.append(PairStatus(uri, target, NOT_NEEDED if opted_out else MISSING))
            continue
        current, recorded = source_hash(page), recorded_hash(translated)
        if recorded is None:
            status = UNRECORDED
        elif recorded == current:
            status = OK
        else:
            status = OUTDATED
        issues = headings.compare(
            headings.headings(page.body, page.front_lines + 1),
            page.shown,
            headings.headings(translated.body, translated.front_lines + 1),
            translated.shown,
        )
        pairs.append(PairStatus(uri, target, status, current, recorded, issues))
    pairs.sort(key=lambda pair: pair.source)
    return Report(page_set.docs_dir, pairs, list(page_set.errors))
