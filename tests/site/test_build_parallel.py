"""The fast build writes the same site as the stock one.

``scripts/parallel_build.py`` builds each language in its own process instead of letting
mkdocs-static-i18n build them one after the other; ``navigation.prune`` renders only the open
part of the menu; ``theme/sitekit/navcache.py`` renders each closed top-level menu section once
per group of pages. On a small generated corpus (real theme, hooks and config; nested sections,
untranslated pages, links to anchors) this checks that every page is byte-identical to the
sequential build's without the menu cache, that the sitemap and the language switch stay
complete, and that the pruned menu only leaves out links that the stock menu hides in closed
sections.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from scripts.site_corpus import make_corpus
from tests.site import tinybuild
from theme.sitekit.navcache import SWITCH

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The stock flow renders en/404.html with the language links of the last Chinese page it built
# (static-i18n leaves config.extra.alternate set from that page); the parallel build links the
# two home pages. Checked on its own in test_english_404_links_the_home_pages.
STOCK_BUGS = {"en/404.html"}


def _run(corpus: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """Build from inside the corpus folder, so its own ``theme`` package is imported."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=corpus.parent,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "site-src"
    return make_corpus(folder, 0, sections=2, subsections=3, untranslated_every=3)


@pytest.fixture(scope="module")
def sequential(corpus: Path) -> Path:
    """Stock: ``mkdocs build --strict``, static-i18n building the languages in turn, and every
    page's menu rendered in full (no menu cache)."""
    out = corpus.parent / "sequential"
    command = ("-m", "mkdocs", "build", "--strict", "-f", str(corpus), "-d", str(out))
    _run(corpus, *command, env={SWITCH: "0"})
    return out


@pytest.fixture(scope="module")
def parallel(corpus: Path) -> Path:
    out = corpus.parent / "parallel"
    _run(corpus, "-m", "scripts.parallel_build", "--strict", "-q", "--site-dir", str(out))
    return out


@pytest.fixture(scope="module")
def unpruned(corpus: Path) -> Path:
    """The stock menu: the same corpus built without ``navigation.prune``."""
    text = corpus.read_text(encoding="utf-8")
    assert "navigation.prune" in text, "mkdocs.yml should enable navigation.prune"
    config = corpus.with_name("mkdocs-unpruned.yml")
    config.write_text(re.sub(r"\n\s*- navigation\.prune[^\n]*", "", text), encoding="utf-8")
    out = corpus.parent / "unpruned"
    _run(corpus, "-m", "scripts.parallel_build", "-q", "-f", str(config), "--site-dir", str(out))
    return out


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _pages(site: Path) -> list[str]:
    return sorted(f for f in _files(site) if f.endswith("index.html"))


def _handbook(site: Path) -> list[str]:
    """The generated pages (their sources are known): zh-TW under handbook/, English under en/."""
    return [p for p in _pages(site) if p.startswith(("handbook/", "en/handbook/"))]


def _url(page: str) -> str:
    return "/" + page.removesuffix("index.html")


