"""Sign-in with a login and a personal secret, sign-out, and the console's front door."""

from __future__ import annotations

from flask import Response, redirect, request, url_for

from forms_lambda.console.blueprint import (
    both,
    console,
    console_lang,
    drop_cookie,
    home_url,
    member,
    render,
    sessions,
    set_cookie,
    trace,
)
from forms_lambda.console.sessions import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    SIGNIN_COOKIE_AGE,
    check_csrf,
)
from forms_lambda.console.text import TEXT, counted
from forms_lambda.domain.common import log
from forms_lambda.domain.messages import LANGS
from forms_lambda.domain.staff import LOGIN
from forms_lambda.web import backend, client_address

SIGN_IN_NOTICES = ("signed_out", "expired")
FIELD_ERRORS = {"login_required": "login", "secret_required": "secret", "signin_wrong": "login"}


def sign_in_lang() -> str:
    asked = request.form.get("lang") if request.method == "POST" else None
    return str(asked) if asked in LANGS else console_lang()


def sign_in_page(
    lang: str,
    *,
    error: str = "",
    status: int = 200,
    notice: str = "",
    headers: dict[str, str] | None = None,
    minutes: int = 0,
    login: str = "",
) -> Response:
    t = TEXT[lang]
    staff_sessions = sessions()
    cookie = request.cookies.get(SIGNIN_COOKIE)
    nonce = staff_sessions.usable_nonce(cookie) or staff_sessions.new_nonce()
    errors = []
    if error:
        errors.append(
            {"target": FIELD_ERRORS.get(error, ""), "parts": both(error, minutes=minutes)}
        )
    insecure = backend().settings.admin_cookie_secure and request.scheme != "https"
    hours = backend().settings.admin_session_hours
    response = render(
        "admin/sign_in.html",
        lang=lang,
        title=t["signin_title"],
        here=url_for("admin_console.sign_in"),
        status=status,
        errors=errors,
        notice=both(notice) if notice else None,
        headers=headers,
        signin_csrf=staff_sessions.signin_csrf(nonce),
        configured=backend().staff.any_exist(),
        insecure=insecure,
        field_error=FIELD_ERRORS.get(error, ""),
        login=login,
        hint=counted(t, "secret_hint", hours).format(hours=hours),
    )
    set_cookie(response, SIGNIN_COOKIE, nonce, SIGNIN_COOKIE_AGE)
    return response


@console.get("/sign-in")
def sign_in() -> Response:
    if sessions().load(request.cookies.get(SESSION_COOKIE)):
        return redirect(url_for("admin_console.home"), 303)
    notice = request.args.get("notice", "")
    return sign_in_page(console_lang(), notice=notice if notice in SIGN_IN_NOTICES else "")


@console.post("/sign-in")
def sign_in_post() -> Response:
    staff_sessions = sessions()
    lang = sign_in_lang()
    b = backend()
    nonce = staff_sessions.usable_nonce(request.cookies.get(SIGNIN_COOKIE))
    check_csrf(staff_sessions.signin_csrf(nonce) if nonce else "", request.form.get("csrf_token"))
    login = request.form.get("login", "").strip().lower()[:40]
    secret = request.form.get("secret", "")
    shown_login = login if LOGIN.fullmatch(login) else ""
    client = client_address()
    wait = staff_sessions.blocked_for(client, shown_login)
    if wait:
        log.info("staff console sign-in refused: too many failures")
        return sign_in_page(
            lang,
            error="signin_limited",
            status=429,
            minutes=-(-wait // 60),
            headers={"Retry-After": str(wait)},
            login=shown_login,
        )
    if not login:
        return sign_in_page(lang, error="login_required", status=422)
    if not secret.strip():
        return sign_in_page(lang, error="secret_required", status=422, login=shown_login)
    signed = b.staff.check_secret(login, secret)
    if signed is None:
        staff_sessions.count_failure(client, shown_login)
        known = b.store.get_staff(shown_login) if shown_login else None
        # Only a login that exists is named in the log: a typo of a secret in the login
        # field must not end up there.
        b.access_log.record(known, "sign_in_failed", outcome="failed")
        log.info("staff console sign-in failed")
        return sign_in_page(lang, error="signin_wrong", status=401, login=shown_login)
    staff_sessions.end(request.cookies.get(SESSION_COOKIE))  # never keep a session across sign-ins
    started = staff_sessions.start(signed, lang)
    b.access_log.record(signed, "sign_in")
    log.info("staff console sign-in")
    response = redirect(url_for("admin_console.home"), 303)
    set_cookie(response, SESSION_COOKIE, started.cookie, staff_sessions.lifetime)
    drop_cookie(response, SIGNIN_COOKIE)
    return response


@console.post("/sign-out")
def sign_out() -> Response:
    trace("sign_out")
    sessions().end(request.cookies.get(SESSION_COOKIE))
    log.info("staff console sign-out")
    response = redirect(url_for("admin_console.sign_in", notice="signed_out"), 303)
    drop_cookie(response, SESSION_COOKIE)
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@console.get("/")
def home() -> Response:
    member()  # signed in: the before_request hook made sure
    return redirect(home_url(), 303)
