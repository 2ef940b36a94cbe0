"""Dates as Taiwan's government writes them: ROC years in Chinese, Gregorian in English.

Babel has no ROC calendar, so the site formats dates here, never through the host locale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ROC_EPOCH_OFFSET = 1911  # ROC year 1 is 1912.
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def roc_year(year: int) -> int:
    """Return the ROC (民國) year of a Gregorian year; 1912 is 民國1年."""
    if year <= ROC_EPOCH_OFFSET:
        raise ValueError(f"{year} is before the Republic of China calendar (1912)")
    return year - ROC_EPOCH_OFFSET


def format_date(value: dt.date, lang: str) -> str:
    """Format a date for a page in ``lang``: 民國115年11月26日 or 26 November 2026."""
    if lang.startswith("zh"):
        return f"民國{roc_year(value.year)}年{value.month}月{value.day}日"
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"


def format_short(value: dt.date, lang: str) -> str:
    """Compact form for lists: 115-11-26 (ROC) or 2026-11-26."""
    if lang.startswith("zh"):
        return f"{roc_year(value.year)}-{value.month:02d}-{value.day:02d}"
    return value.isoformat()


# --- era years for old household records (早期年號對照表) ------------------------------------
#
# Old Taiwanese household records give years in the era in force when they were written: the Qing
# emperor's reign year up to 1895, the Japanese era from 1895 to 1945, then the ROC year. An era's
# first year is written 元年. Japan used the Gregorian calendar from 1873, so a Japanese-era date
# converts day for day; Qing dates are lunar, so only the year is matched here.

ROC_FIRST_YEAR = ROC_EPOCH_OFFSET + 1  # 1912 = 民國元年
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


@dataclass(frozen=True)
class Era:
    """A reign era: its name, the Gregorian years of its first and last year, when it began."""

    key: str
    zh: str
    en: str
    first_year: int  # Gregorian year of 元年
    last_year: int  # Gregorian year of its last year
    starts: dt.date | None = None  # day the era began (Japanese eras), None for lunar eras

    def year_of(self, gregorian: int) -> int:
        """The era year of a Gregorian year (1 = 元年); ValueError outside the era."""
        if not self.first_year <= gregorian <= self.last_year:
            raise ValueError(
                f"{gregorian} is outside {self.en} ({self.first_year}–{self.last_year})"
            )
        return gregorian - self.first_year + 1

    def to_gregorian(self, era_year: int) -> int:
        """The Gregorian year of an era year; ValueError if the era had no such year."""
        last = self.last_year - self.first_year + 1
        if not 1 <= era_year <= last:
            raise ValueError(f"{self.en} has years 1 to {last}, not {era_year}")
        return self.first_year + era_year - 1


GUANGXU = Era("guangxu", "光緒", "Guangxu", 1875, 1908)
MEIJI = Era("meiji", "明治", "Meiji", 1868, 1912, dt.date(1868, 10, 23))
TAISHO = Era("taisho", "大正", "Taishō", 1912, 1926, dt.date(1912, 7, 30))
SHOWA = Era("showa", "昭和", "Shōwa", 1926, 1989, dt.date(1926, 12, 25))
JAPANESE_ERAS = (MEIJI, TAISHO, SHOWA)
ERAS = (GUANGXU, *JAPANESE_ERAS)

# The years each calendar was used in Taiwan's records: Qing rule ended and Japanese rule began
# in 1895 (Treaty of Shimonoseki: 光緒21年 = 明治28年); Japanese rule ended in 1945
# (昭和20年 = 民國34年).
QING_IN_TAIWAN = (1875, 1895)  # from 光緒元年
JAPAN_IN_TAIWAN = (1895, 1945)
_SHOWA_END = dt.date(1989, 1, 7)


def roc_to_gregorian(roc: int) -> int:
    """The Gregorian year of ROC year ``roc`` (民國年 + 1911 = 西元年); 民國元年 is 1912."""
    if roc < 1:
        raise ValueError(
            f"ROC years start at 1 (民國元年), not {roc}; use 民國前 years before 1912"
        )
    return roc + ROC_EPOCH_OFFSET


def before_roc_to_gregorian(years_before: int) -> int:
    """The Gregorian year of 民國前N年: 1912 − N (民國前1年 is 1911; there is no year 0)."""
    if years_before < 1:
        raise ValueError(f"民國前 years start at 1, not {years_before}")
    return ROC_FIRST_YEAR - years_before


def era_by_name(name: str) -> Era:
    """An era from its Chinese name (昭和) or its key or English name (showa, Shōwa)."""
    wanted = name.strip().casefold().replace("ō", "o")
    for era in ERAS:
        if wanted in (era.zh, era.key, era.en.casefold().replace("ō", "o")):
            return era
    raise ValueError(f"unknown era {name!r}; known: {', '.join(e.zh for e in ERAS)}")


def era_to_gregorian(name: str, era_year: int) -> int:
    """The Gregorian year of an era year: ``era_to_gregorian("昭和", 20)`` is 1945."""
    return era_by_name(name).to_gregorian(era_year)


def eras_of_year(gregorian: int, eras: tuple[Era, ...] = JAPANESE_ERAS) -> list[tuple[Era, int]]:
    """Every era in ``eras`` that covers the year, with its era year, oldest first.

    A year in which the era changed has two: 1912 is 明治45年 until 29 July and 大正元年 after.
    """
    return [
        (era, era.year_of(gregorian))
        for era in eras
        if era.first_year <= gregorian <= era.last_year
    ]


def japanese_era_on(day: dt.date) -> tuple[Era, int]:
    """The Japanese era and era year of a date: 1926-12-25 is 昭和元年, the day before 大正15年."""
    if not dt.date(1873, 1, 1) <= day <= _SHOWA_END:
        raise ValueError(f"{day} is outside 1873-01-01 to {_SHOWA_END} (Meiji 6 to Shōwa 64)")
    era = next(e for e in reversed(JAPANESE_ERAS) if e.starts is not None and day >= e.starts)
    return era, era.year_of(day.year)


def sexagenary(gregorian: int) -> str:
    """The 干支 (stem-branch) name of a year: 1912 is 壬子, 1984 is 甲子."""
    return _STEMS[(gregorian - 4) % 10] + _BRANCHES[(gregorian - 4) % 12]


def era_year_label(era: Era, era_year: int, lang: str) -> str:
    """明治28年, 大正元年 in Chinese; Meiji 28, Taishō 1 in English."""
    if lang.startswith("zh"):
        return f"{era.zh}{'元' if era_year == 1 else era_year}年"
    return f"{era.en} {era_year}"


def roc_label(gregorian: int, lang: str) -> str:
    """The ROC year of any Gregorian year: 民國元年, 民國前17年 / ROC 1, 17 years before ROC 1."""
    zh = lang.startswith("zh")
    if gregorian >= ROC_FIRST_YEAR:
        year = roc_year(gregorian)
        if zh:
            return f"民國{'元' if year == 1 else year}年"
        return f"ROC {year}"
    before = ROC_FIRST_YEAR - gregorian
    if zh:
        return f"民國前{before}年"
    return f"{before} year{'s' if before > 1 else ''} before ROC 1"
