"""``make review-due``: overdue pages by how overdue, owners, folder defaults, exit codes."""

from __future__ import annotations

import json

import pytest

from scripts import review_due


def page(title: str, **front: str) -> str:
    lines = [f"title: {title}", *(f"{key}: {value}" for key, value in front.items())]
    return "---\n" + "\n".join(lines) + f"\n---\n\n# {title} {{ #x }}\n"


def run(capsys, docs, *args: str) -> tuple[int, str, str]:
    code = review_due.main(["--docs-dir", str(docs), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def site(docs, write):
    """Folder defaults (6 months, 行政課, 2026-11-20) plus pages that override them."""
    write("index.md", page("首頁"))  # due 2027-05-20 from .meta.yml
    write("guides/.meta.yml", "review_in: 3 months\nowner: 戶籍課\n")
    write("guides/birth.md", page("出生登記", last_reviewed="2026-10-01"))  # due 2027-01-01
    write("guides/death.md", page("死亡登記", last_reviewed="2026-08-31"))  # due 2026-11-30
    write("guides/seal.md", page("印鑑", last_reviewed="2026-12-15", owner="印鑑股"))  # 2027-03-15
    write("about/privacy.md", page("隱私權", last_reviewed="2026-01-10", review_in="1 year"))
    return docs


def test_overdue_sorted_by_how_overdue_with_owner(site, capsys):
    code, out, _ = run(capsys, site, "--as-of", "2027-01-10")
    assert code == 0
    overdue = out.split("Overdue 已逾期 (2):")[1].split("Warning")[0]
    rows = [line.split() for line in overdue.splitlines() if line.startswith("content/")]
    # death.md was due 2026-11-30 (41 days ago), birth.md 2027-01-01 (9 days ago).
    assert [row[0] for row in rows] == [
        "content/pages/guides/death.md",
        "content/pages/guides/birth.md",
    ]
    assert rows[0][1:7] == ["戶籍課", "2026-08-31", "3", "months", "2026-11-30", "41"]


def test_overdue_and_due_soon(site, capsys):
    code, out, _ = run(capsys, site, "--as-of", "2027-01-10", "--json")
    assert code == 0
    data = json.loads(out)
    overdue = [(item["page"], item["days_overdue"], item["owner"]) for item in data["overdue"]]
    assert overdue == [
        ("content/pages/guides/death.md", 41, "戶籍課"),
        ("content/pages/guides/birth.md", 9, "戶籍課"),
    ]
    soon = [(item["page"], item["due"]) for item in data["due_soon"]]
    # Due today counts as due soon (0 days left), not overdue; 2027-03-15 is beyond 30 days.
    assert soon == [("content/pages/about/privacy.md", "2027-01-10")]
    assert data["pages"] == 5
    assert data["errors"] == []


def test_text_report_lists_owner_and_days(site, capsys):
    code, out, _ = run(capsys, site, "--as-of", "2027-01-10")
    assert code == 0
    death = next(line for line in out.splitlines() if "guides/death.md" in line)
    assert death.split()[1:5] == ["戶籍課", "2026-08-31", "3", "months"]
    assert "41 days overdue 逾期 41 天" in death
    assert out.index("guides/death.md") < out.index("guides/birth.md")
    assert "due within 30 days" in out
    assert "in 0 days 剩 0 天" in out
    assert "set `last_reviewed:` in its front matter" in out


@pytest.mark.parametrize(
    ("as_of", "strict_code"), [("2026-11-29", 0), ("2026-11-30", 0), ("2026-12-01", 1)]
)
def test_strict_fails_only_when_a_page_is_overdue(site, capsys, as_of, strict_code):
    code, out, _ = run(capsys, site, "--as-of", as_of, "--strict")
    assert code == strict_code, out
    if strict_code == 0:
        assert "No page is overdue" in out
        assert "guides/death.md" in out  # due within 30 days: still warned about


def test_warn_days(site, capsys):
    _, out, _ = run(capsys, site, "--as-of", "2026-11-20", "--warn-days", "5", "--json")
    assert [item["page"] for item in json.loads(out)["due_soon"]] == []
    _, out, _ = run(capsys, site, "--as-of", "2026-11-25", "--warn-days", "5", "--json")
    assert [item["page"] for item in json.loads(out)["due_soon"]] == [
        "content/pages/guides/death.md"
    ]


def test_month_end_is_clamped(docs, write, capsys):
    write("a.md", page("甲", last_reviewed="2026-08-31", review_in="6 months"))
    _, out, _ = run(capsys, docs, "--as-of", "2027-03-01", "--json")
    assert json.loads(out)["overdue"][0]["due"] == "2027-02-28"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            page("甲", last_reviewed="2026-13-01"),
            "a.md:3: `last_reviewed: 2026-13-01` is not a real date",
        ),
        (
            page("甲", last_reviewed="next week"),
            "a.md:3: `last_reviewed: next week` must be a date",
        ),
        (
            page("甲", review_in="sometimes"),
            "a.md:3: `review_in: sometimes` must look like `6 months`",
        ),
        (
            "---\nlast_reviewed: 2026-01-01\n---\n",
            "a.md:1: `title` is missing from the front matter",
        ),
        ("---\ntitle: 甲\n", "a.md:1: front matter starts with `---` but has no closing `---`"),
    ],
)
def test_bad_review_fields_exit_2_naming_file_and_line(docs, write, capsys, text, message):
    write("a.md", text)
    write("b.md", page("乙", last_reviewed="2020-01-01"))
    code, out, err = run(capsys, docs, "--as-of", "2027-01-01", "--strict")
    assert code == 2
    assert message in err
    assert "content/pages/b.md" in out  # the other pages are still listed


def test_bad_as_of_date(docs, capsys):
    with pytest.raises(SystemExit) as exc:
        review_due.main(["--docs-dir", str(docs), "--as-of", "2027/01/01"])
    assert exc.value.code == 2
    assert "日期請以西元 YYYY-MM-DD 填寫" in capsys.readouterr().err


def test_page_without_owner(docs, capsys):
    (docs / ".meta.yml").write_text("review_in: 1 year\n", encoding="utf-8")
    (docs / "a.md").write_text(page("甲", last_reviewed="2025-01-01"), encoding="utf-8")
    _, out, _ = run(capsys, docs, "--as-of", "2027-01-01", "--json")
    assert json.loads(out)["overdue"][0]["owner"] == "—"
