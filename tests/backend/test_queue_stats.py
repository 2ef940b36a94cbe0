"""``python -m forms_lambda.queue_stats MONTH --save FILE``: a month's average waits into the
file the statistics page shows. On a real SQLite store whose hourly counts are written through
the store's own API; the saved file is read back by the site build's own loader.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from forms_lambda import queue_stats
from forms_lambda.app import create_app
from forms_lambda.domain.queue_config import load_queue_config
from forms_lambda.domain.queue_waits import COLUMNS
from forms_lambda.domain.records import QueueDay
from forms_lambda.settings import REPO_ROOT
from forms_lambda.web import backend
from theme.sitekit import queue_waits

QUEUE_FILE = REPO_ROOT / "content/data/queue.yml"
HEADER = ",".join(COLUMNS)


def tally(called: int, missed: int, observed: int, waiting_minutes: float) -> dict[str, float]:
    return {
        "called": called,
        "missed": missed,
        "observed": observed,
        "waiting_minutes": waiting_minutes,
    }


@pytest.fixture
def store_days(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Save days of hourly counts into a SQLite store in tmp_path/instance, as the desk does."""
    monkeypatch.setenv("FORMS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("FORMS_SECRET_KEY", "queue-stats-test")

    def save(day: str, hours: dict) -> None:
        with create_app().app_context():
            backend().store.save_queue_day(QueueDay(day=day, hours=hours))

    return save


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = queue_stats.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_saving_a_month_writes_one_row_per_service(store_days, tmp_path: Path, capsys) -> None:
    store_days("2026-11-26", {"09": {"household": tally(10, 1, 8, 96.0)}})
    store_days(
        "2026-11-27",
        {
            "09": {"household": tally(6, 0, 4, 24.0), "id-card": tally(3, 1, 0, 0.0)},
            "10": {"certificates": tally(5, 0, 5, 31.0)},
        },
    )
    target = tmp_path / "queue-waits.csv"
    code, out, _ = run(capsys, "2026-11", "--save", str(target))
    assert code == 0
    assert f"已將 2026-11 的 4 列寫入 {target}" in out and "saved 4 rows for 2026-11" in out
    assert target.read_text(encoding="utf-8").splitlines() == [
        HEADER,
        "2026-11,household,16,1,10.0",  # (96 + 24) person-minutes ÷ 12 calls while counted
        "2026-11,id-card,3,1,",  # no waiting count while its numbers were called: unknown
        "2026-11,certificates,5,0,6.2",
        "2026-11,booked,0,0,",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["instance", "queue-waits.csv"]  # no temp
    # The site build reads what the command wrote.
    config = load_queue_config(QUEUE_FILE)
    waits = queue_waits.load(target, "queue-waits.csv", config, "queue.yml")
    assert waits is not None
    assert waits.minutes[min(waits.minutes)] == {
        "household": 10.0,
        "id-card": None,
        "certificates": 6.2,
        "booked": None,
    }


def test_a_rerun_replaces_its_month_and_keeps_the_others(
    store_days, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "queue-waits.csv"
    target.write_text(
        "\n".join(
            [
                HEADER,
                "2026-12,household,900,9,7.5",
                "2026-11,household,1,1,1.0",  # an earlier save of November, to be replaced
                "2026-09,booked,300,3,",
                "2026-09,household,1700,30,12.5",
                "",
            ]
        ),
        encoding="utf-8",
    )
    store_days("2026-11-27", {"09": {"household": tally(10, 1, 8, 96.0)}})
    assert run(capsys, "2026-11", "--save", str(target))[0] == 0
    store_days("2026-11-30", {"16": {"booked": tally(4, 0, 4, 10.0)}})
    assert run(capsys, "2026-11", "--save", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").splitlines() == [
        HEADER,
        "2026-09,household,1700,30,12.5",  # sorted by month, then in queue.yml's order
        "2026-09,booked,300,3,",
        "2026-11,household,10,1,12.0",
        "2026-11,id-card,0,0,",
        "2026-11,certificates,0,0,",
        "2026-11,booked,4,0,2.5",
        "2026-12,household,900,9,7.5",
    ]


def test_a_month_without_data_writes_nothing_and_says_so(
    store_days, tmp_path: Path, capsys
) -> None:
    store_days("2026-11-27", {"09": {"household": tally(10, 1, 8, 96.0)}})
    target = tmp_path / "queue-waits.csv"
    code, out, _ = run(capsys, "2026-10", "--save", str(target))
    assert code == 0
    assert out.index("2026-10 沒有任何叫號資料，未寫入") < out.index("2026-10 has no queue data")
    assert not target.exists()
    target.write_text(f"{HEADER}\n2026-09,household,1,0,\n", encoding="utf-8")
    before = target.read_bytes()
    assert run(capsys, "2026-10", "--save", str(target))[0] == 0
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda tmp: tmp / "no-such-folder" / "queue-waits.csv", "the folder"),
        (lambda tmp: tmp, "it is a folder"),
        (lambda tmp: tmp / "a-file" / "queue-waits.csv", "does not exist"),
        (lambda tmp: tmp / "population.csv", "the first row must be the column names"),
        (lambda tmp: tmp / "short.csv", "this row has 3 columns, expected 5"),
        (lambda tmp: tmp / "excel.csv", "must be written YYYY-MM"),
    ],
    ids=[
        "missing folder",
        "a folder",
        "a file as folder",
        "another file",
        "a broken row",
        "a spreadsheet's month",
    ],
)
def test_an_unwritable_path_is_refused_and_nothing_changes(
    store_days, tmp_path: Path, capsys, make, phrase: str
) -> None:
    store_days("2026-11-27", {"09": {"household": tally(10, 1, 8, 96.0)}})
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "population.csv").write_text("month,village,households\n", encoding="utf-8")
    (tmp_path / "short.csv").write_text(f"{HEADER}\n2026-09,household,1\n", encoding="utf-8")
    (tmp_path / "excel.csv").write_text(f"{HEADER}\n2026/9/1,household,1,0,\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    code, out, err = run(capsys, "2026-11", "--save", str(make(tmp_path)))
    assert code == 2
    assert phrase in err and "nothing was changed" in err
    assert err.index("未變更任何檔案") < err.index("nothing was changed")  # Chinese first
    assert not out  # refused before reading the database
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_a_malformed_month_is_refused_before_anything_is_written(tmp_path: Path, capsys) -> None:
    target = tmp_path / "queue-waits.csv"
    code, _, err = run(capsys, "2026-13", "--save", str(target))
    assert code == 2 and "the month must be YYYY-MM" in err
    assert not target.exists()
