"""The offline pass over a built-site fixture that holds every internal case of the issue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_linkcheck import scan
from site_linkcheck.config import Config
from site_linkcheck.model import Severity
from site_linkcheck.runner import check_site

# Every problem the fixture holds, and nothing else: a false alarm fails this test too.
EXPECTED_BROKEN = {
    ("index.html", "assets/missing.css", 7),
    ("index.html", "/assets/gone.js", 11),
    ("index.html", "about/#no-such-anchor", 20),
    ("index.html", "about/staff.html?lang=en#nobody", 22),
    ("index.html", "empty-folder/", 23),
    ("index.html", "empty-folder", 24),
    ("index.html", "服務/申請.html#不存在", 28),
    ("index.html", "服務/不存在.html", 29),
    ("index.html", "missing-page.html", 30),
    ("index.html", "#nowhere", 36),
    ("index.html", "../../../nothing.html", 41),
    ("index.html", "https://south-hro.example.gov.tw/retired/", 43),
    ("index.html", "assets/none.png", 48),
    ("index.html", "assets/logo-3x.png", 49),
    ("index.html", "docs/absent.html", 53),
    ("docs/base.html", "base.html", 7),
    ("deep/a/b/page.html", "../../../../../missing.html", 6),
    ("moved-gone.html", "gone/", 3),
    ("sitemap.xml", "https://south-hro.example.gov.tw/old-news/", 6),
}
EXPECTED_WARNINGS = {("index.html", "about", 17)}


def _triples(findings):
    return {(f.link.page, f.link.url, f.line) for f in findings}


def test_fixture_site_reports_exactly_the_broken_links(fixture_site: Path) -> None:
    result = check_site(str(fixture_site), Config())
    assert _triples(result.broken) == EXPECTED_BROKEN
    assert _triples(result.warnings) == EXPECTED_WARNINGS
    assert result.exit_code == 1
    assert result.pages == 8
    # mailto:, tel:, javascript:, data: are skipped; URLs in <pre>/<code>/text are not links.
    assert result.skipped == 4
    assert result.external_links == 0
    assert all("in-pre" not in f.link.url and "in-code" not in f.link.url for f in result.findings)


def test_reasons_are_bilingual(fixture_site: Path) -> None:
    result = check_site(str(fixture_site), Config())
    by_url = {f.link.url: f for f in result.findings}
    assert by_url["empty-folder/"].reason == "folder has no index.html"
    assert by_url["empty-folder/"].reason_zh == "資料夾沒有 index.html"
    assert by_url["#nowhere"].reason_zh.startswith("目標頁面找不到此錨點")
    assert by_url["missing-page.html"].target == "/missing-page.html"


def test_site_url_from_config_overrides_sitemap_guess(fixture_site: Path) -> None:
    # With another public address, absolute links to south-hro... are external (not checked).
    result = check_site(str(fixture_site), Config(site_urls=("https://other.example.gov.tw/",)))
    assert result.external_links == 7  # 3 absolute links in index.html and 4 sitemap entries
    assert ("index.html", "https://south-hro.example.gov.tw/retired/", 43) not in _triples(
        result.broken
    )


def test_excluded_pages_and_urls_are_not_checked(fixture_site: Path) -> None:
    import re

    config = Config(
        exclude_pages=(re.compile(r"^deep/"),),
        exclude=(re.compile(r"/assets/"),),
    )
    result = check_site(str(fixture_site), config)
    pages = {f.link.page for f in result.broken}
    assert "deep/a/b/page.html" not in pages
    assert not [f for f in result.broken if "assets/" in f.link.url]


def test_parallel_parse_matches_single_process(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    for i in range(40):  # enough pages for several chunks per worker
        (site / f"extra-{i}.html").write_text(
            f'<a href="extra-{(i + 1) % 40}.html#p{i}">next</a><p id="p{(i + 39) % 40}">x</p>'
            f'<a href="missing-{i}.html">broken</a>',
            encoding="utf-8",
        )
    single = check_site(str(site), Config(jobs=1))
    monkeypatch.setattr(scan, "_PARALLEL_THRESHOLD", 0)
    parallel = check_site(str(site), Config(jobs=2))
    assert _triples(parallel.findings) == _triples(single.findings)
    assert len(parallel.broken) == len(EXPECTED_BROKEN) + 40
    assert parallel.links == single.links


def test_directory_link_rules_follow_s3(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>x</p>")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("x")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a">warn</a><a href="b/">broken</a><a href="/">root</a>'
    )
    result = check_site(str(tmp_path), Config())
    verdicts = {f.link.url: f.severity for f in result.findings}
    assert verdicts == {"a": Severity.WARNING, "b/": Severity.BROKEN}


def test_root_without_index_is_broken(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('<a href="/">home</a>')
    result = check_site(str(tmp_path), Config())
    assert [(f.link.url, f.reason) for f in result.broken] == [("/", "folder has no index.html")]
