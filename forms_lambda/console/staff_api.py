"""The staff JSON API under /api/admin/ for scripts: bearer tokens, one per person.

The console's pages (views.py) and this API call the same domain operations; a script's token
belongs to a named staff member, so what it reads or changes is traced to that person.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.web import (
    HttpError,
    RequestLinks,
    backend,
    check_rate_limit,
    choose_lang,
    error_response,
    field_errors,
    json_response,
    read_body,
    require_staff,
)

staff_api = Blueprint("staff_api", __name__, url_prefix="/api/admin")


@staff_api.before_request
def _guard() -> None:
    settings = backend().settings
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        raise HttpError(413, "too_large")
    require_staff()
    check_rate_limit(backend())


BOOKING_COLUMNS = (
    "reference",
    "service",
    "slot",
    "status",
    "name",
    "phone",
    "email",
    "lang",
    "note",
    "id_last4",
    "consent_version",
    "created_at",
    "cancelled_at",
)
FEEDBACK_COLUMNS = (
    "case_number",
    "kind",
    "status",
    "overdue",
    "due_date",
    "handling_class",
    "received_at",
    "name",
    "email",
    "phone",
    "subject",
    "right",
    "message",
    "ratings",  # replaced by one rating_<question id> column per survey question
    "lang",
    "reply",
    "replied_at",
    "consent_version",
)


def feedback_columns() -> tuple[str, ...]:
    """The feedback export columns, with one rating_<id> column per survey question."""
    questions = [
        f"rating_{qid}"
        for form in backend().definitions.forms.values()
        for qid, _text in form.questions
    ]
    at = FEEDBACK_COLUMNS.index("ratings")
    return (*FEEDBACK_COLUMNS[:at], *dict.fromkeys(questions), *FEEDBACK_COLUMNS[at + 1 :])


def _export(rows: list[dict[str, Any]], columns: tuple[str, ...], name: str) -> Response:
    from forms_lambda.console.export import (  # staff only: kept off the cold start
        ODS_MIMETYPE,
        to_csv,
        to_ods,
    )

    wanted = request.args.get("format", "json")
    if wanted == "json":
        return json_response([{c: row.get(c) for c in columns} for row in rows])
    table = [[row.get(c) for c in columns] for row in rows]
    if wanted == "csv":
        response = Response(to_csv(columns, table), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        filename = f"{name}.csv"
    elif wanted == "ods":
        response = Response(to_ods(name, columns, table), mimetype=ODS_MIMETYPE)
        filename = f"{name}.ods"
    else:
        return error_response(
            422, "invalid", {"fields": field_errors({"format": "format_invalid"}, choose_lang())}
        )
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@staff_api.get("/bookings")
def admin_bookings() -> Response:
    day = request.args.get("date")
    try:
        bookings = backend().bookings.list_for_day(day)
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    return _export([b.to_item() for b in bookings], BOOKING_COLUMNS, f"bookings-{day}")


@staff_api.get("/feedback")
def admin_feedback() -> Response:
    status = request.args.get("status", "open")
    try:
        cases = backend().feedback.list(status)
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    return _export(cases, feedback_columns(), f"feedback-{status}")


@staff_api.post("/bookings/<reference>/no-show")
def admin_no_show(reference: str) -> Response:
    read_body(optional=True)
    try:
        booking = backend().bookings.no_show(reference)
    except NotFound:
        return error_response(404, "not_found")
    except Refused as refusal:
        return error_response(409, refusal.code)
    return json_response({"reference": booking.reference, "status": booking.status})


@staff_api.post("/feedback/<case_number>/reply")
def admin_reply(case_number: str) -> Response:
    data = read_body()
    try:
        case = backend().feedback.reply(case_number, data.get("reply"), RequestLinks())
    except NotFound:
        return error_response(404, "not_found")
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    except Refused as refusal:
        return error_response(409, refusal.code)
    return json_response(case.public())


@staff_api.post("/feedback/<case_number>/classify")
def admin_classify(case_number: str) -> Response:
    data = read_body()
    try:
        case = backend().feedback.classify(case_number, data.get("class"), data.get("days"))
    except NotFound:
        return error_response(404, "not_found")
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    except Refused as refusal:
        return error_response(409, refusal.code)
    return json_response(
        {
            **case.public(),
            "handling_class": case.handling_class,
            "handling_days": case.handling_days,
        }
    )
