"""The staff console: HTML pages under /api/admin/ for the counter and the feedback desk.

It needs authentication, so the backend serves it rather than the static site. Sign-in with the
staff token starts a server-side session (admin_sessions.py); every POST form carries that
session's CSRF token; every page is no-store and carries the site's security headers. Pages work
without JavaScript (one external script only reveals the print button). The bearer-token JSON API
(api.py, /api/admin/bookings ...) is unchanged; this module only adds pages beside it and calls
the same domain operations (list, no-show, reply, classify, export).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from forms_lambda.console.sessions import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    SIGNIN_COOKIE_AGE,
    CsrfError,
    StaffSessions,
    check_csrf,
)
from forms_lambda.console.text import SECURITY, TEXT, counted, security_text
from forms_lambda.domain.bookings import parse_day
from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.common import InvalidInput, NotFound, Refused, log
from forms_lambda.domain.definitions import HANDLING_CLASSES, PERSONAL_DATA_RIGHTS
from forms_lambda.domain.feedback import STATUSES
from forms_lambda.domain.messages import LANGS, MESSAGES, text
from forms_lambda.domain.records import Booking, Feedback, StaffSession
from forms_lambda.domain.validation import local_phone
from forms_lambda.web import HttpError, RequestLinks, backend, check_rate_limit, client_address

console = Blueprint("admin_console", __name__, url_prefix="/api/admin", template_folder="templates")

ASSETS = Path(__file__).with_name("assets")
ASSET_TYPES = {"admin.css": "text/css; charset=utf-8", "admin.js": "text/javascript; charset=utf-8"}
SIGN_IN_ENDPOINTS = {"admin_console.sign_in", "admin_console.sign_in_post"}

# The site's security headers (scripts/deploy/headers.py, which CloudFront and `make serve` send).
# That package is not deployed with the function, so the values are repeated here and a test
# keeps them equal. The console's own policy is stricter than the site's: no inline script at all.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HTML_LANG = {"zh-TW": "zh-Hant-TW", "en": "en"}
DONE_NOTICES = ("reply", "classify", "no_show")
SIGN_IN_NOTICES = ("signed_out", "expired")


# --- plumbing -------------------------------------------------------------------------------
def _sessions() -> StaffSessions:
    return StaffSessions(backend())


def _cookie_path() -> str:
    return f"{request.script_root}/api/admin/"


def _set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=_cookie_path(),
        secure=backend().settings.admin_cookie_secure,
        httponly=True,
        samesite="Strict",
    )


def _drop_cookie(response: Response, name: str) -> None:
    _set_cookie(response, name, "", 0)


def _lang() -> str:
    """?lang= first (remembered in the session), then the session's, then the site's lang
    cookie; otherwise Chinese, whatever the browser prefers (the console is Chinese first)."""
    asked = request.args.get("lang")
    if asked in LANGS:
        return str(asked)
    staff: StaffSession | None = g.get("staff")
    if staff is not None and staff.lang in LANGS:
        return staff.lang
    cookie = request.cookies.get("lang")
    return str(cookie) if cookie in LANGS else "zh-TW"


@cache
def _asset_bytes(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


def _asset_url(name: str) -> str:
    version = hashlib.sha256(_asset_bytes(name)).hexdigest()[:12]
    return url_for("admin_console.asset", name=name, v=version)


def _both(code: str, **values: object) -> list[dict[str, str]]:
    """A security message as parts in both languages, zh-TW first."""
    message = security_text(code, **values)
    return [{"lang": HTML_LANG[k], "text": message[k]} for k in ("zh-TW", "en")]


def _one(message: str) -> list[dict[str, str]]:
    return [{"lang": "", "text": message}]


def _render(
    template: str,
    *,
    lang: str,
    title: str,
    here: str,
    status: int = 200,
    errors: list[dict[str, Any]] | None = None,
    notice: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """A console page; `here` is its GET address, which the language switch links to."""
    other = "en" if lang == "zh-TW" else "zh-TW"
    separator = "&" if "?" in here else "?"
    staff: StaffSession | None = g.get("staff")
    html = render_template(
        template,
        t=TEXT[lang],
        lang=lang,
        title=title,
        office=backend().office.names[lang],
        switch_url=f"{here}{separator}{urlencode({'lang': other})}",
        staff=staff,
        csrf=staff.csrf if staff else "",
        asset=_asset_url,
        errors=errors or [],
        notice=notice,
        **context,
    )
    response = Response(html, status=status, mimetype="text/html")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _error_page(status: int, parts: list[dict[str, str]], headers: dict[str, str] | None = None):
    lang = _lang()
    return _render(
        "admin/error.html",
        lang=lang,
        title=TEXT[lang]["error_title"],
        here=url_for("admin_console.day" if g.get("staff") else "admin_console.sign_in"),
        status=status,
        message=parts,
        headers=headers,
    )


def _to_sign_in(notice: str = "") -> Response:
    target = url_for("admin_console.sign_in", **({"notice": notice} if notice else {}))
    response = redirect(target, 303)
    if notice == "expired":
        _drop_cookie(response, SESSION_COOKIE)
    return response


# --- every request --------------------------------------------------------------------------
@console.before_request
def _authenticate() -> Response | None:
    g.staff = None
    if request.endpoint == "admin_console.asset":
        return None
    cookie = request.cookies.get(SESSION_COOKIE)
    session = _sessions().load(cookie) if cookie else None
    if session is None:
        # Anonymous requests count against the general per-address limit.
        check_rate_limit(backend())
        if request.endpoint in SIGN_IN_ENDPOINTS:
            return None
        return _to_sign_in("expired" if cookie else "")
    if request.endpoint in SIGN_IN_ENDPOINTS:
        g.staff = None  # signing in again starts a new session
        return None
    if request.method == "POST":
        check_csrf(session.csrf, request.form.get("csrf_token"))
    asked = request.args.get("lang")
    if request.method == "GET" and asked in LANGS:
        session = _sessions().with_lang(session, str(asked))
    g.staff = session
    return None


@console.after_request
def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "admin_console.asset":
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@console.errorhandler(CsrfError)
def _csrf_error(error: CsrfError) -> Response:
    log.info("staff console form refused: %s", error.code)
    if request.endpoint == "admin_console.sign_in_post":
        return _sign_in_page(_sign_in_lang(), error=error.code, status=error.status)
    return _error_page(error.status, _both(error.code))


@console.errorhandler(HttpError)
def _http_error(error: HttpError) -> Response:
    code = error.code if error.code in SECURITY else "malformed"
    return _error_page(error.status, _both(code), dict(error.headers))


@console.errorhandler(HTTPException)
def _werkzeug_error(error: HTTPException) -> Response:
    status = error.code or 400
    codes = {404: "not_found", 413: "too_large", 429: "rate_limited"}
    return _error_page(status, _both(codes.get(status, "malformed")))


# --- assets ---------------------------------------------------------------------------------
@console.get("/assets/<name>")
def asset(name: str) -> Response:
    if name not in ASSET_TYPES:
        raise HttpError(404, "not_found")
    response = Response(_asset_bytes(name), mimetype=ASSET_TYPES[name].split(";")[0])
    response.headers["Content-Type"] = ASSET_TYPES[name]
    versioned = request.args.get("v") == hashlib.sha256(_asset_bytes(name)).hexdigest()[:12]
    response.headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if versioned else "no-cache"
    )
    return response


# --- sign-in and sign-out -------------------------------------------------------------------
def _sign_in_lang() -> str:
    asked = request.form.get("lang") if request.method == "POST" else None
    return str(asked) if asked in LANGS else _lang()


def _sign_in_page(
    lang: str,
    *,
    error: str = "",
    status: int = 200,
    notice: str = "",
    headers: dict[str, str] | None = None,
    minutes: int = 0,
) -> Response:
    t = TEXT[lang]
    sessions = _sessions()
    nonce = sessions.usable_nonce(request.cookies.get(SIGNIN_COOKIE)) or sessions.new_nonce()
    errors = []
    if error:
        target = "token" if error in ("token_required", "token_wrong") else ""
        errors.append({"target": target, "parts": _both(error, minutes=minutes)})
    insecure = backend().settings.admin_cookie_secure and request.scheme != "https"
    hours = backend().settings.admin_session_hours
    response = _render(
        "admin/sign_in.html",
        lang=lang,
        title=t["signin_title"],
        here=url_for("admin_console.sign_in"),
        status=status,
        errors=errors,
        notice=_both(notice) if notice else None,
        headers=headers,
        signin_csrf=sessions.signin_csrf(nonce),
        configured=sessions.configured,
        insecure=insecure,
        token_error=error in ("token_required", "token_wrong"),
        hint=counted(t, "token_hint", hours).format(hours=hours),
    )
    _set_cookie(response, SIGNIN_COOKIE, nonce, SIGNIN_COOKIE_AGE)
    return response


@console.get("/sign-in")
def sign_in() -> Response:
    if _sessions().load(request.cookies.get(SESSION_COOKIE)):
        return redirect(url_for("admin_console.day"), 303)
    notice = request.args.get("notice", "")
    return _sign_in_page(_lang(), notice=notice if notice in SIGN_IN_NOTICES else "")


@console.post("/sign-in")
def sign_in_post() -> Response:
    sessions = _sessions()
    lang = _sign_in_lang()
    if not sessions.configured:
        return _sign_in_page(lang, error="not_configured", status=403)
    client = client_address()
    wait = sessions.blocked_for(client)
    if wait:
        log.info("staff console sign-in refused: too many failures")
        return _sign_in_page(
            lang,
            error="signin_limited",
            status=429,
            minutes=-(-wait // 60),
            headers={"Retry-After": str(wait)},
        )
    nonce = sessions.usable_nonce(request.cookies.get(SIGNIN_COOKIE))
    check_csrf(sessions.signin_csrf(nonce) if nonce else "", request.form.get("csrf_token"))
    token = request.form.get("token", "")
    if not token.strip():
        return _sign_in_page(lang, error="token_required", status=422)
    if not sessions.token_matches(token):
        sessions.count_failure(client)
        log.info("staff console sign-in failed")
        return _sign_in_page(
            lang,
            error="token_wrong",
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="staff console"'},
        )
    sessions.end(request.cookies.get(SESSION_COOKIE))  # never keep a session across sign-ins
    started = sessions.start(lang)
    log.info("staff console sign-in")
    response = redirect(url_for("admin_console.day"), 303)
    _set_cookie(response, SESSION_COOKIE, started.cookie, sessions.lifetime)
    _drop_cookie(response, SIGNIN_COOKIE)
    return response


@console.post("/sign-out")
def sign_out() -> Response:
    _sessions().end(request.cookies.get(SESSION_COOKIE))
    log.info("staff console sign-out")
    response = redirect(url_for("admin_console.sign_in", notice="signed_out"), 303)
    _drop_cookie(response, SESSION_COOKIE)
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@console.get("/")
def home() -> Response:
    return redirect(url_for("admin_console.day"), 303)


# --- the day's bookings -----------------------------------------------------------------------
def _weekday(day: date, lang: str) -> str:
    if lang == "en":
        return day.strftime("%a %Y-%m-%d")
    return f"{day.isoformat()}（週{'一二三四五六日'[day.weekday()]}）"


def _booking_row(booking: Booking, lang: str, now_slot: str) -> dict[str, Any]:
    service = backend().rules.services.get(booking.service)
    return {
        "reference": booking.reference,
        "time": booking.slot[11:16],
        "service": service.name[lang] if service else booking.service,
        "name": booking.name,
        "phone": local_phone(booking.phone),
        "status": booking.status,
        "status_text": TEXT[lang].get(f"booking_{booking.status}", booking.status),
        "can_no_show": booking.status == "confirmed" and booking.slot <= now_slot,
        "no_show_url": url_for("admin_console.no_show", reference=booking.reference),
    }


@console.get("/day")
def day() -> Response:
    lang = _lang()
    t = TEXT[lang]
    now = backend().now()
    raw = request.args.get("date", "")
    chosen = parse_day(raw) if raw else now.date()
    errors, field_errors = [], {}
    if chosen is None:
        message = text("date_format", lang)
        errors.append({"target": "date", "parts": _one(message)})
        field_errors["date"] = message
        chosen = now.date()
    bookings = [] if errors else backend().bookings.list_for_day(chosen.isoformat())
    bookings.sort(key=lambda b: (b.slot, b.reference))
    now_slot = now.strftime("%Y-%m-%dT%H:%M")
    rows = [_booking_row(b, lang, now_slot) for b in bookings]
    counts = {s: sum(1 for b in bookings if b.status == s) for s in ("confirmed", "cancelled")}
    counts["no_show"] = sum(1 for b in bookings if b.status == "no_show")
    shown = _weekday(chosen, lang)
    iso = chosen.isoformat()
    notice = None
    if request.args.get("done") == "no_show":
        reference = request.args.get("ref", "")[:20]
        notice = _one(t["done_no_show"].format(ref=reference))
    day_url = url_for("admin_console.day")
    return _render(
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
        csv_url=url_for("admin_console.export_bookings", date=iso, format="csv"),
        ods_url=url_for("admin_console.export_bookings", date=iso, format="ods"),
        csv_text=t["export_day_csv"].format(date=shown),
        ods_text=t["export_day_ods"].format(date=shown),
        show_results=not errors,
    )


@console.post("/day/<reference>/no-show")
def no_show(reference: str) -> Response:
    b = backend()
    back = parse_day(request.form.get("date", ""))
    booking = b.store.get_booking(reference) if len(reference) <= 20 else None
    now = b.now()
    if booking is None or booking.expires_at <= int(now.timestamp()):
        return _error_page(404, _both("not_found"))
    if booking.slot > now.strftime("%Y-%m-%dT%H:%M"):
        return _error_page(409, _both("not_yet"))
    try:
        b.bookings.no_show(reference)
    except NotFound:
        return _error_page(404, _both("not_found"))
    except Refused:
        return _error_page(409, _both("not_cancellable"))
    query = {"date": (back or date.fromisoformat(booking.day)).isoformat()}
    query.update(done="no_show", ref=booking.reference)
    return redirect(f"{url_for('admin_console.day')}?{urlencode(query)}", 303)


# --- feedback cases ---------------------------------------------------------------------------
def working_days_until(calendar: GovernmentCalendar, today: date, due: date) -> int:
    """Working days from today to due: 0 on the day, negative when overdue (by working days)."""
    if due == today:
        return 0
    step = 1 if due > today else -1
    count, day = 0, today
    while day != due:
        day += timedelta(days=step)
        if calendar.is_working_day(day):
            count += step
    return count


def _noted(value: str, note: str, lang: str) -> str:
    return f"{value}（{note}）" if lang == "zh-TW" else f"{value} ({note})"


def _due_text(case: dict[str, Any] | Feedback, lang: str) -> str:
    """The due date, and for an open case how many working days are left or overdue."""
    t = TEXT[lang]
    item = case if isinstance(case, dict) else case.to_item()
    due = item.get("due_date") or ""
    if not due:
        return t["not_started"]
    if item.get("status") != "open":
        return due
    b = backend()
    left = working_days_until(b.rules.calendar, b.now().date(), date.fromisoformat(due))
    if left < 0:
        return _noted(due, counted(t, "overdue", -left).format(n=-left), lang)
    words = t["due_today"] if left == 0 else counted(t, "days_left", left).format(n=left)
    return _noted(due, words, lang)


def _rating_rows(case: Feedback, lang: str) -> list[tuple[str, str]]:
    """One row per survey question the case rated, named as the citizen saw it."""
    form = backend().definitions.forms.get(case.kind)
    names = dict(form.questions) if form else {}
    t = TEXT[lang]
    return [
        (names[qid][lang] if qid in names else qid, t["rating_value"].format(n=value))
        for qid, value in case.ratings.items()
    ]


def _kind_name(kind: str, lang: str) -> str:
    form = backend().definitions.forms.get(kind)
    return form.title[lang] if form else kind


def _class_name(handling_class: str, lang: str) -> str:
    return TEXT[lang].get(f"class_{handling_class}", handling_class)


@console.get("/cases")
def cases() -> Response:
    lang = _lang()
    t = TEXT[lang]
    status = request.args.get("status", "open") or "open"
    errors, field_errors = [], {}
    if status not in STATUSES:
        message = text("status_invalid", lang)
        errors.append({"target": "status", "parts": _one(message)})
        field_errors["status"] = message
        status = "open"
    rows = [
        {
            "case_number": c["case_number"],
            "url": url_for("admin_console.case", case_number=c["case_number"]),
            "kind": _kind_name(c["kind"], lang),
            "subject": c["subject"] or t["empty"],
            "received": str(c["received_at"])[:10],
            "due": _due_text(c, lang),
            "overdue": c["overdue"],
            "status_text": t.get(f"case_{c['status']}", c["status"]),
            "class": _class_name(c["handling_class"], lang),
        }
        for c in backend().feedback.list(status)
    ]
    status_name = t[f"case_{status}"]
    cases_url = url_for("admin_console.cases")
    return _render(
        "admin/cases.html",
        lang=lang,
        title=t["cases_heading"].format(status=status_name),
        here=f"{cases_url}?{urlencode({'status': status})}",
        status=422 if errors else 200,
        errors=errors,
        notice=_one(t["done_reply"]) if request.args.get("done") == "reply" else None,
        section="cases",
        field_errors=field_errors,
        statuses=[(s, t[f"case_{s}"]) for s in STATUSES],
        chosen=status,
        heading=t["cases_heading"].format(status=status_name),
        rows=rows,
        caption=t["cases_caption"].format(status=status_name, n=len(rows)),
        csv_url=url_for("admin_console.export_cases", status=status, format="csv"),
        ods_url=url_for("admin_console.export_cases", status=status, format="ods"),
        csv_text=t["export_cases_csv"].format(status=status_name),
        ods_text=t["export_cases_ods"].format(status=status_name),
    )


def _load_case(number: str) -> Feedback | None:
    if len(number) > 20:
        return None
    b = backend()
    case = b.store.get_feedback(number)
    if case is None or case.expires_at <= int(b.now().timestamp()):
        return None
    return case


def _case_page(
    case: Feedback,
    *,
    status: int = 200,
    errors: list[dict[str, Any]] | None = None,
    field_errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    lang = _lang()
    t = TEXT[lang]
    days = backend().definitions.handling_days
    done = request.args.get("done", "") if request.method == "GET" else ""
    notice = _one(t[f"done_{done}"]) if done in ("reply", "classify") else None
    details = [
        (t["kind"], _kind_name(case.kind, lang)),
        (t["status"], t.get(f"case_{case.status}", case.status)),
        (t["received"], case.received_at.replace("T", " ")[:16]),
        (t["due"], _due_text(case, lang)),
        (
            t["class"],
            t["class_days"].format(
                name=_class_name(case.handling_class, lang), days=case.handling_days
            ),
        ),
        (t["name"], case.name),
        (t["email"], case.email),
        (t["phone"], local_phone(case.phone) if case.phone else ""),
        (t["rating"], t["rating_value"].format(n=case.rating) if case.rating else ""),
        *_rating_rows(case, lang),
        (
            t["right"],
            PERSONAL_DATA_RIGHTS[case.right][lang] if case.right in PERSONAL_DATA_RIGHTS else "",
        ),
        (t["subject"], case.subject),
    ]
    return _render(
        "admin/case.html",
        lang=lang,
        title=t["case_heading"].format(case=case.case_number),
        here=url_for("admin_console.case", case_number=case.case_number),
        status=status,
        errors=errors,
        notice=notice,
        section="cases",
        case=case,
        details=[(label, value) for label, value in details if value],
        field_errors=field_errors or {},
        values=values or {},
        classes=[
            (c, t["class_days"].format(name=_class_name(c, lang), days=days[c]))
            for c in HANDLING_CLASSES
        ],
        max_days=days["complex"],
        reply_url=url_for("admin_console.reply", case_number=case.case_number),
        classify_url=url_for("admin_console.classify", case_number=case.case_number),
        replied_at=case.replied_at.replace("T", " ")[:16],
    )


def _field_problems(
    fields: dict[str, str], lang: str, names: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Error summary items and per-field messages for InvalidInput fields."""
    field_errors = {}
    for field, code in fields.items():
        if field == "reply" and code == "required":
            code = "reply_required"
        field_errors[field] = text(code, lang) if code in MESSAGES else text("invalid", lang)
    summary = [
        {"target": names.get(field, field), "parts": _one(message)}
        for field, message in field_errors.items()
    ]
    return summary, field_errors


