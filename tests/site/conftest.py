"""The built pages of the real site, parsed once, for the HTML, accessibility and convention tests.

Pages are found on disk (not from a fixed list), so every page a writer adds is checked too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LANG = "zh-TW"
OTHER_LANG = "en"
HTML_LANG = {"zh-TW": "zh-Hant-TW", "en": "en"}
# Pages that are not content pages: no translation pair, no last-updated date.
SPECIAL_PAGES = {"404.html"}


@dataclass
class BuiltPage:
    """One HTML file of build/site, with the facts tests need about it."""

    site_dir: Path
    rel: str  # path inside the site, e.g. "en/guides/birth/index.html"
    _soup: BeautifulSoup | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.site_dir / self.rel

    @property
    def url(self) -> str:
        """The URL path the page is served at: /guides/birth/ or /404.html."""
        if self.rel == "index.html":
            return "/"
        if self.rel.endswith("/index.html"):
            return "/" + self.rel.removesuffix("index.html")
        return "/" + self.rel

    @property
    def lang(self) -> str:
        return OTHER_LANG if self.rel.startswith(f"{OTHER_LANG}/") else DEFAULT_LANG

    @property
    def is_special(self) -> bool:
        return self.rel.removeprefix(f"{OTHER_LANG}/") in SPECIAL_PAGES

    def url_in(self, lang: str) -> str:
        """The same page's URL path in ``lang``."""
        bare = self.url.removeprefix(f"/{OTHER_LANG}/") if self.lang == OTHER_LANG else self.url
        bare = bare.removeprefix("/")
        return "/" + bare if lang == DEFAULT_LANG else f"/{OTHER_LANG}/" + bare

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.path.read_text(encoding="utf-8"), "lxml")


def url_to_file(site_dir: Path, url_path: str) -> Path:
    """The file a static server sends for ``url_path`` (directory URLs get index.html)."""
    relative = url_path.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    target = site_dir / relative
    return target / "index.html" if url_path.endswith("/") or target.is_dir() else target


@pytest.fixture(scope="session")
def built_pages(site_dir: Path) -> list[BuiltPage]:
    """Every HTML page of the built site, in a stable order."""
    pages = [
        BuiltPage(site_dir, path.relative_to(site_dir).as_posix())
        for path in sorted(site_dir.rglob("*.html"))
    ]
    assert pages, f"no HTML pages in {site_dir}"
    return pages


@pytest.fixture(scope="session")
def content_pages(built_pages: list[BuiltPage]) -> list[BuiltPage]:
    """The pages written by webmasters (everything but 404.html)."""
    return [page for page in built_pages if not page.is_special]
