"""Booking rules read from content/data/booking.yml, and the slots they allow.

Free of Flask and AWS: given the rules and the current time, it answers "which slots exist on
this day" and "may this slot be booked now", with the reason when not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.yamlfile import load_yaml

TAIPEI = ZoneInfo("Asia/Taipei")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOT_FORMAT = "%Y-%m-%dT%H:%M"
ZERO = timedelta(0)
SLOT_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")


class RulesError(ValueError):
    """The booking rules file is malformed; the message names the place."""


@dataclass(frozen=True)
class Period:
    start: time
    end: time


@dataclass(frozen=True)
class Service:
    id: str
    name: dict[str, str]
    weekdays: frozenset[int]
    hours: tuple[Period, ...]
    slot_minutes: int
    capacity: int
    bring: dict[str, str]
    holiday_marriage: bool = False
    saturday_morning: bool = False

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "weekdays": [WEEKDAYS[d] for d in sorted(self.weekdays)],
            "hours": [
                {"start": p.start.strftime("%H:%M"), "end": p.end.strftime("%H:%M")}
                for p in self.hours
            ],
            "slot_minutes": self.slot_minutes,
            "capacity": self.capacity,
            "saturday_morning": self.saturday_morning,
            "holiday_marriage": self.holiday_marriage,
            "bring": self.bring,
        }


@dataclass(frozen=True)
class Window:
    min_days_ahead: int
    max_days_ahead: int
    cutoff: time


@dataclass(frozen=True)
class BookingRules:
    services: dict[str, Service]
    window: Window
    holiday_window: Window  # min_days_ahead counts working days here
    saturday_hours: Period | None
    holiday_marriage_dates: frozenset[date]
    calendar: GovernmentCalendar
    one_per_person_per_day: bool
    no_show_limit: int
    no_show_block_days: int

    # --- slots ----------------------------------------------------------------------------
    def periods_on(self, service: Service, day: date) -> tuple[Period, ...]:
        """The periods in which appointments of this service start on this day (may be empty)."""
        if service.holiday_marriage:
            return service.hours if day in self.holiday_marriage_dates else ()
        if self.calendar.is_working_day(day):
            is_makeup = day in self.calendar.makeup_working_days
            if is_makeup or day.weekday() in service.weekdays:
                return service.hours
            return ()
        if (
            service.saturday_morning
            and self.saturday_hours
            and day.weekday() == 5
            and day not in self.calendar.closed_days
        ):
            return (self.saturday_hours,)
        return ()

    def slot_starts(self, service: Service, day: date) -> list[datetime]:
        starts: list[datetime] = []
        step = timedelta(minutes=service.slot_minutes)
        for period in self.periods_on(service, day):
            moment = datetime.combine(day, period.start, TAIPEI)
            end = datetime.combine(day, period.end, TAIPEI)
            while moment + step <= end:
                starts.append(moment)
                moment += step
        return starts

    def offers(self, service: Service, slot: datetime) -> bool:
        """Whether slot is one of slot_starts(service, its day), without listing the day's
        slots (a booking's check did, at 5 % of its server time)."""
        day = slot.date()
        step = timedelta(minutes=service.slot_minutes)
        for period in self.periods_on(service, day):
            start = datetime.combine(day, period.start, TAIPEI)
            end = datetime.combine(day, period.end, TAIPEI)
            if start <= slot and slot + step <= end and (slot - start) % step == ZERO:
                return True
        return False

    def window_for(self, service: Service) -> Window:
        return self.holiday_window if service.holiday_marriage else self.window

    def booking_deadline(self, service: Service, day: date) -> datetime:
        """The last moment at which a slot on this day may still be booked."""
        if service.holiday_marriage:
            last_day = self.calendar.subtract_working_days(day, self.holiday_window.min_days_ahead)
            return datetime.combine(last_day, self.holiday_window.cutoff, TAIPEI)
        last_day = day - timedelta(days=max(self.window.min_days_ahead, 0))
        return datetime.combine(last_day, self.window.cutoff, TAIPEI)

    def day_open_for_booking(self, service: Service, day: date, now: datetime) -> bool:
        today = now.astimezone(TAIPEI).date()
        window = self.window_for(service)
        if day <= today or (day - today).days > window.max_days_ahead:
            return False
        return now < self.booking_deadline(service, day)

    def bookable_dates(self, service: Service, now: datetime) -> list[date]:
        today = now.astimezone(TAIPEI).date()
        window = self.window_for(service)
        days = (today + timedelta(days=n) for n in range(1, window.max_days_ahead + 1))
        return [
            d
            for d in days
            if self.day_open_for_booking(service, d, now) and self.slot_starts(service, d)
        ]

    def check_slot(self, service: Service, slot: datetime, now: datetime) -> str | None:
        """None when the slot may be booked now, else a reason code (see messages.py)."""
        if slot <= now:
            return "slot_past"
        day = slot.date()
        if not self.offers(service, slot):
            if day in self.calendar.closed_days and not service.holiday_marriage:
                return "slot_closed_day"
            return "slot_not_offered"
        if not self.day_open_for_booking(service, day, now):
            return "slot_outside_window"
        return None


def parse_slot(text: str) -> datetime | None:
    """'2026-12-01T09:30' (Asia/Taipei local) -> aware datetime, or None if malformed."""
    # fromisoformat after a strict shape check: strptime cost 3 % of a booking's server time.
    if not isinstance(text, str) or not SLOT_SHAPE.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)
    except ValueError:  # 2026-02-30T09:00, 25:00
        return None


