"""政府資訊公開: the Article 7 list, its data file, and the area's pages in the built site.

Three layers: the loader on small data files in tmp folders (every mistake names its line); one
real MkDocs build of a tiny project (the hook renders the marker, a bad file stops the build);
the built site (all ten categories on both index pages, each linked or marked not applicable;
the plan's tables have header cells; the archives page has the fees and the refusal grounds).
"""

from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import visit
from tests.site.conftest import url_to_file
from tests.site.tinybuild import build_with_hook
from theme.sitekit import open_info
from theme.sitekit.errors import ContentError

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "content" / "pages"
DATA = ROOT / "content" / "data" / "open-info.yml"
SRC = "content/data/open-info.yml"
INDEX_PAGES = {"zh-TW": "/open-info/", "en": "/en/open-info/"}
NOT_APPLICABLE = {"zh-TW": "本所無此項資訊", "en": "Not applicable to this office"}

# --- the loader, on small data files ----------------------------------------------------------


def entry(number: int, body: str) -> str:
    return (
        f"  - number: {number}\n"
        f"    title: {{zh-TW: 第{number}款, en: Item {number}}}\n" + textwrap.indent(body, "    ")
    )


def data_file(overrides: dict[int, str] | None = None, skip: int | None = None) -> str:
    """A valid file (each category links laws.md) with some entries replaced or left out."""
    overrides = overrides or {}
    parts = ["categories:\n"]
    for number in range(1, 11):
        if number == skip:
            continue
        parts.append(overrides.get(number, entry(number, "pages: [open-info/laws.md]\n")))
    return "".join(parts)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    (folder / "open-info").mkdir(parents=True)
    (folder / "statistics").mkdir()
    (folder / "open-info" / "laws.md").write_text("---\ntitle: 法令規章\n---\n# 法令 { #laws }\n")
    (folder / "open-info" / "laws.en.md").write_text("---\ntitle: Laws\n---\n# Laws { #laws }\n")
    (folder / "statistics" / "index.md").write_text("---\ntitle: 人口統計\n---\n# 統計 { #s }\n")
    return folder


def fails(text: str, docs: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        open_info.parse(text, SRC, docs)
    return caught.value


def test_a_good_file_gives_the_ten_categories_in_law_order(docs: Path) -> None:
    reason = "not_applicable: {zh-TW: 本所沒有合議制組織, en: No collegial body}\n"
    categories = open_info.parse(data_file({10: entry(10, reason)}), SRC, docs)
    assert [c.number for c in categories] == list(range(1, 11))
    assert categories[0].pages[0].page == "open-info/laws.md"
    assert categories[9].pages == ()
    assert categories[9].not_applicable == {
        "zh-TW": "本所沒有合議制組織",
        "en": "No collegial body",
    }


def test_entries_may_come_in_any_order(docs: Path) -> None:
    body = "pages: [open-info/laws.md]\n"
    text = "categories:\n" + "".join(entry(n, body) for n in (10, 3, 1, 2, 4, 5, 6, 7, 8, 9))
    assert [c.number for c in open_info.parse(text, SRC, docs)] == list(range(1, 11))


def test_a_missing_category_names_the_categories_line(docs: Path) -> None:
    error = fails(data_file(skip=7), docs)
    assert error.line == 1
    assert "Article 7 category 7 is missing" in str(error)
    assert str(error).startswith(f"{SRC}:1: ")


def test_a_category_given_twice_names_both_lines(docs: Path) -> None:
    text = data_file() + entry(4, "pages: [open-info/laws.md]\n")
    error = fails(text, docs)
    assert error.line == line_of(text, "number: 4", nth=2)
    assert f"category 4 is already given on line {line_of(text, 'number: 4')}" in str(error)


def test_a_category_with_neither_pages_nor_reason_names_its_line(docs: Path) -> None:
    text = data_file({5: entry(5, "summary: {zh-TW: 說明, en: About}\n")})
    error = fails(text, docs)
    assert error.line == line_of(text, "number: 5")
    assert "category 5 has neither `pages:` nor `not_applicable:`" in str(error)


def test_a_category_with_both_pages_and_reason_names_the_reason_line(docs: Path) -> None:
    body = "pages: [open-info/laws.md]\nnot_applicable: {zh-TW: 無, en: None}\n"
    text = data_file({6: entry(6, body)})
    error = fails(text, docs)
    assert error.line == line_of(text, "not_applicable")
    assert "category 6 has both" in str(error)


def test_a_link_to_a_missing_page_names_its_line(docs: Path) -> None:
    body = "pages:\n  - open-info/laws.md\n  - open-info/budget.md#budgets\n"
    text = data_file({6: entry(6, body)})
    error = fails(text, docs)
    assert error.line == line_of(text, "open-info/budget.md")
    assert "category 6: the page `open-info/budget.md` is not a page in content/pages/" in str(
        error
    )


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("open-info/laws.en.md", "link the Chinese page `open-info/laws.md`"),
        ("https://law.moj.gov.tw/", "must be a `.md` page path under content/pages/"),
        ("/open-info/laws.md", "must be a `.md` page path under content/pages/"),
        ("open-info/laws", "must be a `.md` page path under content/pages/"),
        ("../../etc/passwd.md", "is not a page in content/pages/"),
    ],
)
def test_bad_page_paths_name_their_line(docs: Path, page: str, words: str) -> None:
    text = data_file({2: entry(2, f"pages:\n  - {page}\n")})
    error = fails(text, docs)
    assert error.line == line_of(text, f"- {page}")
    assert words in str(error)


