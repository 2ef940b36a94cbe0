"""Supervisors' pages: staff accounts (add, disable, enable, reset, API token) and the access log.

The same operations as `python -m forms_lambda.staff`; a new secret or token is shown once, on
the page that made it, and never stored in clear.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Response, redirect, request, url_for

from forms_lambda.console.blueprint import (
    both,
    console,
    console_lang,
    error_page,
    member,
    one,
    render,
    trace,
)
from forms_lambda.console.downloads import download
from forms_lambda.console.text import TEXT
from forms_lambda.domain.audit import ACTIONS, MAX_DAYS_SHOWN, OUTCOMES
from forms_lambda.domain.bookings import parse_day
from forms_lambda.domain.common import InvalidInput, NotFound
from forms_lambda.domain.messages import MESSAGES, text
from forms_lambda.domain.staff import ROLE_NAMES, ROLES, SIGNS_IN, Issued
from forms_lambda.web import backend, needs


def _accounts_page(
    *,
    status: int = 200,
    errors: list[dict[str, Any]] | None = None,
    field_errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    issued: Issued | None = None,
    issued_kind: str = "",
    notice: list[dict[str, str]] | None = None,
) -> Response:
    lang = console_lang()
    t = TEXT[lang]
    accounts = [
        {
            "login": m.login,
            "name": m.name,
            "role": ROLE_NAMES.get(m.role, {}).get(lang, m.role),
            "active": m.active,
            "state": t["staff_active"] if m.active else t["staff_disabled"],
            "token": t["yes"] if m.api_token_hash else t["no"],
            "changed": m.changed_at.replace("T", " ")[:16],
            "self": m.login == member().login,
            "device": m.role not in SIGNS_IN,  # no secret to reset
        }
        for m in backend().staff.list()
    ]
    return render(
        "admin/staff.html",
        lang=lang,
        title=t["staff_heading"],
        here=url_for("admin_console.staff"),
        status=status,
        errors=errors,
        notice=notice,
        section="staff",
        accounts=accounts,
        roles=[(r, ROLE_NAMES[r][lang]) for r in ROLES],
        field_errors=field_errors or {},
        values=values or {},
        issued=issued,
        issued_kind=issued_kind,
    )


@console.get("/staff")
@needs("staff.manage")
def staff() -> Response:
    trace("view_staff")
    done = request.args.get("done", "")
    login = request.args.get("login", "")[:32]
    t = TEXT[console_lang()]
    notice = (
        one(t[f"done_staff_{done}"].format(login=login)) if done in ("disable", "enable") else None
    )
    return _accounts_page(notice=notice)


@console.post("/staff")
@needs("staff.manage")
def staff_add() -> Response:
    lang = console_lang()
    values = {k: request.form.get(k, "")[:60] for k in ("name", "login", "role")}
    try:
        issued = backend().staff.add(
            name=values["name"], role=values["role"], login=values["login"]
        )
    except InvalidInput as error:
        field_errors = {
            name: text(code, lang) if code in MESSAGES else text("invalid", lang)
            for name, code in error.fields.items()
        }
        targets = {"role": f"role-{ROLES[0]}", "name": "staff-name", "login": "staff-login"}
        summary = [{"target": targets.get(k, k), "parts": one(v)} for k, v in field_errors.items()]
        return _accounts_page(status=422, errors=summary, field_errors=field_errors, values=values)
    trace("staff_add", issued.member.login, detail=issued.member.role)
    if issued.member.role not in SIGNS_IN:  # a device gets its API token, not a secret
        trace("staff_token", issued.member.login)
        return _accounts_page(issued=issued, issued_kind="token")
    return _accounts_page(issued=issued, issued_kind="secret")


def _change(login: str, action: str) -> Response:
    staff_accounts = backend().staff
    if login == member().login and action in ("disable", "reset"):
        return error_page(409, both("staff_self"))
    try:
        if action == "disable":
            staff_accounts.disable(login)
        elif action == "enable":
            staff_accounts.enable(login)
        elif action == "reset":
            issued = staff_accounts.reset(login)
            trace("staff_reset", login)
            return _accounts_page(issued=issued, issued_kind="secret")
        else:
            issued = staff_accounts.issue_token(login)
            trace("staff_token", login)
            return _accounts_page(issued=issued, issued_kind="token")
    except NotFound:
        return error_page(404, both("not_found"))
    except InvalidInput:  # a device has no secret to reset
        return error_page(409, both("staff_device_no_secret"))
    trace(f"staff_{action}", login)
    query = urlencode({"done": action, "login": login})
    return redirect(f"{url_for('admin_console.staff')}?{query}", 303)


@console.post("/staff/<login>/disable")
@needs("staff.manage")
def staff_disable(login: str) -> Response:
    return _change(login, "disable")


@console.post("/staff/<login>/enable")
@needs("staff.manage")
def staff_enable(login: str) -> Response:
    return _change(login, "enable")


@console.post("/staff/<login>/reset")
@needs("staff.manage")
def staff_reset(login: str) -> Response:
    return _change(login, "reset")


@console.post("/staff/<login>/token")
@needs("staff.manage")
def staff_token(login: str) -> Response:
    return _change(login, "token")


# --- the access log -----------------------------------------------------------------------------
def _range() -> tuple[date, date, dict[str, str]]:
    """The days asked for (default: the last 7), and field errors for bad dates."""
    today = backend().now().date()
    errors: dict[str, str] = {}
    first = parse_day(request.args.get("from", "")) if request.args.get("from") else None
    last = parse_day(request.args.get("to", "")) if request.args.get("to") else None
    if request.args.get("from") and first is None:
        errors["from"] = "date_format"
    if request.args.get("to") and last is None:
        errors["to"] = "date_format"
    last = last or today
    first = first or last - timedelta(days=6)
    if first > last:
        errors["from"] = "range_invalid"
    elif (last - first).days >= MAX_DAYS_SHOWN:
        errors["from"] = "range_too_long"
    return first, last, errors


def _entry_row(entry: Any, lang: str) -> dict[str, str]:
    index = 0 if lang == "zh-TW" else 1
    return {
        "at": entry.at.replace("T", " ")[:19],
        "actor": entry.actor or TEXT[lang]["unknown_login"],
        "role": ROLE_NAMES.get(entry.role, {}).get(lang, entry.role),
        "action": ACTIONS.get(entry.action, (entry.action, entry.action))[index],
        "target": entry.target,
        "outcome": OUTCOMES.get(entry.outcome, (entry.outcome, entry.outcome))[index],
        "detail": entry.detail,
    }


@console.get("/access-log")
@needs("access_log.view")
def access_log() -> Response:
    lang = console_lang()
    t = TEXT[lang]
    first, last, problems = _range()
    who = request.args.get("actor", "").strip()[:40]
    field_errors = {name: text(code, lang) for name, code in problems.items()}
    entries = [] if problems else backend().access_log.between(first, last)
    if who:
        entries = [e for e in entries if e.actor == who]
    rows = [_entry_row(e, lang) for e in reversed(entries)]  # newest first on screen
    wanted = request.args.get("format", "")
    if wanted and not problems:
        trace("export", f"{first}..{last}", detail=f"access log {wanted}")
        return download("access", [e.to_item() for e in entries], f"access-log-{first}-{last}")
    if not problems:
        trace("view_access_log", f"{first}..{last}")
    query = {"from": first.isoformat(), "to": last.isoformat(), **({"actor": who} if who else {})}
    base = url_for("admin_console.access_log")
    return render(
        "admin/access_log.html",
        lang=lang,
        title=t["access_heading"],
        here=f"{base}?{urlencode(query)}",
        status=422 if problems else 200,
        errors=[{"target": k, "parts": one(v)} for k, v in field_errors.items()],
        section="access",
        field_errors=field_errors,
        first=first.isoformat(),
        last=last.isoformat(),
        who=who,
        rows=rows,
        caption=t["access_caption"].format(first=first, last=last, n=len(rows)),
        csv_url=f"{base}?{urlencode({**query, 'format': 'csv'})}",
        ods_url=f"{base}?{urlencode({**query, 'format': 'ods'})}",
        retention=backend().definitions.access_log_retention_days,
    )
