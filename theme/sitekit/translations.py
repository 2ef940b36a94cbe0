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
from dataclasses import dataclass, field
from pathlib import Path

from theme.sitekit import headings, pagemeta
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
    heading_issues: list[headings.HeadingIssue] = field(default_factory=list)

    @property
    def advice(self) -> str:
        """What the webmaster should do next, in both languages."""
        mark = f'make i18n-status ARGS="--mark {self.translation}"'
        return {
            OK: "",
            MISSING: f"translate into {self.translation}, or set `translation: none` "
            "(請新增英文版，或設定免翻譯)",
            UNRECORDED: f"check the translation, then {mark} (確認譯文後標記)",
            OUTDATED: f"the Chinese page changed: update {self.translation}, then {mark} "
            "(中文版已修改，請更新英文版後標記)",
            NOT_NEEDED: "",
            ENGLISH_ONLY: f"add the Chinese page {self.source} (請新增中文版)",
        }[self.status]


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
            if source_uri(uri) not in pages:
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
