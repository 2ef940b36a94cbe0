"""Webmaster mistakes stop the real build with the file (and line) named.

Each test builds a tiny project with the real theme, hooks and i18n plugin in a temp folder, with
plain ``mkdocs build --strict``: there each problem is a warning line ``file:line: 中文 / English``
(``make build`` and ``make check`` gather them into one summary block: test_checks.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.tinybuild import HOME_ZH, OFFICE_FILE, home_en, make_site, run_in
from theme.sitekit.errors import ContentError

OFFICE = OFFICE_FILE.read_text(encoding="utf-8")


def build(tmp_path: Path, zh: str = HOME_ZH, en: str | None = None, office: str = OFFICE):
    """Build the home page pair; the English page translates ``zh`` (or the good page when
    ``zh`` itself cannot be read)."""
    if en is None:
        try:
            en = home_en(zh)
        except ContentError:
            en = home_en()
    make_site(tmp_path, {"index.md": zh, "index.en.md": en}, office)
    return run_in(tmp_path, "mkdocs", "build", "--strict")


def test_a_good_project_builds(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(04)2222-0000" in (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")


def test_malformed_front_matter(tmp_path: Path) -> None:
    result = build(tmp_path, HOME_ZH.replace("title: 首頁", "title: [首頁"))
    assert result.returncode != 0
    assert re.search(r"content/pages/index\.md:2: front matter is not valid YAML", result.stderr)


def test_bad_review_date(tmp_path: Path) -> None:
    result = build(tmp_path, HOME_ZH.replace("2026-11-20", "115/11/20"))
    assert result.returncode != 0
    assert "content/pages/index.md:3: `last_reviewed: 115/11/20` must be a date" in result.stderr


def test_unknown_office_shortcode(tmp_path: Path) -> None:
    en = home_en() + "\nFax {{ office.fax_number }}\n"
    result = build(tmp_path, en=en)
    assert result.returncode != 0
    assert (
        "content/pages/index.en.md:11: unknown office fact `{{ office.fax_number }}`"
        in result.stderr
    )


def test_missing_office_setting(tmp_path: Path) -> None:
    office = "\n".join(line for line in OFFICE.splitlines() if not line.startswith("fax:"))
    result = build(tmp_path, office=office)
    assert result.returncode != 0
    assert "office.yml: the office setting `fax` is missing" in result.stderr


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("[x](nowhere.md)", "content/pages/index.md:10: 連結的頁面或檔案不存在：`nowhere.md`"),
        (
            "[x](index.md#no-such-id)",
            "content/pages/index.md:10: `content/pages/index.md` 沒有錨點",
        ),
        ("![x](photo.png)", "content/pages/index.md:10: 找不到圖片 `photo.png`"),
    ],
)
def test_broken_link_anchor_or_image(tmp_path: Path, link: str, expected: str) -> None:
    result = build(tmp_path, HOME_ZH + f"\n{link}\n")
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
