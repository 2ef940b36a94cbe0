"""The console's downloads: a day's bookings, a queue of cases, the access log (CSV and ODS).

Each download is an access to personal data (the access log's excepted), so each is logged.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from forms_lambda.console.blueprint import both, console, console_lang, error_page, trace
from forms_lambda.domain.bookings import parse_day
from forms_lambda.domain.feedback import STATUSES
from forms_lambda.web import backend, needs


def download(kind: str, rows: list[dict[str, Any]], name: str) -> Response:
    """CSV or ODS in the console's language (or ?lang=), with ?dates=roc for ROC dates."""
    from forms_lambda.console.export import download as file_answer  # staff only

    answer = file_answer(backend(), kind, rows, name, request.args, console_lang())
    return answer if answer is not None else error_page(422, both("format_invalid"))


@console.get("/export/bookings")
@needs("bookings.export")
def export_bookings() -> Response:
    chosen = parse_day(request.args.get("date", ""))
    if chosen is None:
        return error_page(422, both("date_format"))
    bookings = backend().bookings.list_for_day(chosen.isoformat())
    bookings.sort(key=lambda b: (b.slot, b.reference))
    response = download(
        "bookings", [b.to_item() for b in bookings], f"bookings-{chosen.isoformat()}"
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
    response = download("feedback", backend().feedback.list(status), f"feedback-{status}")
    if response.status_code == 200:
        trace("export", status, detail=f"cases {request.args.get('format')}")
    return response
