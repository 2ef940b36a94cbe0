"""New content made by ``make new-page`` builds clean as created, for every page type.

The rules themselves (a guide's sections, heading ids, translations...) are build checks, tested
in test_checks.py; here the scaffolds of a guide, a plain page, a news post and a Q&A entry go
through the real build (``make check``) of a small site together.
"""

from __future__ import annotations

from pathlib import Path

from scripts import new_page
from tests.site.tinybuild import HOME_ZH, home_en, make_site, run_in
from theme.sitekit import translations

PLAIN = (
    "---\ntitle: {title}\ntitle_en: {title_en}\nlast_reviewed: 2026-11-20\ntranslation: none\n"
    "---\n\n"
    "# {title} {{ #{id} }}\n"
)
QA_ZH = (
    "---\ntitle: 常見問答\nlast_reviewed: 2026-11-20\n---\n\n# 常見問答 { #qa }\n\n"
    "## 出生登記 { #birth }\n\n### 有期限嗎？ { #q-birth-deadline }\n\n60 日內。\n\n"
    "## 結婚登記 { #marriage }\n\n### 何時生效？ { #q-marriage-effective }\n\n登記日。\n"
)
QA_EN = (
    "---\ntitle: Q&A\nlast_reviewed: 2026-11-20\n"
    f'translation_of: "{translations.hash_of_text(QA_ZH, "content/pages/qa/index.md")}"\n'
    "---\n\n# Q&A { #qa }\n\n"
    "## Birth { #birth }\n\n### Is there a deadline? { #q-birth-deadline }\n\n60 days.\n\n"
    "## Marriage { #marriage }\n\n### When? { #q-marriage-effective }\n\nOn registration.\n"
)


def _new(project: Path, *args: str) -> None:
    """``make new-page`` in ``project`` (in this process: its files, its messages)."""
    docs = project / "content" / "pages"
    assert new_page.main([*args, "--docs-dir", str(docs)]) == 0


def test_every_page_type_builds_clean_as_created(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "index.md": HOME_ZH,
            "index.en.md": home_en(),
            "forms/index.md": PLAIN.format(title="表單下載", title_en="Forms", id="forms"),
            "booking/index.md": PLAIN.format(title="預約申辦", title_en="Book", id="booking"),
            "qa/index.md": QA_ZH,
            "qa/index.en.md": QA_EN,
        },
    )
    _new(tmp_path, "guides/example", "--title-zh", "範例登記", "--title-en", "Example")
    _new(tmp_path, "about/parking", "--title-zh", "停車", "--title-en", "Parking")
    _new(
        tmp_path, "holiday-hours", "--type", "news", "--title-zh", "春節", "--title-en", "New Year"
    )
    _new(
        tmp_path,
        "q-birth-late",
        "--type",
        "qa",
        "--topic",
        "birth",
        "--title-zh",
        "逾期怎麼辦？",
        "--title-en",
        "What if I am late?",
    )
    docs = tmp_path / "content" / "pages"
    guide = (docs / "guides" / "example.md").read_text(encoding="utf-8")
    assert "## 規費 { #fees }" in guide and "## 相關問答 { #related-qa }" in guide
    assert list((docs / "news" / "posts").glob("*-holiday-hours.en.md"))
    qa = (docs / "qa" / "index.en.md").read_text(encoding="utf-8")
    assert qa.index("{ #q-birth-late }") < qa.index("## Marriage")
    result = run_in(tmp_path, "scripts.check")
    assert result.returncode == 0, result.stderr


def test_a_guide_that_loses_a_section_fails_the_build(tmp_path: Path) -> None:
    make_site(tmp_path, {"index.md": HOME_ZH, "index.en.md": home_en()})
    _new(tmp_path, "guides/example", "--title-zh", "範例", "--title-en", "Example")
    page = tmp_path / "content" / "pages" / "guides" / "example.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("## Fees { #fees }", "## Fees"), encoding="utf-8")
    result = run_in(tmp_path, "scripts.check")
    assert result.returncode == 1
    assert "content/pages/guides/example.en.md:" in result.stderr
    assert "申辦須知缺少「規費」段落" in result.stderr
