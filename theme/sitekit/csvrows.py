"""The webmaster's CSV files, read row by row with their line numbers, and their common cells.

Statistics a webmaster pastes from a spreadsheet (``population.csv``, ``queue-waits.csv``) are
checked the same way: UTF-8 (a byte-order mark is fine), an exact header row, the right number of
cells, blank lines skipped; a month is a Gregorian YYYY-MM and a count a whole number not below
zero. Every mistake is a ``ContentError`` naming the file and the line a spreadsheet shows, with
the same words in every file, so ``docs/webmaster.md`` explains each message once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from theme.sitekit.errors import ContentError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def rows(path: Path, shown: str, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: cell without surrounding spaces}) for each row that is not blank.

    ``shown`` is the file as messages name it. Raises on a wrong header or a row of the wrong
    length; the caller checks the cells.
    """
    text = decode(path.read_bytes(), shown)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [cell.strip() for cell in header] != list(columns):
        found = ",".join(header or [])
        expected = ",".join(columns)
        raise ContentError(
            shown,
            f"第一列應為欄位名稱 {expected}，實際為 {found} / "
            f"the first row must be the column names {expected}, found {found}",
            1,
        )
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (often at the end of a file saved by a spreadsheet)
        if len(cells) != len(columns):
            raise ContentError(
                shown,
                f"此列有 {len(cells)} 個欄位，應為 {len(columns)} 個 / "
                f"this row has {len(cells)} columns, expected {len(columns)}",
                line,
            )
        yield line, dict(zip(columns, (cell.strip() for cell in cells), strict=True))


def decode(data: bytes, shown: str) -> str:
    """The file's text; a file saved as Big5 (Excel's default) is refused at its first bad line."""
    try:
        return data.decode("utf-8-sig")  # a spreadsheet's byte-order mark is fine
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(
            shown,
            "檔案不是 UTF-8 編碼，請在試算表軟體以「CSV UTF-8」格式另存 / "
            "the file is not UTF-8 encoded; save it as `CSV UTF-8` in your spreadsheet program",
            line,
        ) from None


def month(value: str, line: int, shown: str) -> dt.date:
    """The first day of a Gregorian YYYY-MM month (an ROC year is the usual mistake)."""
    match = _MONTH.match(value)
    if match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) > 1911:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    raise ContentError(
        shown,
        f"月份「{value}」格式錯誤，應為西元年-月（YYYY-MM），例如 2026-10 / "
        f"month `{value}` must be a Gregorian YYYY-MM, e.g. 2026-10",
        line,
    )


def count(column: str, value: str, line: int, shown: str) -> int:
    """A whole number not below zero."""
    if not _WHOLE_NUMBER.match(value):
        raise ContentError(
            shown,
            f"欄位 {column} 的值「{value}」不是整數（請勿加千分位逗號或小數點） / "
            f"{column} `{value}` is not a whole number (no thousands separators or decimals)",
            line,
        )
    number = int(value)
    if number < 0:
        raise ContentError(
            shown,
            f"欄位 {column} 的值 {number} 不可為負數 / {column} {number} must not be negative",
            line,
        )
    return number


def optional_decimal(column: str, value: str, line: int, shown: str) -> float | None:
    """A number not below zero, decimals allowed; an empty cell is None (not known)."""
    if not value:
        return None
    if not _DECIMAL.match(value):
        raise ContentError(
            shown,
            f"欄位 {column} 的值「{value}」不是數字，未知時請留空 / "
            f"{column} `{value}` is not a number; leave the cell empty when it is not known",
            line,
        )
    number = float(value)
    if number < 0:
        raise ContentError(
            shown,
            f"欄位 {column} 的值 {value} 不可為負數 / {column} {value} must not be negative",
            line,
        )
    return number
