"""The counter queue's average wait per month (平均等候時間) on the statistics page: the built
page in both languages shows content/data/queue-waits.csv as an accessible table; a tiny real
build shows a note when the file is absent and stops, naming the file and line, on each kind
of bad row or a misspelt marker.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from forms_lambda.domain.queue_config import load_queue_config
from forms_lambda.domain.queue_waits import COLUMNS
from tests.site.tinybuild import build_with_hook
from theme.sitekit.population_pages import month_label

ROOT = Path(__file__).resolve().parents[2]
QUEUE = ROOT / "content" / "data" / "queue.yml"
WAITS = ROOT / "content" / "data" / "queue-waits.csv"
SHOWN = "content/data/queue-waits.csv"
PAGES = {"zh-TW": "statistics/index.html", "en": "en/statistics/index.html"}
CJK = re.compile(r"[\u4e00-\u9fff]")
HEADER = ",".join(COLUMNS)


def sample() -> dict[str, dict[str, str]]:
    """month → service → average wait cell, straight from the committed file."""
    table: dict[str, dict[str, str]] = {}
    with WAITS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["month"], {})[row["service"]] = row["average_wait_minutes"]
    return table


def month_of(key: str) -> dt.date:
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1)


@pytest.mark.parametrize("lang", PAGES)
def test_the_statistics_page_shows_the_waits_newest_first(site_dir: Path, lang: str) -> None:
    soup = BeautifulSoup((site_dir / PAGES[lang]).read_text(encoding="utf-8"), "lxml")
    table = soup.select_one("table#queue-waits-table")
    assert table is not None
    caption = table.caption.get_text(strip=True)
    assert caption.startswith("平均等候時間" if lang == "zh-TW" else "Average waiting time")
    config = load_queue_config(QUEUE)
    heads = [th.get_text(strip=True) for th in table.select('thead th[scope="col"]')]
    assert heads[1:] == [service.name[lang] for service in config.services.values()]
    data = sample()
    months = sorted(data, reverse=True)[:12]
    rows = table.select("tbody tr")
    assert [r.select_one('th[scope="row"]').get_text() for r in rows] == [
        month_label(month_of(m), lang) for m in months
    ]
    for row, month in zip(rows, months, strict=True):
        cells = [td.get_text() for td in row.select("td")]
        expected = [data[month].get(service, "") for service in config.services]
        assert cells == [f"{float(v):.1f}" if v else "—" for v in expected]
    region = table.find_parent(class_="stats-scroll")
    assert region["role"] == "region" and region["aria-labelledby"] == table.caption["id"]
    note = table.find_parent(class_="stats-block").select_one("p.stats-note").get_text()
    assert ("利特爾法則" if lang == "zh-TW" else "Little's law") in note
    assert ("個人資料" if lang == "zh-TW" else "no personal data") in note
    if lang == "zh-TW":
        assert rows[0].th.get_text().endswith("月") and "年" in rows[0].th.get_text()  # ROC
    else:  # English through and through; its one Chinese term is marked for screen readers
        block = table.find_parent(class_="stats-block")
        for text in block.find_all(string=CJK):
            assert text.find_parent(attrs={"lang": "zh-Hant-TW"}) is not None, text


def test_the_sample_file_lists_only_services_of_queue_yml() -> None:
    services = set(load_queue_config(QUEUE).services)
    for month, row in sample().items():
        assert set(row) == services, month


# --- a tiny real build ----------------------------------------------------------------------

GOOD = [
    "2026-09,household,1796,37,12.8",
    "2026-09,id-card,1047,25,",
    "2026-10,household,1702,35,11.9",
]


def project(tmp_path: Path, waits: str | None, page: str = "{{ queue.waits }}\n") -> Path:
    pages = tmp_path / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "index.md").write_text(f"---\ntitle: 統計\n---\n\n# 統計\n\n{page}", encoding="utf-8")
    data = tmp_path / "content" / "data"
    data.mkdir()
    (data / "queue.yml").write_bytes(QUEUE.read_bytes())
    if waits is not None:
        (data / "queue-waits.csv").write_text(waits, encoding="utf-8")
    return tmp_path


def built_html(tmp_path: Path, waits: str | None, page: str = "{{ queue.waits }}\n") -> str:
    result = build_with_hook(project(tmp_path, waits, page), "queue")
    assert result.returncode == 0, result.stderr
    return (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_good_file_builds_the_table(tmp_path: Path) -> None:
    html = built_html(tmp_path, "\n".join([HEADER, *GOOD, ""]))
    soup = BeautifulSoup(html, "lxml")
    rows = [
        [c.get_text() for c in tr.find_all(["th", "td"])]
        for tr in soup.select("#queue-waits-table tbody tr")
    ]
    assert rows == [
        ["115年10月", "11.9", "—", "—", "—"],
        ["115年9月", "12.8", "—", "—", "—"],
    ]


def test_only_the_last_twelve_months_are_shown(tmp_path: Path) -> None:
    lines = [
        f"{2025 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d},household,100,1,5" for m in range(1, 15)
    ]
    soup = BeautifulSoup(built_html(tmp_path, "\n".join([HEADER, *lines])), "lxml")
    months = [th.get_text() for th in soup.select('#queue-waits-table th[scope="row"]')]
    assert months[0] == "115年2月" and months[-1] == "114年3月" and len(months) == 12


def test_without_the_file_the_marker_says_there_are_no_figures_yet(tmp_path: Path) -> None:
    soup = BeautifulSoup(built_html(tmp_path, None), "lxml")
    assert soup.select_one("#queue-waits-table") is None
    assert "目前還沒有平均等候時間的統計" in soup.select_one("p.stats-note").get_text()


TOP = f"{HEADER}\n{GOOD[0]}\n"  # line 3 is the row under test
BAD = [
    # (the file's text, the line named, a phrase of the message)
    ("month,service,called\n" + "\n".join(GOOD), 1,
     "the first row must be the column names month,service,called,missed,average_wait_minutes"),
    (f"{TOP}2026-13,household,1,0,2.0\n", 3,
     "month `2026-13` must be a Gregorian YYYY-MM"),
    (f"{TOP}115-10,household,1,0,2.0\n", 3,
     "month `115-10` must be a Gregorian YYYY-MM"),
    (f"{TOP}2026-10,houshold,1,0,2.0\n", 3,
     "service `houshold` is not listed under services in content/data/queue.yml"),
    (f"{TOP}2026-10,household,-3,0,2.0\n", 3, "called -3 must not be negative"),
    (f"{TOP}2026-10,household,12a,0,2.0\n", 3, "called `12a` is not a whole number"),
    (f"{TOP}2026-10,household,1,1.5,2.0\n", 3, "missed `1.5` is not a whole number"),
    (f"{TOP}2026-10,household,1,0,-2\n", 3,
     "average_wait_minutes -2 must not be negative"),
    (f"{TOP}2026-10,household,1,0,about 5\n", 3,
     "average_wait_minutes `about 5` is not a number"),
    (f"{TOP}\n2026-09,household,1,0,2.0\n", 4,
     "2026-09 household is listed twice; first on line 2"),
    (f"{TOP}2026-10,household,1,0\n", 3, "this row has 4 columns, expected 5"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "phrase"), BAD, ids=[p for _, _, p in BAD])
def test_each_bad_row_stops_the_build_naming_file_and_line(
    tmp_path: Path, text: str, line: int, phrase: str
) -> None:
    result = build_with_hook(project(tmp_path, text), "queue")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    found = re.search(rf"{re.escape(SHOWN)}:(\d+): (.*)", output)
    assert found is not None, output
    assert int(found.group(1)) == line
    message = found.group(2)
    assert phrase in message
    assert CJK.search(message.split(" / ")[0]), "Chinese first"
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_misspelt_marker_stops_the_build_at_its_line(tmp_path: Path) -> None:
    page = "說明\n\n{{ queue.wait }}\n"
    result = build_with_hook(project(tmp_path, None, page), "queue")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "content/pages/index.md:9: 未知的叫號統計標記 queue.wait，可用：waits" in output
    assert "unknown queue marker queue.wait; known markers: waits" in output
