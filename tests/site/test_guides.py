"""Every application guide (申辦須知) has the same sections in both languages on the built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
GUIDES = sorted(
    path.stem
    for path in (ROOT / "content" / "pages" / "guides").glob("*.md")
    if not path.name.endswith(".en.md") and path.stem != "index"
)
REQUIRED_ORDER = [
    "who-and-when",
    "where-and-when",
    "what-to-bring",
    "fees",
    "processing-time",
    "legal-basis",
    "forms",
    "related-qa",
]
ARTICLE = {"zh-TW": re.compile(r"第\s*\d+\s*條"), "en": re.compile(r"Article|Articles|Art\.")}


def _sections(site_dir: Path, lang: str, guide: str) -> tuple[list[str], BeautifulSoup]:
    prefix = "" if lang == "zh-TW" else "en/"
    html = (site_dir / f"{prefix}guides/{guide}/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    return [h2["id"] for h2 in soup.select("article h2[id]")], soup


def test_there_are_at_least_eighteen_guides() -> None:
    assert len(GUIDES) >= 18, GUIDES


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
@pytest.mark.parametrize("guide", GUIDES)
def test_guide_has_every_section_in_order(site_dir: Path, guide: str, lang: str) -> None:
    ids, soup = _sections(site_dir, lang, guide)
    assert soup.select_one(".gov-fallback") is None, f"{guide} has no {lang} translation"
    present = [section for section in ids if section in REQUIRED_ORDER]
    assert present == REQUIRED_ORDER, f"{lang} {guide}: sections {ids}"
    if "booking" in ids:  # bookable services only, between the forms and the related questions
        assert ids.index("forms") < ids.index("booking") < ids.index("related-qa")


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
@pytest.mark.parametrize("guide", GUIDES)
def test_legal_basis_names_articles_and_links_resolve(
    site_dir: Path, guide: str, lang: str
) -> None:
    _, soup = _sections(site_dir, lang, guide)
    heading = soup.select_one("article h2#legal-basis")
    text = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        text.append(sibling.get_text(" "))
    assert ARTICLE[lang].search(" ".join(text)), f"{lang} {guide}: no article number in legal basis"
    forms = soup.select_one("article h2#forms")
    links = []
    for sibling in forms.find_next_siblings():
        if sibling.name == "h2":
            break
        links += [a["href"] for a in sibling.select("a[href]")]
    for href in links:
        if "forms/" in href:
            assert "#" in href, f"{lang} {guide}: forms link without the form's anchor: {href}"
