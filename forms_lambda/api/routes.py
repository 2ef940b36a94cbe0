"""The /api routes. Each view reads the request, calls a domain service, shapes the answer.

JSON callers get JSON; a form-encoded POST (the no-JavaScript pages) gets 303 to a localized
result page (settings.RESULT_PAGES) with only the reference and token in the query string.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from flask import Blueprint, Response, redirect, request, url_for

from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.domain.messages import LANGS
from forms_lambda.domain.records import Booking, Feedback, IdempotencyRecord
from forms_lambda.store.base import AlreadyDone
from forms_lambda.web import (
    HttpError,
    Idempotency,
    RequestLinks,
    backend,
    check_rate_limit,
    choose_lang,
    error_response,
    field_errors,
    idempotency_key,
    is_form_post,
    json_response,
    read_body,
    result_page,
)

api = Blueprint("api", __name__, url_prefix="/api")
OPENAPI_FILE = Path(__file__).with_name("openapi.json")
R = TypeVar("R", Booking, Feedback)

UNLIMITED = {"api.health", "api.openapi", "api.list_services", "api.list_slots", "api.list_forms"}
REFUSAL_STATUS = {
    "pin_locked": 429,
    "slot_full": 409,
    "already_booked_that_day": 409,
    "blocked_no_show": 403,
    "already_cancelled": 409,
    "not_cancellable": 409,
    "not_answerable": 409,
}
LANG_COOKIE_AGE = 365 * 24 * 3600


@api.before_request
def _guard() -> Response | None:
    settings = backend().settings
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        raise HttpError(413, "too_large")
    endpoint = request.endpoint or ""
    if endpoint and endpoint not in UNLIMITED:
        try:
            check_rate_limit(backend())
        except HttpError as error:
            if request.method == "POST" and is_form_post() and error.status == 429:
                response = redirect(result_page("busy", choose_lang(), {}), 303)
                response.headers.update(error.headers)
                return response
            raise
    return None


def _lang_cookie(response: Response, lang: str) -> Response:
    response.set_cookie(
        "lang",
        lang,
        max_age=LANG_COOKIE_AGE,
        path="/",
        samesite="Lax",
        secure=request.scheme == "https",
        httponly=False,
    )
    return response


def _see_other(page: str, lang: str, params: dict[str, str]) -> Response:
    return _lang_cookie(redirect(result_page(page, lang, params), 303), lang)


def _invalid_params(fields: dict[str, str]) -> dict[str, str]:
    """Field names and their message codes (never the values) for the no-JavaScript page."""
    names = sorted(fields)
    return {
        "error": "invalid",
        "fields": ",".join(names),
        "codes": ",".join(fields[n] for n in names),
    }


def _checked_lang(data: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The answer language, and a field error when the lang field is present but wrong."""
    lang = choose_lang(data)
    given = data.get("lang")
    return lang, ({"lang": "lang_invalid"} if given not in (None, "", *LANGS) else {})


class _Answer(Generic[R]):
    """A create view's success answer, built before the store's transaction commits.

    With an Idempotency-Key the answer is stored in that transaction (Idempotency.receipt),
    so it must exist first; the same response is then sent. The domain calls receipt once
    per attempt (a redrawn reference or case number builds it again); a honeypot hit never
    reaches the store, and final() builds its answer then.
    """

    def __init__(self, success: Callable[[R, str], Response], guard: Idempotency) -> None:
        self.success = success
        self.guard = guard
        self.response: Response | None = None

    def receipt(self, record: R, token: str) -> IdempotencyRecord | None:
        self.response = self.success(record, token)
        return self.guard.receipt(self.response)

    def final(self, record: R, token: str) -> Response:
        return self.response if self.response is not None else self.success(record, token)


# --- public reading ---------------------------------------------------------------------------
@api.get("/health")
def health() -> Response:
    return json_response({"status": "ok"})


@cache
def _openapi_document() -> dict[str, Any]:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@api.get("/openapi.json")
def openapi() -> Response:
    document = dict(_openapi_document())
    document["servers"] = [{"url": request.script_root or "/"}]
    return json_response(document)


