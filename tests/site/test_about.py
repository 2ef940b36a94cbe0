"""The 關於本所 pages: Article 17 personal-data files, era tables, both languages, no typed facts.

Unit tests run the loaders and converters on fixtures (including a copy of the real forms.yml,
whose owner may change its shape); the rest read the real built site, and two tiny real MkDocs
builds check the hook end to end. Browser tests run axe and a 320 px reflow check on these pages.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import visit
from tests.site.conftest import ROOT
from tests.site.tinybuild import build_with_hook
from theme.sitekit import era_table, office, privacy_files, rocdate
from theme.sitekit.errors import ContentError

ABOUT = ROOT / "content" / "pages" / "about"
FORMS_YML = ROOT / "content" / "data" / "forms.yml"
OFFICE_YML = ROOT / "content" / "data" / "office.yml"
PAGES = (
    "index",
    "contact",
    "facilities",
    "privacy",
    "security",
    "open-data",
    "accessibility",
    "era-table",
)
LANG_PREFIX = {"zh-TW": "", "en": "en/"}


def _built(site_dir: Path, lang: str, page: str) -> BeautifulSoup:
    path = site_dir / LANG_PREFIX[lang] / "about" / ("" if page == "index" else page) / "index.html"
    assert path.is_file(), f"{path} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _forms_raw() -> dict[str, Any]:
    return yaml.safe_load(FORMS_YML.read_text(encoding="utf-8"))


def _title(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return " ".join(str(value.get(lang) or value.get("zh-TW")).split())
    return " ".join(str(value).split())


# --- ROC and era years (theme/sitekit/rocdate.py) ---------------------------------------------


@pytest.mark.parametrize(
    ("era", "year", "gregorian"),
    [
        ("昭和", 20, 1945),
        ("昭和", 1, 1926),
        ("明治", 28, 1895),
        ("明治", 45, 1912),
        ("大正", 1, 1912),
        ("大正", 15, 1926),
        ("光緒", 1, 1875),
        ("光緒", 21, 1895),
        ("showa", 12, 1937),
        ("Taishō", 10, 1921),
    ],
)
def test_era_years_convert_to_gregorian(era: str, year: int, gregorian: int) -> None:
    assert rocdate.era_to_gregorian(era, year) == gregorian


def test_roc_years_convert_both_ways() -> None:
    assert rocdate.roc_to_gregorian(1) == 1912
    assert rocdate.roc_to_gregorian(34) == 1945
    assert rocdate.roc_to_gregorian(115) == 2026
    assert rocdate.before_roc_to_gregorian(1) == 1911
    assert rocdate.before_roc_to_gregorian(17) == 1895
    for roc in range(1, 121):
        assert rocdate.roc_year(rocdate.roc_to_gregorian(roc)) == roc


def test_taisho_years_equal_roc_years() -> None:
    for year in range(1, 16):
        assert rocdate.era_to_gregorian("大正", year) == rocdate.roc_to_gregorian(year)


def test_years_in_which_the_era_changed_have_two_eras() -> None:
    assert [(e.zh, n) for e, n in rocdate.eras_of_year(1912)] == [("明治", 45), ("大正", 1)]
    assert [(e.zh, n) for e, n in rocdate.eras_of_year(1926)] == [("大正", 15), ("昭和", 1)]
    assert [(e.zh, n) for e, n in rocdate.eras_of_year(1945)] == [("昭和", 20)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(1912, 7, 29), ("明治", 45)),
        (dt.date(1912, 7, 30), ("大正", 1)),
        (dt.date(1926, 12, 24), ("大正", 15)),
        (dt.date(1926, 12, 25), ("昭和", 1)),
        (dt.date(1945, 10, 25), ("昭和", 20)),
    ],
)
def test_japanese_era_of_a_date_follows_the_change_day(day: dt.date, expected: tuple) -> None:
    era, year = rocdate.japanese_era_on(day)
    assert (era.zh, year) == expected


def test_labels_and_cyclical_years() -> None:
    assert rocdate.roc_label(1912, "zh-TW") == "民國元年"
    assert rocdate.roc_label(1945, "zh-TW") == "民國34年"
    assert rocdate.roc_label(1911, "zh-TW") == "民國前1年"
    assert rocdate.roc_label(1895, "en") == "17 years before ROC 1"
    assert rocdate.era_year_label(rocdate.TAISHO, 1, "zh-TW") == "大正元年"
    assert rocdate.era_year_label(rocdate.SHOWA, 20, "en") == "Shōwa 20"
    assert rocdate.sexagenary(1912) == "壬子"
    assert rocdate.sexagenary(1984) == "甲子"
    assert rocdate.sexagenary(1895) == "乙未"
    assert rocdate.sexagenary(2026) == "丙午"


@pytest.mark.parametrize(
    "call",
    [
        lambda: rocdate.roc_to_gregorian(0),
        lambda: rocdate.before_roc_to_gregorian(0),
        lambda: rocdate.era_to_gregorian("昭和", 65),
        lambda: rocdate.era_to_gregorian("大正", 0),
        lambda: rocdate.era_to_gregorian("平成", 1),
        lambda: rocdate.japanese_era_on(dt.date(1990, 1, 1)),
    ],
)
def test_impossible_years_are_refused(call: Any) -> None:
    with pytest.raises(ValueError):
        call()


# --- era tables (theme/sitekit/era_table.py) --------------------------------------------------


def _tables(html: str) -> list[Any]:
    return BeautifulSoup(html, "lxml").select("table")


def test_roc_tables_are_split_by_decade_with_captions_and_headers() -> None:
    rendered = era_table.render("roc", "zh-TW")
    ids = re.findall(r"\{ #(roc-\d+-\d+) \}", rendered)
    assert ids[0] == "roc-1-10" and ids[-1] == "roc-111-120" and len(ids) == 12
    tables = _tables(rendered)
    assert len(tables) == 12
    for table in tables:
        assert table.caption and table.caption.get_text(strip=True)
        assert all(th.get("scope") == "col" for th in table.thead.select("th"))
        rows = table.tbody.select("tr")
        assert 1 <= len(rows) <= 10
        assert all(row.th and row.th.get("scope") == "row" for row in rows)


def test_unknown_era_table_names_the_page_line() -> None:
    page = "## 表 { #t }\n\n<!-- era-table: heisei -->\n"
    with pytest.raises(ContentError) as error:
        era_table.expand(page, "zh-TW", "content/pages/about/era-table.md", 4)
    assert "content/pages/about/era-table.md:7" in str(error.value)
    assert "unknown era table `heisei`" in str(error.value)


# --- personal-data files (theme/sitekit/privacy_files.py) ----------------------------------


@pytest.fixture
def office_raw() -> dict[str, Any]:
    return office.load(OFFICE_YML)


@pytest.fixture
def forms_copy(tmp_path: Path) -> Path:
    """A copy of the real forms.yml, so tests can change it without touching its owner's file."""
    target = tmp_path / "forms.yml"
    shutil.copy(FORMS_YML, target)
    return target