def _nav_links(site: Path, page: str) -> set[str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None, f"{page} has no menu"
    return {urljoin(_url(page), a["href"]).split("#")[0] for a in nav.select("a[href]")}


def test_parallel_writes_the_same_files(sequential: Path, parallel: Path) -> None:
    assert _files(parallel) == _files(sequential)
    assert len(_handbook(parallel)) == 40  # 20 generated pages per language


def test_every_page_is_byte_identical(sequential: Path, parallel: Path) -> None:
    different = [
        name
        for name in sorted(_files(sequential) - STOCK_BUGS)
        if (sequential / name).read_bytes() != (parallel / name).read_bytes()
    ]
    assert different == []


def test_english_404_links_the_home_pages(parallel: Path) -> None:
    soup = BeautifulSoup((parallel / "en" / "404.html").read_text(encoding="utf-8"), "lxml")
    assert soup.html["lang"] == "en"
    switch = {
        a["hreflang"]: urljoin("/en/404.html", a["href"])
        for a in soup.select("a.md-select__link[hreflang]")
    }
    assert switch == {"zh-TW": "/", "en": "/en/"}


def test_sitemap_lists_both_languages_with_alternates(parallel: Path) -> None:
    xml = (parallel / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<url>(.*?)</url>", xml, re.DOTALL)
    for page in _handbook(parallel):
        assert f"<loc>https://south-hro.example.gov.tw{_url(page)}</loc>" in xml, page
    english = [u for u in urls if "<loc>https://south-hro.example.gov.tw/en/" in u]
    assert 0 < len(english) < len(urls)
    for entry in urls:
        assert 'hreflang="zh-TW"' in entry and 'hreflang="en"' in entry


def test_language_switch_and_fallback_notice(parallel: Path, corpus: Path) -> None:
    docs = corpus.parent / "content" / "pages"
    untranslated = [
        p.relative_to(docs).as_posix()
        for p in docs.rglob("page-*.md")
        if not p.name.endswith(".en.md") and not p.with_suffix(".en.md").exists()
    ]
    assert untranslated, "the corpus should have pages without English"
    for page in _handbook(parallel):
        if not page.startswith("en/"):
            continue
        soup = BeautifulSoup((parallel / page).read_text(encoding="utf-8"), "lxml")
        switch = {
            a["hreflang"]: urljoin(_url(page), a["href"])
            for a in soup.select("a.md-select__link[hreflang]")
        }
        assert switch == {"zh-TW": _url(page)[3:], "en": _url(page)}, page
        src = page.removeprefix("en/").removesuffix("/index.html") + ".md"
        notice = soup.select_one(".gov-fallback")
        assert (notice is not None) == (src in untranslated), page


def test_pruned_menu_only_drops_links_inside_closed_sections(
    parallel: Path, unpruned: Path
) -> None:
    every_pruned: set[str] = set()
    every_full: set[str] = set()
    handbook = set(_handbook(parallel))
    for page in _pages(parallel):
        pruned, full = _nav_links(parallel, page), _nav_links(unpruned, page)
        assert pruned <= full, page
        if page in handbook:
            assert _url(page) in pruned, f"{page}: its own menu entry is missing"
            folder = _url(page).rsplit("/", 2)[0]
            siblings = {link for link in full if link.rsplit("/", 2)[0] == folder}
            assert siblings <= pruned, f"{page}: pages of its own section are missing"
        every_pruned |= pruned
        every_full |= full
    assert every_pruned == every_full


# --- make preview (scripts/preview.py) -------------------------------------------------------


@pytest.fixture
def preview(corpus: Path) -> Iterator[str]:
    with tinybuild.preview(corpus.parent, ready_timeout=240) as url:
        yield url


@pytest.mark.slow
def test_preview_serves_a_saved_page_with_the_full_menu(preview: str, corpus: Path) -> None:
    docs = corpus.parent / "content" / "pages" / "handbook" / "registration" / "sub-01"
    edited = docs / "page-001.md"
    original = edited.read_text(encoding="utf-8")
    url = f"{preview}/handbook/registration/sub-01/page-001/"
    sibling_url = f"{preview}/handbook/registration/sub-01/page-002/"
    old_title = re.search(r'title: "(.*)"', original)[1]
    tinybuild.wait_for(url, old_title, 240)
    try:
        edited.write_text(original + "\n\npreview-marker-one\n", encoding="utf-8")
        body = tinybuild.wait_for(url, "preview-marker-one", 60)
        menu = BeautifulSoup(body, "lxml").select_one("nav.md-nav--primary")
        titles = [a.get_text(" ", strip=True) for a in menu.select("a.md-nav__link")]
        assert "None" not in titles and "" not in titles  # other pages keep their titles
        assert any(t.startswith("出生與認領申辦須知") for t in titles if old_title not in t)

        edited.write_text(original.replace(old_title, "改過的標題"), encoding="utf-8")
        tinybuild.wait_for(url, "改過的標題", 60)
        # A new title reaches the menus of the other pages too.
        tinybuild.wait_for(sibling_url, "改過的標題", 60)
    finally:
        edited.write_text(original, encoding="utf-8")
