"""The forms catalog: bad catalogs fail with their line; the built page and the files are real.

Three layers: the loader on small catalogs in tmp files; the committed ODF and PDF files
(valid ODF package, PDF text layer with the title, embedded fonts); the built site (every form
has ODF and PDF links that resolve, sizes match the files, every guide's form link lands on an
anchor of the forms page). One real MkDocs build of a tiny project checks the hook's wiring.
"""

from __future__ import annotations

import math
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pypdf import PdfReader

from tests.site.conftest import url_to_file
from tests.site.tinybuild import build_with_hook
from theme.sitekit import downloads
from theme.sitekit.errors import ContentError

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "content" / "pages"
FILES = DOCS / "files" / "forms"
CATALOG_PATH = ROOT / "content" / "data" / "downloads.yml"
SRC = "content/data/downloads.yml"
CATALOG = downloads.load(CATALOG_PATH, SRC, FILES, DOCS)
FORM_IDS = [form.id for form in CATALOG.forms]
REQUIRED_IDS = {
    "household-registration-application",
    "entrustment-letter",
    "seal-registration-application",
    "transcript-application",
    "name-change-application",
    "satisfaction-survey",
    "home-visit-application",
    "archives-application",
}
ODF_MEDIA = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FORMS_PAGES = {"zh-TW": "/forms/", "en": "/en/forms/"}

# --- the loader, on small catalogs ------------------------------------------------------------

GOOD = """\
categories:
  - id: registration-forms
    title: {zh-TW: 戶籍登記, en: Registration}
forms:
  - id: seal-form
    title:
      zh-TW: 印鑑登記申請書
      en: Seal registration application
    category: registration-forms
    guide: guides/seal.md
    description: {zh-TW: 說明, en: About}
    files:
      - path: seal-form.odt
        format: odt
      - path: seal-form.pdf
        format: pdf
"""
# Line numbers in GOOD: the form starts on 5, `files:` list on 13, the .pdf path on 15.


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A docs folder with the guide page and the two files GOOD lists."""
    docs = tmp_path / "pages"
    (docs / "guides").mkdir(parents=True)
    (docs / "guides" / "seal.md").write_text("---\ntitle: 印鑑\n---\n# 印鑑\n", encoding="utf-8")
    files = docs / "files" / "forms"
    files.mkdir(parents=True)
    (files / "seal-form.odt").write_bytes(b"odt")
    (files / "seal-form.pdf").write_bytes(b"%PDF")
    return tmp_path


def load_text(project: Path, text: str) -> downloads.Catalog:
    path = project / "downloads.yml"
    path.write_text(text, encoding="utf-8")
    docs = project / "pages"
    return downloads.load(path, SRC, docs / "files" / "forms", docs)


def test_a_good_catalog_loads(project: Path) -> None:
    catalog = load_text(project, GOOD)
    (form,) = catalog.forms
    assert form.id == "seal-form"
    assert form.guides == ("guides/seal.md",)
    assert [(f.path, f.format, f.line) for f in form.files] == [
        ("seal-form.odt", "odt", 13),
        ("seal-form.pdf", "pdf", 15),
    ]
    assert catalog.categories[0].title == {"zh-TW": "戶籍登記", "en": "Registration"}


SECOND_FORM = """\
  - id: other-form
    title: {zh-TW: 其他, en: Other}
    category: registration-forms
    description: {zh-TW: 說明, en: About}
    files:
      - path: other.odt
        format: odt
      - path: seal-form.pdf
        format: pdf