def test_real_forms_file_gives_every_form_a_personal_data_file(
    forms_copy: Path, office_raw: dict[str, Any]
) -> None:
    data = privacy_files.load(forms_copy, "content/data/forms.yml", office_raw)
    keys = [form.key for data_file in data.files for form in data_file.forms]
    assert sorted(keys) == sorted(_forms_raw()["forms"])
    for data_file in data.files:
        for lang in ("zh-TW", "en"):
            for text in (data_file.name, data_file.agency, data_file.legal_basis):
                assert text[lang].strip()
            assert data_file.purpose[lang] and data_file.categories[lang]
    # Forms that share one file entry (mailbox, complaint, suggestion) are one file.
    assert len(data.files) == len({f.name.zh for f in data.files})


def test_retention_is_said_in_days_or_years_with_its_start() -> None:
    form = privacy_files.FormEntry("b", privacy_files.Text("預約"), (), 90, "appointment")
    assert privacy_files.retention_text(form, "zh-TW") == "90 日（自預約日起算），期滿自動刪除"
    assert privacy_files.retention_text(form, "en") == (
        "90 days, counted from the appointment date; then deleted automatically"
    )
    three_years = privacy_files.FormEntry("m", privacy_files.Text("信箱"), (), 1095, "submission")
    assert privacy_files.retention_text(three_years, "zh-TW").startswith("3 年（自收件日起算）")