@api.get("/services")
def list_services() -> Response:
    return json_response(backend().bookings.services())


@api.get("/slots")
def list_slots() -> Response:
    lang = choose_lang()
    try:
        slots = backend().bookings.slots(request.args.get("service"), request.args.get("date"))
    except InvalidInput as error:
        return error_response(422, "invalid", {"fields": field_errors(error.fields, lang)})
    return json_response(slots)


@api.get("/forms")
def list_forms() -> Response:
    definitions = backend().definitions
    return json_response(
        {
            "notice_version": definitions.notice_version,
            "forms": {
                form.id: {
                    "title": form.title,
                    "fields": form.fields,
                    "retention_days": form.retention_days,
                    "retention_from": form.retention_from,
                    "requires_email_confirmation": form.requires_email_confirmation,
                    "notice": form.notice,
                    "personal_data_file": form.personal_data_file,
                }
                for form in definitions.forms.values()
            },
            "handling_days": definitions.handling_days,
        }
    )


# --- bookings ---------------------------------------------------------------------------------
@api.post("/bookings")
def create_booking() -> Response:
    data = read_body()
    guard = Idempotency(backend(), "bookings", idempotency_key(data), data)
    return guard.stored_answer() or _create_booking(data, guard)


def _create_booking(data: dict[str, Any], guard: Idempotency) -> Response:
    lang, lang_error = _checked_lang(data)
    form_post = is_form_post()
    links = RequestLinks()

    def success(booking: Booking, token: str) -> Response:
        if form_post:
            return _see_other(
                "booking_done", lang, {"reference": booking.reference, "token": token}
            )
        response = json_response(
            {
                "reference": booking.reference,
                "status": "confirmed",
                "service": booking.service,
                "slot": booking.slot,
                "token": token,
                "pin": backend().hasher.pin(token),
                "cancel_url": links.booking_cancel(booking.reference, token, lang),
            },
            201,
        )
        response.headers["Location"] = url_for("api.get_booking", reference=booking.reference)
        return response

    answer = _Answer(success, guard)
    try:
        created = backend().bookings.create(data, lang, links, lang_error, answer.receipt)
    except AlreadyDone as done:
        return guard.replay(done.receipt)
    except InvalidInput as error:
        if form_post:
            return _see_other("booking_invalid", lang, _invalid_params(error.fields))
        return error_response(422, "invalid", {"fields": field_errors(error.fields, lang)})
    except Refused as refusal:
        if form_post:
            if refusal.code == "slot_full":  # the page lists the next free slots
                return _see_other(
                    "booking_full",
                    lang,
                    {
                        "reason": refusal.code,
                        "service": data.get("service"),
                        "slot": data.get("slot"),
                    },
                )
            return _see_other("booking_refused", lang, {"reason": refusal.code})
        return error_response(REFUSAL_STATUS.get(refusal.code, 409), refusal.code)
    return answer.final(created.booking, created.token)


@api.get("/bookings/<reference>")
def get_booking(reference: str) -> Response:
    try:
        booking = backend().bookings.get(reference, request.args.get("token"))
    except NotFound:
        return error_response(404, "not_found")
    return _booking_answer(booking)


@api.post("/bookings/lookup")
def lookup_booking() -> Response:
    """Reference and PIN, as a citizen reads them off the result page or the e-mail."""
    return _pin_lookup("reference", backend().bookings.get, _booking_answer)


def _pin_lookup(
    number_field: str, find: Callable[[object, object, object], R], answer: Callable[[R], Response]
) -> Response:
    data = read_body()
    pin = data.get("pin")
    try:
        record = find(data.get(number_field), None, "" if pin is None else pin)
    except (InvalidInput, NotFound, Refused) as error:
        return _pin_error(error, choose_lang(data))
    return answer(record)


def _pin_error(error: Exception, lang: str) -> Response:
    """A PIN look-up's refusal: 422 for what cannot be a reference, case number or PIN, 404
    for a wrong one (or none: the same answer), 429 when the record's tries are used up."""
    if isinstance(error, InvalidInput):
        return error_response(422, "invalid", {"fields": field_errors(error.fields, lang)})
    if isinstance(error, Refused):
        return error_response(REFUSAL_STATUS.get(error.code, 409), error.code)
    return error_response(404, "pin_wrong")


