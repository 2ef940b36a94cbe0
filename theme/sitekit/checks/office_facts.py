"""Office facts are written as shortcodes, never typed: another office that adopts the site
changes ``content/data/office.yml`` once, and no page keeps the old phone number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from theme.sitekit import office
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.markdown_text import prose_lines
from theme.sitekit.checks.problem import Message, Problem
from theme.sitekit.errors import ContentError

# The facts to look for, by shortcode.
KEYS = ("phone", "phone_display", "fax", "email", "address", "name")

TYPED_FACT = Message(
    "office-fact-typed",
    wrong=(
        "機關資料「{value}」直接寫在頁面中",
        "the office fact `{value}` is typed into the page",
    ),
    todo=(
        "改用簡碼 `{{{{ office.{key} }}}}`，資料只寫在 content/data/office.yml",
        "write the shortcode `{{{{ office.{key} }}}}` instead; the fact lives in "
        "content/data/office.yml",
    ),
)


def check(content: Content) -> Iterator[Problem]:
    path = content.root / content.extra.get("office_file", "content/data/office.yml")
    facts = _facts(path)
    if not facts:
        return
    for page in content.pages.values():
        for number, line in prose_lines(page.body, page.front_lines + 1):
            for value, key in facts:
                if value in line:
                    yield TYPED_FACT.at(page.shown, number, value=value, key=key)


def _facts(path: Path) -> list[tuple[str, str]]:
    """(text, key) of each fact in both languages; none when office.yml cannot be read (the
    site hooks report that)."""
    try:
        raw = office.load(path)
    except ContentError:
        return []
    found: dict[str, str] = {}
    for lang in office.LANGUAGES:
        localized = office.localize(raw, lang)
        for key in KEYS:
            value = localized.get(key)
            if isinstance(value, str) and len(value.strip()) >= 6:
                found.setdefault(value.strip(), key)
    return sorted(found.items())