@console.get("/cases/<case_number>")
def case(case_number: str) -> Response:
    found = _load_case(case_number)
    if found is None:
        return _error_page(404, _both("not_found"))
    return _case_page(found)


@console.post("/cases/<case_number>/reply")
def reply(case_number: str) -> Response:
    found = _load_case(case_number)
    if found is None:
        return _error_page(404, _both("not_found"))
    lang = _lang()
    answer = request.form.get("reply", "")
    try:
        backend().feedback.reply(case_number, answer, RequestLinks())
    except NotFound:
        return _error_page(404, _both("not_found"))
    except InvalidInput as error:
        summary, field_errors = _field_problems(error.fields, lang, {"reply": "reply"})
        return _case_page(
            found, status=422, errors=summary, field_errors=field_errors, values={"reply": answer}
        )
    except Refused as refusal:
        summary = [{"target": "", "parts": _one(text(refusal.code, lang))}]
        return _case_page(_load_case(case_number) or found, status=409, errors=summary)
    return redirect(url_for("admin_console.case", case_number=case_number, done="reply"), 303)


@console.post("/cases/<case_number>/classify")
def classify(case_number: str) -> Response:
    found = _load_case(case_number)
    if found is None:
        return _error_page(404, _both("not_found"))
    lang = _lang()
    chosen = request.form.get("class", "")
    days = request.form.get("days", "").strip()
    try:
        backend().feedback.classify(case_number, chosen, days)
    except NotFound:
        return _error_page(404, _both("not_found"))
    except InvalidInput as error:
        summary, field_errors = _field_problems(
            error.fields, lang, {"class": f"class-{HANDLING_CLASSES[0]}", "days": "days"}
        )
        return _case_page(
            found,
            status=422,
            errors=summary,
            field_errors=field_errors,
            values={"class": chosen, "days": days},
        )
    except Refused as refusal:
        summary = [{"target": "", "parts": _one(text(refusal.code, lang))}]
        return _case_page(found, status=409, errors=summary)
    return redirect(url_for("admin_console.case", case_number=case_number, done="classify"), 303)