def format_slot(moment: datetime) -> str:
    return moment.astimezone(TAIPEI).strftime(SLOT_FORMAT)


# --- loading ----------------------------------------------------------------------------------
def _time(value: Any, where: str) -> time:
    try:
        return datetime.strptime(str(value), "%H:%M").time()
    except ValueError:
        raise RulesError(f"{where}: expected a time HH:MM, got {value!r}") from None


def _date(value: Any, where: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RulesError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None


def _bilingual(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), str) for k in ("zh-TW", "en")
    ):
        raise RulesError(f"{where}: expected {{zh-TW: ..., en: ...}}")
    return {"zh-TW": value["zh-TW"], "en": value["en"]}


def _period(value: Any, where: str) -> Period:
    if not isinstance(value, dict):
        raise RulesError(f"{where}: expected {{start: HH:MM, end: HH:MM}}")
    period = Period(_time(value.get("start"), where), _time(value.get("end"), where))
    if period.end <= period.start:
        raise RulesError(f"{where}: end must be after start")
    return period


def _positive(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RulesError(f"{where}: expected a whole number ≥ 0, got {value!r}")
    return value


def _window(raw: Any, where: str, min_key: str) -> Window:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: missing")
    return Window(
        _positive(raw.get(min_key), f"{where}.{min_key}"),
        _positive(raw.get("max_days_ahead"), f"{where}.max_days_ahead"),
        _time(raw.get("cutoff_time"), f"{where}.cutoff_time"),
    )


def rules_from_mapping(raw: Any, source: str = "booking.yml") -> BookingRules:
    if not isinstance(raw, dict):
        raise RulesError(f"{source}: expected a mapping at the top")
    saturday = raw.get("saturday_morning") or {}
    saturday_ids = set(saturday.get("services") or [])
    services: dict[str, Service] = {}
    for index, item in enumerate(raw.get("services") or []):
        where = f"{source}: services[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise RulesError(f"{where}: needs an id")
        weekdays = set()
        for name in item.get("weekdays") or []:
            if name not in WEEKDAYS:
                raise RulesError(f"{where}.weekdays: unknown day {name!r}")
            weekdays.add(WEEKDAYS.index(name))
        slot_minutes = _positive(item.get("slot_minutes"), f"{where}.slot_minutes")
        if slot_minutes == 0:
            raise RulesError(f"{where}.slot_minutes: must be more than 0")
        service = Service(
            id=item["id"],
            name=_bilingual(item.get("name"), f"{where}.name"),
            weekdays=frozenset(weekdays),
            hours=tuple(_period(p, f"{where}.hours") for p in item.get("hours") or []),
            slot_minutes=slot_minutes,
            capacity=_positive(item.get("capacity"), f"{where}.capacity"),
            bring=_bilingual(item.get("bring"), f"{where}.bring"),
            holiday_marriage=bool(item.get("holiday_marriage", False)),
            saturday_morning=item["id"] in saturday_ids,
        )
        if service.id in services:
            raise RulesError(f"{where}: duplicate id {service.id!r}")
        services[service.id] = service
    unknown = saturday_ids - services.keys()
    if unknown:
        raise RulesError(f"{source}: saturday_morning.services names unknown {sorted(unknown)}")
    no_show = raw.get("no_show") or {}
    calendar = GovernmentCalendar.of(
        (_date(d, f"{source}: closed_days") for d in raw.get("closed_days") or []),
        (_date(d, f"{source}: makeup_working_days") for d in raw.get("makeup_working_days") or []),
    )
    return BookingRules(
        services=services,
        window=_window(raw.get("booking_window"), f"{source}: booking_window", "min_days_ahead"),
        holiday_window=_window(
            raw.get("holiday_marriage_window"),
            f"{source}: holiday_marriage_window",
            "min_working_days_ahead",
        ),
        saturday_hours=_period(saturday["hours"], f"{source}: saturday_morning.hours")
        if saturday.get("hours")
        else None,
        holiday_marriage_dates=frozenset(
            _date(d, f"{source}: holiday_marriage_dates")
            for d in raw.get("holiday_marriage_dates") or []
        ),
        calendar=calendar,
        one_per_person_per_day=bool(raw.get("one_booking_per_person_per_day", True)),
        no_show_limit=_positive(no_show.get("limit", 3), f"{source}: no_show.limit"),
        no_show_block_days=_positive(
            no_show.get("block_days", 183), f"{source}: no_show.block_days"
        ),
    )


def load_rules(path: Path) -> BookingRules:
    return rules_from_mapping(load_yaml(path), str(path.name))
