"""Waiting-time figures of the counter queue: the live estimate and the monthly average.

Live estimate: people waiting for a service ÷ the pace at which its numbers were called over
the last hour. The pace is the numbers called in the window ÷ the window's minutes, where the
window is the last 60 minutes, or less when the day's first call was less than an hour ago.
Too little to go on (a window under MIN_WINDOW_MINUTES or fewer than MIN_CALLS calls) gives no
estimate rather than a wild one; a figure is rounded up to ROUND_TO minutes, because a citizen
plans with "about 15 minutes", not "13.4".

Monthly average (平均等候時間, a figure offices report), by Little's law: the minutes all
waiting people waited add up to the queue length summed over time (people × minutes, from the
waiting counts a ticket machine sends); divided by the people called meanwhile, it is the mean
wait per person. Only calls made while a waiting count was known are counted ("observed").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

HOUR = 3600
MIN_WINDOW_MINUTES = 10
MIN_CALLS = 3
ROUND_TO = 5


def pace_per_minute(calls: Sequence[int], now: int, first_call: int) -> float | None:
    """Numbers called per minute over the last hour (epoch seconds), or None if too few."""
    if not first_call or first_call > now:
        return None
    start = max(now - HOUR, first_call)
    minutes = (now - start) / 60
    called = sum(1 for moment in calls if start <= moment <= now)
    if minutes < MIN_WINDOW_MINUTES or called < MIN_CALLS:
        return None
    return called / minutes


def estimate_minutes(waiting: int | None, pace: float | None) -> int | None:
    """About how many minutes the last person now waiting will wait; 0 when nobody waits."""
    if waiting is None:
        return None
    if waiting == 0:
        return 0
    if not pace:
        return None
    return max(ROUND_TO, math.ceil(waiting / pace / ROUND_TO) * ROUND_TO)


def monthly_figures(days: Iterable[Mapping[str, Any]], service: str) -> dict[str, Any]:
    """People called and missed in a month of hourly counts, and the mean wait in minutes
    (None without waiting counts)."""
    called = missed = observed = 0
    person_minutes = 0.0
    for hours in days:
        for tallies in hours.values():
            tally = tallies.get(service)
            if tally:
                called += tally.get("called", 0)
                missed += tally.get("missed", 0)
                observed += tally.get("observed", 0)
                person_minutes += tally.get("waiting_minutes", 0.0)
    average = round(person_minutes / observed, 1) if observed else None
    return {"called": called, "missed": missed, "average_wait_minutes": average}