@pytest.mark.parametrize("number", ["11", "0", "x", "2.5", "-1"])
def test_a_number_outside_1_to_10_names_its_line(docs: Path, number: str) -> None:
    text = data_file().replace("number: 3\n", f"number: {number}\n")
    error = fails(text, docs)
    assert error.line == line_of(text, f"number: {number}")
    assert "`number` must be a whole number from 1 to 10" in str(error)


def test_a_misspelt_field_names_its_line(docs: Path) -> None:
    text = data_file({10: entry(10, "not_aplicable: {zh-TW: 無, en: None}\n")})
    error = fails(text, docs)
    assert error.line == line_of(text, "not_aplicable")
    assert "`not_aplicable` is not a known field here" in str(error)


def test_a_missing_translation_names_its_line(docs: Path) -> None:
    text = data_file({10: entry(10, "not_applicable:\n  zh-TW: 無合議制組織\n")})
    error = fails(text, docs)
    assert error.line == line_of(text, "zh-TW: 無合議制組織")  # where the texts start
    assert "`not_applicable` has no `en` text (缺少 en 文字)" in str(error)


def test_an_entry_without_title_or_number_names_its_line(docs: Path) -> None:
    text = data_file().replace("    title: {zh-TW: 第8款, en: Item 8}\n", "")
    error = fails(text, docs)
    assert (error.line, "category 8 has no `title`") == (
        line_of(text, "number: 8"),
        str(error).split(": ", 1)[1][:25],
    )
    text = data_file().replace("  - number: 9\n", "  - summary: {zh-TW: 說明, en: About}\n")
    error = fails(text, docs)
    assert "this entry has no `number`" in str(error)
    assert error.line == line_of(text, "summary: {zh-TW: 說明")


def test_a_field_given_twice_names_its_line(docs: Path) -> None:
    text = data_file({1: entry(1, "pages: [open-info/laws.md]\npages: [open-info/laws.md]\n")})
    error = fails(text, docs)
    assert error.line == line_of(text, "pages:", nth=2)
    assert "`pages` is given twice in this entry" in str(error)


def test_invalid_yaml_names_its_line(docs: Path) -> None:
    text = data_file().replace("en: Item 5}", "en: Item 5")
    error = fails(text, docs)
    assert "is not valid YAML" in str(error)
    assert error.line is not None and error.line >= line_of(text, "en: Item 5")


@pytest.mark.parametrize(("text", "line"), [("", None), ("- a\n- b\n", 1), ("categories: 3\n", 1)])
def test_a_file_without_a_categories_list_is_refused(docs: Path, text: str, line) -> None:
    error = fails(text, docs)
    assert "must have a `categories:` list" in str(error)
    assert error.line == line


def test_a_missing_file_is_an_error(tmp_path: Path, docs: Path) -> None:
    with pytest.raises(ContentError, match="the open-information file is missing"):
        open_info.load(tmp_path / "nope.yml", SRC, docs)


def test_folded_chinese_lines_join_without_a_space(docs: Path) -> None:
    body = (
        "not_applicable:\n  zh-TW: >-\n    本所沒有合議制\n    組織，因此無紀錄。\n"
        "  en: >-\n    No collegial\n    body.\n"
    )
    categories = open_info.parse(data_file({10: entry(10, body)}), SRC, docs)
    assert categories[9].not_applicable == {
        "zh-TW": "本所沒有合議制組織，因此無紀錄。",
        "en": "No collegial body.",
    }


