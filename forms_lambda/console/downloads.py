"""The console's downloads: a day's bookings, a queue of cases, the access log (CSV and ODS).

Each download is an access to personal data (the access log's excepted), so each is logged.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from forms_lambda.console.blueprint import both, console, error_page, trace
from forms_lambda.console.staff_api import BOOKING_COLUMNS, feedback_columns
from forms_lambda.domain.bookings import parse_day
from forms_lambda.domain.feedback import STATUSES
from forms_lambda.web import backend, needs


def download(rows: list[dict[str, Any]], columns: tuple[str, ...], name: str) -> Response:
    from forms_lambda.console.export import ODS_MIMETYPE, to_csv, to_ods  # staff only

    wanted = request.args.get("format", "csv")
    table = [[row.get(c) for c in columns] for row in rows]
    if wanted == "csv":
        response = Response(to_csv(columns, table), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    elif wanted == "ods":
        response = Response(to_ods(name, columns, table), mimetype=ODS_MIMETYPE)
    else:
        return error_page(422, both("format_invalid"))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{wanted}"'
    return response


@console.get("/export/bookings")
@needs("bookings.export")
def export_bookings() -> Response:
    chosen = parse_day(request.args.get("date", ""))
    if chosen is None:
        return error_page(422, both("date_format"))
    bookings = backend().bookings.list_for_day(chosen.isoformat())
    bookings.sort(key=lambda b: (b.slot, b.reference))
    response = download(
        [b.to_item() for b in bookings], BOOKING_COLUMNS, f"bookings-{chosen.isoformat()}"
    )
    if response.status_code == 200:
        trace("export", chosen.isoformat(), detail=f"bookings {request.args.get('format')}")
    return response


@console.get("/export/cases")
@needs("cases.export")
def export_cases() -> Response:
    status = request.args.get("status", "open")
    if status not in STATUSES:
        return error_page(422, both("status_invalid"))
    response = download(backend().feedback.list(status), feedback_columns(), f"feedback-{status}")
    if response.status_code == 200:
        trace("export", status, detail=f"cases {request.args.get('format')}")
    return response
