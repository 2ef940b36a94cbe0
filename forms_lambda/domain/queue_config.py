"""The queue's office data, content/data/queue.yml: services, counters, calling hours, retention.

Read node by node so that every mistake names its line: the site build turns a QueueConfigError
into a build error with the file and line, and the backend refuses to start with the same
message. Free of Flask and AWS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

import yaml

from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.rules import TAIPEI, WEEKDAYS

WORKDAY = "workday"  # every working day: Monday to Friday and make-up days (補班)
SERVICE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,23}")
COUNTER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,11}")
TOP_KEYS = ("hours", "stale_after_minutes", "keep_days", "services", "counters")
MAX_COUNTERS = 50
MAX_SERVICES = 20
LOOKAHEAD_DAYS = 21  # how far next_opening looks (past the longest holiday)
T = TypeVar("T")


class QueueConfigError(ValueError):
    """A mistake in queue.yml: the message (Chinese / English) and the line, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class QueueService:
    id: str
    name: dict[str, str]


@dataclass(frozen=True)
class Counter:
    id: str
    name: dict[str, str]
    services: tuple[str, ...]


@dataclass(frozen=True)
class CallingHours:
    days: frozenset[str]  # weekday names and/or WORKDAY
    start: time
    end: time


@dataclass(frozen=True)
class QueueConfig:
    services: dict[str, QueueService]
    counters: dict[str, Counter]
    hours: tuple[CallingHours, ...]
    stale_after_minutes: int
    keep_days: int

    def periods_on(
        self, day: date, calendar: GovernmentCalendar
    ) -> list[tuple[datetime, datetime]]:
        """When numbers are called on this day (none on a closed day)."""
        if day in calendar.closed_days and day not in calendar.makeup_working_days:
            return []
        weekday = WEEKDAYS[day.weekday()]
        working = calendar.is_working_day(day)
        return [
            (datetime.combine(day, h.start, TAIPEI), datetime.combine(day, h.end, TAIPEI))
            for h in self.hours
            if weekday in h.days or (WORKDAY in h.days and working)
        ]

    def is_open(self, moment: datetime, calendar: GovernmentCalendar) -> bool:
        local = moment.astimezone(TAIPEI)
        return any(start <= local < end for start, end in self.periods_on(local.date(), calendar))

    def next_opening(self, moment: datetime, calendar: GovernmentCalendar) -> datetime | None:
        """The next start of calling hours after moment (None if none within three weeks)."""
        local = moment.astimezone(TAIPEI)
        for offset in range(LOOKAHEAD_DAYS):
            day = local.date() + timedelta(days=offset)
            starts = sorted(start for start, _end in self.periods_on(day, calendar))
            later = [s for s in starts if s > local]
            if later:
                return later[0]
        return None


# --- reading ----------------------------------------------------------------------------------
def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _fail(node: yaml.Node, zh: str, en: str) -> QueueConfigError:
    return QueueConfigError(f"{zh} / {en}", _line(node))