"""

BAD_CATALOGS = {
    "missing file": (
        GOOD.replace("path: seal-form.pdf", "path: gone.pdf"),
        r"downloads\.yml:15: form `seal-form`: the file `gone\.pdf` is not in "
        r"content/pages/files/forms/ \(找不到檔案\)",
    ),
    "no ODF version": (
        GOOD.replace("      - path: seal-form.odt\n        format: odt\n", ""),
        r"downloads\.yml:13: form `seal-form` has no ODF version",
    ),
    "no PDF version": (
        GOOD.replace("      - path: seal-form.pdf\n        format: pdf\n", ""),
        r"downloads\.yml:13: form `seal-form` has no PDF version",
    ),
    "file listed twice in one form": (
        GOOD + "      - path: seal-form.pdf\n        format: pdf\n",
        r"downloads\.yml:17: file `seal-form\.pdf` is listed twice, first on line 15",
    ),
    "file listed by two forms": (
        GOOD + SECOND_FORM,
        r"downloads\.yml:24: file `seal-form\.pdf` is listed twice, first on line 15",
    ),
    "guide does not exist": (
        GOOD.replace("guides/seal.md", "guides/seals.md"),
        r"downloads\.yml:5: form `seal-form`: the guide `guides/seals\.md` is not a page",
    ),
    "duplicate form id": (
        GOOD + SECOND_FORM.replace("other-form", "seal-form").replace("seal-form.pdf", "o.pdf"),
        r"downloads\.yml:17: form id `seal-form` is already used on line 5 \(表單代碼重複\)",
    ),
    "format does not match the extension": (
        GOOD.replace("format: odt", "format: ods"),
        r"downloads\.yml:14: file `seal-form\.odt`: format `ods` must be odt, ods or pdf",
    ),
    "unknown category": (
        GOOD.replace("category: registration-forms", "category: registration"),
        r"downloads\.yml:5: form `seal-form`: category `registration` is not one of",
    ),
    "English title missing": (
        GOOD.replace("      en: Seal registration application\n", ""),
        r"downloads\.yml:7: `title` has no `en` text \(缺少 en 文字\)",
    ),
    "title in a third language": (
        GOOD.replace(
            "      en: Seal registration application\n",
            "      en: Seal registration application\n      ja: 印鑑登録申請書\n",
        ),
        r"downloads\.yml:9: `ja` is not a known field here; use one of: zh-TW, en",
    ),
    "title as one text": (
        GOOD.replace(
            "    title:\n      zh-TW: 印鑑登記申請書\n      en: Seal registration application\n",
            "    title: 印鑑登記申請書\n",
        ),
        r"downloads\.yml:6: `title` needs `zh-TW:` and `en:` texts",
    ),
    "id not ASCII": (
        GOOD.replace("id: seal-form", "id: 印鑑"),
        r"downloads\.yml:5: id `印鑑` must be lowercase ASCII letters",
    ),
    "key given twice": (
        GOOD.replace("    guide: guides/seal.md\n", "    guide: guides/seal.md\n    guide: x.md\n"),
        r"downloads\.yml:11: `guide` is given twice in this entry",
    ),
    "not valid YAML": (
        GOOD.replace("category: registration-forms", "category: [registration-forms"),
        r"downloads\.yml:9: is not valid YAML: a bracket \[ or \{ opened on this line",
    ),
    "file path with a folder": (
        GOOD.replace("path: seal-form.odt", "path: ../seal-form.odt"),
        r"downloads\.yml:13: file `\.\./seal-form\.odt` must be a file name inside",
    ),
}


@pytest.mark.parametrize(("text", "message"), BAD_CATALOGS.values(), ids=BAD_CATALOGS.keys())
def test_bad_catalog_names_the_line(project: Path, text: str, message: str) -> None:
    with pytest.raises(ContentError, match=message):
        load_text(project, text)


WITHOUT_FIELD = {
    "id": ("  - id: seal-form\n    title:\n", "  - title:\n"),
    "title": (
        "    title:\n      zh-TW: 印鑑登記申請書\n      en: Seal registration application\n",
        "",
    ),
    "category": ("    category: registration-forms\n", ""),
    "description": ("    description: {zh-TW: 說明, en: About}\n", ""),
    "files": (GOOD[GOOD.index("    files:") :], ""),
}


@pytest.mark.parametrize("field", downloads.FORM_FIELDS)
def test_missing_required_field_names_the_entry_line(project: Path, field: str) -> None:
    old, new = WITHOUT_FIELD[field]
    assert old in GOOD
    with pytest.raises(ContentError, match=rf"downloads\.yml:5: this entry is missing `{field}`"):
        load_text(project, GOOD.replace(old, new))


def test_catalog_without_forms_list(project: Path) -> None:
    with pytest.raises(ContentError, match=r"must have `categories:` and `forms:` lists"):
        load_text(project, "categories: []\n")


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="the forms catalog file is missing"):
        downloads.load(tmp_path / "nope.yml", SRC, tmp_path, tmp_path)


def test_sizes_round_up_to_whole_kilobytes() -> None:
    assert [downloads.size_kb(n) for n in (0, 1, 1024, 1025, 130_000)] == [1, 1, 1, 2, 127]


# --- the real catalog and its committed files ---------------------------------------------


def test_the_catalog_has_every_required_form() -> None:
    assert set(FORM_IDS) >= REQUIRED_IDS


def test_a_form_file_no_form_lists_stops_the_build(project: Path) -> None:
    (project / "pages" / "files" / "forms" / "old-form.pdf").write_bytes(b"%PDF")
    with pytest.raises(
        ContentError, match=r"`old-form\.pdf` is in content/pages/files/forms/ but no"
    ):
        load_text(project, GOOD)


def form_files(fmt: tuple[str, ...]) -> list[tuple[downloads.FormEntry, Path]]:
    return [
        (form, FILES / file.path)
        for form in CATALOG.forms
        for file in form.files
        if file.format in fmt
    ]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("form", "path"), form_files(("pdf",)), ids=lambda v: getattr(v, "name", "")
)
def test_pdf_has_a_text_layer_with_the_title_and_embedded_fonts(
    form: downloads.FormEntry, path: Path
) -> None:
    reader = PdfReader(path)
    text = _flat("".join(page.extract_text() for page in reader.pages))
    assert _flat(form.title["zh-TW"]) in text, f"{path.name}: no text layer with the title"
    assert "個人資料保護法" in text  # the PDPA notice is printed on every form
    embedded = []
    for page in reader.pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            for part in font.get("/DescendantFonts") or [font]:
                descriptor = part.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded.append(
                        any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    )
    assert embedded and all(embedded), f"{path.name}: a font is not embedded"


@pytest.mark.parametrize(
    ("form", "path"), form_files(("odt", "ods")), ids=lambda v: getattr(v, "name", "")
)
def test_odf_is_a_valid_package_with_the_title_and_a_cjk_font(
    form: downloads.FormEntry, path: Path
) -> None:
    with zipfile.ZipFile(path) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype").decode() == ODF_MEDIA[path.suffix[1:]]
        assert archive.testzip() is None
        manifest = archive.read("META-INF/manifest.xml").decode("utf-8")
        assert ODF_MEDIA[path.suffix[1:]] in manifest
        for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            etree.fromstring(archive.read(name))  # well-formed XML
        content = archive.read("content.xml").decode("utf-8")
        styles = archive.read("styles.xml").decode("utf-8")
    assert form.title["zh-TW"] in content
    assert 'style:font-name-asian="Noto Sans CJK TC"' in styles
    assert 'style:language-asian="zh"' in styles and 'style:country-asian="TW"' in styles


# --- the built site ---------------------------------------------------------------------------


def forms_page(site_dir: Path, lang: str) -> BeautifulSoup:
    path = url_to_file(site_dir, FORMS_PAGES[lang])
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def form_section(soup: BeautifulSoup, form_id: str) -> list:
    """The elements after the form's heading, up to the next heading."""
    heading = soup.find(id=form_id)
    assert heading is not None and heading.name == "h3", form_id
    parts = []
    for element in heading.find_next_siblings():
        if element.name in ("h2", "h3"):
            break
        parts.append(element)
    return parts


