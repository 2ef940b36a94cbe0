"""``make new-page``: both language files, valid front matter, shared H1 id, no overwriting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scripts import i18n_status, new_page
from theme.sitekit import headings, pagemeta, pages, translations

TODAY = "2026-11-27"


def run(capsys, docs: Path, *args: str) -> tuple[int, str, str]:
    code = new_page.main([*args, "--docs-dir", str(docs), "--date", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def test_creates_both_files_that_the_build_accepts(docs, capsys):
    code, out, _ = run(capsys, docs, "about/example", "--title-zh", "範例", "--title-en", "Example")
    assert code == 0
    assert "created 已建立 content/pages/about/example.md" in out
    assert "add `- about/example.md` under `nav:` in mkdocs.yml" in out
    for uri, title in (("about/example.md", "範例"), ("about/example.en.md", "Example")):
        page = pages.read_page(docs, uri, {})
        assert page.front["title"] == title
        assert page.front["last_reviewed"] == dt.date(2026, 11, 27)
        # The build's own check: title, last_reviewed and review_in (from .meta.yml) present.
        review = pagemeta.review_of(page.meta, page.shown, pagemeta.key_lines(page.text))
        assert review.due == dt.date(2027, 5, 27)
        found = headings.headings(page.body, page.front_lines + 1)
        assert [(h.level, h.text, h.id) for h in found] == [(1, title, "example")]


def test_new_pair_passes_strict_i18n_until_the_chinese_changes(docs, capsys):
    run(capsys, docs, "guides/example", "--title-zh", "範例", "--title-en", "Example")
    assert i18n_status.main(["--docs-dir", str(docs), "--strict"]) == 0
    with (docs / "guides" / "example.md").open("a", encoding="utf-8") as handle:
        handle.write("## 應備文件 { #what-to-bring }\n\n身分證。\n")
    assert i18n_status.main(["--docs-dir", str(docs), "--strict"]) == 1
    assert "outdated 中文已修改" in capsys.readouterr().out


def test_reads_make_variables_from_the_environment(docs, capsys, monkeypatch):
    monkeypatch.setenv("PAGE", "about/nursing-room")
    monkeypatch.setenv("TITLE_ZH", "哺集乳室: 說明")
    monkeypatch.setenv("TITLE_EN", 'The "nursing" room')
    code, _, _ = run(capsys, docs)
    assert code == 0
    zh = pages.read_page(docs, "about/nursing-room.md", {})
    en = pages.read_page(docs, "about/nursing-room.en.md", {})
    assert zh.front["title"] == "哺集乳室: 說明"
    assert en.front["title"] == 'The "nursing" room'
    assert "# 哺集乳室: 說明 { #nursing-room }" in zh.text


def test_index_page_takes_its_folder_name_as_id(docs, capsys):
    code, _, _ = run(
        capsys,
        docs,
        "content/pages/stats/index.md",
        "--title-zh",
        "人口統計",
        "--title-en",
        "Population",
    )
    assert code == 0
    assert "# 人口統計 { #stats }" in (docs / "stats" / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("existing", ["guides/birth.md", "guides/birth.en.md"])
def test_refuses_to_overwrite_and_creates_nothing(docs, write, capsys, existing):
    write(existing, "---\ntitle: 原有內容\n---\n")
    code, _, err = run(capsys, docs, "guides/birth", "--title-zh", "出生", "--title-en", "Birth")
    assert code == 2
    assert f"content/pages/{existing} already exists; nothing was created" in err
    assert "檔案已存在" in err
    assert sorted(p.name for p in (docs / "guides").iterdir()) == [Path(existing).name]
    assert (docs / existing).read_text(encoding="utf-8") == "---\ntitle: 原有內容\n---\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Guides/Birth", "--title-zh", "出生", "--title-en", "Birth"], "must be lowercase ASCII"),
        (["guides/出生", "--title-zh", "出生", "--title-en", "Birth"], "must be lowercase ASCII"),
        (["../outside", "--title-zh", "出生", "--title-en", "Birth"], "must be lowercase ASCII"),
        (["guides/birth", "--title-zh", "出生", "--title-en", "  "], "TITLE_EN is empty"),
        (["guides/birth", "--title-zh", "", "--title-en", "Birth"], "TITLE_ZH is empty"),
        (["", "--title-zh", "出生", "--title-en", "Birth"], "PAGE is empty"),
    ],
)
def test_bad_input_is_refused_bilingually(docs, capsys, monkeypatch, args, message):
    for name in ("PAGE", "TITLE_ZH", "TITLE_EN"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run(capsys, docs, *args)
    assert code == 2
    assert message in err
    assert "make new-page PAGE=guides/example TITLE_ZH=範例 TITLE_EN=Example" in err
    assert [p.name for p in docs.rglob("*.md")] == []


def test_exact_file_contents(docs, capsys):
    run(capsys, docs, "about/example", "--title-zh", "範例", "--title-en", "Example")
    zh = (docs / "about" / "example.md").read_text(encoding="utf-8")
    en = (docs / "about" / "example.en.md").read_text(encoding="utf-8")
    assert zh == "---\ntitle: 範例\nlast_reviewed: 2026-11-27\n---\n\n# 範例 { #example }\n\n"
    fingerprint = translations.source_hash(pages.read_page(docs, "about/example.md", {}))
    assert en == (
        "---\ntitle: Example\nlast_reviewed: 2026-11-27\n"
        f'translation_of: "{fingerprint}"\n---\n\n# Example {{ #example }}\n\n'
    )
