"""``make i18n-status``: missing and outdated translations, marking, heading ids, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import i18n_status
from tests.scripts.conftest import DATA
from theme.sitekit import pages, translations

ROOT = Path(__file__).resolve().parents[2]
ZH = "---\ntitle: 結婚登記\n---\n\n# 結婚登記 { #marriage }\n\n## 規費 { #fees }\n\n免費。\n"
EN = "---\ntitle: Marriage\n---\n\n# Marriage { #marriage }\n\n## Fees { #fees }\n\nFree.\n"


def run(capsys: pytest.CaptureFixture[str], docs: Path, *args: str) -> tuple[int, str, str]:
    code = i18n_status.main(["--docs-dir", str(docs), *args])
    out, err = capsys.readouterr()
    return code, out, err


def status_of(docs: Path, source: str) -> str:
    report = translations.build_report(pages.load(docs))
    return next(pair.status for pair in report.pairs if pair.source == source)


def test_missing_translation_is_listed_and_fails_strict(docs, write, capsys):
    write("guides/marriage.md", ZH)
    code, out, _ = run(capsys, docs)
    assert code == 0
    assert "guides/marriage.md" in out
    assert "missing 缺英文版" in out
    assert "translate into guides/marriage.en.md" in out
    code, _, _ = run(capsys, docs, "--strict")
    assert code == 1


@pytest.mark.parametrize("where", ["page", "folder"])
def test_translation_none_opts_out_in_strict(docs, write, capsys, where):
    if where == "page":
        write("news/local.md", ZH.replace("title: 結婚登記", "title: 里民活動\ntranslation: none"))
    else:
        write("news/.meta.yml", "translation: none\n")
        write("news/local.md", ZH)
    code, out, _ = run(capsys, docs, "--strict", "--all")
    assert code == 0, out
    assert "not needed 免翻譯" in out
    assert "Every page is translated and up to date" in out


def test_unmarked_translation_fails_strict_until_marked(docs, write, capsys):
    write("guides/marriage.md", ZH)
    english = write("guides/marriage.en.md", EN)
    code, out, _ = run(capsys, docs, "--strict")
    assert code == 1
    assert "never marked 未標記" in out
    assert 'make i18n-status ARGS="--mark guides/marriage.en.md"' in out

    code, out, _ = run(capsys, docs, "--mark-all")
    assert code == 0
    assert "marked guides/marriage.en.md as the translation of guides/marriage.md" in out
    recorded = translations.source_hash(pages.load(docs).pages["guides/marriage.md"])
    # Only the record line is added; every other byte of the English page stays as it was.
    assert english.read_text(encoding="utf-8") == EN.replace(
        "title: Marriage\n", f'title: Marriage\ntranslation_of: "{recorded}"\n'
    )
    code, out, _ = run(capsys, docs, "--strict")
    assert code == 0, out


def test_changing_the_chinese_body_makes_the_translation_outdated(docs, write, capsys):
    source = write("guides/marriage.md", ZH)
    write("guides/marriage.en.md", EN)
    run(capsys, docs, "--mark", "guides/marriage.en.md")
    assert status_of(docs, "guides/marriage.md") == translations.OK

    # Reviewing the Chinese page (front matter only) or trailing spaces do not count as a change.
    source.write_text(
        ZH.replace("---\n\n", "last_reviewed: 2027-01-05\n---\n\n").replace("免費。", "免費。  "),
        encoding="utf-8",
    )
    assert status_of(docs, "guides/marriage.md") == translations.OK

    source.write_text(ZH.replace("免費。", "新臺幣 100 元。"), encoding="utf-8")
    code, out, _ = run(capsys, docs, "--strict")
    assert code == 1
    assert "outdated 中文已修改" in out
    assert "依中文版更新英文版" in out and "then run make i18n-status" in out

    source.write_text(ZH.replace("title: 結婚登記", "title: 結婚登記（含假日）"), encoding="utf-8")
    assert status_of(docs, "guides/marriage.md") == translations.OUTDATED


@pytest.mark.parametrize(
    "given",
    [
        "guides/marriage.en.md",
        "guides/marriage.md",
        "guides/marriage",
        "./guides/marriage.en.md",
        "{docs}/guides/marriage.en.md",
    ],
)
def test_mark_accepts_either_file_of_the_pair(docs, write, capsys, given):
    write("guides/marriage.md", ZH)
    write("guides/marriage.en.md", EN)
    code, out, _ = run(capsys, docs, "--mark", given.format(docs=docs))
    assert code == 0, out
    assert status_of(docs, "guides/marriage.md") == translations.OK


def test_mark_replaces_an_old_record_and_keeps_crlf(docs, write, capsys):
    write("guides/marriage.md", ZH)
    english = docs / "guides" / "marriage.en.md"
    crlf = EN.replace("---\n\n", 'translation_of: "000000000000"\n---\n\n').replace("\n", "\r\n")
    english.write_bytes(crlf.encode())
    assert status_of(docs, "guides/marriage.md") == translations.OUTDATED
    code, _, _ = run(capsys, docs, "--mark", "guides/marriage.en.md")
    assert code == 0
    data = english.read_bytes().decode()
    assert data.count("translation_of") == 1
    assert "\r\n" in data and "\n" not in data.replace("\r\n", "")
    assert status_of(docs, "guides/marriage.md") == translations.OK


def test_mark_of_a_missing_english_page_changes_nothing(docs, write, capsys):
    write("guides/marriage.md", ZH)
    english = write("guides/divorce.en.md", EN)
    write("guides/divorce.md", ZH)
    code, _, err = run(capsys, docs, "--mark", "guides/divorce.en.md", "--mark", "guides/marriage")
    assert code == 2
    assert "guides/marriage.en.md: does not exist" in err
    assert "英文版不存在" in err
    assert "Nothing was marked" in err
    assert english.read_text(encoding="utf-8") == EN


def test_english_page_without_chinese_page(docs, write, capsys):
    write("guides/orphan.en.md", EN)
    code, out, _ = run(capsys, docs, "--strict")
    assert code == 1
    assert "English only 缺中文版" in out
    assert "add the Chinese page guides/orphan.md" in out


def test_malformed_front_matter_is_reported_with_file_and_line(docs, write, capsys):
    write("guides/marriage.md", "---\ntitle: [結婚\n---\n")
    code, out, err = run(capsys, docs)
    assert code == 2
    assert out == ""
    assert "content/pages/guides/marriage.md:2: front matter is not valid YAML" in err
    assert "頁首設定格式錯誤" in err


def has_line(out: str, where: str, words: str) -> bool:
    """A line of ``out`` names ``where`` (file:line) and says ``words``."""
    return any(where in line and words in line for line in out.splitlines())


@pytest.mark.parametrize(
    ("english", "kinds", "expected"),
    [
        ("en_ok.md", [], None),
        (
            "en_no_id.md",
            ["no-id", "missing"],
            ("birth.en.md:20:", "heading `Fees` has no explicit id"),
        ),
        (
            "en_missing_id.md",
            ["missing"],
            (
                "birth.en.md:",
                "has no heading with id `by-proxy` (the Chinese page has it on line 17",
            ),
        ),
        (
            "en_extra_id.md",
            ["extra"],
            ("birth.en.md:22:", "heading id `payment` is not on the Chinese page"),
        ),
        (
            "en_level.md",
            ["level"],
            ("birth.en.md:", "heading `by-proxy` is level 2 (`##`) but level 3 (`###`)"),
        ),
        (
            "en_reordered.md",
            ["order"],
            (
                "birth.en.md:",
                "`what-to-bring` is where the Chinese page has `who-and-when`",
            ),
        ),
        (
            "en_bad_id.md",
            ["bad-id", "missing", "extra"],
            ("birth.en.md:", "heading id `費用` must be ASCII"),
        ),
    ],
)
def test_heading_ids_are_compared(pair, docs, capsys, english, kinds, expected):
    pair(english)
    run(capsys, docs, "--mark-all")
    report = translations.build_report(pages.load(docs))
    assert sorted(
        issue.code.removeprefix("heading-") for issue in report.pairs[0].heading_issues
    ) == sorted(kinds)
    code, out, _ = run(capsys, docs, "--strict")
    assert code == (1 if kinds else 0), out
    if expected:
        assert "Heading ids that differ 標題錨點不一致" in out
        assert has_line(out, *expected), out


def test_chinese_heading_without_id_is_reported_on_the_chinese_file(pair, docs, capsys):
    source, _ = pair("en_ok.md")
    source.write_text(
        source.read_text(encoding="utf-8").replace("## 規費 { #fees }", "## 規費"), encoding="utf-8"
    )
    run(capsys, docs, "--mark-all")
    code, out, _ = run(capsys, docs, "--strict")
    assert code == 1
    assert has_line(out, "guides/birth.md:19:", "heading `規費` has no explicit id"), out
    assert has_line(out, "birth.en.md:20:", "heading id `fees` is not on the Chinese page"), out


def test_duplicate_heading_id(docs, write, capsys):
    write("index.md", ZH + "\n## 其他費用 { #fees }\n")
    write("index.en.md", EN + "\n## Other fees { #fees }\n")
    run(capsys, docs, "--mark-all")
    code, out, _ = run(capsys, docs, "--strict")
    assert code == 1
    assert has_line(out, "index.md:11:", "heading id `fees` is already used on line 7"), out


def test_json_output(pair, docs, write, capsys):
    pair("en_missing_id.md")
    write("qa/index.md", ZH)
    code, out, _ = run(capsys, docs, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is False
    assert data["summary"]["missing"] == 1
    assert data["summary"]["unrecorded"] == 1
    assert data["summary"]["heading_issues"] == 1
    by_source = {page["source"]: page for page in data["pages"]}
    assert by_source["qa/index.md"]["status"] == "missing"
    birth = by_source["guides/birth.md"]
    assert birth["status"] == "unrecorded"
    assert birth["recorded_hash"] is None
    assert len(birth["current_hash"]) == translations.HASH_LENGTH
    assert birth["heading_issues"][0]["kind"] == "missing"


def test_runs_as_a_module(docs, write):
    """``make i18n-status`` runs ``python -m scripts.i18n_status``; check that entry point."""
    write("guides/marriage.md", ZH)
    result = subprocess.run(
        [sys.executable, "-m", "scripts.i18n_status", "--docs-dir", str(docs), "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "guides/marriage.md" in result.stdout


def test_fixture_pair_matches_on_disk():
    """The paired fixture files are what the heading tests claim: same ids, one per heading."""
    from theme.sitekit import headings

    zh = headings.headings((DATA / "headings" / "zh.md").read_text(encoding="utf-8"))
    en = headings.headings((DATA / "headings" / "en_ok.md").read_text(encoding="utf-8"))
    assert [h.id for h in zh] == [h.id for h in en]
    assert [h.id for h in zh] == ["birth", "who-and-when", "what-to-bring", "by-proxy", "fees"]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=30,
    )


def test_diff_shows_what_changed_since_the_translation(docs, write, capsys):
    """A real git repository: translate, commit, change the Chinese page twice, ask for a diff."""
    repo = docs.parent.parent
    git(repo, "init", "-q")
    source = write("guides/marriage.md", ZH)
    write("guides/marriage.en.md", EN)
    run(capsys, docs, "--mark", "guides/marriage.en.md")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "translated")
    source.write_text(
        ZH.replace("免費。", "免費。\n\n## 假日結婚 { #holidays }\n\n須預約。"), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "holidays")
    source.write_text(
        source.read_text(encoding="utf-8").replace("須預約。", "須於 7 日前預約。"),
        encoding="utf-8",
    )

    code, out, _ = run(capsys, docs, "--diff", "guides/marriage.en.md")
    assert code == 0
    assert "Changes to guides/marriage.md since guides/marriage.en.md was translated" in out
    assert "(translated, " in out and "(now)" in out
    added = [
        line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")
    ]
    assert added == ["+", "+## 假日結婚 { #holidays }", "+", "+須於 7 日前預約。"]


def test_diff_without_history_or_change(docs, write, capsys):
    source = write("guides/marriage.md", ZH)
    write("guides/marriage.en.md", EN)
    run(capsys, docs, "--mark", "guides/marriage.en.md")
    code, out, _ = run(capsys, docs, "--diff", "guides/marriage")
    assert code == 0
    assert "up to date 已同步; there is no older Chinese version to compare" in out
    source.write_text(ZH.replace("免費。", "新臺幣 100 元。"), encoding="utf-8")
    code, out, _ = run(capsys, docs, "--diff", "guides/marriage")  # tmp folder: not a git repo
    assert code == 0
    assert "is not in the git history" in out
    code, _, err = run(capsys, docs, "--diff", "guides/nothing.en.md")
    assert code == 2
    assert "does not exist" in err
