"""最新消息 / News: the post loader, the pagination, the Atom feed writer, and the built site.

Unit tests write posts into a temporary docs folder and call ``theme.sitekit.news`` directly.
Site tests read the real build (``site_dir``): list pages newest first and linked, the archive
complete, each feed valid against RFC 4287's RELAX NG schema (``schemas/atom.rng``) and holding
only its language's posts, post pages dated in the right calendar. Two small real builds check
that a bad post stops MkDocs naming file and line, and that the generated list pages come out the
same from the stock i18n build and from ``scripts.parallel_build``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.site.conftest import ROOT, url_to_file
from theme.sitekit import atom, news
from theme.sitekit.errors import ContentError

DOCS = ROOT / "content" / "pages"
SCHEMA = Path(__file__).parent / "schemas" / "atom.rng"
ATOM = {"a": atom.ATOM_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE_URL = "https://south-hro.example.gov.tw/"
ORIGIN = "http://site.test"
EN_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _post(title: str, day: str, extra: str = "", body: str = "內文第一段。") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{extra}---\n\n{body}\n"


def _write(docs: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = docs / "news" / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return docs


def _pair(slug: str, day: str, **extra: str) -> dict[str, str]:
    front = "".join(f"{key}: {value}\n" for key, value in extra.items())
    return {
        f"{day}-{slug}.md": _post(f"消息 {slug}", day, front),
        f"{day}-{slug}.en.md": _post(f"News {slug}", day, front, "First paragraph."),
    }


def _many(count: int, *, english_every: int = 1, year: int = 2026) -> dict[str, str]:
    """``count`` Chinese posts on consecutive days; every ``english_every``-th has English."""
    files: dict[str, str] = {}
    start = dt.date(year, 1, 1)
    for n in range(count):
        day = (start + dt.timedelta(days=n)).isoformat()
        if n % english_every == 0:
            files.update(_pair(f"post-{n:02d}", day))
        else:
            extra = f"translation: none\ntitle_en: News {n}\n"  # Chinese-only: an English title
            files[f"{day}-post-{n:02d}.md"] = _post(f"消息 {n}", day, extra)
    return files


# --- loader --------------------------------------------------------------------------------


def test_loader_reads_both_languages_newest_first(tmp_path: Path) -> None:
    files = {
        **_pair("older", "2025-03-01", category="便民服務"),
        **_pair("newer", "2026-02-01", category="Events", summary="Short summary"),
        "2026-01-15-chinese-only.md": _post("只有中文", "2026-01-15", "translation: none\n"),
    }
    collection = news.load(_write(tmp_path, files), shown_root="content/pages")
    zh = collection.of("zh-TW")
    en = collection.of("en")
    assert [p.slug for p in zh] == [
        "2026-02-01-newer",
        "2026-01-15-chinese-only",
        "2025-03-01-older",
    ]
    assert [p.slug for p in en] == ["2026-02-01-newer", "2025-03-01-older"]
    assert zh[0].category == "event" and zh[0].category_name("zh-TW") == "活動"
    assert en[1].category_name("en") == "Services"
    assert en[0].summary == "Short summary"
    assert zh[1].summary == "內文第一段。"  # no summary: the first paragraph
    assert en[0].shown == "content/pages/news/posts/2026-02-01-newer.en.md"
    assert collection.years() == [2026, 2025]


def test_shortcodes_in_titles_are_expanded_with_their_line(tmp_path: Path) -> None:
    files = {
        "2026-01-02-office.md": _post(
            '"{{ office.name }}公告"', "2026-01-02", "translation: none\n"
        )
    }

    calls: list[tuple[str, int]] = []

    def expand(text: str, lang: str, shown: str, line: int) -> str:
        assert lang == "zh-TW" and shown.endswith("2026-01-02-office.md")
        calls.append((text, line))
        return text.replace("{{ office.name }}", "南區戶政")

    collection = news.load(_write(tmp_path, files), expand=expand)
    assert collection.of("zh-TW")[0].title == "南區戶政公告"
    assert calls == [("{{ office.name }}公告", 2), ("內文第一段。", 7)]  # title, derived summary


BAD_POSTS: dict[str, tuple[str, str, int | None, str]] = {
    # case: (file name, content, line, words of the message)
    "missing date": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ntranslation: none\n---\n\n內文\n",
        1,
        "needs `date: YYYY-MM-DD`",
    ),
    "date not a date": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ndate: 3 March 2026\ntranslation: none\n---\n\n內文\n",
        3,
        "must be a date written YYYY-MM-DD",
    ),
    "date with a time": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ndate: 2026-03-01 09:00:00\ntranslation: none\n---\n\n內文\n",
        3,
        "must be a date written YYYY-MM-DD",
    ),
    "impossible date": (
        "2026-02-28-x.md",
        "---\ntitle: 標題\ntranslation: none\ndate: 2026-02-30\n---\n\n內文\n",
        4,
        "is not a real date",
    ),
    "date differs from file name": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ndate: 2026-03-02\ntranslation: none\n---\n\n內文\n",
        3,
        "differs from the date in the file name (2026-03-01)",
    ),
    "missing title": (
        "2026-03-01-x.md",
        "---\ndate: 2026-03-01\ntranslation: none\n---\n\n內文\n",
        1,
        "needs a `title:`",
    ),
    "empty title": (
        "2026-03-01-x.md",
        "---\ndate: 2026-03-01\ntitle:\ntranslation: none\n---\n\n內文\n",
        3,
        "needs a `title:`",
    ),
    "unknown category": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ndate: 2026-03-01\ncategory: 八卦\ntranslation: none\n---\n\n內文\n",
        4,
        "unknown news category `八卦`",
    ),
    "updated before date": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ndate: 2026-03-01\nupdated: 2026-02-01\ntranslation: none\n---\n\n內文\n",
        4,
        "is before `date: 2026-03-01`",
    ),
    "heading in the body": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ndate: 2026-03-01\ntranslation: none\n---\n\n內文\n\n# 標題 { #x }\n",
        9,
        "page heading is made from its `title:`",
    ),
    "bad file name": (
        "20260301-Saturday.md",
        "---\ntitle: 標題\ndate: 2026-03-01\ntranslation: none\n---\n\n內文\n",
        None,
        "file name must be YYYY-MM-DD-slug.md",
    ),
    "no English and no opt-out": (
        "2026-03-01-x.md",
        "---\ntitle: 標題\ndate: 2026-03-01\n---\n\n內文\n",
        None,
        "has no English version: add 2026-03-01-x.en.md",
    ),
}


@pytest.mark.parametrize("case", BAD_POSTS, ids=list(BAD_POSTS))
def test_a_bad_post_names_its_file_and_line(tmp_path: Path, case: str) -> None:
    name, content, line, words = BAD_POSTS[case]
    _write(tmp_path, {name: content})
    with pytest.raises(ContentError) as caught:
        news.load(tmp_path)
    error = caught.value
    shown = f"content/pages/news/posts/{name}"
    assert error.path == shown
    assert error.line == line
    message = str(error)
    assert message.startswith(f"{shown}:{line}: " if line else f"{shown}: ")
    assert words in message
    assert re.search(r"[\u4e00-\u9fff]", message), "the message must also be in Chinese"


def test_english_post_without_chinese_post_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, {"2026-03-01-lonely.en.md": _post("Lonely", "2026-03-01")})
    with pytest.raises(ContentError, match=r"lonely\.en\.md: this English post has no Chinese"):
        news.load(tmp_path)


def test_opt_out_and_english_file_together_are_refused(tmp_path: Path) -> None:
    files = _pair("both", "2026-03-01")
    files["2026-03-01-both.md"] = _post("兩者", "2026-03-01", "translation: none\n")
    _write(tmp_path, files)
    with pytest.raises(ContentError, match=r"says `translation: none` but 2026-03-01-both\.en\.md"):
        news.load(tmp_path)


def test_summary_falls_back_to_plain_first_paragraph() -> None:
    body = (
        "\n## 標題 { #a }\n\n請看[結婚登記](../../guides/marriage.md)，**務必**帶 `印章`。\n"
        "第二行。\n\n下一段。"
    )
    assert news.first_paragraph(body) == "請看結婚登記，務必帶 印章。 第二行。"
    assert news.first_paragraph("x" * 300, limit=10) == "x" * 9 + "…"


# --- pagination ----------------------------------------------------------------------------


def _resolve(page_url: str, href: str) -> str:
    return urlsplit(urljoin(f"{ORIGIN}/{page_url}", href)).path.lstrip("/")


def test_pages_hold_ten_posts_each_and_every_language_has_the_same_count(tmp_path: Path) -> None:
    collection = news.load(_write(tmp_path, _many(23, english_every=4)))
    assert len(collection.of("zh-TW")) == 23 and len(collection.of("en")) == 6
    assert collection.page_count == 3
    sizes = [len(collection.page("zh-TW", n)) for n in (1, 2, 3)]
    assert sizes == [10, 10, 3]
    assert [len(collection.page("en", n)) for n in (1, 2, 3)] == [6, 0, 0]
    flat = [p for n in (1, 2, 3) for p in collection.page("zh-TW", n)]
    assert flat == list(collection.of("zh-TW"))
    assert [p.date for p in flat] == sorted((p.date for p in flat), reverse=True)
    empty = BeautifulSoup(news.render_list(collection, "en", 3, "en/news/page/3/"), "lxml")
    assert "no news on this page" in empty.get_text()
    assert empty.select_one("nav.news-pagination") is not None


@pytest.mark.parametrize(("lang", "number"), [("zh-TW", 1), ("zh-TW", 2), ("en", 3)])
def test_pagination_links_every_page_and_marks_the_current_one(lang: str, number: int) -> None:
    page_url = news.list_path(lang, number)
    nav = BeautifulSoup(news.render_pagination(lang, number, 3, page_url), "lxml").nav
    assert nav is not None and nav.get("aria-label")
    numbered = {a.get_text(): a for a in nav.select("a[aria-label]")}
    assert list(numbered) == ["1", "2", "3"]
    for n, anchor in numbered.items():
        assert _resolve(page_url, anchor["href"]) == news.list_path(lang, int(n))
        assert anchor.get("aria-label").count(n) == 1  # the visible number is in the name
    current = nav.select('a[aria-current="page"]')
    assert [a.get_text() for a in current] == [str(number)]
    prev = nav.select_one('a[rel="prev"]')
    nxt = nav.select_one('a[rel="next"]')
    assert (prev is None) == (number == 1) and (nxt is None) == (number == 3)
    if prev is not None:
        assert _resolve(page_url, prev["href"]) == news.list_path(lang, number - 1)
    if nxt is not None:
        assert _resolve(page_url, nxt["href"]) == news.list_path(lang, number + 1)


def test_a_single_page_has_no_pagination() -> None:
    assert news.render_pagination("zh-TW", 1, 1, "news/") == ""


def test_list_item_links_resolve_and_dates_use_the_page_calendar(tmp_path: Path) -> None:
    collection = news.load(_write(tmp_path, _pair("one", "2026-11-20")))
    for lang, shown in (("zh-TW", "民國115年11月20日"), ("en", "20 November 2026")):
        page_url = news.list_path(lang, 1)
        soup = BeautifulSoup(news.render_list(collection, lang, 1, page_url), "lxml")
        item = soup.select_one("li.news-item")
        assert item.time["datetime"] == "2026-11-20" and item.time.get_text() == shown
        href = item.select_one("h2 a")["href"]
        assert _resolve(page_url, href) == f"{news.prefix(lang)}news/posts/2026-11-20-one/"
        links = {a.get_text(): _resolve(page_url, a["href"]) for a in soup.select(".news-links a")}
        assert news.archive_path(lang) in links.values()
        assert news.feed_path(lang) in links.values()


def test_generated_list_page_source_carries_front_matter_and_marker() -> None:
    source = news.list_page_markdown("en", 2, dt.date(2026, 11, 27))
    assert source.startswith("---\ntitle: News (page 2)\nlast_reviewed: 2026-11-27\n")
    assert "# News (page 2) { #news }" in source
    assert news.LIST_MARKER.search(source)[1] == "2"


# --- feed writer ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _check_feed(root: etree._Element, schema: etree.RelaxNG, lang: str, self_url: str) -> None:
    """RFC 4287: schema, the RFC's two Schematron rules, dates, ids and absolute URLs."""
    assert schema.validate(root.getroottree()), schema.error_log
    assert root.tag == f"{{{atom.ATOM_NS}}}feed"
    assert root.get(XML_LANG) == lang
    for tag in ("id", "title", "updated", "author/a:name"):
        assert (root.findtext(f"a:{tag}", namespaces=ATOM) or "").strip(), tag
    links = {link.get("rel"): link for link in root.findall("a:link", ATOM)}
    assert links["self"].get("href") == self_url
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href").startswith(SITE_URL)
    ids = [root.findtext("a:id", namespaces=ATOM)]
    for entry in root.findall("a:entry", ATOM):
        for tag in ("id", "title", "updated", "published", "summary"):
            assert (entry.findtext(f"a:{tag}", namespaces=ATOM) or "").strip(), tag
        alternate = entry.find("a:link[@rel='alternate']", ATOM)
        assert alternate is not None and alternate.get("href").startswith(SITE_URL)
        assert entry.findtext("a:id", namespaces=ATOM).startswith(SITE_URL)
        ids.append(entry.findtext("a:id", namespaces=ATOM))
        published = dt.datetime.fromisoformat(entry.findtext("a:published", namespaces=ATOM))
        updated = dt.datetime.fromisoformat(entry.findtext("a:updated", namespaces=ATOM))
        assert published.utcoffset() == dt.timedelta(hours=8) and updated >= published
    assert len(ids) == len(set(ids)), "feed and entry ids must be unique"