def _booking_answer(booking: Booking) -> Response:
    service = backend().rules.services.get(booking.service)
    return json_response(
        {
            **booking.public(),
            "service_name": service.name if service else None,
            "bring": service.bring if service else None,
        }
    )


@api.get("/bookings/<reference>/calendar.ics")
def booking_calendar(reference: str) -> Response:
    b = backend()
    try:
        booking = b.bookings.get(reference, request.args.get("token"))
    except NotFound:
        return error_response(404, "not_found")
    response = Response(b.bookings.calendar(booking), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    response.headers["Cache-Control"] = "no-store"
    return response


@api.post("/bookings/<reference>/cancel")
def cancel_booking(reference: str) -> Response:
    data = read_body(optional=True)
    lang = choose_lang(data)
    token = data.get("token") or request.args.get("token")
    pin = data.get("pin") if not token else None  # the link's token, or the PIN without it
    try:
        booking = backend().bookings.cancel(reference, token, RequestLinks(), pin)
    except NotFound:
        return error_response(404, "not_found" if pin is None else "pin_wrong")
    except InvalidInput as error:
        return _pin_error(error, lang)
    except Refused as refusal:
        if is_form_post():
            return _see_other("booking_refused", lang, {"reason": refusal.code})
        return error_response(REFUSAL_STATUS.get(refusal.code, 409), refusal.code)
    if is_form_post():
        return _see_other("booking_cancelled", lang, {"reference": booking.reference})
    return json_response({"reference": booking.reference, "status": booking.status})


# --- feedback ---------------------------------------------------------------------------------
@api.post("/feedback")
def create_feedback() -> Response:
    data = read_body()
    guard = Idempotency(backend(), "feedback", idempotency_key(data), data)
    return guard.stored_answer() or _create_feedback(data, guard)


def _create_feedback(data: dict[str, Any], guard: Idempotency) -> Response:
    lang, lang_error = _checked_lang(data)
    form_post = is_form_post()
    desk = backend().feedback

    def success(case: Feedback, token: str) -> Response:
        if form_post:
            return _see_other(
                "feedback_done", lang, {"case_number": case.case_number, "token": token}
            )
        response = json_response(
            {
                "case_number": case.case_number,
                "token": token,
                "pin": backend().hasher.pin(token),
                "status": case.status,
                "due_date": case.due_date or None,
            },
            201,
        )
        response.headers["Location"] = url_for("api.get_feedback", case_number=case.case_number)
        return response

    answer = _Answer(success, guard)
    try:
        created = desk.create(data, lang, RequestLinks(), lang_error, answer.receipt)
    except AlreadyDone as done:
        return guard.replay(done.receipt)
    except InvalidInput as error:
        if form_post:
            return _see_other("feedback_invalid", lang, _invalid_params(error.fields))
        return error_response(422, "invalid", {"fields": field_errors(error.fields, lang)})
    return answer.final(created.case, created.token)


@api.get("/feedback/<case_number>")
def get_feedback(case_number: str) -> Response:
    try:
        case = backend().feedback.get(case_number, request.args.get("token"))
    except NotFound:
        return error_response(404, "not_found")
    return json_response(case.public())


@api.post("/feedback/lookup")
def lookup_feedback() -> Response:
    """Case number and PIN, as a citizen reads them off the receipt page or the e-mail."""
    return _pin_lookup("case_number", backend().feedback.get, lambda c: json_response(c.public()))


@api.route("/feedback/<case_number>/confirm", methods=["GET", "POST"])
def confirm_feedback(case_number: str) -> Response:
    data = read_body(optional=True) if request.method == "POST" else {}
    token = data.get("token") or request.args.get("token")
    try:
        case = backend().feedback.confirm(case_number, token)
    except NotFound:
        return error_response(404, "not_found")
    if request.method == "GET" or is_form_post():
        return _see_other("feedback_confirmed", case.lang, {"case_number": case.case_number})
    return json_response(case.public())
