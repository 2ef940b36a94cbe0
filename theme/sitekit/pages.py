"""Read every content page once, with its own front matter and the folder defaults.

Front matter parsing and ``.meta.yml`` defaults come from ``theme.sitekit.pagemeta``, so the
tools judge a page exactly as the build does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from theme.sitekit import pagemeta
from theme.sitekit.errors import ContentError

DEFAULT_DOCS_DIR = Path("content/pages")
TRANSLATION_LANG = "en"
TRANSLATION_SUFFIX = f".{TRANSLATION_LANG}.md"


@dataclass(frozen=True)
class Page:
    """One Markdown file below the docs folder, parsed."""

    uri: str  # path below the docs folder, with forward slashes: ``guides/birth.en.md``
    shown: str  # path a webmaster recognises in messages: ``content/pages/guides/birth.en.md``
    text: str
    front: dict[str, Any]  # the page's own front matter
    front_lines: int
    meta: dict[str, Any] = field(default_factory=dict)  # folder defaults, then the front matter

    @property
    def is_translation(self) -> bool:
        return self.uri.endswith(TRANSLATION_SUFFIX)

    @property
    def body(self) -> str:
        """The Markdown after the front matter."""
        return "\n".join(self.text.splitlines()[self.front_lines :])


@dataclass
class PageSet:
    """All pages found, and the content errors met while reading them."""

    docs_dir: Path
    pages: dict[str, Page] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)


def shown_path(path: Path) -> str:
    """The path relative to the working folder when it is inside it, for readable messages."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative.replace(os.sep, "/")


def source_uri(translation_uri: str) -> str:
    """``guides/birth.en.md`` → ``guides/birth.md``."""
    return translation_uri[: -len(TRANSLATION_SUFFIX)] + ".md"


def translation_uri(source: str) -> str:
    """``guides/birth.md`` → ``guides/birth.en.md``."""
    return source[: -len(".md")] + TRANSLATION_SUFFIX


def iter_markdown(docs_dir: Path) -> Iterator[str]:
    """Every ``.md`` file below ``docs_dir`` as a sorted forward-slash path."""
    found = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md") if p.is_file()]
    yield from sorted(found)


def read_page(docs_dir: Path, uri: str, cache: dict[Path, dict[str, Any]]) -> Page:
    """Parse one page; raises ``ContentError`` naming file and line when it is malformed."""
    path = docs_dir / uri
    shown = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(shown, "is not saved as UTF-8 text (請以 UTF-8 編碼存檔)") from None
    text = text.replace("\r\n", "\n")
    try:
        front, front_lines = pagemeta.parse_front_matter(text, shown)
    except ValueError as error:  # PyYAML raises ValueError, not YAMLError, for 2026-13-01
        raise pagemeta.impossible_date(text, shown, error) from None
    try:
        defaults = pagemeta.folder_defaults(docs_dir, uri, cache)
    except ValueError as error:
        raise ContentError(
            shown,
            f"a {pagemeta.META_FILE} folder file above this page has a date that does not exist "
            f"({error}) (資料夾設定的日期不存在)",
        ) from None
    return Page(uri, shown, text, front, front_lines, {**defaults, **front})


def load(docs_dir: Path) -> PageSet:
    """Read every page, collecting errors instead of stopping at the first."""
    result = PageSet(docs_dir)
    cache: dict[Path, dict[str, Any]] = {}
    for uri in iter_markdown(docs_dir):
        try:
            result.pages[uri] = read_page(docs_dir, uri, cache)
        except ContentError as error:
            result.errors.append(error)
    return result