def test_feed_writer_output_is_valid_atom(tmp_path: Path, atom_schema: etree.RelaxNG) -> None:
    files = {
        **_pair("a", "2026-01-10", summary="'\"Fees\" <b>& forms</b>'"),
        **_pair("b", "2026-03-05", category="法令宣導", updated="2026-04-01"),
        "2026-02-01-zh-only.md": _post("只有中文", "2026-02-01", "translation: none\n"),
    }
    collection = news.load(_write(tmp_path, files))
    for lang, html_lang in (("zh-TW", "zh-Hant-TW"), ("en", "en")):
        feed = news.build_feed(collection, lang, SITE_URL, "南區戶政", html_lang, "a@b.tw")
        root = etree.fromstring(atom.to_xml(feed))
        _check_feed(root, atom_schema, html_lang, SITE_URL + news.feed_path(lang))
        entries = root.findall("a:entry", ATOM)
        slugs = [e.findtext("a:id", namespaces=ATOM).rstrip("/").rsplit("/", 1)[1] for e in entries]
        expected = ["2026-03-05-b", "2026-02-01-zh-only", "2026-01-10-a"]
        assert slugs == (expected if lang == "zh-TW" else [expected[0], expected[2]])
        assert root.findtext("a:updated", namespaces=ATOM) == "2026-04-01T00:00:00+08:00"
        last = entries[-1]
        assert last.findtext("a:summary", namespaces=ATOM) == '"Fees" <b>& forms</b>'
        assert entries[0].find("a:category", ATOM).get("term") == "law"