LIST_SHAPED = """\
common:
  agency: 測試戶政事務所
forms:
  - id: visit
    title: 到府服務申請
    retention_days: 30
    fields:
      - {name: name, required: true, label: 姓名}
    notice:
      purpose: {zh-TW: 安排到府服務}
      data_categories: C001 辨識個人者
    personal_data_file:
      legal_basis: {zh-TW: 戶籍法, en: Household Registration Act}
"""


def test_loader_tolerates_a_list_of_forms_plain_strings_and_no_file_name(tmp_path: Path) -> None:
    path = tmp_path / "forms.yml"
    path.write_text(LIST_SHAPED, encoding="utf-8")
    data = privacy_files.load(path, "forms.yml")
    (data_file,) = data.files
    assert data_file.name.zh == "到府服務申請資料檔"
    assert data_file.agency.zh == "測試戶政事務所"
    english = privacy_files.render(data, "en")
    # Chinese standing in for missing English is marked for screen readers.
    assert '<span lang="zh-Hant-TW">安排到府服務</span>' in english
    assert "Household Registration Act" in english
    assert "30 days; then deleted automatically" in english


def test_agency_falls_back_to_the_office_facts(tmp_path: Path, office_raw: dict) -> None:
    path = tmp_path / "forms.yml"
    path.write_text(LIST_SHAPED.replace("common:\n  agency: 測試戶政事務所\n", ""), "utf-8")
    data = privacy_files.load(path, "forms.yml", office_raw)
    assert data.files[0].agency.zh.startswith(office.localize(office_raw, "zh-TW")["name"])


@pytest.mark.parametrize(
    ("change", "line", "phrase"),
    [
        (
            ("      legal_basis: {zh-TW: 戶籍法, en: Household Registration Act}\n", ""),
            12,
            "`legal_basis`",
        ),
        (("    title: 到府服務申請\n", ""), 4, "has no title"),
        (("    retention_days: 30\n", "    retention_days: soon\n"), 6, "whole number of days"),
        (("forms:\n", "form:\n"), None, "has no `forms:` list"),
        (
            ("      purpose: {zh-TW: 安排到府服務}\n", "      purpose: [oops\n"),
            10,  # the line of the unclosed bracket (PyYAML gives up on the next)
            "not valid YAML",
        ),
    ],
)
def test_what_article_17_needs_stops_the_build_naming_the_line(
    tmp_path: Path, change: tuple[str, str], line: int | None, phrase: str
) -> None:
    path = tmp_path / "forms.yml"
    assert change[0] in LIST_SHAPED
    path.write_text(LIST_SHAPED.replace(*change), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        privacy_files.load(path, "content/data/forms.yml")
    assert phrase in str(error.value)
    assert error.value.path == "content/data/forms.yml"
    if line:
        assert error.value.line == line, str(error.value)


def test_missing_forms_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="the form definitions file is missing"):
        privacy_files.load(tmp_path / "nope.yml", "content/data/forms.yml")


def test_forms_shortcodes_expand_and_unknown_ones_name_the_line(
    forms_copy: Path, office_raw: dict[str, Any]
) -> None:
    data = privacy_files.load(forms_copy, "forms.yml", office_raw)
    days = _forms_raw()["handling_days"]
    text = "回覆：{{ forms.handling_days.simple }} 日／{{forms.handling_days.complex}} 日"
    assert privacy_files.expand_shortcodes(text, data, "p.md") == (
        f"回覆：{days['simple']} 日／{days['complex']} 日"
    )
    with pytest.raises(ContentError) as error:
        privacy_files.expand_shortcodes("a\n\n{{ forms.handling_days }}", data, "p.md", 5)
    assert error.value.line == 8 and "unknown form setting" in str(error.value)


