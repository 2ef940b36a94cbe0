"""The counter queue (線上叫號): counters call numbers, a ticket machine reports them, and the
public board shows them. Numbers and counts only: nobody's name, number or ticket is kept.

Both sources write through this one class: a clerk's "next", "recall" and "skip" in the staff
console (call), and the ticket machine's or queue system's reports over the staff API (feed).
The day is one stored record changed by compare-and-set, retried when two counters press at once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.common import Clock, InvalidInput, NotFound, Refused, end_of_day_epoch
from forms_lambda.domain.queue_config import Counter, QueueConfig, QueueService
from forms_lambda.domain.queue_estimate import HOUR, estimate_minutes, pace_per_minute
from forms_lambda.domain.records import QueueDay
from forms_lambda.domain.rules import TAIPEI
from forms_lambda.store.base import Store

MAX_NUMBER = 9999  # four-digit tickets
MAX_WAITING = 999
MISSED_SHOWN = 5  # missed numbers (過號) the board lists per service
SAVE_TRIES = 10
# After a lost compare-and-set, wait a random time up to BACKOFF_S * 2**attempt (at most
# BACKOFF_CAP_S): without it, one counter pressing in a loop kept winning the store's write
# lock just before the other's save, ten times in a row ("queue_busy").
BACKOFF_S = 0.002
BACKOFF_CAP_S = 0.1
ACTIONS = ("next", "recall", "skip")
T = TypeVar("T")


class QueueConflict(Refused):
    """A report the day's numbers contradict (a counter's number going backwards): per field."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__("queue_backwards")
        self.fields = dict(fields)


@dataclass(frozen=True)
class Called:
    """What a counter shows after a clerk's press; changed is False for a repeated press."""

    counter: str
    number: int
    service: str
    changed: bool


@dataclass(frozen=True)
class Fed:
    """The counters whose number a device report changed (for the access log)."""

    moved: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Report:
    counters: list[tuple[int, str, int, str]]  # (index in the body, counter, number, service)
    waiting: list[tuple[str, int]]


def _iso(moment: int) -> str | None:
    return datetime.fromtimestamp(moment, TAIPEI).isoformat(timespec="seconds") if moment else None


def _whole(value: object, low: int, high: int) -> int | None:
    """value as a whole number from low to high, or None (booleans and texts are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def _items(
    raw: list[Any], name: str, errors: dict[str, str]
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(index, field name, item) of each object in a report's list; a non-object is an error."""
    for index, item in enumerate(raw):
        where = f"{name}[{index}]"
        if isinstance(item, dict):
            yield index, where, item
        else:
            errors[where] = "queue_item"


