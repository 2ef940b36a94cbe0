"""Population statistics: the CSV checks, the SVG charts, and the built pages and downloads.

Unit tests feed the real loader and chart code; site tests read the real built site (both
languages) and compare what it shows with sums computed straight from the CSV, not through the
loader; browser tests run axe and a 360 px layout check in Debian's Chromium.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from scripts import make_sample_population
from tests.conftest import visit
from tests.site.conftest import ROOT, url_to_file
from theme.sitekit import population, population_pages, svgchart
from theme.sitekit.errors import ContentError

CSV_FILE = ROOT / "content" / "data" / "population.csv"
VILLAGES_FILE = ROOT / "content" / "data" / "villages.yml"
SHOWN = "content/data/population.csv"
VILLAGES_SHOWN = "content/data/villages.yml"
SVG = "{http://www.w3.org/2000/svg}"
CJK = re.compile(r"[\u4e00-\u9fff]")
PAGES = {"zh-TW": "statistics/", "en": "en/statistics/"}
MONTHLY = {"zh-TW": "statistics/monthly/", "en": "en/statistics/monthly/"}
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# --- the loader ----------------------------------------------------------------------------

HEADER = ",".join(population.COLUMNS)
GOOD_ROWS = [
    "2026-09,甲里,100,120,130,1,2,1,0,5,4",
    "2026-09,乙里,50,60,70,0,1,0,0,2,3",
    "2026-10,甲里,101,121,130,2,1,1,1,4,4",
    "2026-10,乙里,50,60,69,1,0,0,0,1,3",
]


def load_rows(tmp_path: Path, rows: list[str], header: str = HEADER) -> population.Dataset:
    """Write a two-village project and load it with the real loader."""
    villages = tmp_path / "villages.yml"
    villages.write_text("甲里: Jia Village\n乙里: Yi Village\n", encoding="utf-8")
    data = tmp_path / "population.csv"
    data.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return population.load(data, villages, shown=SHOWN, villages_shown=VILLAGES_SHOWN)


def assert_bilingual(message: str) -> None:
    assert CJK.search(message), f"no Chinese in {message!r}"
    assert len(re.findall(r"\b[a-z]{3,}\b", message)) >= 3, f"no English in {message!r}"


def test_good_file_loads_and_adds_up(tmp_path: Path) -> None:
    data = load_rows(tmp_path, GOOD_ROWS)
    assert data.months == [dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    latest = data.district_totals[data.latest_month]
    assert (latest.households, latest.male, latest.female) == (151, 181, 199)
    assert latest.population == 380
    assert latest.people_per_household == pytest.approx(380 / 151)
    assert latest.sex_ratio == pytest.approx(181 / 199 * 100)
    assert [r["village"] for r in data.records()] == ["甲里", "乙里", "甲里", "乙里"]


def test_rows_in_any_order_blank_lines_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    data = load_rows(tmp_path, [GOOD_ROWS[3], "", GOOD_ROWS[1], GOOD_ROWS[0], GOOD_ROWS[2], ""])
    assert len(data.rows) == 4
    bom = tmp_path / "bom.csv"
    bom.write_bytes(("\ufeff" + "\n".join([HEADER, *GOOD_ROWS])).encode())
    loaded = population.load(
        bom, tmp_path / "villages.yml", shown=SHOWN, villages_shown=VILLAGES_SHOWN
    )
    assert loaded.district_totals == data.district_totals


BAD_ROWS = [
    # (row replacing GOOD_ROWS[2] on line 4, phrase of the message)
    ("2026-10,甲里,101,121,130,2,1,1,1,4", "this row has 10 columns, expected 11"),
    ("2026-10,甲里,101,121,130,2,1,1,1,4,4,9", "this row has 12 columns, expected 11"),
    ("2026-10,甲里,101,12a,130,2,1,1,1,4,4", "male `12a` is not a whole number"),
    ('2026-10,甲里,"1,101",121,130,2,1,1,1,4,4', "households `1,101` is not a whole number"),
    ("2026-10,甲里,101,121,130,2.5,1,1,1,4,4", "births `2.5` is not a whole number"),
    ("2026-10,甲里,101,121,130,2,1,1,1,,4", "moved_in `` is not a whole number"),
    ("2026-10,甲里,101,121,130,2,-1,1,1,4,4", "deaths -1 must not be negative"),
    ("2026-13,甲里,101,121,130,2,1,1,1,4,4", "month `2026-13` must be a Gregorian YYYY-MM"),
    ("115-10,甲里,101,121,130,2,1,1,1,4,4", "month `115-10` must be a Gregorian YYYY-MM"),
    ("2026/10,甲里,101,121,130,2,1,1,1,4,4", "month `2026/10` must be a Gregorian YYYY-MM"),
    ("2026-10,丙里,101,121,130,2,1,1,1,4,4", "village `丙里` is not listed in"),
    ("2026-09,甲里,101,121,130,2,1,1,1,4,4", "2026-09 甲里 is listed twice; first on line 2"),
    ("2026-10,甲里,300,121,130,2,1,1,1,4,4", "households 300 exceed the population 251"),
]


@pytest.mark.parametrize(("row", "phrase"), BAD_ROWS, ids=[p for _, p in BAD_ROWS])
def test_each_bad_row_names_its_line(tmp_path: Path, row: str, phrase: str) -> None:
    rows = [*GOOD_ROWS[:2], row, GOOD_ROWS[3]]
    with pytest.raises(ContentError) as caught:
        load_rows(tmp_path, rows)
    error = caught.value
    assert (error.path, error.line) == (SHOWN, 4), str(error)
    assert phrase in str(error)
    assert str(error).startswith(f"{SHOWN}:4: ")
    assert_bilingual(str(error))


@pytest.mark.parametrize(
    ("rows", "line", "phrase"),
    [
        (GOOD_ROWS[:3], 4, "2026-10 lacks these villages: 乙里"),
        ([*GOOD_ROWS[:2], *(r.replace("2026-10", "2026-12") for r in GOOD_ROWS[2:])], 4,
         "after 2026-09 comes 2026-10, not 2026-12"),
        ([], None, "the file has no data rows"),
    ],
    ids=["missing village", "skipped month", "no rows"],
)  # fmt: skip
def test_months_must_be_complete_and_consecutive(
    tmp_path: Path, rows: list[str], line: int | None, phrase: str
) -> None:
    with pytest.raises(ContentError) as caught:
        load_rows(tmp_path, rows)
    assert caught.value.line == line
    assert phrase in str(caught.value)
    assert_bilingual(str(caught.value))


def test_wrong_header_names_line_one(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_rows(tmp_path, GOOD_ROWS, header=HEADER.replace("moved_out", "moved_away"))
    assert caught.value.line == 1
    assert "the first row must be the column names" in str(caught.value)


def test_big5_file_is_refused_at_the_first_bad_line(tmp_path: Path) -> None:
    load_rows(tmp_path, GOOD_ROWS)
    (tmp_path / "population.csv").write_bytes(
        "\n".join([HEADER, *GOOD_ROWS]).encode("utf-8")[: len(HEADER) + 1]
        + "\n".join(GOOD_ROWS).encode("big5")
    )
    with pytest.raises(ContentError) as caught:
        population.load(
            tmp_path / "population.csv",
            tmp_path / "villages.yml",
            shown=SHOWN,
            villages_shown=VILLAGES_SHOWN,
        )
    assert caught.value.line == 2
    assert "the file is not UTF-8 encoded" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ("甲里: Jia Village\n乙里:\n", 2, "`乙里` needs an English name"),
        ("甲里: Jia Village\n甲里: Jia Again\n", 2, "`甲里` is listed twice"),
        ("甲里: [Jia\n", 1, "not valid YAML"),
        ("- 甲里\n", None, "must list `中文里名: English name` pairs"),
    ],
)
def test_bad_village_table_names_its_line(
    tmp_path: Path, text: str, line: int | None, phrase: str
) -> None:
    path = tmp_path / "villages.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        population.load_villages(path, VILLAGES_SHOWN)
    assert (caught.value.path, caught.value.line) == (VILLAGES_SHOWN, line)
    assert phrase in str(caught.value)


# --- the committed sample data -------------------------------------------------------------


def raw_rows() -> list[dict[str, str]]:
    """The CSV read with the csv module only: the reference the pages are compared with."""
    with CSV_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_sample_data_is_what_the_seeded_script_writes(tmp_path: Path) -> None:
    rows = make_sample_population.generate(dt.date(2024, 11, 1), 24, 115)
    out = tmp_path / "population.csv"
    make_sample_population.write_csv(rows, out)
    assert out.read_bytes() == CSV_FILE.read_bytes(), (
        "rerun python -m scripts.make_sample_population"
    )


def test_sample_data_is_internally_consistent_and_near_the_real_district() -> None:
    data = population.load(CSV_FILE, VILLAGES_FILE, shown=SHOWN, villages_shown=VILLAGES_SHOWN)
    assert len(data.months) >= 24
    assert 20 <= len(data.villages) <= 25
    for village in data.villages:
        history = [c for m in data.months for n, c in data.village_counts(m) if n == village]
        for before, after in itertools.pairwise(history):
            flow = after.births - after.deaths + after.moved_in - after.moved_out
            assert after.population - before.population == flow, village
    latest = data.district_totals[data.latest_month]
    assert latest.population == pytest.approx(126_544, rel=0.02)
    assert latest.households == pytest.approx(50_411, rel=0.03)
    assert latest.sex_ratio == pytest.approx(60_475 / 66_069 * 100, abs=1.5)


# --- the SVG charts ------------------------------------------------------------------------


def test_nice_ticks_cover_the_range_with_round_steps() -> None:
    assert svgchart.nice_ticks(0, 95) == [0, 25, 50, 75, 100]
    assert svgchart.nice_ticks(126_072, 126_617) == [126_000 + 200 * i for i in range(5)]
    assert svgchart.nice_ticks(5, 5) == [4, 4.5, 5, 5.5, 6]


def test_linear_scale_maps_ends_and_middle() -> None:
    scale = svgchart.LinearScale((100, 200), (300, 50))
    assert (scale(100), scale(150), scale(200)) == (300, 175, 50)


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, as an SVG file would have to be
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text and title.get("id") == root.get("aria-labelledby")
    assert desc is not None and desc.text and desc.get("id") == root.get("aria-describedby")
    return root


def test_line_chart_points_scale_linearly_with_values() -> None:
    values = [126_100, 126_350, 126_600, 126_200]
    labels = [svgchart.XLabel((f"{i}月", "115年")) for i in range(1, 5)]
    svg = svgchart.line_chart(
        chart_id="t", title="人口 <趨勢> & 測試", desc="說明", labels=labels, values=values,
        colour="#1d4e89", unit="（人）",
    )  # fmt: skip
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == "人口 <趨勢> & 測試"
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == len(values)
    xs = [float(c.get("cx")) for c in circles]
    ys = [float(c.get("cy")) for c in circles]
    assert xs == sorted(xs) and len(set(round(b - a, 1) for a, b in itertools.pairwise(xs))) == 1
    # y falls as the value rises, by the same amount per person everywhere
    per_person = (ys[2] - ys[0]) / (values[2] - values[0])  # lowest and highest value
    assert per_person < 0
    for y, value in zip(ys, values, strict=True):
        assert y == pytest.approx(ys[0] + per_person * (value - values[0]), abs=0.15)
    # the domain is the nice-tick range: 126,000 sits on the axis, 126,600 at its place
    bottom, top = svgchart.HEIGHT - svgchart.MARGIN_BOTTOM, svgchart.MARGIN_TOP
    expected = bottom + (126_600 - 126_000) / (126_600 - 126_000) * (top - bottom)
    assert ys[2] == pytest.approx(expected, abs=0.1)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "126,100" in texts and "126,200" in texts and "（人）" in texts


def test_grouped_bars_start_at_zero_and_differ_by_pattern_not_only_colour() -> None:
    series = [
        svgchart.Series("出生", [10, 20], "#1d4e89", "solid"),
        svgchart.Series("死亡", [30, 0], "#a3400b", "hatch"),
        svgchart.Series("結婚", [5, 15], "#2b6a36", "dots"),
    ]
    labels = [svgchart.XLabel(("1月",)), svgchart.XLabel(("2月",))]
    root = _parse(
        svgchart.grouped_bar_chart(chart_id="b", title="t", desc="d", labels=labels, series=series)
    )
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "stats-svg__bar"]
    assert len(bars) == 6
    heights = [float(b.get("height")) for b in bars]
    values = [v for s in series for v in s.values]
    per_unit = heights[0] / values[0]
    for height, value in zip(heights, values, strict=True):
        assert height == pytest.approx(per_unit * value, abs=0.15)  # from a zero baseline
    assert heights[values.index(0)] == 0
    fills = {b.get("fill") for b in bars}
    assert fills == {"#1d4e89", "url(#b-fill-1)", "url(#b-fill-2)"}
    assert {p.get("id") for p in root.iter(f"{SVG}pattern")} == {"b-fill-1", "b-fill-2"}
    legend = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"出生", "死亡", "結婚"} <= set(legend)


def test_chart_colours_reach_three_to_one_against_white() -> None:
    for colour in (population_pages.LINE_COLOUR, *population_pages.BAR_COLOURS):
        assert svgchart.contrast_ratio(colour, "#ffffff") >= 3, colour
    assert svgchart.contrast_ratio(svgchart.TEXT_COLOUR, "#ffffff") >= 4.5
    assert svgchart.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# --- markers -------------------------------------------------------------------------------


def _context(lang: str = "zh-TW") -> population_pages.PageContext:
    return population_pages.PageContext(lang, "../", "../", "南區戶政", {"population.csv": 2048})


def test_markers_expand_and_mistakes_name_the_page_line(tmp_path: Path) -> None:
    data = load_rows(tmp_path, GOOD_ROWS)
    page = "最新：{{ population.latest_month }}\n\n{{ population.trend }}\n"
    out = population_pages.expand(page, data, _context(), "content/pages/s.md", page)
    assert out.startswith("最新：115年10月") and "<svg" in out
    english = population_pages.expand(page, data, _context("en"), "x", page)
    assert english.startswith("最新：October 2026")
    source = "---\ntitle: x\n---\n\n文字 {{ population.trend }}\n"
    with pytest.raises(ContentError) as caught:
        population_pages.expand(source.split("---\n")[-1], data, _context(), "p.md", source)
    assert caught.value.line == 5 and "must stand on a line of its own" in str(caught.value)
    with pytest.raises(ContentError) as caught:
        population_pages.expand("{{ population.chart }}", data, _context(), "p.md", source)
    assert "unknown population marker population.chart" in str(caught.value)


# --- a real build fails on a bad row -------------------------------------------------------


def test_a_bad_row_stops_the_real_build_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "content" / "data").mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    (tmp_path / "content" / "pages" / "index.md").write_text(
        "# 統計\n\n{{ population.summary }}\n", encoding="utf-8"
    )
    (tmp_path / "content" / "data" / "office.yml").write_bytes(
        (ROOT / "content" / "data" / "office.yml").read_bytes()
    )
    (tmp_path / "content" / "data" / "villages.yml").write_text("甲里: Jia\n乙里: Yi\n", "utf-8")
    rows = [*GOOD_ROWS[:2], "2026-10,甲里,101,121,-130,2,1,1,1,4,4", GOOD_ROWS[3]]
    (tmp_path / "content" / "data" / "population.csv").write_text(
        "\n".join([HEADER, *rows]) + "\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ndocs_dir: content/pages\nsite_dir: site\n"
        f"hooks: [{ROOT / 'theme' / 'hooks' / 'population.py'}]\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode != 0
    assert "content/data/population.csv:4: 欄位 female 的值 -130 不可為負數" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


# --- the built site ------------------------------------------------------------------------


def built(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "lxml")


def digits(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def csv_totals() -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in raw_rows():
        for column in population.COUNT_COLUMNS:
            totals[row["month"]][column] += int(row[column])
    return totals


def latest_key() -> str:
    return max(row["month"] for row in raw_rows())


def month_text(key: str, lang: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return population_pages.month_label(dt.date(year, month, 1), lang)


@pytest.mark.parametrize("lang", PAGES)
def test_each_chart_has_a_text_alternative_a_summary_and_its_table(
    site_dir: Path, lang: str
) -> None:
    soup = built(site_dir, PAGES[lang])
    charts = soup.select("article svg")
    assert len(charts) == 2
    for svg in charts:
        assert svg.get("role") == "img"
        title = soup.find(id=svg["aria-labelledby"])
        desc = soup.find(id=svg["aria-describedby"])
        assert title is not None and title.name == "title" and title.get_text(strip=True)
        assert desc is not None and desc.name == "desc" and len(desc.get_text(strip=True)) > 20
        figure = svg.find_parent("figure")
        summary = figure.find("figcaption").get_text(strip=True)
        assert re.search(r"\d", summary) and len(summary) > 40
        after = figure.find_next_sibling()
        table = after.find("table") if after and "stats-scroll" in after.get("class", []) else after
        assert table is not None and table.name == "table", "the data table follows the chart"
        assert table.caption.get_text(strip=True)
        assert table.select('thead th[scope="col"]') and table.select('tbody th[scope="row"]')
    first, last = sorted(csv_totals())[0], latest_key()
    trend = charts[0].find_parent("figure").get_text()
    assert month_text(first, lang) in trend and month_text(last, lang) in trend


@pytest.mark.parametrize("path", [*PAGES.values(), *MONTHLY.values()])
def test_tables_have_captions_headers_and_scroll_in_labelled_regions(
    site_dir: Path, path: str
) -> None:
    soup = built(site_dir, path)
    tables = soup.select("article table")
    assert tables
    for table in tables:
        assert table.caption and table.caption.get_text(strip=True), path
        assert all(th.get("scope") in ("col", "row") for th in table.find_all("th")), path
        region = table.find_parent(class_="stats-scroll")
        if region is None:
            assert len(table.select("thead th")) <= 4, f"{path}: wide table without scroller"
            continue
        assert region.get("tabindex") == "0" and region.get("role") == "region"
        assert region["aria-labelledby"] == table.caption.get("id")


@pytest.mark.parametrize("lang", PAGES)
def test_latest_month_totals_on_the_page_equal_the_csv_sums(site_dir: Path, lang: str) -> None:
    soup = built(site_dir, PAGES[lang])
    latest = csv_totals()[latest_key()]
    people = latest["male"] + latest["female"]
    kpis = [
        digits(dd.find(class_="stats-kpi__value").get_text()) for dd in soup.select(".stats-kpi dd")
    ]
    assert kpis[:4] == [people, latest["households"], latest["male"], latest["female"]]
    indicators = [
        dd.find(class_="stats-kpi__value").get_text() for dd in soup.select(".stats-kpi dd")
    ]
    assert indicators[4:] == [
        f"{people / latest['households']:.2f}",
        f"{latest['male'] / latest['female'] * 100:.2f}",
    ]
    foot = [digits(td.get_text()) for td in soup.select("#stats-villages-table tfoot td")]
    order = ["households", None, "male", "female", *population.COUNT_COLUMNS[3:]]
    assert foot == [people if key is None else latest[key] for key in order]
    events = [digits(td.get_text()) for td in soup.select("#stats-latest-events td")]
    assert events == [latest[key] for key in population.COUNT_COLUMNS[3:]]
    assert month_text(latest_key(), lang) in soup.select_one(".stats-asof").get_text()


def test_village_table_lists_every_village_in_the_page_language(site_dir: Path) -> None:
    names = population.load_villages(VILLAGES_FILE, VILLAGES_SHOWN)
    for lang, shown in (("zh-TW", list(names)), ("en", list(names.values()))):
        soup = built(site_dir, PAGES[lang])
        rows = [th.get_text(strip=True) for th in soup.select("#stats-villages-table tbody th")]
        assert rows == shown


@pytest.mark.parametrize("lang", MONTHLY)
def test_monthly_page_lists_every_month_newest_first(site_dir: Path, lang: str) -> None:
    soup = built(site_dir, MONTHLY[lang])
    totals = csv_totals()
    rows = soup.select("#stats-monthly-table tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [
        month_text(key, lang) for key in sorted(totals, reverse=True)
    ]
    for row, key in zip(rows, sorted(totals, reverse=True), strict=True):
        cells = [td.get_text(strip=True) for td in row.find_all("td")]
        month = totals[key]
        assert digits(cells[1]) == month["male"] + month["female"]
        assert digits(cells[0]) == month["households"]


def _resolve(site_dir: Path, page_path: str, href: str) -> Path:
    return url_to_file(site_dir, urlsplit(urljoin(f"http://x/{page_path}", href)).path)


@pytest.mark.parametrize("path", [*PAGES.values(), *MONTHLY.values()])
def test_download_links_resolve_to_the_open_data_files(site_dir: Path, path: str) -> None:
    soup = built(site_dir, path)
    links = {a["href"].rsplit("/", 1)[-1]: a for a in soup.select(".stats-downloads a[href]")}
    assert set(links) == {"population.csv", "population.json"}
    for name, link in links.items():
        target = _resolve(site_dir, path, link["href"])
        assert target == site_dir / "statistics" / name and target.is_file()
        size_kb = round(target.stat().st_size / 1024)
        assert f"{size_kb} KB" in link.get_text()
    licence = [a for a in soup.select("article a[href]") if "open-data" in a["href"]]
    assert licence and "OGDL-Taiwan-1.0" in licence[0].get_text()
    expected = "/about/open-data/" if not path.startswith("en/") else "/en/about/open-data/"
    assert urlsplit(urljoin(f"http://x/{path}", licence[0]["href"])).path == expected


def test_csv_and_json_downloads_match_the_data(site_dir: Path) -> None:
    reference = [
        {k: (v if k in ("month", "village") else int(v)) for k, v in row.items()}
        for row in raw_rows()
    ]
    csv_bytes = (site_dir / "statistics" / "population.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # Excel needs the mark to read UTF-8
    rows = list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert [
        {k: (v if k in ("month", "village") else int(v)) for k, v in r.items()} for r in rows
    ] == reference
    document = json.loads((site_dir / "statistics" / "population.json").read_text("utf-8"))
    assert document["records"] == reference
    meta = document["metadata"]
    assert meta["license"]["id"] == "OGDL-Taiwan-1.0"
    assert [f["name"] for f in meta["fields"]] == list(population.COLUMNS)
    for field in meta["fields"]:
        assert {
            "zh",
            "en",
            "type",
            "unit_zh",
            "unit_en",
            "description_zh",
            "description_en",
        } <= set(field)
    assert meta["temporal"] == {"start": reference[0]["month"], "end": reference[-1]["month"]}


@pytest.mark.parametrize("lang", PAGES)
def test_data_dictionary_on_the_page_lists_every_field(site_dir: Path, lang: str) -> None:
    soup = built(site_dir, PAGES[lang])
    names = [th.get_text(strip=True) for th in soup.select("#stats-dictionary-table tbody th")]
    assert names == list(population.COLUMNS)
    heads = [th.get_text(strip=True) for th in soup.select("#stats-dictionary-table thead th")]
    assert len(heads) == 6  # field, Chinese name, English name, type, unit, description


def test_pages_are_in_the_menu_in_both_languages(site_dir: Path) -> None:
    assert "人口統計" in built(site_dir, "").select_one("nav.md-nav--primary").get_text()
    assert (
        "Population statistics"
        in built(site_dir, "en/").select_one("nav.md-nav--primary").get_text()
    )


# --- in the browser ------------------------------------------------------------------------


def _axe_violations(page: Any, url: str) -> list[str]:
    response = visit(page, url)
    assert response is not None and response.ok, url
    page.add_script_tag(path=str(AXE_JS))
    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("path", [*PAGES.values(), *MONTHLY.values()])
def test_statistics_pages_have_no_axe_violations(page: Any, site_url: str, path: str) -> None:
    assert _axe_violations(page, f"{site_url}/{path}") == []


@pytest.mark.browser
@pytest.mark.parametrize("path", [PAGES["zh-TW"], PAGES["en"], MONTHLY["en"]])
def test_at_360_px_only_the_tables_scroll_and_charts_fit(
    browser: Any, site_url: str, path: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        assert _axe_violations(tab, f"{site_url}/{path}") == []
        layout = tab.evaluate(
            """() => ({
              page: document.documentElement.scrollWidth,
              view: window.innerWidth,
              charts: [...document.querySelectorAll('article svg')].map(
                s => s.getBoundingClientRect().right),
              scrollers: [...document.querySelectorAll('.stats-scroll')].map(
                s => [s.scrollWidth > s.clientWidth, s.getBoundingClientRect().right]),
              labels: [...document.querySelectorAll('.stats-svg__text')].map(
                t => parseFloat(getComputedStyle(t).fontSize)),
            })"""
        )
        assert layout["page"] <= layout["view"], "the page itself scrolls sideways"
        assert all(right <= layout["view"] for right in layout["charts"])
        assert any(scrolls for scrolls, _ in layout["scrollers"]), "no wide table scrolls"
        assert all(right <= layout["view"] for _, right in layout["scrollers"])
        if layout["labels"]:
            assert min(layout["labels"]) == 24  # enlarged for the scaled-down drawing
        # the largest text size (字級 大) still fits: only the table regions scroll
        tab.evaluate("document.documentElement.classList.add('gov-font-large')")
        assert tab.evaluate("document.documentElement.scrollWidth") <= layout["view"]
        tab.focus(".stats-scroll")  # focusable (tabindex=0), so keyboard users can scroll it
        assert tab.evaluate("document.activeElement.classList.contains('stats-scroll')")
    finally:
        context.close()
