"""The monthly waits file, ``content/data/queue-waits.csv``: what the queue leaves for the
public statistics page.

``python -m forms_lambda.queue_stats 2026-11 --save content/data/queue-waits.csv`` turns a month
of hourly counts into one row per service of queue.yml (numbers called and missed, the average
wait in minutes, empty when no ticket machine reported waiting counts) and merges them into the
file; the site build reads it back (theme/sitekit/queue_waits.py). Both sides share COLUMNS.
Plain text a webmaster can open in a spreadsheet; counts only, no personal data.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from forms_lambda.domain.queue_estimate import monthly_figures

COLUMNS = ("month", "service", "called", "missed", "average_wait_minutes")
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")  # the command's argument and each saved row
Row = dict[str, str]


class WaitsFileError(ValueError):
    """An existing file the command will not overwrite: the message (Chinese / English), line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def month_rows(month: str, services: Sequence[str], days: Mapping[str, Any]) -> list[Row]:
    """One row per service for ``month``; none when nothing was called, missed or counted."""
    rows = []
    for service in services:
        figures = monthly_figures(days.values(), service)
        average = figures["average_wait_minutes"]
        rows.append(
            {
                "month": month,
                "service": service,
                "called": str(figures["called"]),
                "missed": str(figures["missed"]),
                "average_wait_minutes": "" if average is None else f"{average:.1f}",
            }
        )
    if all(r["called"] == r["missed"] == "0" and not r["average_wait_minutes"] for r in rows):
        return []
    return rows


def read(text: str) -> list[Row]:
    """The rows of an existing file, kept as written; a file of another shape is refused,
    so that saving a month never overwrites something else."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    if header is None:
        return []
    if [cell.strip() for cell in header] != list(COLUMNS):
        raise WaitsFileError(
            f"第一列應為欄位名稱 {','.join(COLUMNS)}，實際為 {','.join(header)} / "
            f"the first row must be the column names {','.join(COLUMNS)}, found {','.join(header)}",
            1,
        )
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise WaitsFileError(
                f"此列有 {len(cells)} 個欄位，應為 {len(COLUMNS)} 個 / "
                f"this row has {len(cells)} columns, expected {len(COLUMNS)}",
                reader.line_num,
            )
        row = dict(zip(COLUMNS, (cell.strip() for cell in cells), strict=True))
        if not MONTH.fullmatch(row["month"]):
            # A spreadsheet's 2026/9/1 would not be recognised as the month being saved: its
            # rows would stay beside the new ones, twice.
            raise WaitsFileError(
                f"月份「{row['month']}」應寫成 YYYY-MM，例如 2026-09 / "
                f"the month {row['month']!r} must be written YYYY-MM, e.g. 2026-09",
                reader.line_num,
            )
        rows.append(row)
    return rows


def merged(
    existing: Iterable[Row], month: str, new: Iterable[Row], order: Sequence[str]
) -> list[Row]:
    """Every other month's rows as they were, ``month``'s replaced by ``new``; sorted by month,
    then by the services' order in queue.yml (ids no longer listed last)."""
    rank = {service: index for index, service in enumerate(order)}
    rows = [row for row in existing if row["month"] != month] + list(new)
    return sorted(rows, key=lambda r: (r["month"], rank.get(r["service"], len(rank)), r["service"]))


def text(rows: Iterable[Row]) -> str:
    """The file's text: the header, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([row[column] for column in COLUMNS] for row in rows)
    return out.getvalue()
