"""A month of the counter queue's figures: `python -m forms_lambda.queue_stats 2026-11`.

Per service: the numbers called and missed, and the average wait (平均等候時間, by Little's law:
the minutes all waiting people waited ÷ the people called meanwhile; needs the waiting counts a
ticket machine reports). `--csv` prints one row per day, hour and service instead, for the
office's statistics. Reads the hourly counts the store keeps after each day's own data is
purged; numbers and counts only, no personal data.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Sequence

from forms_lambda.app import create_app
from forms_lambda.domain.queue_estimate import monthly_figures
from forms_lambda.web import backend

COLUMNS = ("day", "hour", "service", "called", "missed", "observed", "waiting_minutes")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forms_lambda.queue_stats", description=__doc__)
    parser.add_argument("month", help="YYYY-MM, e.g. 2026-11")
    parser.add_argument("--csv", action="store_true", help="hourly rows as CSV")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", args.month):
        print(f"月份須為 YYYY-MM / the month must be YYYY-MM: {args.month!r}", file=sys.stderr)
        return 2
    app = create_app()
    with app.app_context():
        b = backend()
        days = b.store.queue_hours(args.month)
        services = b.queue_config.services
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for day, hours in sorted(days.items()):
            for hour, tallies in sorted(hours.items()):
                for service, tally in sorted(tallies.items()):
                    writer.writerow([day, hour, service, *(tally.get(c, 0) for c in COLUMNS[3:])])
        return 0
    print(f"{args.month}: {len(days)} 天有資料 days with data")
    for service in services.values():
        figures = monthly_figures(days.values(), service.id)
        average = figures["average_wait_minutes"]
        wait = "—" if average is None else f"{average} 分鐘 min"
        print(
            f"{service.name['zh-TW']} {service.id}: 叫號 called {figures['called']}, "
            f"過號 missed {figures['missed']}, 平均等候 average wait {wait}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
