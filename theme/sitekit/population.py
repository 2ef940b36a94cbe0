"""Monthly population statistics per village (里): read, check and add up the webmaster's CSV.

The office pastes each month's figures into ``content/data/population.csv``; one wrong cell
would put a wrong number on a public statistics page and in the open-data download, so every
row is checked here and the build stops on the first mistake, naming the line. Village names
come from ``content/data/villages.yml`` (Chinese → English), which also fixes their order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

import yaml

from theme.sitekit import csvrows, yamlerrors, yamlload
from theme.sitekit.errors import ContentError

COLUMNS = (
    "month",
    "village",
    "households",
    "male",
    "female",
    "births",
    "deaths",
    "marriages",
    "divorces",
    "moved_in",
    "moved_out",
)
COUNT_COLUMNS = COLUMNS[2:]


@dataclass(frozen=True)
class Field:
    """One column of the data set, described for the open-data dictionary."""

    name: str
    zh: str
    en: str
    type: str  # "string" or "integer", as in JSON Schema
    unit_zh: str
    unit_en: str
    description_zh: str
    description_en: str


FIELDS = (
    Field("month", "統計月份", "Month", "string", "", "",
          "資料所屬月份，西元年-月（YYYY-MM），人口數與戶數為該月月底數字",
          "Month of the figures, Gregorian YYYY-MM; households and residents are counted "
          "at the end of the month"),
    Field("village", "里別", "Village", "string", "", "",
          "里的中文名稱", "Chinese name of the village (里)"),
    Field("households", "戶數", "Households", "integer", "戶", "households",
          "月底設有戶籍的戶數", "Registered households at the end of the month"),
    Field("male", "男性人口數", "Male residents", "integer", "人", "people",
          "月底設有戶籍的男性人口", "Registered male residents at the end of the month"),
    Field("female", "女性人口數", "Female residents", "integer", "人", "people",
          "月底設有戶籍的女性人口", "Registered female residents at the end of the month"),
    Field("births", "出生登記數", "Births", "integer", "人", "people",
          "當月辦理出生登記的人數", "Births registered during the month"),
    Field("deaths", "死亡登記數", "Deaths", "integer", "人", "people",
          "當月辦理死亡登記的人數", "Deaths registered during the month"),
    Field("marriages", "結婚登記對數", "Marriages", "integer", "對", "couples",
          "當月辦理結婚登記的對數", "Marriages registered during the month"),
    Field("divorces", "離婚登記對數", "Divorces", "integer", "對", "couples",
          "當月辦理離婚登記的對數", "Divorces registered during the month"),
    Field("moved_in", "遷入人數", "Moved in", "integer", "人", "people",
          "當月遷入本里的人數（含由本區其他里遷入）",
          "People who registered a move into the village during the month (including from "
          "other villages of the district)"),
    Field("moved_out", "遷出人數", "Moved out", "integer", "人", "people",
          "當月自本里遷出的人數（含遷往本區其他里）",
          "People who registered a move out of the village during the month (including to "
          "other villages of the district)"),
)  # fmt: skip


@dataclass(frozen=True)
class Counts:
    """The figures of one village, or of the whole district, for one month."""

    households: int
    male: int
    female: int
    births: int
    deaths: int
    marriages: int
    divorces: int
    moved_in: int
    moved_out: int

    @property
    def population(self) -> int:
        return self.male + self.female

    @property
    def people_per_household(self) -> float | None:
        """戶量: residents per household."""
        return self.population / self.households if self.households else None

    @property
    def sex_ratio(self) -> float | None:
        """性比例: men per 100 women."""
        return self.male / self.female * 100 if self.female else None

    @classmethod
    def total(cls, parts: Iterable[Counts]) -> Counts:
        names = [f.name for f in fields(cls)]
        sums = dict.fromkeys(names, 0)
        for part in parts:
            for name in names:
                sums[name] += getattr(part, name)
        return cls(**sums)


@dataclass(frozen=True)
class Row:
    """One line of the CSV: a village's figures for a month, with where it came from."""

    month: dt.date  # first day of the month
    village: str
    counts: Counts
    line: int


@dataclass(frozen=True)
class Dataset:
    """All checked rows, with the village names in their listed order."""

    villages: dict[str, str]  # Chinese → English, in display order
    rows: tuple[Row, ...]

    @cached_property
    def months(self) -> list[dt.date]:
        return sorted({row.month for row in self.rows})

    @property
    def latest_month(self) -> dt.date:
        return self.months[-1]

    def village_counts(self, month: dt.date) -> list[tuple[str, Counts]]:
        """(village, counts) for ``month``, in the order of villages.yml."""
        order = {name: index for index, name in enumerate(self.villages)}
        rows = sorted((r for r in self.rows if r.month == month), key=lambda r: order[r.village])
        return [(row.village, row.counts) for row in rows]

    @cached_property
    def district_totals(self) -> dict[dt.date, Counts]:
        """The district's figures per month: the sum over its villages."""
        return {
            month: Counts.total(counts for _, counts in self.village_counts(month))
            for month in self.months
        }

    def records(self) -> list[dict[str, str | int]]:
        """Rows as plain dicts in CSV column order, by month then village order."""
        records = []
        for month in self.months:
            for village, counts in self.village_counts(month):
                record: dict[str, str | int] = {"month": month_key(month), "village": village}
                record.update({name: getattr(counts, name) for name in COUNT_COLUMNS})
                records.append(record)
        return records


