"""The CLI end to end: exit codes, every report format, config errors, the monthly report."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from site_linkcheck.cli import main
from site_linkcheck.config import Config
from site_linkcheck.monthly import build_report, roc_date, write_monthly
from site_linkcheck.runner import check_site

from tests.linkcheck.test_internal import EXPECTED_BROKEN

REPO = Path(__file__).resolve().parents[2]
ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def test_exit_codes_through_python_m(fixture_site: Path, tmp_path: Path) -> None:
    """The real entry point, as `make check-links` runs it."""
    run = subprocess.run(
        [sys.executable, "-m", "site_linkcheck", str(fixture_site), "--config", "/dev/null"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "FAILED: 19 broken links / 19 個失效連結" in run.stdout
    assert f"{fixture_site}/index.html:30  a[href] missing-page.html" in run.stdout
    good = tmp_path / "good"
    good.mkdir()
    (good / "index.html").write_text('<a href="#top">top</a><a href="index.html">self</a>')
    assert main([str(good), "--config", "/dev/null"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["/no/such/folder"],
        ["--format", "yaml", "SITE"],
        ["SITE", "--config", "/no/such/linkcheck.yml"],
        ["SITE", "--jobs", "0"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], fixture_site: Path, capsys) -> None:
    argv = [str(fixture_site) if a == "SITE" else a for a in argv]
    with pytest.raises(SystemExit) as raised:
        code = main(argv)
        raise SystemExit(code)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert any(zh in err for zh in ("不存在", "參數錯誤", "至少")), err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("exclude: ['(']\n", "正規表示式錯誤 / bad regular expression"),
        ("accept_status: [abc]\n", "HTTP 狀態碼格式錯誤"),
        ("external: {timeout: -1}\n", "timeout"),
        ("colour: blue\n", "unknown keys"),
        ("- just a list\n", "must be a mapping"),
    ],
)
def test_bad_config_is_explained_and_changes_nothing(
    content: str, fragment: str, fixture_site: Path, tmp_path: Path, capsys
) -> None:
    config = tmp_path / "linkcheck.yml"
    config.write_text(content)
    report = tmp_path / "report.json"
    assert main([str(fixture_site), "--config", str(config), "--json-report", str(report)]) == 2
    assert fragment in capsys.readouterr().err
    assert not report.exists()


def test_every_report_format(fixture_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    code = main(
        [
            str(fixture_site),
            "--config",
            "/dev/null",
            "--quiet",
            "--json-report",
            str(out / "r.json"),
            "--junit-report",
            str(out / "r.xml"),
            "--markdown-report",
            str(out / "r.md"),
            "--format",
            "text",
            "--output",
            str(out / "r.txt"),
        ]
    )
    assert code == 1
    data = json.loads((out / "r.json").read_text())
    assert data["summary"]["broken"] == len(EXPECTED_BROKEN)
    assert data["summary"]["exit_code"] == 1
    first = data["findings"][0]
    assert {"page", "line", "url", "target", "severity", "reason", "reason_zh"} <= set(first)

    suites = ET.parse(out / "r.xml").getroot()
    internal = suites.find("testsuite[@name='linkcheck.internal']")
    assert internal is not None
    failed = {c.get("name") for c in internal.iter("testcase") if c.find("failure") is not None}
    assert failed == {page for page, _, _ in EXPECTED_BROKEN}
    assert int(internal.get("failures")) == len(failed)
    external = suites.find("testsuite[@name='linkcheck.external']")
    assert external is not None and external.get("skipped") == "1"

    markdown = (out / "r.md").read_text()
    assert "## ❌ Link check / 連結檢查" in markdown
    assert f"| broken / 失效 | **{len(EXPECTED_BROKEN)}** |" in markdown
    assert "| `index.html` | 30 | `missing-page.html` |" in markdown

    text = (out / "r.txt").read_text()
    assert text.index("deep/a/b/page.html") < text.index("index.html\n")  # grouped by page


def test_default_config_file_is_valid() -> None:
    """The repository's own linkcheck.yml loads (CI would exit 2 otherwise)."""
    from site_linkcheck.config import load_config

    config = load_config(REPO / "linkcheck.yml")
    assert config.site_urls and config.timeout > 0


def _ods_rows(path: Path, sheet: str) -> list[list[str]]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        ET.fromstring(archive.read("META-INF/manifest.xml"))
        ET.fromstring(archive.read("styles.xml"))
        ET.fromstring(archive.read("meta.xml"))
        root = ET.fromstring(archive.read("content.xml"))
    table = root.find(f".//table:table[@table:name='{sheet}']", ODS_NS)
    assert table is not None
    return [
        ["".join(p.text or "" for p in cell.iterfind("text:p", ODS_NS)) for cell in row]
        for row in table.iterfind("table:table-row", ODS_NS)
    ]