@pytest.mark.parametrize("lang", FORMS_PAGES)
def test_every_form_offers_odf_and_pdf_that_resolve(site_dir: Path, lang: str) -> None:
    soup = forms_page(site_dir, lang)
    page_url = FORMS_PAGES[lang]
    for form in CATALOG.forms:
        section = form_section(soup, form.id)
        assert form.description[lang] in " ".join(el.get_text(" ") for el in section)
        table = next(el for el in section if el.name == "table")
        assert [th.get_text(strip=True) for th in table.select("thead th")] == [
            downloads.WORDS[lang][key] for key in ("download", "format", "size", "updated")
        ]
        suffixes = set()
        for tr in table.select("tbody tr"):
            cells = [td.get_text(strip=True) for td in tr.find_all("td")]
            link = tr.find("a")
            target = url_to_file(site_dir, urlsplit(urljoin(page_url, link["href"])).path)
            assert target.is_file(), f"{lang}: {link['href']} does not resolve"
            kb = math.ceil(target.stat().st_size / 1024)
            assert cells[2] == f"{max(kb, 1)} KB", f"{target.name}: size shown {cells[2]}"
            text = link.get_text()
            assert form.title[lang] in text and f"{max(kb, 1)} KB" in text
            assert target.suffix in text  # the format is named in the link text
            date = r"民國\d+年\d+月\d+日" if lang == "zh-TW" else r"\d+ [A-Z][a-z]+ \d{4}"
            assert re.fullmatch(date, cells[3]), cells[3]
            suffixes.add(target.suffix)
        assert ".pdf" in suffixes and suffixes & {".odt", ".ods"}, form.id


@pytest.mark.parametrize("lang", FORMS_PAGES)
def test_forms_are_grouped_under_their_category(site_dir: Path, lang: str) -> None:
    soup = forms_page(site_dir, lang)
    for form in CATALOG.forms:
        category = soup.find(id=form.id).find_previous("h2")
        assert category["id"] == form.category


