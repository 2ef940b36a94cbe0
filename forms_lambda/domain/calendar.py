"""The government calendar: which days are working days, and counting working days.

Why its own module: both booking windows and feedback deadlines count working days, and a
holiday moved to a Friday or a make-up Saturday (補班) must be treated the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class GovernmentCalendar:
    closed_days: frozenset[date]
    makeup_working_days: frozenset[date]

    @classmethod
    def of(cls, closed: Iterable[date], makeup: Iterable[date]) -> GovernmentCalendar:
        return cls(frozenset(closed), frozenset(makeup))

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_working_days:
            return True
        if day in self.closed_days:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, count: int) -> date:
        """The count-th working day after start (start itself is not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def subtract_working_days(self, end: date, count: int) -> date:
        """The count-th working day before end (end itself is not counted)."""
        day = end
        remaining = count
        while remaining > 0:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day
