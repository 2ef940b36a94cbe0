"""Create a new page in both languages with the front matter the build requires.

Starting from the scaffold means a new page never fails the build for a missing review date,
and its H1 already carries the id both languages share.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from theme.sitekit import translations
from theme.sitekit.pages import TRANSLATION_SUFFIX, shown_path

PAGE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


class ScaffoldError(ValueError):
    """Bad input for the scaffold; the message is bilingual and nothing was written."""


@dataclass(frozen=True)
class NewPage:
    source: Path
    translation: Path
    nav_entry: str  # what to add under ``nav:`` in mkdocs.yml


def normalise_name(docs_dir: Path, given: str) -> str:
    """``content/pages/guides/Example.md`` style input → ``guides/example``-style name, checked."""
    name = given.strip().replace("\\", "/")
    for prefix in (shown_path(docs_dir) + "/", docs_dir.as_posix() + "/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    for suffix in (TRANSLATION_SUFFIX, ".md"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if not name:
        raise ScaffoldError(
            "PAGE is empty: give the page's path, e.g. PAGE=guides/example (請指定頁面路徑)"
        )
    if not PAGE_NAME.match(name):
        raise ScaffoldError(
            f"PAGE `{given}` must be lowercase ASCII words joined by `-`, in folders "
            "joined by `/`, e.g. PAGE=guides/seal-registration "
            "(頁面路徑只能用小寫英文字母、數字、- 與 /)"
        )
    return name


def check_title(value: str, variable: str, example: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise ScaffoldError(
            f"{variable} is empty: give the page title, e.g. {variable}={example} (請提供標題)"
        )
    return title


def page_text(title: str, heading_id: str, today: dt.date, fingerprint: str | None = None) -> str:
    """Front matter, then the H1 with its id; the writer adds the rest."""
    title_line = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000)
    record = f'{translations.RECORD_KEY}: "{fingerprint}"\n' if fingerprint else ""
    return (
        f"---\n{title_line}last_reviewed: {today.isoformat()}\n{record}---\n\n"
        f"# {title} {{ #{heading_id} }}\n\n"
    )


def create(
    docs_dir: Path, given_name: str, title_zh: str, title_en: str, today: dt.date
) -> NewPage:
    """Write ``NAME.md`` (Chinese) and ``NAME.en.md`` (English); refuse to overwrite either."""
    name = normalise_name(docs_dir, given_name)
    title_zh = check_title(title_zh, "TITLE_ZH", "範例")
    title_en = check_title(title_en, "TITLE_EN", "Example")
    source = docs_dir / f"{name}.md"
    translation = docs_dir / f"{name}{TRANSLATION_SUFFIX}"
    for path in (source, translation):
        if path.exists():
            raise ScaffoldError(
                f"{shown_path(path)} already exists; nothing was created "
                "(檔案已存在，未建立任何檔案)"
            )
    if not docs_dir.is_dir():
        raise ScaffoldError(f"{shown_path(docs_dir)} is not a folder (找不到內容資料夾)")
    parts = name.split("/")
    heading_id = parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]
    zh_text = page_text(title_zh, heading_id, today)
    # The English scaffold translates the Chinese scaffold; once the Chinese text is written,
    # i18n-status reports the English page as outdated until it is translated and marked.
    fingerprint = translations.hash_of_text(zh_text, shown_path(source))
    en_text = page_text(title_en, heading_id, today, fingerprint)
    source.parent.mkdir(parents=True, exist_ok=True)
    with source.open("x", encoding="utf-8") as handle:
        handle.write(zh_text)
    try:
        with translation.open("x", encoding="utf-8") as handle:
            handle.write(en_text)
    except OSError:
        source.unlink()
        raise
    return NewPage(source, translation, f"{name}.md")