class QueueDesk:
    def __init__(
        self, config: QueueConfig, calendar: GovernmentCalendar, store: Store, now: Clock
    ) -> None:
        self.config = config
        self.calendar = calendar
        self.store = store
        self.now = now

    @property
    def _stale(self) -> int:
        return self.config.stale_after_minutes * 60

    # --- the day's record -----------------------------------------------------------------
    def _today(self, moment: datetime) -> QueueDay:
        day = moment.astimezone(TAIPEI).date()
        stored = self.store.get_queue_day(day.isoformat())
        return stored or QueueDay(
            day=day.isoformat(), expires_at=end_of_day_epoch(day, self.config.keep_days)
        )

    def _change(self, change: Callable[[QueueDay, int], tuple[T, bool]]) -> T:
        """Apply change to today's record and save it; again on a concurrent change.

        change returns its result and whether there is anything to save."""
        for attempt in range(SAVE_TRIES):
            if attempt:
                time.sleep(random.uniform(0, min(BACKOFF_CAP_S, BACKOFF_S * 2**attempt)))
            moment = self.now()
            day = self._today(moment)
            now = int(moment.timestamp())
            result, dirty = change(day, now)
            if not dirty:
                return result
            day.updated_at = now
            if self.store.save_queue_day(day):
                return result
        raise Refused("queue_busy")

    def _service(self, day: QueueDay, service: str) -> dict[str, Any]:
        return day.services.setdefault(
            service,
            {
                "last": 0,
                "waiting": None,
                "reported_at": 0,
                "integrated_at": 0,
                "calls": [],
                "first_call": 0,
                "missed": [],
            },
        )

    @staticmethod
    def _tally(day: QueueDay, service: str, moment: int) -> dict[str, Any]:
        hour = datetime.fromtimestamp(moment, TAIPEI).strftime("%H")
        return day.hours.setdefault(hour, {}).setdefault(
            service, {"called": 0, "missed": 0, "observed": 0, "waiting_minutes": 0.0}
        )

    def _fresh_waiting(self, state: Mapping[str, Any], now: int) -> int | None:
        reported = state["reported_at"]
        return state["waiting"] if reported and now - reported <= self._stale else None

    def _integrate(self, day: QueueDay, service: str, now: int) -> None:
        """Add the people × minutes waited since the last count to the hours they fell in
        (not across a gap longer than the stale limit: nobody knows what happened then)."""
        state = self._service(day, service)
        since = state["integrated_at"]
        if state["waiting"] and since and 0 < now - since <= self._stale:
            moment = since
            while moment < now:
                step_end = min(now, (moment // HOUR + 1) * HOUR)  # Taipei hours are UTC hours
                tally = self._tally(day, service, moment)
                added = state["waiting"] * (step_end - moment) / 60
                tally["waiting_minutes"] = round(tally["waiting_minutes"] + added, 2)
                moment = step_end
        state["integrated_at"] = now

    def _record_call(
        self, day: QueueDay, counter: str, number: int, service: str, now: int
    ) -> None:
        state = self._service(day, service)
        self._integrate(day, service, now)
        tally = self._tally(day, service, now)
        tally["called"] += 1
        if self._fresh_waiting(state, now) is not None:
            tally["observed"] += 1
        state["last"] = max(state["last"], number)
        state["calls"] = [t for t in state["calls"] if t >= now - HOUR] + [now]
        state["first_call"] = state["first_call"] or now
        day.counters[counter] = {"number": number, "service": service, "at": now, "recalls": 0}

    # --- a clerk at a counter -------------------------------------------------------------
    def counter(self, counter_id: str) -> Counter:
        found = self.config.counters.get(counter_id)
        if found is None:
            raise NotFound
        return found

    def call(
        self, counter_id: str, action: str, *, service: str = "", seen: int | None = None
    ) -> Called:
        """next: the service's next number; recall: the same number again; skip: the current
        number missed (過號), then the next of its service. seen is the number the clerk's
        page showed: when the counter has moved on since (a double tap, a second window),
        nothing happens again."""
        counter = self.counter(counter_id)
        if action not in ACTIONS:
            raise InvalidInput({"action": "queue_action_unknown"})
        if action == "next":
            service = service or (counter.services[0] if len(counter.services) == 1 else "")
            if service not in counter.services:
                raise InvalidInput({"service": "queue_service_not_at_counter"})

        def change(day: QueueDay, now: int) -> tuple[Called, bool]:
            current = day.counters.get(counter.id)
            shown = current["number"] if current else 0
            if seen is not None and seen != shown:
                return Called(
                    counter.id, shown, current["service"] if current else "", False
                ), False
            if action != "next" and current is None:
                raise Refused("queue_nothing_called")
            if action == "recall":
                assert current is not None
                current["recalls"] += 1
                current["at"] = now
                return Called(counter.id, shown, current["service"], True), True
            wanted = service if action == "next" else current["service"]  # type: ignore[index]
            if action == "skip":
                assert current is not None
                missed = self._service(day, wanted)
                missed["missed"] = [*missed["missed"], shown][-MISSED_SHOWN:]
                self._tally(day, wanted, now)["missed"] += 1
            state = self._service(day, wanted)
            number = state["last"] + 1
            if number > MAX_NUMBER:
                raise Refused("queue_number_range")
            self._record_call(day, counter.id, number, wanted, now)
            if state["waiting"]:  # the one called no longer waits (a device report corrects it)
                state["waiting"] -= 1
            return Called(counter.id, number, wanted, True), True

        return self._change(change)

    # --- a ticket machine or queue system -------------------------------------------------
    def _read_report(self, data: Mapping[str, Any]) -> _Report:
        """Check a device report without touching the store: every problem, per field."""
        errors: dict[str, str] = {}
        raw_counters = data.get("counters", [])
        raw_waiting = data.get("waiting", [])
        if not isinstance(raw_counters, list):
            errors["counters"] = "queue_list"
            raw_counters = []
        if not isinstance(raw_waiting, list):
            errors["waiting"] = "queue_list"
            raw_waiting = []
        if not raw_counters and not raw_waiting and not errors:
            errors["counters"] = "queue_report_empty"
        if len(raw_counters) > len(self.config.counters):
            errors["counters"] = "queue_too_many"
            raw_counters = []
        if len(raw_waiting) > len(self.config.services):
            errors["waiting"] = "queue_too_many"
            raw_waiting = []
        counters: list[tuple[int, str, int, str]] = []
        for index, where, item in _items(raw_counters, "counters", errors):
            named = item.get("counter")
            if isinstance(named, int) and not isinstance(named, bool):
                named = str(named)  # "counter": 3 means counter "3"
            counter = self.config.counters.get(named) if isinstance(named, str) else None
            number = _whole(item.get("number"), 1, MAX_NUMBER)
            service = item.get("service") or ""
            if counter is None:
                errors[f"{where}.counter"] = "queue_counter_unknown"
            elif any(c[1] == counter.id for c in counters):
                errors[f"{where}.counter"] = "queue_duplicate"
            if number is None:
                errors[f"{where}.number"] = "queue_number_range"
            if counter is not None:
                if not service and len(counter.services) == 1:
                    service = counter.services[0]
                if service not in counter.services:
                    errors[f"{where}.service"] = "queue_service_not_at_counter"
                elif number is not None:
                    counters.append((index, counter.id, number, service))
        waiting: list[tuple[str, int]] = []
        for _index, where, item in _items(raw_waiting, "waiting", errors):
            service = item.get("service")
            count = _whole(item.get("count"), 0, MAX_WAITING)
            if service not in self.config.services:
                errors[f"{where}.service"] = "queue_service_unknown"
            elif any(w[0] == service for w in waiting):
                errors[f"{where}.service"] = "queue_duplicate"
            if count is None:
                errors[f"{where}.count"] = "queue_waiting_range"
            elif service in self.config.services and f"{where}.service" not in errors:
                waiting.append((str(service), count))
        if errors:
            raise InvalidInput(errors)
        return _Report(counters, waiting)

    def feed(self, data: Mapping[str, Any]) -> Fed:
        """A device's report: the number now called at some counters, and the people waiting
        for some services. All of it or none of it: a bad field or a counter going backwards
        (a lower number of the same service than it shows) changes nothing."""
        report = self._read_report(data)

        def change(day: QueueDay, now: int) -> tuple[Fed, bool]:
            backwards = {
                f"counters[{index}].number": "queue_backwards"
                for index, counter, number, service in report.counters
                if (current := day.counters.get(counter))
                and current["service"] == service
                and number < current["number"]
            }
            if backwards:
                raise QueueConflict(backwards)
            moved = []
            for _index, counter, number, service in report.counters:
                current = day.counters.get(counter)
                if current is None or (current["number"], current["service"]) != (number, service):
                    self._record_call(day, counter, number, service, now)
                    moved.append(counter)
            for service, count in report.waiting:
                self._integrate(day, service, now)
                state = self._service(day, service)
                state["waiting"] = count
                state["reported_at"] = now
            return Fed(moved), True  # saved even when nothing moved: the feed is alive

        return self._change(change)

    # --- the public board -----------------------------------------------------------------
    def board(self) -> dict[str, Any]:
        """The one small document every citizen's page reads (cached 10 s by CloudFront)."""
        moment = self.now()
        now = int(moment.timestamp())
        day = self.store.get_queue_day(moment.astimezone(TAIPEI).date().isoformat())
        counters = day.counters if day else {}
        services = day.services if day else {}
        last_call = max((c["at"] for c in counters.values()), default=0)
        if self.config.is_open(moment, self.calendar):
            fresh = day is not None and now - day.updated_at <= self._stale
            state = "open" if fresh else "no_data"
        else:  # after hours the board stays open while the last tickets are still called
            state = "open" if last_call and now - last_call <= self._stale else "closed"
        live = state == "open"
        opening = self.config.next_opening(moment, self.calendar) if state == "closed" else None
        return {
            "state": state,
            "updated_at": _iso(day.updated_at) if day else None,
            "next_open": opening.isoformat(timespec="minutes") if opening else None,
            "stale_after_minutes": self.config.stale_after_minutes,
            "counters": [
                counter_view(c, counters.get(c.id) if live else None)
                for c in self.config.counters.values()
            ],
            "services": [
                self._service_view(s, services.get(s.id) if live else None, now)
                for s in self.config.services.values()
            ],
        }

    def _service_view(
        self, service: QueueService, state: Mapping[str, Any] | None, now: int
    ) -> dict[str, Any]:
        if state is None:
            return service_view(service)
        waiting = self._fresh_waiting(state, now)
        pace = pace_per_minute(state["calls"], now, state["first_call"])
        return {
            **service_view(service),
            "last": state["last"] or None,
            "waiting": waiting,
            "called_last_hour": sum(1 for t in state["calls"] if t >= now - HOUR),
            "estimate_minutes": estimate_minutes(waiting, pace),
            "missed": list(state["missed"]),
        }


def counter_view(counter: Counter, current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": counter.id,
        "name": counter.name,
        "services": list(counter.services),
        "number": current["number"] if current else None,
        "service": current["service"] if current else None,
        "called_at": _iso(current["at"]) if current else None,
        "recalled": bool(current and current["recalls"]),
    }


def service_view(service: QueueService) -> dict[str, Any]:
    """A service with no figures (nothing called, or the board is not open)."""
    return {
        "id": service.id,
        "name": service.name,
        "last": None,
        "waiting": None,
        "called_last_hour": None,
        "estimate_minutes": None,
        "missed": [],
    }


def blank_board(config: QueueConfig) -> dict[str, Any]:
    """The board's shape before anything is known (state ""): what the site build renders
    and the page's script then fills in, so nothing moves when the numbers arrive."""
    return {
        "state": "",
        "updated_at": None,
        "next_open": None,
        "stale_after_minutes": config.stale_after_minutes,
        "counters": [counter_view(c) for c in config.counters.values()],
        "services": [service_view(s) for s in config.services.values()],
    }
