"""A throw-away ``content/pages`` tree per test, filled from the paired files in ``data/``.

Like fastapi's translation-fixer tests: each case is a Chinese page and an English page on disk,
the CLI runs over them, and the test checks the exit status, the output and the files.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
META = "review_in: 6 months\nlast_reviewed: 2026-11-20\nowner: 行政課\n"


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty docs folder with the same folder defaults as the real site.

    The test runs inside ``tmp_path`` so messages name ``content/pages/...`` as on a real site.
    """
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content" / "pages"
    folder.mkdir(parents=True)
    (folder / ".meta.yml").write_text(META, encoding="utf-8")
    return folder


@pytest.fixture
def write(docs: Path) -> Callable[[str, str], Path]:
    """Write a page below the docs folder: ``write("guides/birth.md", text)``."""

    def _write(uri: str, text: str) -> Path:
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def pair(docs: Path) -> Callable[[str, str | None], tuple[Path, Path]]:
    """Copy ``data/headings/zh.md`` and an English variant in as ``guides/birth{,.en}.md``."""

    def _pair(english: str | None = "en_ok.md", chinese: str = "zh.md") -> tuple[Path, Path]:
        target = docs / "guides"
        target.mkdir(exist_ok=True)
        source = target / "birth.md"
        shutil.copyfile(DATA / "headings" / chinese, source)
        translation = target / "birth.en.md"
        if english:
            shutil.copyfile(DATA / "headings" / english, translation)
        return source, translation

    return _pair
