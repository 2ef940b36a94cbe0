"""The counter queue's average wait per month (平均等候時間) on the statistics page.

``python -m forms_lambda.queue_stats 2026-11 --save content/data/queue-waits.csv`` keeps one row
per month and service of queue.yml (forms_lambda/domain/queue_waits.py); a page shows the last
twelve months with ``{{ queue.waits }}`` on a line of its own. The file is checked row by row
like population.csv (theme/sitekit/csvrows.py), since a webmaster may edit it in a spreadsheet;
without it, the marker says there are no figures yet: an office without a ticket machine has none.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from forms_lambda.domain.queue_config import QueueConfig
from forms_lambda.domain.queue_waits import COLUMNS
from theme.sitekit import csvrows, markers
from theme.sitekit.errors import ContentError
from theme.sitekit.i18n import HTML_LANG
from theme.sitekit.population_pages import month_label, stats_table

MARKER = markers.pattern("queue")
SHOWN_MONTHS = 12
TEXT = {
    "zh-TW": {
        "caption": "平均等候時間（分鐘），由新至舊",
        "month": "月份",
        "method": "平均等候時間依叫號機回報的等候人數估算（利特爾法則：當月所有民眾等候的分鐘數"
        "合計 ÷ 同期叫號的人數），只用號碼與人數，不含任何個人資料；「—」表示該月沒有等候人數"
        "資料。",
        "none": "目前還沒有平均等候時間的統計。",
    },
    "en": {
        "caption": "Average waiting time in minutes, newest first",
        "month": "Month",
        "method": "The average wait ({term}) is estimated from the waiting counts the ticket "
        "machine reports, by Little's law: the minutes all waiting people waited in the month ÷ "
        "the people called meanwhile; it uses numbers and counts only, no personal data. "
        '"—" means no waiting counts were reported that month.',
        "none": "There are no waiting-time figures yet.",
    },
}


@dataclass(frozen=True)
class Waits:
    """The checked file: each month's average wait per service (None when not known)."""

    minutes: dict[dt.date, dict[str, float | None]]

    @property
    def months(self) -> list[dt.date]:
        return sorted(self.minutes)


def load(path: Path, shown: str, config: QueueConfig, queue_shown: str) -> Waits | None:
    """Read and check the file (None when there is none); a bad row stops the build at its line.

    ``shown`` and ``queue_shown`` are the files as messages name them.
    """
    if not path.is_file():
        return None
    minutes: dict[dt.date, dict[str, float | None]] = {}
    seen: dict[tuple[dt.date, str], int] = {}
    for line, values in csvrows.rows(path, shown, COLUMNS):
        month = csvrows.month(values["month"], line, shown)
        service = values["service"]
        if service not in config.services:
            known = ", ".join(config.services)
            raise ContentError(
                shown,
                f"服務「{service}」不在 {queue_shown} 的 services 中（可用：{known}） / "
                f"service `{service}` is not listed under services in {queue_shown} "
                f"(known: {known})",
                line,
            )
        for column in ("called", "missed"):
            csvrows.count(column, values[column], line, shown)
        average = csvrows.optional_decimal(
            "average_wait_minutes", values["average_wait_minutes"], line, shown
        )
        key = (month, service)
        if key in seen:
            raise ContentError(
                shown,
                f"{values['month']} {service} 重複，第 {seen[key]} 行已有同月同服務的資料 / "
                f"{values['month']} {service} is listed twice; first on line {seen[key]}",
                line,
            )
        seen[key] = line
        minutes.setdefault(month, {})[service] = average
    return Waits(minutes)


def _minutes(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def waits_block(waits: Waits | None, config: QueueConfig, lang: str) -> str:
    """The last twelve months, newest first, one column per service; or a short note."""
    t = TEXT["en" if lang == "en" else "zh-TW"]
    if waits is None or not waits.minutes:
        return f'<p class="stats-note">{escape(t["none"])}</p>'
    months = waits.months[::-1][:SHOWN_MONTHS]
    names = [service.name[lang] for service in config.services.values()]
    rows = [
        (
            month_label(month, lang),
            [_minutes(waits.minutes[month].get(service)) for service in config.services],
        )
        for month in months
    ]
    table = stats_table("queue-waits-table", t["caption"], [t["month"], *names], rows)
    term = f'<span lang="{HTML_LANG["zh-TW"]}">平均等候時間</span>'
    method = escape(t["method"]).replace("{term}", term)
    return f'<div class="stats-block">{table}<p class="stats-note">{method}</p></div>'


BLOCKS = {"waits": waits_block}


def expand(
    markdown: str, waits: Waits | None, config: QueueConfig, lang: str, src: str, source: str
) -> str:
    """Replace ``{{ queue.NAME }}`` markers; ``source`` is the whole file, to name its lines."""
    blocks: Mapping[str, functools.partial[str]] = {
        name: functools.partial(block, waits, config, lang) for name, block in BLOCKS.items()
    }
    return markers.expand(markdown, "queue", ("叫號統計", "queue"), blocks, {}, src, source)