def test_feed_keeps_the_newest_posts_only(tmp_path: Path) -> None:
    collection = news.load(_write(tmp_path, _many(25)))
    feed = news.build_feed(collection, "en", SITE_URL, "Office", "en", limit=20)
    assert len(feed.entries) == 20
    assert feed.entries[0].published == dt.date(2026, 1, 25)


def test_empty_feed_is_still_valid(atom_schema: etree.RelaxNG) -> None:
    feed = news.build_feed(news.Collection({}), "en", SITE_URL, "Office", "en")
    root = etree.fromstring(atom.to_xml(feed))
    _check_feed(root, atom_schema, "en", SITE_URL + "en/news/feed.xml")


def test_schema_rejects_a_broken_feed(atom_schema: etree.RelaxNG) -> None:
    """The validator itself: an entry without id and a date without time are caught."""
    broken = (
        f'<feed xmlns="{atom.ATOM_NS}"><id>x</id><title>t</title><updated>2026-11-20</updated>'
        "<author><name>n</name></author></feed>"
    )
    assert not atom_schema.validate(etree.fromstring(broken.encode()))


# --- the built site ------------------------------------------------------------------------


def _source_posts(lang: str) -> list[str]:
    """Slugs of the real posts of ``lang``, newest first, from content/pages/news/posts."""
    names = sorted((DOCS / news.POSTS_DIR).glob("*.md"), reverse=True)
    if lang == "en":
        return [p.name.removesuffix(".en.md") for p in names if p.name.endswith(".en.md")]
    return [p.name.removesuffix(".md") for p in names if not p.name.endswith(".en.md")]


