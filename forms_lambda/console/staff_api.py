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


def _export(kind: str, rows: list[dict[str, Any]], name: str) -> Response:
    """JSON with the records' keys and codes (for scripts), or an office-ready CSV or ODS."""
    from forms_lambda.console.export import download, json_rows  # kept off the cold start

    if request.args.get("format", "json") == "json":
        return json_response(json_rows(backend(), kind, rows))
    answer = download(backend(), kind, rows, name, request.args, "zh-TW")
    if answer is None:
        fields = field_errors({"format": "format_invalid"}, choose_lang())
        return error_response(422, "invalid", {"fields": fields})
    return answer


@staff_api.get("/bookings")
def admin_bookings() -> Response:
    day = request.args.get("date")
    try:
        bookings = backend().bookings.list_for_day(day)
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    return _export("bookings", [b.to_item() for b in bookings], f"bookings-{day}")


@staff_api.get("/feedback")
def admin_feedback() -> Response:
    status = request.args.get("status", "open")
    try:
        cases = backend().feedback.list(status)
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    return _export("feedback", cases, f"feedback-{status}")


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