def test_render_links_relative_pages_with_titles_in_each_language(docs: Path) -> None:
    reason = "not_applicable: {zh-TW: 無合議制組織, en: No collegial body}\n"
    labelled = (
        "pages:\n  - page: statistics/index.md#s\n"
        "    label: {zh-TW: 性別統計, en: Gender statistics}\n"
    )
    categories = open_info.parse(
        data_file({5: entry(5, labelled), 10: entry(10, reason)}), SRC, docs
    )
    zh = open_info.render(categories, "zh-TW", "open-info/index.md", docs)
    en = open_info.render(categories, "en", "open-info/index.en.md", docs)
    assert "### 第一款　第1款 { #article-7-1 }" in zh
    assert "- [法令規章](laws.md)" in zh
    assert "- [Laws](laws.md)" in en  # the English page's own title
    assert "- [性別統計](../statistics/index.md#s)" in zh
    assert "- [Gender statistics](../statistics/index.md#s)" in en
    assert "**本所無此項資訊。** 無合議制組織" in zh
    assert "**Not applicable to this office.** No collegial body" in en
    assert [int(n) for n in re.findall(r"#article-7-(\d+)", en)] == list(range(1, 11))


def test_the_sites_file_lists_every_category() -> None:
    categories = open_info.load(DATA, SRC, DOCS)
    assert [c.number for c in categories] == list(range(1, 11))
    assert [c.number for c in categories if c.not_applicable] == [10]


# --- the hook in a real MkDocs build ------------------------------------------------------------


def build_tiny(tmp_path: Path, data: str) -> subprocess.CompletedProcess:
    docs = tmp_path / "content" / "pages"
    (docs / "open-info").mkdir(parents=True)
    (docs / "open-info" / "laws.md").write_text("---\ntitle: 法令規章\n---\n# 法令 { #laws }\n")
    (docs / "open-info" / "index.md").write_text(
        "# 政府資訊公開 { #open-info }\n\n<!-- open-info-categories -->\n", encoding="utf-8"
    )
    (tmp_path / "content" / "data").mkdir()
    (tmp_path / "content" / "data" / "open-info.yml").write_text(data, encoding="utf-8")
    return build_with_hook(tmp_path, "open_info")


def test_the_hook_renders_the_marker(tmp_path: Path) -> None:
    result = build_tiny(tmp_path, data_file())
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "open-info" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one("#article-7-10") is not None
    assert soup.select_one("#article-7-1 + p + ul a")["href"] == "laws/"
    assert open_info.MARKER not in html


def test_a_missing_category_stops_the_build_with_the_line(tmp_path: Path) -> None:
    result = build_tiny(tmp_path, data_file(skip=3))
    assert result.returncode != 0
    assert "content/data/open-info.yml:1: Article 7 category 3 is missing" in result.stderr


# --- the built site ---------------------------------------------------------------------------


def soup_of(site_dir: Path, url: str) -> BeautifulSoup:
    path = url_to_file(site_dir, url)
    assert path.is_file(), f"{url} was not built: run the site build first"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def section_after(heading: Tag) -> list[Tag]:
    """The elements between a heading and the next heading of the same or a higher level."""
    level = int(heading.name[1])
    parts = []
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name) and int(sibling.name[1]) <= level:
            break
        parts.append(sibling)
    return parts


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_every_article_7_category_is_present_linked_or_not_applicable(site_dir: Path, lang: str):
    url = INDEX_PAGES[lang]
    soup = soup_of(site_dir, url)
    main = soup.select_one("article") or soup
    for number in range(1, 11):
        heading = main.select_one(f"h3#article-7-{number}")
        assert heading is not None, f"{url}: category {number} is missing"
        content = section_after(heading)
        text = " ".join(part.get_text(" ", strip=True) for part in content)
        links = [a["href"] for part in content for a in part.select("a[href]")]
        if NOT_APPLICABLE[lang] in text:
            assert len(text) > len(NOT_APPLICABLE[lang]) + 10, f"{number}: no reason given"
            continue
        assert links, f"{url}: category {number} has neither links nor a not-applicable note"
        for href in links:
            target = url_to_file(site_dir, urljoin(url, href))
            assert target.is_file(), f"{url}: category {number} links {href}, not built"
            if "#" in href:
                anchor = href.split("#", 1)[1]
                linked = BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")
                assert linked.find(id=anchor) is not None, f"{href}: no #{anchor}"
    ten = section_after(main.select_one("h3#article-7-10"))
    assert NOT_APPLICABLE[lang] in " ".join(p.get_text() for p in ten)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_plan_is_in_tables_with_header_cells(site_dir: Path, prefix: str) -> None:
    soup = soup_of(site_dir, f"{prefix}/open-info/service-plan/")
    main = soup.select_one("article") or soup
    tables = main.select("table")
    assert len(tables) >= 4
    for table in tables:
        heads = table.select("thead th")
        assert len(heads) == 5, table.get_text()[:80]
        assert table.select("tbody tr td"), "a plan table has no rows"
    for number in range(1, 5):
        area = main.select_one(f"#item-{number}")
        assert area is not None and any(p.name == "h4" for p in section_after(area))
    rows = sum(len(table.select("tbody tr")) for table in tables)
    assert rows == 76  # every measure of the 102 plan (39 + 14 + 8 + 15), in both languages
    assert not main.select("img"), "the plan must be text, not images"