# --- the built site --------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_about_page_exists_in_both_languages(site_dir: Path, page: str) -> None:
    assert (ABOUT / f"{page}.md").is_file() and (ABOUT / f"{page}.en.md").is_file()
    for lang, html_lang in (("zh-TW", "zh-Hant-TW"), ("en", "en")):
        soup = _built(site_dir, lang, page)
        assert soup.html["lang"] == html_lang
        assert "{{" not in soup.select_one("article").get_text(), f"{lang} {page}: shortcode left"
        assert "<!--" not in str(soup.select_one("article")).replace("<!-- -->", "")


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_article_17_tables_list_every_form_of_forms_yml(site_dir: Path, lang: str) -> None:
    article = _built(site_dir, lang, "privacy").select_one("article")
    section = article.select_one("#personal-data-files")
    assert section is not None
    tables = [t for t in article.select("table") if t.caption]
    assert tables, "no personal-data file tables"
    text = " ".join(" ".join(t.get_text(" ").split()) for t in tables)
    raw = _forms_raw()
    for key, form in raw["forms"].items():
        assert _title(form["title"], lang) in text, f"form {key} missing from the {lang} table"
        legal = form["personal_data_file"]["legal_basis"]
        assert _title(legal, lang) in text
    row_labels = {
        "zh-TW": ["保有機關及聯絡方式", "法律依據", "特定目的", "個人資料類別", "保存期限"],
        "en": [
            "Holding agency and contact",
            "Legal basis",
            "Specific purpose",
            "Categories of personal data",
            "Retention",
        ],
    }[lang]
    for table in tables:
        headers = [th.get_text(strip=True) for th in table.select("tbody th[scope=row]")]
        assert all(label in headers for label in row_labels), headers


def _row(soup: BeautifulSoup, header: str) -> list[str]:
    for row in soup.select("article table tbody tr"):
        if row.th and row.th.get_text(strip=True) == header:
            return [" ".join(td.get_text().split()) for td in row.select("td")]
    raise AssertionError(f"no row headed {header!r}")


def test_era_table_page_gives_correct_years(site_dir: Path) -> None:
    zh = _built(site_dir, "zh-TW", "era-table")
    assert _row(zh, "民國元年")[0] == "1912"
    assert _row(zh, "民國34年")[:2] == ["1945", "昭和20年"]
    assert _row(zh, "民國120年")[0] == "2031"
    assert _row(zh, "昭和20年")[:2] == ["1945", "民國34年"]
    assert _row(zh, "明治28年")[:2] == ["1895", "民國前17年"]
    assert _row(zh, "大正元年")[:2] == ["1912", "民國元年"]
    assert _row(zh, "光緒21年（乙未）")[:2] == ["1895", "民國前17年"]
    roc_rows = [
        r for r in zh.select("article tbody th[scope=row]") if r.get_text().startswith("民國")
    ]
    assert len(roc_rows) == 120
    en = _built(site_dir, "en", "era-table")
    assert _row(en, "Shōwa 20 (昭和20年)")[0] == "1945"
    assert _row(en, "ROC 1 (民國元年)")[:2] == ["1912", "Meiji 45 (明治45年) / Taishō 1 (大正元年)"]
    generated = [t for t in zh.select("article table") + en.select("article table") if t.caption]
    assert len(generated) == 2 * (12 + 3 + 1)  # ROC decades, three Japanese eras, Guangxu


def test_contact_page_shows_reply_deadlines_from_forms_yml(site_dir: Path) -> None:
    days = _forms_raw()["handling_days"]
    for lang in ("zh-TW", "en"):
        text = _built(site_dir, lang, "contact").select_one("#by-email").find_next("table")
        cells = " ".join(td.get_text() for td in text.select("td"))
        for value in days.values():
            assert str(value) in cells