def _soup(site_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(url_to_file(site_dir, "/" + url).read_text("utf-8"), "lxml")


def _slug_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_list_pages_show_every_post_newest_first(site_dir: Path, lang: str) -> None:
    expected = _source_posts(lang)
    assert len(expected) > news.PER_PAGE, "the sample posts should fill more than one page"
    seen: list[str] = []
    dates: list[str] = []
    url = news.list_path(lang, 1)
    visited = set()
    while url and url not in visited:
        visited.add(url)
        soup = _soup(site_dir, url)
        items = soup.select("article ul.news-list > li.news-item")
        assert 0 < len(items) <= news.PER_PAGE, url
        for item in items:
            seen.append(_slug_of(_resolve(url, item.select_one("h2 a")["href"])))
            dates.append(item.time["datetime"])
        nav = soup.select_one("article nav.news-pagination[aria-label]")
        assert nav is not None, f"{url}: no pagination nav"
        current = nav.select('a[aria-current="page"]')
        assert len(current) == 1 and _resolve(url, current[0]["href"]) == url
        for anchor in nav.select("a[href]"):
            target = _resolve(url, anchor["href"])
            assert url_to_file(site_dir, "/" + target).is_file(), f"{url}: {target} is missing"
        nxt = nav.select_one('a[rel="next"]')
        url = _resolve(url, nxt["href"]) if nxt else ""
    assert seen == expected
    assert dates == sorted(dates, reverse=True)
    assert len(visited) == -(-len(expected) // news.PER_PAGE)


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_archive_lists_every_post_by_year(site_dir: Path, lang: str) -> None:
    url = news.archive_path(lang)
    soup = _soup(site_dir, url)
    article = soup.select_one("article")
    years = [h2["id"] for h2 in article.select("h2[id^=y]")]
    assert years == sorted(years, reverse=True) and {"y2025", "y2026"} <= set(years)
    listed = []
    for heading in article.select("h2[id^=y]"):
        section = heading.find_next_sibling("ul", class_="news-archive")
        for item in section.select("li"):
            assert item.time["datetime"].startswith(heading["id"][1:])
            target = _resolve(url, item.a["href"])
            assert url_to_file(site_dir, "/" + target).is_file()
            listed.append(_slug_of(target))
    assert listed == _source_posts(lang)
    index = _soup(site_dir, news.index_path(lang))
    links = [_resolve(news.index_path(lang), a["href"]) for a in index.select("article a[href]")]
    assert url in links, "the news index links the archive"


@pytest.mark.parametrize(("lang", "html_lang"), [("zh-TW", "zh-Hant-TW"), ("en", "en")])
def test_feeds_are_valid_and_hold_only_their_language(
    site_dir: Path, atom_schema: etree.RelaxNG, lang: str, html_lang: str
) -> None:
    path = site_dir / news.feed_path(lang)
    root = etree.parse(str(path)).getroot()
    _check_feed(root, atom_schema, html_lang, SITE_URL + news.feed_path(lang))
    links = [e.find("a:link", ATOM).get("href") for e in root.findall("a:entry", ATOM)]
    expected = _source_posts(lang)[: news.FEED_SIZE]
    assert [_slug_of(link) for link in links] == expected
    prefix = SITE_URL + news.prefix(lang) + "news/posts/"
    assert all(link.startswith(prefix) for link in links)
    if lang == "en":
        chinese_only = set(_source_posts("zh-TW")) - set(_source_posts("en"))
        assert chinese_only, "the sample data has Chinese-only posts"
        assert not chinese_only & {_slug_of(link) for link in links}
    for link in links:  # every entry points at a built page
        assert url_to_file(site_dir, urlsplit(link).path).is_file(), link


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_news_pages_link_their_feed_in_head_and_text(site_dir: Path, lang: str) -> None:
    posts = _source_posts(lang)
    urls = [
        news.list_path(lang, 1),
        news.list_path(lang, 2),
        news.archive_path(lang),
        f"{news.prefix(lang)}news/posts/{posts[0]}/",
        news.prefix(lang),  # the home page lists the latest posts
    ]
    for url in urls:
        soup = _soup(site_dir, url)
        feeds = soup.select('head link[rel~=alternate][type="application/atom+xml"]')
        assert len(feeds) == 1, url
        assert _resolve(url, feeds[0]["href"]) == news.feed_path(lang), url
        assert feeds[0].get("title")
    for url in urls[:3]:
        visible = _soup(site_dir, url).select('article a[type="application/atom+xml"]')
        assert visible and "RSS/Atom" in visible[0].get_text(), url
        assert _resolve(url, visible[0]["href"]) == news.feed_path(lang)


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_post_pages_show_their_date_in_the_page_calendar(site_dir: Path, lang: str) -> None:
    for slug in _source_posts(lang):
        url = f"{news.prefix(lang)}news/posts/{slug}/"
        soup = _soup(site_dir, url)
        time = soup.select_one("article h1 + .news-post__meta time[datetime]")
        assert time is not None, f"{url}: no date under the heading"
        day = dt.date.fromisoformat(time["datetime"])
        assert slug.startswith(day.isoformat())
        if lang == "zh-TW":
            assert time.get_text() == f"民國{day.year - 1911}年{day.month}月{day.day}日", url
        else:
            assert time.get_text() == f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}", url
        back = soup.select_one("article .news-post__back a[href]")
        assert back is not None and _resolve(url, back["href"]) == news.index_path(lang), url
        assert len(soup.select("article h1")) == 1
        # weighted below the guides in site search (tests/site/test_search.py checks the ranking)
        assert soup.select_one("article .news-post__body[data-pagefind-weight]") is not None


def test_home_pages_show_the_three_newest_posts(site_dir: Path) -> None:
    for lang in ("zh-TW", "en"):
        url = news.prefix(lang)
        items = _soup(site_dir, url).select("article ul.news-latest > li a[href]")
        assert [_slug_of(a["href"]) for a in items] == _source_posts(lang)[:3]


def test_chinese_only_posts_stay_out_of_english_lists(site_dir: Path) -> None:
    chinese_only = set(_source_posts("zh-TW")) - set(_source_posts("en"))
    english_pages = [news.list_path("en", n) for n in (1, 2, 3)] + [news.archive_path("en"), "en/"]
    for url in english_pages:
        if url_to_file(site_dir, "/" + url).is_file():
            hrefs = {_slug_of(a["href"]) for a in _soup(site_dir, url).select("article a[href]")}
            assert not chinese_only & hrefs, url
    for slug in chinese_only:  # their English-site copy is the labelled Chinese fallback
        soup = _soup(site_dir, f"en/news/posts/{slug}/")
        assert soup.select_one(".gov-fallback") is not None
        assert soup.select_one('article [lang="zh-Hant-TW"] h1') is not None


def test_posts_and_list_pages_are_in_sitemaps_not_in_the_menu(site_dir: Path) -> None:
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    for lang in ("zh-TW", "en"):
        for slug in _source_posts(lang):
            assert f"{SITE_URL}{news.prefix(lang)}news/posts/{slug}/</loc>" in sitemap
        for n in (2, 3):
            assert f"{SITE_URL}{news.list_path(lang, n)}</loc>" in sitemap
        url = f"{news.prefix(lang)}sitemap/"
        soup = _soup(site_dir, url)
        listed = {_resolve(url, a["href"]) for a in soup.select("article .gov-sitemap a[href]")}
        posts = {f"{news.prefix(lang)}news/posts/{slug}/" for slug in _source_posts(lang)}
        assert posts <= listed
        menu = {_resolve(url, a["href"]) for a in soup.select("nav.md-nav--primary a[href]")}
        assert not posts & menu, "posts must stay out of the main menu"


# --- real builds of a small project --------------------------------------------------------

SMALL_CONFIG = """
site_name: Test
site_url: https://example.gov.tw/
docs_dir: content/pages
site_dir: site
theme:
  name: material
  custom_dir: {root}/theme/overrides
  language: zh-TW
  font: false
markdown_extensions: [attr_list, md_in_html, admonition, toc]
hooks:
  - {root}/theme/hooks/site_hooks.py
  - {root}/theme/hooks/news.py
plugins:
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - {{locale: zh-TW, name: 中文, default: true, build: true}}
        - {{locale: en, name: English, build: true}}
nav:
  - index.md
  - 最新消息: news/index.md
extra:
  office_file: {root}/content/data/office.yml
"""


def _small_project(tmp_path: Path, posts: dict[str, str]) -> Path:
    docs = tmp_path / "content" / "pages"
    docs.mkdir(parents=True)
    (docs / ".meta.yml").write_text("review_in: 6 months\nlast_reviewed: 2026-11-20\n", "utf-8")
    for name, title in (("index.md", "首頁"), ("index.en.md", "Home")):
        (docs / name).write_text(f"---\ntitle: {title}\n---\n\n# {title} {{ #home }}\n", "utf-8")
    (docs / "news").mkdir()
    for name in ("index.md", "index.en.md"):
        shutil.copy(DOCS / "news" / name, docs / "news" / name)
    _write(docs, posts)
    config = tmp_path / "mkdocs.yml"
    config.write_text(SMALL_CONFIG.format(root=ROOT), encoding="utf-8")
    return config


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300
    )


