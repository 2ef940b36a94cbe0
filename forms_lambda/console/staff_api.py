"""The staff JSON API under /api/admin/ for scripts: bearer tokens, one per person.

The console's pages and this API call the same domain operations; a script's token belongs to a
named staff member (`python -m forms_lambda.staff token <login>`), so what it reads or changes
is traced to that person in the access log, and their role limits what it may do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, g, request

from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.domain.staff import may
from forms_lambda.web import (
    HttpError,
    RequestLinks,
    backend,
    bearer_staff,
    check_rate_limit,
    choose_lang,
    error_response,
    field_errors,
    json_response,
    needs,
    permission_of,
    read_body,
)

staff_api = Blueprint("staff_api", __name__, url_prefix="/api/admin")


def trace(action: str, target: str = "", *, outcome: str = "ok", detail: str = "") -> None:
    backend().access_log.record(g.member, action, target, outcome=outcome, detail=detail)


@staff_api.before_request
def _guard() -> Response | None:
    settings = backend().settings
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        raise HttpError(413, "too_large")
    check_rate_limit(backend())
    g.member = bearer_staff()
    permission = permission_of(request.endpoint)
    if permission is None or not may(g.member.role, permission):
        args = request.view_args or {}
        target = str(args.get("reference") or args.get("case_number") or request.path)[:60]
        trace("denied", target, outcome="denied", detail=permission or "")
        return error_response(403, "forbidden")
    return None


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


def _listed(kind: str, target: str) -> None:
    wanted = request.args.get("format", "json")
    if wanted == "json":
        trace("view_day" if kind == "bookings" else "view_cases", target)
    elif wanted in ("csv", "ods"):
        trace("export", target, detail=f"{kind} {wanted}")


@staff_api.get("/bookings")
@needs("bookings.view")
def admin_bookings() -> Response:
    day = request.args.get("date")
    try:
        bookings = backend().bookings.list_for_day(day)
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    _listed("bookings", str(day))
    return _export("bookings", [b.to_item() for b in bookings], f"bookings-{day}")


@staff_api.get("/feedback")
@needs("cases.view")
def admin_feedback() -> Response:
    status = request.args.get("status", "open")
    try:
        cases = backend().feedback.list(status)
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    _listed("cases", status)
    return _export("feedback", cases, f"feedback-{status}")


def _booking_change(action: str, reference: str, change: Callable[[], Any]) -> Response:
    read_body(optional=True)
    try:
        booking = change()
    except NotFound:
        return error_response(404, "not_found")
    except Refused as refusal:
        return error_response(409, refusal.code)
    trace(action, booking.reference)
    return json_response({"reference": booking.reference, "status": booking.status})


@staff_api.post("/bookings/<reference>/no-show")
@needs("bookings.change")
def admin_no_show(reference: str) -> Response:
    bookings = backend().bookings
    return _booking_change(
        "no_show", reference, lambda: bookings.no_show(reference, g.member.login)
    )


@staff_api.post("/bookings/<reference>/cancel")
@needs("bookings.change")
def admin_cancel(reference: str) -> Response:
    bookings = backend().bookings
    return _booking_change(
        "cancel", reference, lambda: bookings.cancel_for(reference, g.member.login)
    )


@staff_api.post("/bookings/<reference>/undo")
@needs("bookings.change")
def admin_undo(reference: str) -> Response:
    bookings = backend().bookings
    return _booking_change("undo", reference, lambda: bookings.undo(reference, g.member.login))


def _case_answer(case: Any, status: int = 200) -> Response:
    return json_response({**case.public(), "review_state": case.review_state or None}, status)


def _case_change(action: str, case_number: str, change: Callable[[], Any]) -> Response:
    try:
        case = change()
    except NotFound:
        return error_response(404, "not_found")
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    except Refused as refusal:
        return error_response(409, refusal.code)
    trace(action, case_number)
    return _case_answer(case)


@staff_api.post("/feedback/<case_number>/reply")
@needs("cases.reply")
def admin_reply(case_number: str) -> Response:
    """Sends the reply, or, where the form wants review and the caller may not approve, keeps
    it as a draft for a supervisor (202)."""
    data = read_body()
    desk = backend().feedback
    try:
        result = desk.reply(
            case_number,
            data.get("reply"),
            RequestLinks(),
            g.member.login,
            may(g.member.role, "cases.approve"),
        )
    except NotFound:
        return error_response(404, "not_found")
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, choose_lang())})
    except Refused as refusal:
        return error_response(409, refusal.code)
    trace("reply" if result.sent else "draft_reply", case_number)
    return _case_answer(result.case, 200 if result.sent else 202)


@staff_api.post("/feedback/<case_number>/approve")
@needs("cases.approve")
def admin_approve(case_number: str) -> Response:
    data = read_body(optional=True)
    desk = backend().feedback
    return _case_change(
        "approve_reply",
        case_number,
        lambda: desk.approve(case_number, data.get("reply"), RequestLinks(), g.member.login),
    )


@staff_api.post("/feedback/<case_number>/return")
@needs("cases.approve")
def admin_return(case_number: str) -> Response:
    data = read_body()
    desk = backend().feedback
    return _case_change(
        "return_reply",
        case_number,
        lambda: desk.return_draft(case_number, data.get("note"), g.member.login),
    )


@staff_api.post("/feedback/<case_number>/classify")
@needs("cases.classify")
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
    trace("classify", case_number, detail=case.handling_class)
    return json_response(
        {
            **case.public(),
            "handling_class": case.handling_class,
            "handling_days": case.handling_days,
        }
    )