def test_the_plan_says_which_year_it_is(site_dir: Path) -> None:
    zh = soup_of(site_dir, "/open-info/service-plan/").select_one("article").get_text()
    en = soup_of(site_dir, "/en/open-info/service-plan/").select_one("article").get_text()
    assert "102 年" in zh and "2013" in zh
    assert "2013" in en and "ROC 102" in en


@pytest.mark.parametrize(
    ("url", "fees", "refusal_heading"),
    [
        ("/open-info/archives/", ("20 元", "2 元", "3 元"), "不予提供的情形"),
        ("/en/open-info/archives/", ("20", "2", "3"), "When an application may be refused"),
    ],
)
def test_the_archives_page_has_fees_refusal_grounds_and_the_form(
    site_dir: Path, url: str, fees: tuple[str, ...], refusal_heading: str
) -> None:
    soup = soup_of(site_dir, url)
    main = soup.select_one("article")
    fee_table = section_after(main.select_one("h2#fees"))
    table = next(part for part in fee_table if part.name == "table" or part.select_one("table"))
    assert len(table.select("th")) == 3
    cells = [td.get_text(strip=True) for td in table.select("td")]
    for fee in fees:
        assert fee in cells or any(cell.startswith(f"{fee} ") for cell in cells), (fee, cells)
    assert "新臺幣" in table.get_text() or "NT$" in table.get_text()
    refusal = main.select_one("h2#refusal-grounds")
    assert refusal_heading in refusal.get_text()
    grounds = next(part for part in section_after(refusal) if part.name == "ol")
    assert len(grounds.select("li")) == 7
    assert "30" in " ".join(
        p.get_text() for p in section_after(main.select_one("#processing-time"))
    )
    form = main.select_one("a[href*='forms/#archives-application']")
    assert form is not None
    target = url_to_file(site_dir, urljoin(url, form["href"]))
    assert BeautifulSoup(target.read_text(encoding="utf-8"), "lxml").find(id="archives-application")
    for catalogue in ("https://near.archives.gov.tw/", "https://aa.archives.gov.tw/"):
        assert main.select_one(f"a[href='{catalogue}']") is not None


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_gender_page_links_the_statistics_by_sex(site_dir: Path, prefix: str) -> None:
    url = f"{prefix}/open-info/gender/"
    main = soup_of(site_dir, url).select_one("article")
    section = section_after(main.select_one("h2#gender-statistics"))
    hrefs = [a["href"] for part in section for a in part.select("a[href]")]
    hrefs = [href for href in hrefs if ":" not in href]  # not mailto:
    assert any("statistics/" in href for href in hrefs)
    for href in hrefs:
        assert url_to_file(site_dir, urljoin(url, href)).is_file(), href


# --- in the browser: axe and narrow screens -----------------------------------------------------

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_PAGES = [
    "open-info/",
    "en/open-info/",
    "open-info/service-plan/",
    "en/open-info/service-plan/",
    "open-info/archives/",
    "en/open-info/gender/",
]


def _open(page, url: str) -> None:
    response = visit(page, url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


@pytest.mark.browser
@pytest.mark.parametrize("path", AXE_PAGES)
def test_area_pages_have_no_wcag_violations(page, site_url: str, path: str) -> None:
    _open(page, f"{site_url}/{path}")
    page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    problems = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert not problems, f"/{path}: " + "\n".join(problems)


@pytest.mark.browser
def test_the_plan_reflows_on_a_small_phone_with_large_text(browser, site_url: str) -> None:
    """WCAG 1.4.10: the plan's tables stay inside a 320 px screen (they scroll within)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        _open(page, f"{site_url}/")
        page.evaluate("() => localStorage.setItem('gov-font-size', 'large')")
        for path in ("open-info/service-plan/", "en/open-info/service-plan/", "open-info/"):
            _open(page, f"{site_url}/{path}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 320, f"/{path} is {width}px wide on a 320 px screen"
    finally:
        context.close()
