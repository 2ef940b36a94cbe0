"""The staff console's plumbing: the blueprint, who is signed in, what their role allows, the
access log entry of every look at personal data, page rendering, errors and security headers.

Every console view declares the permission it needs with @needs("…"); a view without one is
refused to everybody (fail closed). A refusal is a 403 page and an access-log entry.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException

from forms_lambda.console.sessions import SESSION_COOKIE, CsrfError, StaffSessions, check_csrf
from forms_lambda.console.text import SECURITY, TEXT, security_text
from forms_lambda.domain.common import log
from forms_lambda.domain.messages import LANGS
from forms_lambda.domain.records import StaffMember, StaffSession
from forms_lambda.domain.staff import ROLE_NAMES, may
from forms_lambda.web import HttpError, backend, check_rate_limit, permission_of

console = Blueprint("admin_console", __name__, url_prefix="/api/admin", template_folder="templates")

ASSETS = Path(__file__).with_name("assets")
ASSET_TYPES = {"admin.css": "text/css; charset=utf-8", "admin.js": "text/javascript; charset=utf-8"}
SIGN_IN_ENDPOINTS = {"admin_console.sign_in", "admin_console.sign_in_post"}
ANY_SIGNED_IN = {"admin_console.home", "admin_console.sign_out"}

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


# --- who is signed in -----------------------------------------------------------------------
def sessions() -> StaffSessions:
    return StaffSessions(backend())


def member() -> StaffMember:
    """The signed-in staff member (views behind @needs always have one)."""
    signed: StaffMember | None = g.get("member")
    if signed is None:
        raise HttpError(401, "expired")
    return signed


def allowed(permission: str) -> bool:
    signed: StaffMember | None = g.get("member")
    return signed is not None and may(signed.role, permission)


def trace(action: str, target: str = "", *, outcome: str = "ok", detail: str = "") -> None:
    """One access-log entry for the signed-in person (or the given actor's failed sign-in)."""
    backend().access_log.record(g.get("member"), action, target, outcome=outcome, detail=detail)


# --- cookies, language, rendering -----------------------------------------------------------
def cookie_path() -> str:
    return f"{request.script_root}/api/admin/"


def set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=cookie_path(),
        secure=backend().settings.admin_cookie_secure,
        httponly=True,
        samesite="Strict",
    )


def drop_cookie(response: Response, name: str) -> None:
    set_cookie(response, name, "", 0)


def console_lang() -> str:
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


def both(code: str, **values: object) -> list[dict[str, str]]:
    """A security message as parts in both languages, zh-TW first."""
    message = security_text(code, **values)
    return [{"lang": HTML_LANG[k], "text": message[k]} for k in ("zh-TW", "en")]


def one(message: str) -> list[dict[str, str]]:
    return [{"lang": "", "text": message}]


def render(
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
    signed: StaffMember | None = g.get("member")
    html = render_template(
        template,
        t=TEXT[lang],
        lang=lang,
        title=title,
        office=backend().office.names[lang],
        switch_url=f"{here}{separator}{urlencode({'lang': other})}",
        staff=staff,
        member=signed,
        role_name=ROLE_NAMES[signed.role][lang] if signed else "",
        allowed=allowed,
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


def home_url() -> str:
    """Where a signed-in person starts: their role's first page."""
    if allowed("bookings.view"):
        return url_for("admin_console.day")
    if allowed("cases.view"):
        return url_for("admin_console.cases")
    return url_for("admin_console.sign_in")


def error_page(
    status: int, parts: list[dict[str, str]], headers: dict[str, str] | None = None
) -> Response:
    lang = console_lang()
    return render(
        "admin/error.html",
        lang=lang,
        title=TEXT[lang]["error_title"],
        here=request.path,
        status=status,
        message=parts,
        headers=headers,
        back_url=home_url() if g.get("member") else url_for("admin_console.sign_in"),
    )


def to_sign_in(notice: str = "") -> Response:
    target = url_for("admin_console.sign_in", **({"notice": notice} if notice else {}))
    response = redirect(target, 303)
    if notice == "expired":
        drop_cookie(response, SESSION_COOKIE)
    return response


def _record_reference() -> str:
    """The record a refused request was about (for the access log), else its path."""
    args = request.view_args or {}
    for name in ("reference", "case_number", "login"):
        if isinstance(args.get(name), str):
            return str(args[name])[:20]
    return request.path[:60]


# --- every request --------------------------------------------------------------------------
@console.before_request
def _authenticate() -> Response | None:
    g.staff = None
    g.member = None
    if request.endpoint == "admin_console.asset":
        return None
    cookie = request.cookies.get(SESSION_COOKIE)
    signed = sessions().load(cookie) if cookie else None
    if signed is None:
        check_rate_limit(backend())  # anonymous requests count against the address's limit
        if request.endpoint in SIGN_IN_ENDPOINTS:
            return None
        return to_sign_in("expired" if cookie else "")
    if request.endpoint in SIGN_IN_ENDPOINTS:
        return None  # signing in again starts a new session
    if request.method == "POST":
        check_csrf(signed.session.csrf, request.form.get("csrf_token"))
    session = signed.session
    asked = request.args.get("lang")
    if request.method == "GET" and asked in LANGS:
        session = sessions().with_lang(session, str(asked))
    g.staff = session
    g.member = signed.member
    if request.endpoint in ANY_SIGNED_IN or request.endpoint is None:
        return None
    permission = permission_of(request.endpoint)
    if permission is None or not may(signed.member.role, permission):
        log.info("staff console request refused: role %s lacks %s", signed.member.role, permission)
        trace("denied", _record_reference(), outcome="denied", detail=permission or "")
        return error_page(403, both("forbidden"))
    return None


@console.after_request
def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "admin_console.asset":
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@console.errorhandler(HttpError)
def _http_error(error: HttpError) -> Response:
    code = error.code if error.code in SECURITY else "malformed"
    return error_page(error.status, both(code), dict(error.headers))


@console.errorhandler(HTTPException)
def _werkzeug_error(error: HTTPException) -> Response:
    status = error.code or 400
    codes = {404: "not_found", 413: "too_large", 429: "rate_limited"}
    return error_page(status, both(codes.get(status, "malformed")))


@console.errorhandler(CsrfError)
def _csrf_error(error: CsrfError) -> Response:
    log.info("staff console form refused: %s", error.code)
    if request.endpoint == "admin_console.sign_in_post":
        from forms_lambda.console.signin import sign_in_lang, sign_in_page

        return sign_in_page(sign_in_lang(), error=error.code, status=error.status)
    return error_page(error.status, both(error.code))


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
