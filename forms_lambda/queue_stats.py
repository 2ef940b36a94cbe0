"""A month of the counter queue's figures: `python -m forms_lambda.queue_stats 2026-11`.

Per service: the numbers called and missed, and the average wait (平均等候時間, by Little's law:
the minutes all waiting people waited ÷ the people called meanwhile; needs the waiting counts a
ticket machine reports). `--csv` prints one row per day, hour and service instead, for the
office's statistics. `--save content/data/queue-waits.csv` also writes the month's figures into
that file for the public statistics page (`{{ queue.waits }}`): the month's rows are replaced,
every other month's kept. Reads the hourly counts the store keeps after each day's own data is
purged; numbers and counts only, no personal data.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from forms_lambda.app import create_app
from forms_lambda.domain import queue_waits
from forms_lambda.domain.queue_estimate import monthly_figures
from forms_lambda.web import backend

COLUMNS = ("day", "hour", "service", "called", "missed", "observed", "waiting_minutes")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forms_lambda.queue_stats", description=__doc__)
    parser.add_argument("month", help="YYYY-MM, e.g. 2026-11")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="hourly rows as CSV")
    output.add_argument(
        "--save",
        metavar="FILE",
        type=Path,
        help="also write the month's figures into FILE (content/data/queue-waits.csv)",
    )
    args = parser.parse_args(argv)
    if not queue_waits.MONTH.fullmatch(args.month):
        print(f"月份須為 YYYY-MM / the month must be YYYY-MM: {args.month!r}", file=sys.stderr)
        return 2
    existing: list[queue_waits.Row] = []
    if args.save is not None:
        try:
            existing = _existing_rows(args.save)
        except _Refused as refused:
            print(refused, file=sys.stderr)
            return 2
    app = create_app()
    with app.app_context():
        b = backend()
        days = b.store.queue_hours(args.month)
        services = b.queue_config.services
    if args.csv:
        _print_hours(days)
        return 0
    _print_month(args.month, days, services)
    if args.save is None:
        return 0
    return _save(args.save, args.month, days, list(services), existing)


def _print_hours(days: Mapping[str, Any]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    for day, hours in sorted(days.items()):
        for hour, tallies in sorted(hours.items()):
            for service, tally in sorted(tallies.items()):
                writer.writerow([day, hour, service, *(tally.get(c, 0) for c in COLUMNS[3:])])


def _print_month(month: str, days: Mapping[str, Any], services: Mapping[str, Any]) -> None:
    print(f"{month}: {len(days)} 天有資料 days with data")
    for service in services.values():
        figures = monthly_figures(days.values(), service.id)
        average = figures["average_wait_minutes"]
        wait = "—" if average is None else f"{average} 分鐘 min"
        print(
            f"{service.name['zh-TW']} {service.id}: 叫號 called {figures['called']}, "
            f"過號 missed {figures['missed']}, 平均等候 average wait {wait}"
        )


def _save(
    path: Path,
    month: str,
    days: Mapping[str, Any],
    services: list[str],
    existing: list[queue_waits.Row],
) -> int:
    """Replace ``month``'s rows in ``path``; a month without any data writes nothing."""
    rows = queue_waits.month_rows(month, services, days)
    if not rows:
        print(
            f"{month} 沒有任何叫號資料，未寫入 {path} / "
            f"{month} has no queue data; nothing was written to {path}"
        )
        return 0
    try:
        _replace(path, queue_waits.text(queue_waits.merged(existing, month, rows, services)))
    except _Refused as refused:
        print(refused, file=sys.stderr)
        return 2
    print(
        f"已將 {month} 的 {len(rows)} 列寫入 {path}，其他月份不變 / "
        f"saved {len(rows)} rows for {month} to {path}; other months kept"
    )
    return 0


class _Refused(Exception):
    """The file cannot be saved; the message says why, Chinese first."""


def _existing_rows(path: Path) -> list[queue_waits.Row]:
    """The rows already in ``path`` (none when it does not exist yet), checked before the
    database is read, so that a wrong path is refused at once and changes nothing."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _Refused(
            f"無法寫入 {path}：資料夾 {folder} 不存在，未變更任何檔案 / "
            f"cannot write {path}: the folder {folder} does not exist; nothing was changed"
        )
    if path.is_dir():
        raise _Refused(
            f"無法寫入 {path}：這是資料夾，請指定檔名，例如 content/data/queue-waits.csv；"
            f"未變更任何檔案 / cannot write {path}: it is a folder; name a file such as "
            "content/data/queue-waits.csv; nothing was changed"
        )
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise _Refused(
            f"無法寫入 {path}：沒有寫入權限，未變更任何檔案 / "
            f"cannot write {path}: permission denied; nothing was changed"
        )
    if not path.exists():
        return []
    try:
        return queue_waits.read(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise _Refused(
            f"無法讀取 {path}（{error}），未變更任何檔案 / cannot read {path} ({error}); "
            "nothing was changed"
        ) from None
    except queue_waits.WaitsFileError as error:
        where = f"{path}:{error.line}" if error.line else str(path)
        raise _Refused(
            f"{where}: {error.message}\n"
            "這個檔案的格式與平均等候時間檔不同，未變更任何檔案 / "
            "the file is not in the waits file's format; nothing was changed"
        ) from None


def _replace(path: Path, text: str) -> None:
    """Write a temporary file beside ``path``, then rename it over ``path``: a reader (or a
    failure half-way) sees the old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="") as out:
            out.write(text)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _Refused(
            f"無法寫入 {path}（{error}），未變更任何檔案 / cannot write {path} ({error}); "
            "nothing was changed"
        ) from None


if __name__ == "__main__":
    sys.exit(main())
