"""Dates as Taiwan's government writes them: ROC years in Chinese, Gregorian in English.

Babel has no ROC calendar, so the site formats dates here, never through the host locale.
"""

from __future__ import annotations

import datetime as dt

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