@pytest.mark.parametrize("lang", FORMS_PAGES)
def test_related_guide_links_resolve(site_dir: Path, lang: str) -> None:
    soup = forms_page(site_dir, lang)
    for form in CATALOG.forms:
        links = [
            a for el in form_section(soup, form.id) if el.name == "p" for a in el.find_all("a")
        ]
        assert len(links) == len(form.guides), form.id
        for link in links:
            target = url_to_file(site_dir, urljoin(FORMS_PAGES[lang], link["href"]))
            assert target.is_file(), link["href"]


def test_every_link_to_the_forms_page_lands_on_an_anchor(site_dir: Path) -> None:
    """Guides and Q&A link to ../forms/#form-id; every such id must be on the forms page."""
    ids = {
        lang: {t["id"] for t in forms_page(site_dir, lang).select("[id]")} for lang in FORMS_PAGES
    }
    checked = 0
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if not (rel.startswith(("guides/", "en/guides/", "qa/", "en/qa/"))):
            continue
        page_url = "/" + rel.removesuffix("index.html")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for link in soup.select("article a[href*='forms/#']"):
            url = urlsplit(urljoin(page_url, link["href"]))
            lang = "en" if url.path.startswith("/en/") else "zh-TW"
            assert url.path == FORMS_PAGES[lang], f"{rel}: {link['href']}"
            assert url.fragment in ids[lang], f"{rel}: {link['href']} has no anchor"
            checked += 1
    assert checked >= 40  # every guide links its forms


# --- the hook in a real MkDocs build ------------------------------------------------------------


def build_tiny(tmp_path: Path, catalog: str) -> subprocess.CompletedProcess:
    docs = tmp_path / "content" / "pages"
    (docs / "forms").mkdir(parents=True)
    (docs / "guides").mkdir()
    (docs / "guides" / "seal.md").write_text("---\ntitle: 印鑑登記\n---\n# 印鑑 { #seal }\n")
    (docs / "forms" / "index.md").write_text("# 表單 { #forms }\n\n<!-- forms-catalog -->\n")
    files = docs / "files" / "forms"
    files.mkdir(parents=True)
    (files / "seal-form.odt").write_bytes(b"x" * 2100)
    (files / "seal-form.pdf").write_bytes(b"%PDF")
    (tmp_path / "content" / "data").mkdir()
    (tmp_path / "content" / "data" / "downloads.yml").write_text(catalog, encoding="utf-8")
    return build_with_hook(tmp_path, "forms_catalog")


def test_the_hook_renders_the_marker(tmp_path: Path) -> None:
    result = build_tiny(tmp_path, GOOD)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "forms" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    link = soup.select_one("#seal-form ~ table a[href$='.odt']")
    assert link is not None and link.get_text() == "印鑑登記申請書 ODF 文件（.odt，3 KB）"
    assert soup.select_one("#seal-form ~ p a")["href"] == "../guides/seal/"
    assert "<!-- forms-catalog -->" not in html


def test_a_missing_file_stops_the_build_with_the_line(tmp_path: Path) -> None:
    result = build_tiny(tmp_path, GOOD.replace("path: seal-form.pdf", "path: gone.pdf"))
    assert result.returncode != 0
    assert "content/data/downloads.yml:15: form `seal-form`: the file `gone.pdf`" in result.stderr


# --- the generator (scripts/make_forms.py) without LibreOffice ------------------------------


def test_committed_odf_files_match_the_generator(tmp_path: Path) -> None:
    """Forgetting to run make_forms after editing a form (or the office name) fails here."""
    from scripts import make_forms
    from scripts.formgen.forms import ALL_FORMS

    office = make_forms.office_name()
    for make in ALL_FORMS:
        form = make(office)
        committed = FILES / f"{form.id}.{form.kind}"
        assert make_forms.write_odf(form, office, tmp_path) is True
        fresh = tmp_path / committed.name
        assert fresh.read_bytes() == committed.read_bytes(), (
            f"{committed.name} is out of date: run .venv/bin/python -m scripts.make_forms"
        )
        assert make_forms.write_odf(form, office, tmp_path) is False  # unchanged: not rewritten


def test_odf_text_keeps_spaces_and_line_breaks_and_escapes_markup() -> None:
    from scripts.formgen.odf import rich

    assert rich("民國  年\n<a> & b\tc") == (
        '民國<text:s text:c="2"/>年<text:line-break/>&lt;a&gt; &amp; b<text:tab/>c'
    )