def test_monthly_report_counts_fixed_links_since_last_report(
    fixture_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    state = tmp_path / "state.json"
    out = tmp_path / "monthly"

    first = build_report(
        check_site(str(site), Config()), state, "臺南市南區戶政事務所", dt.date(2026, 10, 31)
    )
    write_monthly(first, out, state)
    assert first.fixed == [] and first.previous_day is None

    (site / "missing-page.html").write_text("<p>now it exists</p>")  # fix one
    (site / "assets" / "none.png").write_bytes(b"PNG")  # and another
    second = build_report(
        check_site(str(site), Config()), state, "臺南市南區戶政事務所", dt.date(2026, 11, 30)
    )
    paths = write_monthly(second, out, state)
    assert second.fixed == [("index.html", "assets/none.png"), ("index.html", "missing-page.html")]
    assert len(second.broken) == len(EXPECTED_BROKEN) - 2

    html_page = (out / "dead-links-2026-11.html").read_text()
    assert "臺南市南區戶政事務所網站失效連結月報（民國115年11月30日）" in html_page
    assert "<th scope=row>自上次報告已修復數</th><td>2</td>" in html_page
    assert "<th scope=row>上次報告日期</th><td>民國115年10月31日</td>" in html_page
    assert paths[1].suffix == ".ods"
    summary = dict(row for row in _ods_rows(paths[1], "摘要")[1:])
    assert summary["檢查日期"] == "民國115年11月30日"
    assert summary["檢查頁數"] == "9"  # missing-page.html now exists
    assert summary["失效連結數"] == str(len(EXPECTED_BROKEN) - 2)
    assert summary["自上次報告已修復數"] == "2"
    broken_rows = _ods_rows(paths[1], "失效連結")
    assert broken_rows[0] == ["頁面", "行號", "連結", "原因"] and len(broken_rows) == 18
    assert _ods_rows(paths[1], "已修復")[1] == ["index.html", "assets/none.png"]


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed")
def test_ods_opens_in_libreoffice(fixture_site: Path, tmp_path: Path) -> None:
    report = build_report(
        check_site(str(fixture_site), Config()), tmp_path / "s.json", "戶政事務所"
    )
    ods = write_monthly(report, tmp_path, tmp_path / "s.json")[1]
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            # CSV filter options: comma, double quote, UTF-8 (76)
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(ods),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    csv_text = ods.with_suffix(".csv").read_text(encoding="utf-8")
    assert "檢查日期,民國" in csv_text
    assert f"失效連結數,{len(EXPECTED_BROKEN)}" in csv_text


def test_office_name_comes_from_site_data(tmp_path: Path) -> None:
    from site_linkcheck.monthly import office_name

    data = tmp_path / "office.yml"
    data.write_text("name:\n  zh-TW: 臺中市南區戶政事務所\n  en: South District HRO\n")
    assert office_name("", data, "name.zh-TW") == "臺中市南區戶政事務所"
    assert office_name("自訂名稱", data, "name.zh-TW") == "自訂名稱"
    assert office_name("", tmp_path / "missing.yml", "name.zh-TW") == ""
    assert office_name("", data, "name") == ""  # not a string there
    assert office_name("", None) == ""  # another site: no office, title starts with 網站


def test_roc_date() -> None:
    assert roc_date(dt.date(2026, 1, 5)) == "民國115年1月5日"
    assert roc_date(dt.date(2011, 12, 31)) == "民國100年12月31日"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ("--config /dev/null", 1),  # the fixture's broken links
        ("--config /no/such/file.yml", 2),
        ("--config CONFIG --external --no-cache", 3),  # only a refused host: not checked
    ],
)
def test_make_check_links_keeps_the_exit_code(
    args: str, code: int, fixture_site: Path, tmp_path: Path
) -> None:
    """GNU make itself exits 0 or 2; the checker's code is the N of make's "Error N" line."""
    site = tmp_path / "site"
    if code == 3:
        site.mkdir()
        (site / "index.html").write_text('<a href="http://127.0.0.1:9/x">down</a>')
        (tmp_path / "linkcheck.yml").write_text("external: {retries: 0}\n")
        args = args.replace("CONFIG", str(tmp_path / "linkcheck.yml"))
    else:
        shutil.copytree(fixture_site, site)
    run = subprocess.run(
        ["make", "--no-print-directory", "-o", "venv", "check-links", f"DIR={site}",
         f"ARGS={args} --quiet"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert f"check-links] Error {code}" in run.stderr


def test_monthly_report_lists_links_that_could_not_be_checked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<a href="missing.html">broken</a>\n<a href="http://127.0.0.1:9/down">host down</a>\n'
    )
    state = tmp_path / "state.json"
    # Last month the host answered 404: the link was on the list.
    state.write_text(
        json.dumps({"date": "2026-10-01", "broken": [["index.html", "http://127.0.0.1:9/down"]]})
    )
    config = Config(retries=0, cache_dir=str(tmp_path / "cache"))
    result = check_site(str(site), config, external=True, use_cache=False)
    report = build_report(result, state, "臺中市南區戶政事務所", dt.date(2026, 11, 1))
    assert [b[2] for b in report.broken] == ["missing.html"]
    assert [(u[2], u[3]) for u in report.unreachable] == [
        ("http://127.0.0.1:9/down", "連線被拒：127.0.0.1:9")
    ]
    assert report.fixed == []  # not checked is not fixed
    paths = write_monthly(report, tmp_path / "out", state)
    page = paths[0].read_text()
    assert "<th scope=row>無法檢查數（網路問題，不列為失效）</th><td>1</td>" in page
    assert "<h2>無法檢查（網路問題，不列為失效）</h2>" in page
    assert _ods_rows(paths[1], "無法檢查")[1][2] == "http://127.0.0.1:9/down"
    kept = json.loads(state.read_text())["broken"]
    assert ["index.html", "http://127.0.0.1:9/down"] in kept  # still open until checked


def test_the_real_site_has_no_broken_link(site_dir: Path, monkeypatch) -> None:
    """What `make check-links` runs in CI: pages, stylesheets and the sitemap of this site."""
    from site_linkcheck.config import load_config

    monkeypatch.chdir(REPO)
    result = check_site(str(site_dir), load_config(REPO / "linkcheck.yml"))
    assert [(f.link.page, f.link.url, f.reason) for f in result.broken] == []
    assert result.stylesheets >= 5 and result.pages > 100
    assert not [f for f in result.warnings if f.link.element == "page"]  # every page decodes
