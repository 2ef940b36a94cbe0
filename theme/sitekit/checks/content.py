"""What the checks look at: the pages of ``content/pages`` (read once) and the site settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from theme.sitekit import pages
from theme.sitekit.pages import Page, PageSet


@dataclass
class Content:
    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    extra: dict[str, Any] = field(default_factory=dict)  # mkdocs.yml's ``extra:``

    @cached_property
    def page_set(self) -> PageSet:
        return pages.load(self.docs_dir)

    @property
    def pages(self) -> dict[str, Page]:
        return self.page_set.pages

    def shown(self, uri: str) -> str:
        """``guides/birth.md`` → ``content/pages/guides/birth.md`` (as a webmaster sees it)."""
        return pages.shown_path(self.docs_dir / uri)

    def files(self, *extensions: str) -> list[Path]:
        """Every file below the docs folder ending in one of ``extensions`` (".pdf"), sorted."""
        wanted = tuple(ext.lower() for ext in extensions)
        return sorted(
            path
            for path in self.docs_dir.rglob("*")
            if path.is_file() and path.name.lower().endswith(wanted)
        )
