"""Webmaster mistakes stop the real build with the file (and line) named.

Each test builds a tiny project with the real theme, hooks and i18n plugin in a temp folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OFFICE = (ROOT / "content" / "data" / "office.yml").read_text(encoding="utf-8")
GOOD_PAGE = (
    "---\ntitle: 首頁\nlast_reviewed: 2026-11-20\n---\n\n"
    "# 首頁 { #home }\n\n電話 {{ office.phone_display }}\n"
)
GOOD_PAGE_EN = (
    "---\ntitle: Home\nlast_reviewed: 2026-11-20\n---\n\n"
    "# Home { #home }\n\nPhone {{ office.phone_display }}\n"
)


def build(
    tmp_path: Path, pages: dict[str, str], office_text: str = OFFICE
) -> subprocess.CompletedProcess:
    docs = tmp_path / "content" / "pages"
    docs.mkdir(parents=True)
    (docs / ".meta.yml").write_text("review_in: 6 months\n", encoding="utf-8")
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "office.yml").write_text(office_text, encoding="utf-8")
    config = f"""
site_name: Test
site_url: https://example.gov.tw/
docs_dir: content/pages
site_dir: site
theme:
  name: material
  custom_dir: {ROOT / "theme" / "overrides"}
  language: zh-TW
  font: false
markdown_extensions: [attr_list, md_in_html, admonition, toc]
hooks: [{ROOT / "theme" / "hooks" / "site_hooks.py"}]
validation:
  links: {{anchors: warn, unrecognized_links: warn}}
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: zh-TW, name: 中文, default: true}}
        - {{locale: en, name: English}}
extra:
  office_file: {tmp_path / "office.yml"}
"""
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )


def test_a_good_project_builds(tmp_path: Path) -> None:
    result = build(tmp_path, {"index.md": GOOD_PAGE, "index.en.md": GOOD_PAGE_EN})
    assert result.returncode == 0, result.stderr
    assert "(04)2222-0000" in (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")


def test_malformed_front_matter(tmp_path: Path) -> None:
    bad = GOOD_PAGE.replace("title: 首頁", "title: [首頁")
    result = build(tmp_path, {"index.md": bad, "index.en.md": GOOD_PAGE_EN})
    assert result.returncode != 0
    assert re.search(r"content/pages/index\.md:[23]: front matter is not valid YAML", result.stderr)


def test_bad_review_date(tmp_path: Path) -> None:
    bad = GOOD_PAGE.replace("2026-11-20", "115/11/20")
    result = build(tmp_path, {"index.md": bad, "index.en.md": GOOD_PAGE_EN})
    assert result.returncode != 0
    assert "content/pages/index.md:3: `last_reviewed: 115/11/20` must be a date" in result.stderr


def test_unknown_office_shortcode(tmp_path: Path) -> None:
    bad = GOOD_PAGE_EN + "\nFax {{ office.fax_number }}\n"
    result = build(tmp_path, {"index.md": GOOD_PAGE, "index.en.md": bad})
    assert result.returncode != 0
    assert (
        "content/pages/index.en.md:10: unknown office fact `{{ office.fax_number }}`"
        in result.stderr
    )


def test_missing_office_setting(tmp_path: Path) -> None:
    office_text = "\n".join(line for line in OFFICE.splitlines() if not line.startswith("fax:"))
    result = build(tmp_path, {"index.md": GOOD_PAGE, "index.en.md": GOOD_PAGE_EN}, office_text)
    assert result.returncode != 0
    assert "office.yml: the office setting `fax` is missing" in result.stderr


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("[x](nowhere.md)", "contains a link 'nowhere.md'"),
        ("[x](index.md#no-such-id)", "no-such-id"),
    ],
)
def test_broken_link_or_anchor(tmp_path: Path, link: str, expected: str) -> None:
    result = build(tmp_path, {"index.md": GOOD_PAGE + f"\n{link}\n", "index.en.md": GOOD_PAGE_EN})
    assert result.returncode != 0
    assert "index.md" in result.stderr
    assert expected in result.stderr
