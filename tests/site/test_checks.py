"""The build's content checks (theme/sitekit/checks): each rule on a small made-up site.

The rules live in the build; these tests prove each check finds its mistake at the right file
and line with a Chinese and an English message and what to do, passes good content, and that a
real build (``make check``) ends with one summary block. The real site's own content passing is
proved by ``make build`` itself.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.site.tinybuild import HOME_ZH, ROOT, home_en, make_site, run_in
from theme.sitekit import translations, yamlerrors
from theme.sitekit.checks import links, registry, summary
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.guides import SECTIONS
from theme.sitekit.checks.problem import Problem, from_error, split_languages
from theme.sitekit.errors import ContentError

REAL_PDF = ROOT / "content" / "pages" / "files" / "forms" / "seal-registration-application.pdf"
REAL_ODT = ROOT / "content" / "pages" / "files" / "forms" / "seal-registration-application.odt"
FRONT = "---\ntitle: {title}\nlast_reviewed: 2026-11-20\n{extra}---\n\n"


def _guide(
    lang: str = "zh-TW", drop: str = "", swap: bool = False, body: dict | None = None, extra=""
):
    """A guide with every section (``drop`` one, ``swap`` fees and what-to-bring)."""
    zh = lang == "zh-TW"
    text = FRONT.format(title="範例" if zh else "Example", extra=extra) + "# 範例 { #example }\n\n"
    sections = [s for s in SECTIONS if s[0] != drop]
    if swap:
        i, j = (
            [s[0] for s in sections].index("what-to-bring"),
            [s[0] for s in sections].index("fees"),
        )
        sections[i], sections[j] = sections[j], sections[i]
    default = {
        "legal-basis": "戶籍法第 29 條。" if zh else "Household Registration Act, Article 29.",
        "forms": "[表單](../forms/index.md#seal)" if zh else "[Form](../forms/index.md#seal)",
    }
    default.update(body or {})
    for section_id, heading_zh, heading_en in sections:
        heading = heading_zh if zh else heading_en
        text += f"## {heading} {{ #{section_id} }}\n\n{default.get(section_id, '文字。')}\n\n"
    return text


def _content(tmp_path: Path, pages: dict[str, str | bytes], monkeypatch) -> Content:
    monkeypatch.chdir(tmp_path)  # messages name content/pages/... as on a real site
    make_site(tmp_path, pages)
    return Content(tmp_path, tmp_path / "content" / "pages", {})


def _found(content: Content, check: str) -> list[Problem]:
    return registry.run(content, [check])


def _pair(zh: str, en_body: str, uri: str = "guides/example") -> dict[str, str]:
    """A Chinese page and its English page, marked as translating it."""
    fingerprint = translations.hash_of_text(zh, f"content/pages/{uri}.md")
    en = en_body.replace("---\n\n", f'translation_of: "{fingerprint}"\n---\n\n', 1)
    return {f"{uri}.md": zh, f"{uri}.en.md": en}


# --- guides ------------------------------------------------------------------------------------


def test_a_complete_guide_passes_every_check(tmp_path, monkeypatch) -> None:
    content = _content(tmp_path, _pair(_guide(), _guide("en")), monkeypatch)
    problems = registry.run(content, ["guides", "headings", "translations", "front-matter"])
    assert problems == []


def test_booking_is_the_only_optional_section(tmp_path, monkeypatch) -> None:
    content = _content(tmp_path, {"guides/a.md": _guide(drop="booking")}, monkeypatch)
    assert _found(content, "guides") == []


def test_a_missing_section_names_where_it_goes(tmp_path, monkeypatch) -> None:
    content = _content(tmp_path, {"guides/a.md": _guide(drop="fees")}, monkeypatch)
    [problem] = _found(content, "guides")
    text = _guide(drop="fees")
    line = text.splitlines().index("## 應備文件 { #what-to-bring }") + 1
    assert (problem.path, problem.line, problem.code) == (
        "content/pages/guides/a.md",
        line,
        "guide-section-missing",
    )
    assert problem.wrong_zh == "申辦須知缺少「規費」段落（錨點 `fees`）"
    assert "`## 規費 { #fees }`" in problem.todo_zh
    assert "`## Fees { #fees }`" in problem.todo_en


def test_sections_out_of_order(tmp_path, monkeypatch) -> None:
    content = _content(tmp_path, {"guides/a.md": _guide(swap=True)}, monkeypatch)
    [problem] = _found(content, "guides")
    assert problem.code == "guide-section-order"
    assert "what-to-bring" in problem.wrong_en and "fees" in problem.wrong_en


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_legal_basis_must_name_an_article(tmp_path, monkeypatch, lang) -> None:
    guide = _guide(lang, body={"legal-basis": "戶籍法。" if lang == "zh-TW" else "The Act."})
    name = "guides/a.md" if lang == "zh-TW" else "guides/a.en.md"
    content = _content(tmp_path, {name: guide}, monkeypatch)
    [problem] = _found(content, "guides")
    assert problem.code == "guide-legal-basis"
    heading = (
        "## 法令依據 { #legal-basis }" if lang == "zh-TW" else "## Legal basis { #legal-basis }"
    )
    assert problem.line == guide.splitlines().index(heading) + 1


def test_a_forms_link_must_name_the_form(tmp_path, monkeypatch) -> None:
    guide = _guide(body={"forms": "請下載[申請書](../forms/index.md)。"})
    content = _content(tmp_path, {"guides/a.md": guide}, monkeypatch)
    [problem] = _found(content, "guides")
    assert problem.code == "guide-form-anchor"
    assert problem.line == guide.splitlines().index("請下載[申請書](../forms/index.md)。") + 1


def test_the_guides_index_is_not_a_guide(tmp_path, monkeypatch) -> None:
    index = FRONT.format(title="申辦須知", extra="") + "# 申辦須知 { #guides }\n"
    content = _content(tmp_path, {"guides/index.md": index}, monkeypatch)
    assert _found(content, "guides") == []


# --- headings and translations -----------------------------------------------------------------


def test_heading_ids_missing_not_ascii_or_repeated(tmp_path, monkeypatch) -> None:
    page = (
        FRONT.format(title="頁", extra="")
        + "# 頁 { #page }\n\n## 規費\n\n## 費用 { #費用 }\n\n## 一 { #one }\n\n## 二 { #one }\n"
        + "\n```\n## not a heading\n```\n"
    )
    content = _content(tmp_path, {"about/p.md": page}, monkeypatch)
    found = {(p.code, p.line) for p in _found(content, "headings")}
    assert found == {
        ("heading-no-id", 8),
        ("heading-bad-id", 10),
        ("heading-duplicate-id", 14),
    }


def test_translation_statuses_are_build_problems(tmp_path, monkeypatch) -> None:
    zh = FRONT.format(title="頁", extra="") + "# 頁 { #page }\n"
    en = FRONT.format(title="Page", extra="") + "# Page { #page }\n"
    pages = {
        **_pair(zh, en, "about/ok"),
        "about/missing.md": zh,
        "about/chinese-only.md": FRONT.format(title="頁", extra="translation: none\n") + "x\n",
        "about/unmarked.md": zh,
        "about/unmarked.en.md": en,
        "about/orphan.en.md": en,
        **_pair(zh, en, "about/outdated"),
    }
    content = _content(tmp_path, pages, monkeypatch)
    (content.docs_dir / "about" / "outdated.md").write_text(zh + "\n新的一段。\n", encoding="utf-8")
    found = {(p.path, p.code) for p in _found(content, "translations")}
    assert found == {
        ("content/pages/about/missing.md", "translation-missing"),
        ("content/pages/about/unmarked.en.md", "translation-unmarked"),
        ("content/pages/about/orphan.en.md", "translation-english-only"),
        ("content/pages/about/outdated.en.md", "translation-outdated"),
    }


def test_english_headings_must_match_the_chinese(tmp_path, monkeypatch) -> None:
    zh = FRONT.format(title="頁", extra="") + "# 頁 { #page }\n\n## 甲 { #a }\n\n## 乙 { #b }\n"
    en = FRONT.format(title="Page", extra="") + "# Page { #page }\n\n## B { #b }\n\n## A { #a }\n"
    content = _content(tmp_path, _pair(zh, en, "about/p"), monkeypatch)
    [problem] = _found(content, "translations")
    assert (problem.code, problem.line) == ("heading-order", 9)
    assert "`b` is where the Chinese page has `a`" in problem.wrong_en


# --- images, downloads, office facts, front matter ---------------------------------------------


def test_images_need_alternative_text(tmp_path, monkeypatch) -> None:
    page = (
        FRONT.format(title="頁", extra="")
        + "# 頁 { #page }\n\n![](a.png)\n\n![櫃檯](b.png)\n\n<img src='c.png' alt=''>\n\n"
        + "`![](code.png)`\n"
    )
    content = _content(tmp_path, {"about/p.md": page}, monkeypatch)
    found = [(p.line, p.wrong_en) for p in _found(content, "images")]
    assert found == [
        (8, "the image `a.png` has no alternative text"),
        (12, "the image `c.png` has no alternative text"),
    ]


def _zip(entries: list[tuple[str, bytes]], stored_first: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            kind = zipfile.ZIP_STORED if index == 0 and stored_first else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
DOCX = _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")])


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("a.pdf", DOCX, "download-not-pdf", "holds a ZIP file"),
        ("b.pdf", b"Hello, I am text", "download-not-pdf", "holds unrecognised data"),
        ("c.pdf", REAL_PDF.read_bytes()[:2000], "download-broken", "does not open"),
        ("d.odt", DOCX, "download-not-odf", "is not an ODF text document"),
        ("e.odt", _zip([("mimetype", ODS_TYPE), ("content.xml", b"<x/>")]), "download-not-odf", ""),
        (
            "f.ods",
            _zip([("mimetype", ODS_TYPE), ("content.xml", b"<unclosed>")]),
            "download-broken",
            "ParseError",
        ),
        ("g.ods", _zip([("mimetype", ODS_TYPE)]), "download-broken", "content.xml is missing"),
    ],
)
def test_downloads_are_what_their_extension_says(
    tmp_path, monkeypatch, name, data, code, words
) -> None:
    content = _content(tmp_path, {f"files/{name}": data}, monkeypatch)
    [problem] = _found(content, "downloads")
    assert (problem.path, problem.code) == (f"content/pages/files/{name}", code)
    assert words in problem.wrong_en


def test_real_pdf_and_odf_files_pass(tmp_path, monkeypatch) -> None:
    content = _content(tmp_path, {}, monkeypatch)
    shutil.copy(REAL_PDF, content.docs_dir / "form.pdf")
    shutil.copy(REAL_ODT, content.docs_dir / "form.odt")
    assert _found(content, "downloads") == []


def test_office_facts_must_be_shortcodes(tmp_path, monkeypatch) -> None:
    phone = yaml.safe_load((ROOT / "content" / "data" / "office.yml").read_text("utf-8"))[
        "phone_display"
    ]
    page = FRONT.format(title="頁", extra="") + f"# 頁 {{ #p }}\n\n請電 {phone} 洽詢。\n"
    content = _content(tmp_path, {"about/p.md": page}, monkeypatch)
    [problem] = _found(content, "office-facts")
    assert (problem.line, problem.code) == (8, "office-fact-typed")
    assert "{{ office.phone_display }}" in problem.todo_en


def test_every_broken_front_matter_is_reported_not_only_the_first(tmp_path, monkeypatch) -> None:
    bad = "---\ntitle: [頁\nlast_reviewed: 2026-11-20\n---\n\n# 頁 { #p }\n"
    no_title = "---\nlast_reviewed: 2026-11-20\n---\n\n# 頁 { #p }\n"
    content = _content(tmp_path, {"a.md": bad, "b.md": no_title}, monkeypatch)
    found = [(p.path, p.line) for p in _found(content, "front-matter")]
    assert found == [("content/pages/a.md", 2), ("content/pages/b.md", 1)]


# --- YAML mistakes ---------------------------------------------------------------------------

OFFICE = (ROOT / "content" / "data" / "office.yml").read_text(encoding="utf-8")


def _office_mistake(line: int, new: str) -> yamlerrors.Mistake:
    lines = OFFICE.splitlines()
    lines[line - 1] = new
    text = "\n".join(lines)
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.safe_load(text)
    return yamlerrors.explain(text, caught.value)


def _line_of(text: str) -> int:
    return OFFICE.splitlines().index(text) + 1


@pytest.mark.parametrize(
    ("original", "broken", "hint"),
    [
        (
            "    zh-TW: 週二、週四 17:00–20:00",
            "   zh-TW: 週二、週四 17:00–20:00",
            yamlerrors.INDENTATION,
        ),
        ("  evening:", "      evening:", yamlerrors.INDENTATION),
        ("  evening:", "\tevening:", yamlerrors.TAB),
        ('phone: "+886-4-2222-0000"', 'phone: "+886-4-2222-0000', yamlerrors.UNCLOSED_QUOTE),
        ('phone: "+886-4-2222-0000"', "phone: [+886", yamlerrors.UNCLOSED_BRACKET),
    ],
)
def test_yaml_mistakes_name_their_own_line_and_a_fitting_hint(original, broken, hint) -> None:
    line = next(i for i, text in enumerate(OFFICE.splitlines(), 1) if text.startswith(original))
    mistake = _office_mistake(line, broken)
    assert (mistake.line, mistake.zh, mistake.en) == (line, *hint)


def test_colon_in_unquoted_text_gets_the_quote_hint() -> None:
    line = next(i for i, t in enumerate(OFFICE.splitlines(), 1) if t.startswith("    en: Monday"))
    mistake = _office_mistake(line, "    en: Evening service: Tuesdays")
    assert (mistake.line, mistake.en) == (line, yamlerrors.COLON_IN_TEXT[1])


# --- links: MkDocs' warnings reworded ------------------------------------------------------


def test_link_warnings_get_the_line_and_the_nearest_page_or_id() -> None:
    source = "# T\n\n見[收養](adoptionn.md)與[問答](../qa/index.md#birth-proxyy)。\n![](pic.png)\n"
    warnings = [
        "Doc file 'guides/birth.md' contains a link 'adoptionn.md', but the target "
        "'guides/adoptionn.md' is not found among documentation files.",
        "Doc file 'guides/birth.md' contains a link '../qa/index.md#birth-proxyy', but the doc "
        "'qa/index.md' does not contain an anchor '#birth-proxyy'.",
        "Doc file 'guides/birth.md' contains a link 'pic.png', but the target 'guides/pic.png' is "
        "not found among documentation files.",
        "Doc file 'guides/birth.md' contains an absolute link '/forms/', it was left as is. "
        "Did you mean '../forms/index.md'?",
    ]
    assert all(links.is_link_warning(w) for w in warnings)
    found = links.reword(
        warnings,
        shown=lambda uri: f"content/pages/{uri}",
        source_of=lambda uri: source,
        doc_uris=["guides/adoption.md", "guides/adoption.en.md", "qa/index.md"],
        other_uris=["guides/picture.png"],
        anchors_of=lambda uri: {"q-birth-proxy", "birth"},
    )
    assert [(p.code, p.line) for p in found] == [
        ("link-missing", 3),
        ("anchor-missing", 3),
        ("image-missing", 4),
        ("link-address", 0),
    ]
    assert "`adoption.md`" in found[0].todo_en
    assert "`#q-birth-proxy`" in found[1].todo_zh
    assert "`picture.png`" in found[2].todo_en
    assert "`../forms/index.md`" in found[3].todo_en


# --- messages, summary, annotations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "front matter is broken (頁首設定格式錯誤)",
            ("頁首設定格式錯誤", "front matter is broken"),
        ),
        (
            "找不到里名對照檔 / the village name file is missing",
            ("找不到里名對照檔", "the village name file is missing"),
        ),
        (
            "unknown fact (找不到此機關資料). Known: a",
            ("找不到此機關資料", "unknown fact. Known: a"),
        ),
        (
            "里名「福平」不在 content/data/villages.yml 中 / "
            "village `福平` is not listed in content/data/villages.yml",
            (
                "里名「福平」不在 content/data/villages.yml 中",
                "village `福平` is not listed in content/data/villages.yml",
            ),
        ),
        ("English only", ("", "English only")),
    ],
)
def test_older_messages_are_split_chinese_first(text, expected) -> None:
    assert split_languages(text) == expected


def test_summary_block_is_chinese_first_with_the_count_last() -> None:
    error = from_error(ContentError("content/data/office.yml", "is broken (壞了)", 3))
    problem = Problem(
        "content/pages/a.md", 7, "x", "中文錯誤", "English wrong", "中文處理", "Do it"
    )
    block = summary.render([problem, error, problem], after="check")
    lines = block.splitlines()
    assert lines[1] == "內容檢查：2 個問題 · Content check: 2 problem(s)"
    first = lines.index("2. content/pages/a.md:7")
    assert lines[first + 1 : first + 5] == [
        "   錯誤 中文錯誤",
        "   Wrong English wrong",
        "   處理 中文處理",
        "   To do Do it",
    ]
    assert lines[-3:-1] == [
        "共 2 個問題，請修正後再執行 make check。",
        "2 problem(s); fix them, then run make check again.",
    ]


def test_github_annotations_escape_their_text() -> None:
    problem = Problem("content/pages/a, b.md", 3, "x", "中文", "50% wrong: yes", "", "fix\nit")
    [line] = summary.github_annotations([problem]).splitlines()
    assert line.startswith(
        "::error file=content/pages/a%2C b.md,line=3,title=x::中文%0A50%25 wrong"
    )
    assert "To do: fix%0Ait" in line
    other = Problem("", 0, "build-message", "", "a hook's warning")
    assert summary.github_annotations([other]) == "::error title=build-message::a hook's warning"


def test_banner_escapes_html() -> None:
    problem = Problem("a.md", 1, "x", "", "<script>alert(1)</script>")
    banner = summary.banner_html([problem])
    assert "<script>" not in banner and "&lt;script&gt;" in banner
    assert 'role="alert"' in banner
    assert summary.banner_html([]) == ""


# --- the real build, through make check -----------------------------------------------------


def test_make_check_passes_a_good_site(tmp_path: Path) -> None:
    make_site(tmp_path, {"index.md": HOME_ZH, "index.en.md": home_en()})
    result = run_in(tmp_path, "scripts.check")
    assert result.returncode == 0, result.stderr
    assert "沒有問題" in result.stdout


def test_make_check_ends_with_one_summary_block(tmp_path: Path) -> None:
    zh = HOME_ZH + "\n見[收養](adoptionn.md)、[這裡](#hom)。\n\n![](missing.png)\n"
    pages = {
        "index.md": zh,
        "index.en.md": home_en(zh),
        "adoption.md": FRONT.format(title="收養", extra="translation: none\ntitle_en: Adoption\n")
        + "# 收養 { #a }\n",
        "guides/a.md": _guide(
            drop="fees",
            body={"forms": "不需表單。"},
            extra="translation: none\ntitle_en: A guide\n",
        ),
    }
    make_site(tmp_path, pages)
    step_summary = tmp_path / "step-summary.md"
    result = run_in(
        tmp_path,
        "scripts.check",
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step_summary)},
    )
    assert result.returncode == 1
    block = result.stderr[result.stderr.index("═" * 10) :]
    assert "內容檢查：5 個問題" in block
    for where in (
        "content/pages/index.md:10",
        "content/pages/index.md:12",
        "content/pages/guides/a.md:",
    ):
        assert where in block
    assert "找不到圖片 `missing.png`" in block
    assert "改連到 `adoption.md`（最接近的檔案）" in block
    assert "改成 `#home`（最接近的錨點）" in block
    assert "申辦須知缺少「規費」段落" in block
    assert block.rstrip().splitlines()[-3].startswith("共 ")
    assert "WARNING" not in block and "Aborted with" not in result.stderr
    assert "::error file=content/pages/index.md,line=12,title=image-missing::" in result.stdout
    assert "找不到圖片 `missing.png`" in step_summary.read_text(encoding="utf-8")


def test_a_hook_error_joins_the_summary(tmp_path: Path) -> None:
    office = OFFICE.replace("fax:", "fox:")
    make_site(tmp_path, {"index.md": HOME_ZH, "index.en.md": home_en()}, office)
    result = run_in(tmp_path, "scripts.check")
    assert result.returncode == 1
    assert "1. content/data/office.yml\n" in result.stderr
    assert "錯誤 需要設定 `fax`" in result.stderr
