"""English pages are English: Chinese words carry their language, titles of Chinese-only pages
are English with the Chinese beside them, labels use ASCII punctuation.

The built site is checked whole; the build's rules (``[戶籍法]{zh}``, the unmarked-Chinese
error, ``title_en`` for ``translation: none``) on tiny projects built with the real theme.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import Tag

from tests.site.conftest import BuiltPage
from tests.site.tinybuild import HOME_ZH as GOOD_PAGE
from tests.site.tinybuild import build_pages as build
from tests.site.tinybuild import home_en
from theme.sitekit.langspans import CJK, mark_chinese_text

RAW = {"script", "style", "title"}

GOOD_PAGE_EN = home_en()


def unmarked_chinese(page: BuiltPage) -> list[str]:
    """Chinese text in the page with no ``lang="zh…"`` on it or an ancestor."""
    found = []
    for text in page.soup.find_all(string=CJK):
        parent = text.parent
        if parent is None or parent.name in RAW:
            continue
        holder = parent if parent.get("lang") else parent.find_parent(lang=True)
        if not isinstance(holder, Tag) or not str(holder.get("lang")).startswith("zh"):
            found.append(f"<{parent.name}> {text.strip()[:30]!r}")
    return found


def test_english_pages_have_no_unmarked_chinese(built_pages: list[BuiltPage]) -> None:
    english = [p for p in built_pages if p.lang == "en"]
    assert len(english) > 50
    problems = {p.rel: found for p in english if (found := unmarked_chinese(p))}
    assert not problems, problems


def test_english_labels_use_ascii_colons(built_pages: list[BuiltPage]) -> None:
    home = next(p for p in built_pages if p.rel == "en/index.html")
    footer = home.soup.select_one(".gov-footer").get_text(" ")
    assert "Address: " in footer and "Phone: " in footer and "：" not in footer
    chinese = next(p for p in built_pages if p.rel == "index.html")
    assert "地址：" in chinese.soup.select_one(".gov-footer").get_text()


def test_language_menu_names_carry_their_language(built_pages: list[BuiltPage]) -> None:
    for rel, other, lang in (("en/index.html", "zh-TW", "zh-Hant-TW"), ("index.html", "en", "en")):
        page = next(p for p in built_pages if p.rel == rel)
        item = page.soup.select_one(f'a.md-select__link[hreflang="{other}"]')
        assert item is not None and (item.get("lang") or item.span.get("lang")) == lang, rel


def test_chinese_only_page_has_an_english_title_beside_the_chinese(
    built_pages: list[BuiltPage],
) -> None:
    page = next(p for p in built_pages if p.rel.startswith("en/news/posts/2025-09-15"))
    assert page.soup.title.string.startswith("Community calligraphy and painting exhibition")
    heading = page.soup.select_one("article h1")
    english, chinese = heading.find_all("span", recursive=False)
    assert english["lang"] == "en" and english.get_text().startswith("Community calligraphy")
    assert "社區書畫聯展" in chinese.get_text()
    assert heading.find_parent(lang=True)["lang"] == "zh-Hant-TW"  # the Chinese stays marked


def test_marked_words_get_their_language(tmp_path: Path) -> None:
    page = GOOD_PAGE_EN + "\nSee the Household Registration Act ([戶籍法]{zh}).\n"
    result = build(tmp_path, {"index.md": GOOD_PAGE, "index.en.md": page})
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert '(<span lang="zh-Hant-TW">戶籍法</span>)' in html


@pytest.mark.parametrize(
    ("line", "words"),
    [("See the Household Registration Act (戶籍法).", "戶籍法"), ("Phone：(04)", "：")],
)
def test_unmarked_chinese_in_an_english_page_stops_the_build(
    tmp_path: Path, line: str, words: str
) -> None:
    english = GOOD_PAGE_EN + f"\n{line}\n"
    result = build(tmp_path, {"index.md": GOOD_PAGE, "index.en.md": english})
    assert result.returncode != 0
    message = re.search(r"content/pages/index\.en\.md:(\d+): (.*)", result.stderr)
    assert message is not None, result.stderr
    assert message[1] == str(len(english.splitlines())), "the line of the Chinese text"
    assert message[2].startswith(f"英文頁裡的中文「{words}」須標示語言")
    assert f"[{words}]{{zh}}" in message[2]


def test_chinese_only_page_without_english_title_stops_the_build(tmp_path: Path) -> None:
    only_chinese = GOOD_PAGE.replace("title: 首頁\n", "title: 首頁\ntranslation: none\n")
    result = build(tmp_path, {"index.md": only_chinese})
    assert result.returncode != 0
    assert "content/pages/index.md:3: 只有中文的頁面（translation: none）須在頁首加上 title_en" in (
        result.stderr
    )


def test_words_no_one_could_mark_are_marked_in_the_html() -> None:
    html = '<p>See <a>N加e notice</a> <span lang="zh-Hant-TW">戶籍法</span></p><title>中</title>'
    assert mark_chinese_text(html) == (
        '<p>See <a><span lang="zh-Hant-TW">N加e</span> notice</a> '
        '<span lang="zh-Hant-TW">戶籍法</span></p><title>中</title>'
    )


def test_every_unmarked_line_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    """The language rules are content checks: all their problems come in one build, beside a
    Chinese-only page without an English title, instead of the first one stopping the build."""
    english = GOOD_PAGE_EN + "\nThe 戶籍法 applies.\n\nAsk at 櫃台.\n"
    only_chinese = GOOD_PAGE.replace("title: 首頁\n", "title: 規費\ntranslation: none\n")
    result = build(
        tmp_path, {"index.md": GOOD_PAGE, "index.en.md": english, "fees.md": only_chinese}
    )
    assert result.returncode != 0
    lines = re.findall(
        r"content/pages/index\.en\.md:(\d+): 英文頁裡的中文「(\S+?)」", result.stderr
    )
    total = len(english.splitlines())
    assert lines == [(str(total - 2), "戶籍法"), (str(total), "櫃台")]
    assert "content/pages/fees.md:3: 只有中文的頁面" in result.stderr