# --- exports ----------------------------------------------------------------------------------
def _download(kind: str, rows: list[dict[str, Any]], name: str) -> Response:
    """CSV or ODS in the console's language (or ?lang=), with ?dates=roc for ROC dates."""
    from forms_lambda.console.export import download  # staff only: kept off the cold start

    answer = download(backend(), kind, rows, name, request.args, _lang())
    return answer if answer is not None else _error_page(422, _both("format_invalid"))


@console.get("/export/bookings")
def export_bookings() -> Response:
    chosen = parse_day(request.args.get("date", ""))
    if chosen is None:
        lang = _lang()
        return _error_page(422, [{"lang": HTML_LANG[lang], "text": text("date_format", lang)}])
    bookings = backend().bookings.list_for_day(chosen.isoformat())
    bookings.sort(key=lambda b: (b.slot, b.reference))
    name = f"bookings-{chosen.isoformat()}"
    return _download("bookings", [b.to_item() for b in bookings], name)


@console.get("/export/cases")
def export_cases() -> Response:
    status = request.args.get("status", "open")
    if status not in STATUSES:
        lang = _lang()
        return _error_page(422, [{"lang": HTML_LANG[lang], "text": text("status_invalid", lang)}])
    return _download("feedback", backend().feedback.list(status), f"feedback-{status}")