def test_a_bad_post_stops_the_real_build(tmp_path: Path) -> None:
    posts = _pair("fine", "2026-01-05")
    posts["2026-01-06-typo.md"] = _post("錯誤", "2026-01-07", "translation: none\n")
    config = _small_project(tmp_path, posts)
    result = _run(["-m", "mkdocs", "build", "--strict", "-f", str(config)], tmp_path)
    assert result.returncode != 0
    assert "content/pages/news/posts/2026-01-06-typo.md:3: `date: 2026-01-07` differs" in (
        result.stdout + result.stderr
    )


@pytest.mark.slow
def test_stock_and_parallel_builds_write_the_same_news_pages(tmp_path: Path) -> None:
    """Generated list pages carry the i18n plugin's data in both build flows."""
    config = _small_project(tmp_path, _many(12, english_every=3))
    stock, fast = tmp_path / "stock", tmp_path / "fast"
    result = _run(["-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(stock)], ROOT)
    assert result.returncode == 0, result.stderr
    result = _run(
        [
            "-m",
            "scripts.parallel_build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "--site-dir",
            str(fast),
        ],
        ROOT,
    )
    assert result.returncode == 0, result.stderr
    for rel in (
        "sitemap.xml",
        "news/page/2/index.html",
        "en/news/page/2/index.html",
        "news/feed.xml",
        "en/news/feed.xml",
    ):
        assert (stock / rel).read_bytes() == (fast / rel).read_bytes(), rel
    sitemap = (fast / "sitemap.xml").read_text("utf-8")
    for url in ("news/page/2/", "en/news/page/2/"):
        assert f"<loc>https://example.gov.tw/{url}</loc>" in sitemap
    english = BeautifulSoup((fast / "en/news/page/2/index.html").read_text("utf-8"), "lxml")
    switch = {a["hreflang"]: a["href"] for a in english.select("a.md-select__link[hreflang]")}
    assert _resolve("en/news/page/2/", switch["zh-TW"]) == "news/page/2/"
    assert english.select_one(".gov-footer") is not None and english.html["lang"] == "en"


# --- accessibility -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", ["news/page/2/", "en/news/archive/", "news/posts/LATEST/"])
def test_news_pages_have_no_wcag_violations(page: Any, site_url: str, path: str) -> None:
    from tests.site.test_axe import _assert_clean, _axe

    url = f"{site_url}/{path.replace('LATEST', _source_posts('zh-TW')[0])}"
    _assert_clean(_axe(page, url), url)