def test_open_data_links_the_statistics_downloads(site_dir: Path) -> None:
    for lang in ("zh-TW", "en"):
        links = [a["href"] for a in _built(site_dir, lang, "open-data").select("article a[href]")]
        assert any(href.endswith("statistics/#downloads") for href in links), links


def test_about_pages_are_in_the_menu(site_dir: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"- about/{page}.md" in config


# --- the hook in a real (tiny) MkDocs build ---------------------------------------------------


def _tiny_build(tmp_path: Path, forms_text: str) -> subprocess.CompletedProcess:
    docs = tmp_path / "content" / "pages"
    docs.mkdir(parents=True)
    (tmp_path / "content" / "data").mkdir()
    shutil.copy(OFFICE_YML, tmp_path / "content" / "data" / "office.yml")
    (tmp_path / "content" / "data" / "forms.yml").write_text(forms_text, encoding="utf-8")
    (docs / "index.md").write_text(
        "---\ntitle: 測試\n---\n\n# 測試 { #t }\n\n<!-- personal-data-files -->\n\n"
        "## 年號 { #eras }\n\n<!-- era-table: japanese -->\n\n"
        "回覆期限 {{ forms.handling_days.simple }} 日\n",
        encoding="utf-8",
    )
    return build_with_hook(tmp_path, "about", ("attr_list", "tables", "toc", "md_in_html"))


def test_the_hook_expands_the_markers_in_a_real_build(tmp_path: Path) -> None:
    result = _tiny_build(tmp_path, FORMS_YML.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "site" / "index.html").read_text("utf-8"), "lxml")
    captions = [c.get_text() for c in soup.select("caption")]
    assert any("線上預約臨櫃服務資料檔" in c for c in captions)
    assert soup.select_one("h3#showa") is not None
    assert f"回覆期限 {_forms_raw()['handling_days']['simple']} 日" in soup.get_text()


def test_a_personal_data_file_without_legal_basis_stops_the_build(tmp_path: Path) -> None:
    text = FORMS_YML.read_text(encoding="utf-8")
    survey_basis = re.search(
        r"\n(\s+legal_basis: \{zh-TW: 個人資料保護法第 15 條第 2 款[^\n]*)", text
    )
    assert survey_basis, "fixture: the survey's legal basis line moved"
    result = _tiny_build(tmp_path, text.replace(survey_basis.group(1), ""))
    assert result.returncode != 0
    assert "content/data/forms.yml:" in result.stderr
    assert "the personal-data file of form `survey` has no `legal_basis`" in result.stderr


# --- in the browser ------------------------------------------------------------------------

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BROWSER_PAGES = [
    "about/",
    "about/privacy/",
    "about/era-table/",
    "about/facilities/",
    "en/about/privacy/",
    "en/about/era-table/",
    "en/about/contact/",
]


def _axe_violations(page: Any, url: str) -> list[str]:
    response = visit(page, url)
    assert response is not None and response.ok
    page.add_script_tag(path=str(AXE_JS))
    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("options => axe.run(document, options)", options)
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_about_pages_have_no_axe_violations(page: Any, site_url: str, path: str) -> None:
    found = _axe_violations(page, f"{site_url}/{path}")
    assert not found, f"/{path}: {found}"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["about/era-table/", "en/about/privacy/"])
def test_about_tables_have_no_axe_violations_on_a_phone(
    browser: Any, site_url: str, path: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        found = _axe_violations(context.new_page(), f"{site_url}/{path}")
        assert not found, f"/{path} at 360 px: {found}"
    finally:
        context.close()


@pytest.mark.browser
def test_about_pages_reflow_at_320px_with_large_text(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        visit(tab, f"{site_url}/")
        tab.evaluate("() => localStorage.setItem('gov-font-size', 'large')")
        wide = []
        for path in [
            "about/privacy/",
            "about/era-table/",
            "en/about/era-table/",
            "en/about/privacy/",
        ]:
            visit(tab, f"{site_url}/{path}")
            width = tab.evaluate("() => document.documentElement.scrollWidth")
            if width > 320:
                wide.append(f"/{path}: {width}px")
        assert not wide, wide
    finally:
        context.close()
