"""The counter's pages: the day's bookings, phone and counter bookings with a printable slip,
no-show and cancel with a confirmation step, taking either back the same day, the day's export.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Response, redirect, request, url_for

from forms_lambda.console.blueprint import (
    allowed,
    both,
    console,
    console_lang,
    error_page,
    member,
    one,
    render,
    trace,
)
from forms_lambda.console.text import TEXT
from forms_lambda.domain.bookings import CHANNELS, OnBehalf, parse_day
from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.domain.messages import MESSAGES, text
from forms_lambda.domain.records import Booking
from forms_lambda.domain.validation import local_phone
from forms_lambda.web import RequestLinks, backend, needs

STAFF_CHANNELS = tuple(c for c in CHANNELS if c != "web")
BOOKING_FIELDS = ("service", "slot", "channel", "name", "phone", "email", "id_number", "note")


def weekday_text(day: date, lang: str) -> str:
    if lang == "en":
        return day.strftime("%a %Y-%m-%d")
    return f"{day.isoformat()}（週{'一二三四五六日'[day.weekday()]}）"


def _service_name(service_id: str, lang: str) -> str:
    service = backend().rules.services.get(service_id)
    return service.name[lang] if service else service_id


def _undoable(booking: Booking, today: str) -> bool:
    staff_made = booking.status == "no_show" or (
        booking.status == "cancelled" and bool(booking.status_changed_by)
    )
    return staff_made and booking.status_changed_at[:10] == today


def _booking_row(booking: Booking, lang: str, now_slot: str, today: str) -> dict[str, Any]:
    t = TEXT[lang]
    return {
        "reference": booking.reference,
        "time": booking.slot[11:16],
        "service": _service_name(booking.service, lang),
        "name": booking.name,
        "phone": local_phone(booking.phone),
        "status": booking.status,
        "status_text": t.get(f"booking_{booking.status}", booking.status),
        "channel": t.get(f"channel_{booking.channel}", booking.channel),
        "can_no_show": booking.status == "confirmed" and booking.slot <= now_slot,
        "can_cancel": booking.status == "confirmed" and booking.slot > now_slot,
        "can_undo": _undoable(booking, today),
        "no_show_url": url_for("admin_console.no_show", reference=booking.reference),
        "cancel_url": url_for("admin_console.cancel", reference=booking.reference),
        "undo_url": url_for("admin_console.undo", reference=booking.reference),
        "slip_url": url_for("admin_console.slip", reference=booking.reference),
    }


# --- the day's list ---------------------------------------------------------------------------
@console.get("/day")
@needs("bookings.view")
def day() -> Response:
    lang = console_lang()
    t = TEXT[lang]
    now = backend().now()
    raw = request.args.get("date", "")
    chosen = parse_day(raw) if raw else now.date()
    errors, field_errors = [], {}
    if chosen is None:
        message = text("date_format", lang)
        errors.append({"target": "date", "parts": one(message)})
        field_errors["date"] = message
        chosen = now.date()
    bookings = [] if errors else backend().bookings.list_for_day(chosen.isoformat())
    bookings.sort(key=lambda b: (b.slot, b.reference))
    if not errors:
        trace("view_day", chosen.isoformat())
    now_slot = now.strftime("%Y-%m-%dT%H:%M")
    today = now.date().isoformat()
    rows = [_booking_row(b, lang, now_slot, today) for b in bookings]
    counts = {s: sum(1 for b in bookings if b.status == s) for s in ("confirmed", "cancelled")}
    counts["no_show"] = sum(1 for b in bookings if b.status == "no_show")
    shown = weekday_text(chosen, lang)
    iso = chosen.isoformat()
    done = request.args.get("done", "")
    reference = request.args.get("ref", "")[:20]
    notice = one(t[f"done_{done}"].format(ref=reference)) if f"done_{done}" in t else None
    day_url = url_for("admin_console.day")
    return render(
        "admin/day.html",
        lang=lang,
        title=t["day_heading"].format(date=shown),
        here=f"{day_url}?{urlencode({'date': raw if errors else iso})}",
        status=422 if errors else 200,
        errors=errors,
        notice=notice,
        section="day",
        field_errors=field_errors,
        date_value="" if errors else iso,  # a type=date input cannot hold a bad value
        heading=t["day_heading"].format(date=shown),
        rows=rows,
        counts=t["day_counts"].format(**counts),
        caption=t["day_caption"].format(date=shown, n=len(rows)),
        printed=t["printed"].format(
            office=backend().office.names[lang], time=now.strftime("%Y-%m-%d %H:%M")
        ),
        prev_url=f"{day_url}?date={(chosen - timedelta(days=1)).isoformat()}",
        next_url=f"{day_url}?date={(chosen + timedelta(days=1)).isoformat()}",
        today_url=day_url,
        csv_url=url_for("admin_console.export_bookings", date=iso, format="csv", lang=lang),
        ods_url=url_for("admin_console.export_bookings", date=iso, format="ods", lang=lang),
        csv_text=t["export_day_csv"].format(date=shown),
        ods_text=t["export_day_ods"].format(date=shown),
        show_results=not errors,
    )


def _back_to_day(booking: Booking, done: str) -> Response:
    query = {"date": booking.day, "done": done, "ref": booking.reference}
    return redirect(f"{url_for('admin_console.day')}?{urlencode(query)}", 303)


def _staff_booking(reference: str) -> Booking | None:
    try:
        return backend().bookings.staff_get(reference)
    except NotFound:
        return None


# --- no-show, cancel (each asks first) and undo -----------------------------------------------
def _confirm_page(booking: Booking, action: str) -> Response:
    lang = console_lang()
    t = TEXT[lang]
    b = backend()
    trace("view_booking", booking.reference)
    standing = b.bookings.standing_no_shows(booking) if action == "no_show" else 0
    consequence = ""
    if action == "no_show":
        consequence = t["no_show_consequence"].format(
            n=standing, limit=b.rules.no_show_limit, months=round(b.rules.no_show_block_days / 30)
        )
    elif booking.email:
        consequence = t["cancel_consequence_mail"]
    return render(
        "admin/confirm.html",
        lang=lang,
        title=t[f"confirm_{action}_heading"].format(ref=booking.reference),
        here=request.path,
        section="day",
        heading=t[f"confirm_{action}_heading"].format(ref=booking.reference),
        details=_details(booking, lang),
        consequence=consequence,
        action_url=request.path,
        button=t[f"confirm_{action}_button"],
        back_url=f"{url_for('admin_console.day')}?{urlencode({'date': booking.day})}",
    )


def _details(booking: Booking, lang: str) -> list[tuple[str, str]]:
    t = TEXT[lang]
    return [
        (t["col_reference"], booking.reference),
        (t["col_time"], booking.slot.replace("T", " ")),
        (t["col_service"], _service_name(booking.service, lang)),
        (t["col_name"], booking.name),
        (t["col_phone"], local_phone(booking.phone)),
        (t["col_channel"], t.get(f"channel_{booking.channel}", booking.channel)),
        (t["col_status"], t.get(f"booking_{booking.status}", booking.status)),
    ]


def _ask_first(reference: str, action: str) -> Response:
    booking = _staff_booking(reference)
    if booking is None:
        return error_page(404, both("not_found"))
    if booking.status != "confirmed":
        return error_page(409, both("not_cancellable"))
    return _confirm_page(booking, action)


def _change(action: str, change: Callable[[], Booking]) -> Response:
    """Run a status change; log it and go back to the day, or show why it was refused."""
    try:
        booking = change()
    except NotFound:
        return error_page(404, both("not_found"))
    except Refused as refusal:
        return error_page(409, both(refusal.code))
    trace(action, booking.reference)
    return _back_to_day(booking, action)


@console.get("/day/<reference>/no-show")
@needs("bookings.change")
def no_show(reference: str) -> Response:
    return _ask_first(reference, "no_show")


@console.post("/day/<reference>/no-show")
@needs("bookings.change")
def no_show_post(reference: str) -> Response:
    return _change("no_show", lambda: backend().bookings.no_show(reference, member().login))


@console.get("/day/<reference>/cancel")
@needs("bookings.change")
def cancel(reference: str) -> Response:
    return _ask_first(reference, "cancel")


@console.post("/day/<reference>/cancel")
@needs("bookings.change")
def cancel_post(reference: str) -> Response:
    return _change("cancel", lambda: backend().bookings.cancel_for(reference, member().login))


@console.post("/day/<reference>/undo")
@needs("bookings.change")
def undo(reference: str) -> Response:
    return _change("undo", lambda: backend().bookings.undo(reference, member().login))


# --- phone and counter bookings ---------------------------------------------------------------
def _book_page(
    values: dict[str, str],
    *,
    status: int = 200,
    errors: list[dict[str, Any]] | None = None,
    field_errors: dict[str, str] | None = None,
) -> Response:
    lang = console_lang()
    t = TEXT[lang]
    b = backend()
    services = [(s.id, s.name[lang]) for s in b.rules.services.values()]
    slots: list[dict[str, Any]] = []
    chosen_day = parse_day(values.get("date", ""))
    lookup_errors = dict(field_errors or {})
    if values.get("service") and chosen_day is not None and "service" not in lookup_errors:
        try:
            slots = b.bookings.slots(values["service"], chosen_day.isoformat(), staff=True)
        except InvalidInput:
            slots = []
    override = allowed("bookings.override_window")
    for slot in slots:
        slot["label"] = t["slot_label"].format(time=slot["start"][11:16], n=slot["remaining"])
        slot["selectable"] = slot["remaining"] > 0 and (slot["in_window"] or override)
        if not slot["in_window"]:
            slot["label"] += t["slot_outside"]
    return render(
        "admin/book.html",
        lang=lang,
        title=t["book_heading"],
        here=url_for("admin_console.book"),
        status=status,
        errors=errors,
        section="book",
        services=services,
        values=values,
        field_errors=field_errors or {},
        slots=slots,
        looked_up=bool(values.get("service") and chosen_day),
        date_value=chosen_day.isoformat() if chosen_day else "",
        channels=[(c, t[f"channel_{c}"]) for c in STAFF_CHANNELS],
        may_override=override,
        notice_text=b.definitions.forms["booking"].notice,
    )


@console.get("/book")
@needs("bookings.book")
def book() -> Response:
    values = {k: request.args.get(k, "")[:40] for k in ("service", "date")}
    field_errors = {}
    if values["service"] and values["service"] not in backend().rules.services:
        field_errors["service"] = text("service_unknown", console_lang())
    if values["date"] and parse_day(values["date"]) is None:
        field_errors["date"] = text("date_format", console_lang())
    if field_errors:
        errors = [{"target": k, "parts": one(v)} for k, v in field_errors.items()]
        return _book_page(values, status=422, errors=errors, field_errors=field_errors)
    return _book_page(values)


FIELD_TARGETS = {"consent": "consent", "slot": "slot-list", "channel": "channel-phone"}


@console.post("/book")
@needs("bookings.book")
def book_post() -> Response:
    lang = console_lang()
    form = request.form
    values = {name: form.get(name, "") for name in BOOKING_FIELDS}
    values["date"] = values["slot"][:10] or form.get("date", "")
    values["override_window"] = form.get("override_window", "")
    values["consent"] = form.get("consent", "")
    channel = values["channel"]
    override = values["override_window"] == "yes"
    errors_found: dict[str, str] = {}
    if channel not in STAFF_CHANNELS:
        errors_found["channel"] = "channel_invalid"
    if override and not allowed("bookings.override_window"):
        trace("denied", "book", outcome="denied", detail="bookings.override_window")
        return error_page(403, both("forbidden"))
    data = {name: values[name] for name in BOOKING_FIELDS if name != "channel"}
    data["consent"] = values["consent"] == "yes"
    try:
        created = backend().bookings.create(
            data,
            lang,
            RequestLinks(),
            errors_found,
            on_behalf=OnBehalf(
                channel=channel if channel in STAFF_CHANNELS else "phone",
                login=member().login,
                override_window=override,
            ),
        )
    except InvalidInput as error:
        field_errors = {
            name: text(code, lang) if code in MESSAGES else text("invalid", lang)
            for name, code in error.fields.items()
        }
        summary = [
            {"target": FIELD_TARGETS.get(name, name), "parts": one(message)}
            for name, message in field_errors.items()
        ]
        return _book_page(values, status=422, errors=summary, field_errors=field_errors)
    except Refused as refusal:
        summary = [{"target": "", "parts": one(text(refusal.code, lang))}]
        return _book_page(values, status=409, errors=summary)
    booking = created.booking
    detail = booking.channel + (" override_window" if override else "")
    trace("book", booking.reference, detail=detail)
    return _slip_page(booking, fresh=True, pin=backend().hasher.pin(created.token))


def _slip_page(booking: Booking, *, fresh: bool, pin: str = "") -> Response:
    """The slip to hand over or read out; the PIN (for cancelling or checking by phone or on
    the site) only right after booking: it is never stored, so it cannot be shown again."""
    lang = console_lang()
    t = TEXT[lang]
    b = backend()
    service = b.rules.services.get(booking.service)
    return render(
        "admin/slip.html",
        lang=lang,
        title=t["slip_heading"].format(ref=booking.reference),
        here=url_for("admin_console.slip", reference=booking.reference),
        section="book" if fresh else "day",
        notice=one(t["done_book"].format(ref=booking.reference)) if fresh else None,
        heading=t["slip_heading"].format(ref=booking.reference),
        booking=booking,
        details=_details(booking, lang)[:4],
        pin=pin,
        bring=service.bring[lang] if service else "",
        office_name=b.office.names[lang],
        printed=t["printed"].format(
            office=b.office.names[lang], time=b.now().strftime("%Y-%m-%d %H:%M")
        ),
        day_url=f"{url_for('admin_console.day')}?{urlencode({'date': booking.day})}",
        book_url=url_for("admin_console.book"),
    )


@console.get("/slip/<reference>")
@needs("bookings.view")
def slip(reference: str) -> Response:
    booking = _staff_booking(reference)
    if booking is None:
        return error_page(404, both("not_found"))
    trace("view_booking", booking.reference)
    return _slip_page(booking, fresh=False)
