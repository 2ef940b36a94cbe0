"""The mailbox desk's pages: the case queue with working-day due dates, a case, its reply (sent
at once, or drafted for a supervisor where forms.yml asks for reply review), approval or return
of a draft, and the class of a case."""

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
from forms_lambda.console.text import TEXT, counted
from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.domain.definitions import HANDLING_CLASSES, PERSONAL_DATA_RIGHTS
from forms_lambda.domain.feedback import STATUSES
from forms_lambda.domain.messages import MESSAGES, text
from forms_lambda.domain.records import Feedback
from forms_lambda.domain.validation import local_phone
from forms_lambda.web import RequestLinks, backend, needs

DONE = ("reply", "draft", "approve", "return", "classify")


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


def _status_text(item: dict[str, Any], lang: str) -> str:
    t = TEXT[lang]
    if item.get("status") == "open" and item.get("review_state") in ("pending", "returned"):
        return t[f"case_{item['review_state']}"]
    return t.get(f"case_{item['status']}", item["status"])


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
@needs("cases.view")
def cases() -> Response:
    lang = console_lang()
    t = TEXT[lang]
    status = request.args.get("status", "open") or "open"
    errors, field_errors = [], {}
    if status not in STATUSES:
        message = text("status_invalid", lang)
        errors.append({"target": "status", "parts": one(message)})
        field_errors["status"] = message
        status = "open"
    listed = backend().feedback.list(status)
    trace("view_cases", status)
    rows = [
        {
            "case_number": c["case_number"],
            "url": url_for("admin_console.case", case_number=c["case_number"]),
            "kind": _kind_name(c["kind"], lang),
            "subject": c["subject"] or t["empty"],
            "received": str(c["received_at"])[:10],
            "due": _due_text(c, lang),
            "overdue": c["overdue"],
            "status_text": _status_text(c, lang),
            "class": _class_name(c["handling_class"], lang),
        }
        for c in listed
    ]
    status_name = t[f"case_{status}"]
    cases_url = url_for("admin_console.cases")
    done = request.args.get("done", "")
    return render(
        "admin/cases.html",
        lang=lang,
        title=t["cases_heading"].format(status=status_name),
        here=f"{cases_url}?{urlencode({'status': status})}",
        status=422 if errors else 200,
        errors=errors,
        notice=one(t[f"done_{done}"]) if done in DONE else None,
        section="cases",
        field_errors=field_errors,
        statuses=[(s, t[f"case_{s}"]) for s in STATUSES],
        chosen=status,
        heading=t["cases_heading"].format(status=status_name),
        rows=rows,
        caption=t["cases_caption"].format(status=status_name, n=len(rows)),
        csv_url=url_for("admin_console.export_cases", status=status, format="csv", lang=lang),
        ods_url=url_for("admin_console.export_cases", status=status, format="ods", lang=lang),
        csv_text=t["export_cases_csv"].format(status=status_name),
        ods_text=t["export_cases_ods"].format(status=status_name),
    )


def _load_case(number: str) -> Feedback | None:
    try:
        return backend().feedback.staff_get(number)
    except NotFound:
        return None


def _needs_review(case: Feedback) -> bool:
    form = backend().definitions.forms.get(case.kind)
    return bool(form and form.reply_review)