def month_key(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


# --- villages.yml --------------------------------------------------------------------------


def load_villages(path: Path, shown: str) -> dict[str, str]:
    """The village table (Chinese → English); ``shown`` is the path named in errors."""
    if not path.is_file():
        raise ContentError(shown, "找不到里名對照檔 / the village name file is missing")
    text = path.read_text(encoding="utf-8")
    try:
        root = yamlload.compose(text)
    except yaml.YAMLError as error:
        raise yamlerrors.content_error(shown, text, error) from None
    if not isinstance(root, yaml.MappingNode) or not root.value:
        raise ContentError(
            shown, "應為「中文里名: English name」的清單 / must list `中文里名: English name` pairs"
        )
    villages: dict[str, str] = {}
    for key, value in root.value:
        line = key.start_mark.line + 1
        name = key.value.strip() if isinstance(key, yaml.ScalarNode) else ""
        english = value.value.strip() if isinstance(value, yaml.ScalarNode) else ""
        if not name:
            raise ContentError(shown, "里名不可空白 / a village name is empty", line)
        if not english:
            raise ContentError(
                shown, f"「{name}」缺少英文名稱 / `{name}` needs an English name", line
            )
        if name in villages:
            raise ContentError(shown, f"「{name}」重複列出 / `{name}` is listed twice", line)
        villages[name] = english
    return villages


# --- population.csv ------------------------------------------------------------------------


def load(csv_path: Path, villages_path: Path, *, shown: str, villages_shown: str) -> Dataset:
    """Read and check the CSV; raise ``ContentError`` naming the first bad line."""
    villages = load_villages(villages_path, villages_shown)
    if not csv_path.is_file():
        raise ContentError(shown, "找不到人口統計資料檔 / the population data file is missing")
    rows: list[Row] = []
    seen: dict[tuple[dt.date, str], int] = {}
    for line, values in csvrows.rows(csv_path, shown, COLUMNS):
        row = _parse_row(values, line, villages_shown, villages, shown)
        key = (row.month, row.village)
        if key in seen:
            raise ContentError(
                shown,
                f"{month_key(row.month)} {row.village} 重複，第 {seen[key]} 行已有同月同里的資料 / "
                f"{month_key(row.month)} {row.village} is listed twice; first on line {seen[key]}",
                line,
            )
        seen[key] = line
        rows.append(row)
    if not rows:
        raise ContentError(shown, "檔案沒有任何資料列 / the file has no data rows")
    _check_months(rows, villages, shown)
    return Dataset(villages=villages, rows=tuple(rows))


def _parse_row(
    values: dict[str, str], line: int, villages_shown: str, villages: dict[str, str], shown: str
) -> Row:
    month = csvrows.month(values["month"], line, shown)
    village = values["village"]
    if village not in villages:
        raise ContentError(
            shown,
            f"里名「{village}」不在 {villages_shown} 中 / "
            f"village `{village}` is not listed in {villages_shown}",
            line,
        )
    counts = Counts(
        **{column: csvrows.count(column, values[column], line, shown) for column in COUNT_COLUMNS}
    )
    if counts.households > counts.population:
        raise ContentError(
            shown,
            f"戶數 {counts.households} 大於人口數 {counts.population}（男 + 女），"
            f"請檢查 households、male、female 欄 / households {counts.households} exceed "
            f"the population {counts.population} (male + female); check those columns",
            line,
        )
    return Row(month=month, village=village, counts=counts, line=line)


def _check_months(rows: list[Row], villages: dict[str, str], shown: str) -> None:
    """Every month lists every village, and no month is skipped."""
    first_line: dict[dt.date, int] = {}
    listed: dict[dt.date, set[str]] = {}
    for row in rows:
        first_line.setdefault(row.month, row.line)
        listed.setdefault(row.month, set()).add(row.village)
    months = sorted(listed)
    for month in months:
        missing = [name for name in villages if name not in listed[month]]
        if missing:
            names = "、".join(missing)
            raise ContentError(
                shown,
                f"{month_key(month)} 缺少這些里的資料：{names} / "
                f"{month_key(month)} lacks these villages: {names}",
                first_line[month],
            )
    for previous, month in itertools.pairwise(months):
        expected = dt.date(previous.year + previous.month // 12, previous.month % 12 + 1, 1)
        if month != expected:
            raise ContentError(
                shown,
                f"月份不連續：{month_key(previous)} 之後應為 {month_key(expected)}，"
                f"卻是 {month_key(month)} / months must not skip: after {month_key(previous)} "
                f"comes {month_key(expected)}, not {month_key(month)}",
                first_line[month],
            )