def _mapping(node: yaml.Node, what: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(node, f"{what}應為「名稱: 值」", f"{what} must be `key: value` lines")
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            raise _fail(
                key_node,
                f"未知欄位 `{key}`，可用：{', '.join(allowed)}",
                f"`{key}` is not known here; use one of: {', '.join(allowed)}",
            )
        if key in fields:
            raise _fail(key_node, f"`{key}` 重複", f"`{key}` is given twice")
        fields[key] = value_node
    return fields


def _needed(fields: dict[str, yaml.Node], key: str, node: yaml.Node) -> yaml.Node:
    if key not in fields:
        raise _fail(node, f"缺少 `{key}`", f"`{key}` is missing")
    return fields[key]


def _sequence(node: yaml.Node, key: str) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise _fail(node, f"`{key}` 應為清單（- 開頭）", f"`{key}` must be a list of `- ` items")
    return list(node.value)


def _scalar(node: yaml.Node, key: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise _fail(node, f"`{key}` 應為單一值", f"`{key}` must be a single value")
    return str(node.value).strip()


def _time(node: yaml.Node, key: str) -> time:
    text = _scalar(node, key)
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise _fail(
            node, f'`{key}` 應為時間 HH:MM（例如 "08:00"）', f"`{key}` must be a time HH:MM"
        ) from None


def _whole(node: yaml.Node, key: str, low: int, high: int) -> int:
    text = _scalar(node, key)
    if not re.fullmatch(r"[0-9]+", text) or not low <= int(text) <= high:
        raise _fail(
            node,
            f"`{key}` 應為 {low} 到 {high} 的整數",
            f"`{key}` must be a whole number from {low} to {high}",
        )
    return int(text)


def _names(node: yaml.Node, key: str) -> dict[str, str]:
    fields = _mapping(node, f"`{key}` ", ("zh-TW", "en"))
    return {lang: _scalar(_needed(fields, lang, node), f"{key}.{lang}") for lang in ("zh-TW", "en")}


def _ident(node: yaml.Node, pattern: re.Pattern[str], key: str) -> str:
    value = _scalar(node, key)
    if not pattern.fullmatch(value):
        raise _fail(
            node,
            f"`{key}` 只能用小寫英文字母、數字及「-」：{value!r}",
            f"`{key}` may hold lower-case letters, digits and '-' only: {value!r}",
        )
    return value


def _unique(items: list[T], key: Callable[[T], str], nodes: list[yaml.Node], what: str) -> None:
    seen: set[str] = set()
    for item, node in zip(items, nodes, strict=True):
        if key(item) in seen:
            raise _fail(
                node, f"{what} id {key(item)!r} 重複", f"{what} id {key(item)!r} is used twice"
            )
        seen.add(key(item))


def _hours(node: yaml.Node) -> tuple[CallingHours, ...]:
    found = []
    for item in _sequence(node, "hours"):
        fields = _mapping(item, "hours 的每一項", ("days", "start", "end"))
        days = set()
        for day_node in _sequence(_needed(fields, "days", item), "days"):
            name = _scalar(day_node, "days")
            if name not in (*WEEKDAYS, WORKDAY):
                raise _fail(
                    day_node,
                    f"未知的日子 {name!r}，可用：{' '.join(WEEKDAYS)} {WORKDAY}",
                    f"unknown day {name!r}; use: {' '.join(WEEKDAYS)} {WORKDAY}",
                )
            days.add(name)
        start = _time(_needed(fields, "start", item), "start")
        end = _time(_needed(fields, "end", item), "end")
        if end <= start:
            raise _fail(item, "結束時間須晚於開始時間", "end must be after start")
        found.append(CallingHours(frozenset(days), start, end))
    return tuple(found)


def _services(node: yaml.Node) -> dict[str, QueueService]:
    nodes = _sequence(node, "services")
    if len(nodes) > MAX_SERVICES:
        raise _fail(node, f"服務最多 {MAX_SERVICES} 項", f"at most {MAX_SERVICES} services")
    services = []
    for item in nodes:
        fields = _mapping(item, "services 的每一項", ("id", "name"))
        services.append(
            QueueService(
                id=_ident(_needed(fields, "id", item), SERVICE_ID, "id"),
                name=_names(_needed(fields, "name", item), "name"),
            )
        )
    _unique(services, lambda s: s.id, nodes, "service")
    return {s.id: s for s in services}


def _counters(node: yaml.Node, services: dict[str, QueueService]) -> dict[str, Counter]:
    nodes = _sequence(node, "counters")
    if len(nodes) > MAX_COUNTERS:
        raise _fail(node, f"櫃台最多 {MAX_COUNTERS} 個", f"at most {MAX_COUNTERS} counters")
    counters = []
    for item in nodes:
        fields = _mapping(item, "counters 的每一項", ("id", "name", "services"))
        called = []
        for service_node in _sequence(_needed(fields, "services", item), "services"):
            service = _scalar(service_node, "services")
            if service not in services:
                raise _fail(
                    service_node,
                    f"服務 {service!r} 不在 services 清單中",
                    f"service {service!r} is not in the services list",
                )
            if service in called:
                raise _fail(service_node, f"服務 {service!r} 重複", f"{service!r} is listed twice")
            called.append(service)
        counters.append(
            Counter(
                id=_ident(_needed(fields, "id", item), COUNTER_ID, "id"),
                name=_names(_needed(fields, "name", item), "name"),
                services=tuple(called),
            )
        )
    _unique(counters, lambda c: c.id, nodes, "counter")
    return {c.id: c for c in counters}


def config_from_text(text: str) -> QueueConfig:
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise QueueConfigError(
            "YAML 格式錯誤，含「: 」的文字請加引號 / not valid YAML; put text containing ': ' "
            f"in quotes ({getattr(error, 'problem', None) or 'invalid YAML'})",
            mark.line + 1 if mark else None,
        ) from None
    if root is None:
        raise QueueConfigError("檔案是空的 / the file is empty")
    fields = _mapping(root, "檔案", TOP_KEYS)
    services = _services(_needed(fields, "services", root))
    counters = _counters(_needed(fields, "counters", root), services)
    idle = [s for s in services if not any(s in c.services for c in counters.values())]
    if idle:
        raise _fail(
            fields["services"],
            f"沒有櫃台叫這些服務的號碼：{', '.join(idle)}",
            f"no counter calls these services: {', '.join(idle)}",
        )
    return QueueConfig(
        services=services,
        counters=counters,
        hours=_hours(_needed(fields, "hours", root)),
        stale_after_minutes=_whole(
            _needed(fields, "stale_after_minutes", root), "stale_after_minutes", 1, 240
        ),
        keep_days=_whole(_needed(fields, "keep_days", root), "keep_days", 0, 31),
    )


def load_queue_config(path: Path) -> QueueConfig:
    """Read queue.yml; a QueueConfigError's message says what and where (the line)."""
    return config_from_text(path.read_text(encoding="utf-8"))