def _case_page(
    case: Feedback,
    *,
    status: int = 200,
    errors: list[dict[str, Any]] | None = None,
    field_errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    lang = console_lang()
    t = TEXT[lang]
    days = backend().definitions.handling_days
    done = request.args.get("done", "") if request.method == "GET" else ""
    item = case.to_item()
    details = [
        (t["kind"], _kind_name(case.kind, lang)),
        (t["status"], _status_text(item, lang)),
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
    review = _needs_review(case)
    approver = allowed("cases.approve")
    values = values or {}
    reply_value = values.get("reply", case.draft_reply if case.review_state else "")
    return render(
        "admin/case.html",
        lang=lang,
        title=t["case_heading"].format(case=case.case_number),
        here=url_for("admin_console.case", case_number=case.case_number),
        status=status,
        errors=errors,
        notice=one(t[f"done_{done}"]) if done in DONE else None,
        section="cases",
        case=case,
        details=[(label, value) for label, value in details if value],
        field_errors=field_errors or {},
        values=values,
        reply_value=reply_value,
        review=review,
        may_reply=allowed("cases.reply"),
        may_approve=approver,
        may_classify=allowed("cases.classify"),
        reply_button=t["draft_button"] if review and not approver else t["reply_button"],
        reply_hint=t["draft_hint"] if review and not approver else t["reply_hint"],
        classes=[
            (c, t["class_days"].format(name=_class_name(c, lang), days=days[c]))
            for c in HANDLING_CLASSES
        ],
        max_days=days["complex"],
        reply_url=url_for("admin_console.reply", case_number=case.case_number),
        approve_url=url_for("admin_console.approve", case_number=case.case_number),
        return_url=url_for("admin_console.return_draft", case_number=case.case_number),
        classify_url=url_for("admin_console.classify", case_number=case.case_number),
        replied_at=case.replied_at.replace("T", " ")[:16],
        drafted_at=case.drafted_at.replace("T", " ")[:16],
    )


def _field_problems(
    fields: dict[str, str], lang: str, names: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Error summary items and per-field messages for InvalidInput fields."""
    field_errors = {}
    for field, code in fields.items():
        if field in ("reply", "note") and code == "required":
            code = f"{field}_required"
        field_errors[field] = text(code, lang) if code in MESSAGES else text("invalid", lang)
    summary = [
        {"target": names.get(field, field), "parts": one(message)}
        for field, message in field_errors.items()
    ]
    return summary, field_errors


@console.get("/cases/<case_number>")
@needs("cases.view")
def case(case_number: str) -> Response:
    found = _load_case(case_number)
    if found is None:
        return error_page(404, both("not_found"))
    trace("view_case", found.case_number)
    return _case_page(found)


def _after(case_number: str, done: str) -> Response:
    return redirect(url_for("admin_console.case", case_number=case_number, done=done), 303)


def _refused(case_number: str, found: Feedback, code: str) -> Response:
    lang = console_lang()
    summary = [{"target": "", "parts": one(text(code, lang))}]
    return _case_page(_load_case(case_number) or found, status=409, errors=summary)


def _case_action(
    case_number: str, field: str, target: str, act: Callable[[str], Any]
) -> Response | tuple[Feedback, Any]:
    """Load the case, run act(the form field's text); the page again on a refusal or a bad
    field (keeping what was typed), else (the case before, act's result)."""
    found = _load_case(case_number)
    if found is None:
        return error_page(404, both("not_found"))
    value = request.form.get(field, "")
    try:
        return found, act(value)
    except InvalidInput as error:
        summary, field_errors = _field_problems(error.fields, console_lang(), {field: target})
        return _case_page(
            found, status=422, errors=summary, field_errors=field_errors, values={field: value}
        )
    except Refused as refusal:
        return _refused(case_number, found, refusal.code)


@console.post("/cases/<case_number>/reply")
@needs("cases.reply")
def reply(case_number: str) -> Response:
    result = _case_action(
        case_number,
        "reply",
        "reply",
        lambda text: backend().feedback.reply(
            case_number, text, RequestLinks(), member().login, allowed("cases.approve")
        ),
    )
    if isinstance(result, Response):
        return result
    sent = result[1].sent
    trace("reply" if sent else "draft_reply", case_number)
    return _after(case_number, "reply" if sent else "draft")


@console.post("/cases/<case_number>/approve")
@needs("cases.approve")
def approve(case_number: str) -> Response:
    result = _case_action(
        case_number,
        "reply",
        "approve-reply",
        lambda text: backend().feedback.approve(case_number, text, RequestLinks(), member().login),
    )
    if isinstance(result, Response):
        return result
    trace("approve_reply", case_number)
    return _after(case_number, "approve")


@console.post("/cases/<case_number>/return")
@needs("cases.approve")
def return_draft(case_number: str) -> Response:
    result = _case_action(
        case_number,
        "note",
        "note",
        lambda note: backend().feedback.return_draft(case_number, note, member().login),
    )
    if isinstance(result, Response):
        return result
    trace("return_reply", case_number)
    return _after(case_number, "return")


@console.post("/cases/<case_number>/classify")
@needs("cases.classify")
def classify(case_number: str) -> Response:
    found = _load_case(case_number)
    if found is None:
        return error_page(404, both("not_found"))
    lang = console_lang()
    chosen = request.form.get("class", "")
    days = request.form.get("days", "").strip()
    try:
        backend().feedback.classify(case_number, chosen, days)
    except NotFound:
        return error_page(404, both("not_found"))
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
        return _refused(case_number, found, refusal.code)
    trace("classify", case_number, detail=chosen)
    return _after(case_number, "classify")
