"""Staff console (/api/admin/…): sign-in, cookies, sessions, CSRF, day view, queue, reply, export.

Flask test client on a real SQLite file (and DynamoDB under moto where the store matters); the
clock is the fixed Friday 2026-11-27 10:00 of conftest, moved where time matters.
"""

from __future__ import annotations

import hashlib
import io
import re
import sqlite3
import zipfile
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms_lambda.app import create_app
from forms_lambda.console.blueprint import SECURITY_HEADERS
from forms_lambda.console.cases import working_days_until
from forms_lambda.console.sessions import SESSION_COOKIE, SIGNIN_COOKIE
from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.records import StaffSession
from forms_lambda.domain.validation import local_phone
from forms_lambda.settings import Settings
from forms_lambda.store.base import Store
from forms_lambda.web import backend

from .conftest import (
    STAFF_HEADERS,
    STAFF_SECRET,
    STAFF_TOKEN,
    Clock,
    add_staff,
    booking_payload,
    feedback_payload,
    make_settings,
    outbox,
    with_staff,
)

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
WRONG_SECRET = ("帳號或密碼不正確", "That login and secret do not match")
CSRF_MISSING = ("表單缺少安全驗證碼", "The form had no security code")
CSRF_WRONG = ("表單的安全驗證碼不符", "The form's security code did not match")


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def start_sign_in(client) -> str:
    page = client.get("/api/admin/sign-in")
    assert page.status_code == 200
    return csrf_of(page.get_data(as_text=True))


def sign_in(client, login: str = "boss", secret: str = STAFF_SECRET, lang: str = "zh-TW") -> str:
    """Sign in through the form; return the session's CSRF token (from the first page)."""
    answer = client.post(
        "/api/admin/sign-in",
        data={"csrf_token": start_sign_in(client), "login": login, "secret": secret, "lang": lang},
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)[:500]
    assert answer.headers["Location"] == "/api/admin/"
    first = client.get("/api/admin/", follow_redirects=True)
    assert first.status_code == 200
    return csrf_of(first.get_data(as_text=True))


def signed_in_app(tmp_path: Path, clock: Clock | None = None, **overrides: object):
    return with_staff(create_app(make_settings(tmp_path, **overrides), now=clock or Clock()))


def set_cookie_header(answer, name: str) -> str:
    return next(h for h in answer.headers.getlist("Set-Cookie") if h.startswith(f"{name}="))


def book(client, slot: str, phone: str, name: str = "王小明") -> dict:
    answer = client.post("/api/bookings", json=booking_payload(slot=slot, phone=phone, name=name))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def new_case(client, **overrides: object) -> dict:
    answer = client.post("/api/feedback", json=feedback_payload(**overrides))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def text_of(answer) -> str:
    """The page with entities decoded (Jinja writes ' as &#39;)."""
    return unescape(answer.get_data(as_text=True))


# --- sign-in --------------------------------------------------------------------------------
def test_console_pages_need_a_session(client) -> None:
    for path in (
        "/api/admin/",
        "/api/admin/day",
        "/api/admin/cases",
        "/api/admin/cases/20261127-0001",
        "/api/admin/export/bookings?date=2026-11-30&format=csv",
    ):
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["Location"] == "/api/admin/sign-in", path
    number = new_case(client)["case_number"]
    answer = client.post(f"/api/admin/cases/{number}/reply", data={"reply": "x"})
    assert answer.status_code == 303
    status = client.get("/api/admin/feedback?status=open", headers=STAFF_HEADERS).get_json()
    assert [c["status"] for c in status] == ["open"], "an anonymous reply changed the case"


def test_sign_in_page_is_a_form_that_keeps_the_token_out_of_the_url(client) -> None:
    page = client.get("/api/admin/sign-in")
    html = text_of(page)
    assert '<html lang="zh-Hant-TW">' in html and "<h1>同仁登入</h1>" in html
    assert re.search(r'<form class="sign-in" method="post"', html)
    assert '<label for="login">帳號</label>' in html and 'autocomplete="username"' in html
    assert '<label for="secret">密碼</label>' in html and 'type="password"' in html
    nonce = set_cookie_header(page, SIGNIN_COOKIE)
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/admin/", "Max-Age=3600"):
        assert flag in nonce
    english = text_of(client.get("/api/admin/sign-in?lang=en"))
    assert '<html lang="en">' in english and "<h1>Staff sign-in</h1>" in english
    assert 'href="/api/admin/sign-in?lang=zh-TW" lang="zh-Hant-TW"' in english


def test_sign_in_sets_a_strict_expiring_session_cookie_kept_hashed(
    settings: Settings, clock: Clock, store: Store
) -> None:
    add_staff(store)
    client = create_app(settings, now=clock, store=store).test_client()
    answer = client.post(
        "/api/admin/sign-in",
        data={
            "csrf_token": start_sign_in(client),
            "login": "clerk",
            "secret": STAFF_SECRET,
            "lang": "zh-TW",
        },
    )
    assert answer.status_code == 303
    cookie = set_cookie_header(answer, SESSION_COOKIE)
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/admin/", "Max-Age=28800"):
        assert flag in cookie, flag
    assert "Max-Age=0" in set_cookie_header(answer, SIGNIN_COOKIE)  # the nonce is spent
    value = cookie.split(";")[0].split("=", 1)[1]
    assert len(value) >= 43  # 256 random bits
    assert store.get_session(value) is None, "the cookie value itself must not be a key"
    session = store.get_session(hashlib.sha256(value.encode()).hexdigest())
    assert session is not None and session.lang == "zh-TW" and session.login == "clerk"
    assert session.expires_at - session.created_at == 8 * 3600
    assert session.csrf and session.csrf not in value


def test_sqlite_file_never_holds_the_cookie_or_the_token(settings: Settings, client) -> None:
    sign_in(client)
    cookie = client.get_cookie(SESSION_COOKIE, path="/api/admin/")
    assert cookie is not None
    raw = b"".join(p.read_bytes() for p in settings.instance_path.glob("forms.sqlite3*"))
    for secret in (cookie.value, STAFF_TOKEN, STAFF_SECRET):
        assert secret.encode() not in raw
    with sqlite3.connect(settings.instance_path / "forms.sqlite3") as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM staff_sessions").fetchone()
    assert count == 1


def attempt(client, login: str, secret: str, **extra: object):
    data = {"csrf_token": start_sign_in(client), "login": login, "secret": secret}
    return client.post("/api/admin/sign-in", data=data, **extra)


def test_wrong_secret_gets_a_bilingual_error_and_no_session(client) -> None:
    answer = client.post(
        "/api/admin/sign-in",
        data={
            "csrf_token": start_sign_in(client),
            "login": "boss",
            "secret": "guess",
            "lang": "en",
        },
    )
    assert answer.status_code == 401
    html = text_of(answer)
    assert all(part in html for part in WRONG_SECRET)
    assert '<html lang="en">' in html and 'value="boss"' in html, "the login is kept"
    assert 'class="error-summary"' in html and '<a href="#login">' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="login-hint login-error"' in html
    assert not any(h.startswith(f"{SESSION_COOKIE}=") for h in answer.headers.getlist("Set-Cookie"))
    assert client.get("/api/admin/day").status_code == 303
    unknown = attempt(client, "nobody", STAFF_SECRET)
    assert unknown.status_code == 401 and all(part in text_of(unknown) for part in WRONG_SECRET)
    assert attempt(client, "  ", "x").status_code == 422
    empty = attempt(client, "boss", "  ")
    assert empty.status_code == 422 and "請輸入密碼" in text_of(empty)
    with client.application.app_context():
        log = backend().access_log.between(date(2026, 11, 27), date(2026, 11, 27))
    failed = sorted((e.actor, e.action, e.outcome) for e in log)
    assert failed == [("", "sign_in_failed", "failed"), ("boss", "sign_in_failed", "failed")]


def test_failed_sign_ins_are_limited_per_address(client, clock: Clock) -> None:
    for n in range(5):
        assert attempt(client, f"guess{n}", "guess").status_code == 401
    blocked = attempt(client, "boss", STAFF_SECRET)
    assert blocked.status_code == 429, "the right secret must not get through while blocked"
    assert 0 < int(blocked.headers["Retry-After"]) <= 900
    html = text_of(blocked)
    assert "登入失敗次數過多" in html and "Too many failed sign-ins" in html
    assert client.get("/api/admin/day").status_code == 303
    clock.set("2026-11-27T10:15")  # the next 15-minute window
    sign_in(client)


def test_guessing_one_login_from_many_addresses_is_limited_too(tmp_path: Path) -> None:
    client = signed_in_app(tmp_path, admin_signin_limit=2).test_client()
    for n in range(4):  # twice the per-address limit, each from another address
        address = {"REMOTE_ADDR": f"192.0.2.{n}"}
        assert attempt(client, "clerk", "guess", environ_base=address).status_code == 401
    fresh = {"REMOTE_ADDR": "192.0.2.99"}
    blocked = attempt(client, "clerk", STAFF_SECRET, environ_base=fresh)
    assert blocked.status_code == 429
    assert attempt(client, "boss", STAFF_SECRET, environ_base=fresh).status_code == 303


def test_sign_in_limit_setting_zero_turns_it_off(tmp_path: Path, clock: Clock) -> None:
    client = signed_in_app(tmp_path, clock, admin_signin_limit=0).test_client()
    for _ in range(7):
        assert attempt(client, "boss", "guess").status_code == 401
    sign_in(client)


def test_sign_in_form_is_csrf_protected(client) -> None:
    start_sign_in(client)
    good = {"login": "boss", "secret": STAFF_SECRET}
    missing = client.post("/api/admin/sign-in", data=good)
    assert missing.status_code == 400
    assert all(part in text_of(missing) for part in CSRF_MISSING)
    wrong = client.post("/api/admin/sign-in", data={"csrf_token": "x" * 64, **good})
    assert wrong.status_code == 403
    assert all(part in text_of(wrong) for part in CSRF_WRONG)
    token = start_sign_in(client)
    client.delete_cookie(SIGNIN_COOKIE, path="/api/admin/")
    no_nonce = client.post("/api/admin/sign-in", data={"csrf_token": token, **good})
    assert no_nonce.status_code == 403
    assert client.get("/api/admin/day").status_code == 303, "no session from a refused form"


def test_console_without_accounts_says_how_to_make_the_first(tmp_path: Path, clock: Clock) -> None:
    client = create_app(make_settings(tmp_path), now=clock).test_client()
    page = client.get("/api/admin/sign-in")
    html = text_of(page)
    assert page.status_code == 200 and "python -m forms_lambda.staff add" in html
    assert 'name="secret"' not in html
    answer = client.post("/api/admin/sign-in", data={"csrf_token": "x", "login": "a"})
    assert answer.status_code == 403


def test_secure_flag_follows_the_setting(tmp_path: Path, clock: Clock) -> None:
    client = signed_in_app(tmp_path, clock, admin_cookie_secure=False).test_client()
    page = client.get("/api/admin/sign-in")
    assert "Secure" not in set_cookie_header(page, SIGNIN_COOKIE)
    assert "HTTPS" not in text_of(page)
    answer = client.post(
        "/api/admin/sign-in",
        data={"csrf_token": csrf_of(text_of(page)), "login": "boss", "secret": STAFF_SECRET},
    )
    cookie = set_cookie_header(answer, SESSION_COOKIE)
    assert "Secure" not in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # Secure by default: over plain http the page says why signing in will not stick.
    secure = signed_in_app(tmp_path / "b", clock).test_client()
    assert "FORMS_ADMIN_COOKIE_SECURE=false" in text_of(secure.get("/api/admin/sign-in"))
    over_https = secure.get("/api/admin/sign-in", base_url="https://localhost")
    assert "FORMS_ADMIN_COOKIE_SECURE" not in text_of(over_https)


# --- session lifetime -----------------------------------------------------------------------
def test_session_expires_after_the_configured_hours(client, clock: Clock) -> None:
    sign_in(client)
    clock.set("2026-11-27T17:59")
    assert client.get("/api/admin/day").status_code == 200
    clock.set("2026-11-27T18:00")  # 8 hours after 10:00
    answer = client.get("/api/admin/day")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/api/admin/sign-in?notice=expired"
    assert "Max-Age=0" in set_cookie_header(answer, SESSION_COOKIE)
    notice = text_of(client.get(answer.headers["Location"]))
    assert "登入已逾時" in notice and "Your sign-in has ended" in notice


def test_session_hours_setting(tmp_path: Path, clock: Clock) -> None:
    client = signed_in_app(tmp_path, clock, admin_session_hours=1).test_client()
    assert "A sign-in lasts an hour" in text_of(client.get("/api/admin/sign-in?lang=en"))
    sign_in(client)
    clock.set("2026-11-27T11:00")
    assert client.get("/api/admin/day").status_code == 303


def test_sign_out_ends_the_session_on_the_server(client) -> None:
    csrf = sign_in(client)
    stolen = client.get_cookie(SESSION_COOKIE, path="/api/admin/").value
    answer = client.post("/api/admin/sign-out", data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/api/admin/sign-in?notice=signed_out"
    assert "Max-Age=0" in set_cookie_header(answer, SESSION_COOKIE)
    assert answer.headers["Clear-Site-Data"] == '"cache"'
    assert "您已登出" in text_of(client.get(answer.headers["Location"]))
    # A copy of the old cookie is worthless now.
    client.set_cookie(SESSION_COOKIE, stolen, path="/api/admin/")
    assert client.get("/api/admin/day").status_code == 303


def test_disabling_or_resetting_an_account_ends_its_sessions_at_once(client) -> None:
    sign_in(client, "clerk")
    assert client.get("/api/admin/day").status_code == 200
    with client.application.app_context():
        backend().staff.disable("clerk")
    assert client.get("/api/admin/day").status_code == 303
    assert attempt(client, "clerk", STAFF_SECRET).status_code == 401, "disabled: no sign-in"
    with client.application.app_context():
        backend().staff.enable("clerk")
    sign_in(client, "clerk")
    with client.application.app_context():
        new_secret = backend().staff.reset("clerk").secret
    assert client.get("/api/admin/day").status_code == 303
    assert attempt(client, "clerk", STAFF_SECRET).status_code == 401, "the old secret stops"
    sign_in(client, "clerk", new_secret)


def test_signing_in_again_replaces_the_session(settings: Settings, client) -> None:
    sign_in(client)
    first = client.get_cookie(SESSION_COOKIE, path="/api/admin/").value
    client.delete_cookie(SESSION_COOKIE, path="/api/admin/")  # to reach the form again
    form_token = start_sign_in(client)
    client.set_cookie(SESSION_COOKIE, first, path="/api/admin/")
    answer = client.post(
        "/api/admin/sign-in",
        data={"csrf_token": form_token, "login": "boss", "secret": STAFF_SECRET},
    )
    assert answer.status_code == 303
    second = client.get_cookie(SESSION_COOKIE, path="/api/admin/").value
    assert first != second
    with sqlite3.connect(settings.instance_path / "forms.sqlite3") as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM staff_sessions").fetchone()
    assert count == 1, "the session before was deleted (no session survives a new sign-in)"


# --- CSRF on console forms ------------------------------------------------------------------
def test_console_forms_refuse_a_missing_or_wrong_csrf_token(client, tmp_path: Path) -> None:
    sign_in(client)
    number = new_case(client)["case_number"]
    path = f"/api/admin/cases/{number}/reply"
    missing = client.post(path, data={"reply": "您好"})
    assert missing.status_code == 400
    assert all(part in text_of(missing) for part in CSRF_MISSING)
    wrong = client.post(path, data={"reply": "您好", "csrf_token": "0" * 43})
    assert wrong.status_code == 403
    assert all(part in text_of(wrong) for part in CSRF_WRONG)
    as_json = client.post(path, json={"reply": "您好"})
    assert as_json.status_code == 400
    # Another session's token is wrong here too (tokens are bound to their session).
    other = signed_in_app(tmp_path / "other").test_client()
    theirs = sign_in(other)
    assert client.post(path, data={"reply": "您好", "csrf_token": theirs}).status_code == 403
    sign_out = client.post("/api/admin/sign-out", data={})
    assert sign_out.status_code == 400
    assert client.get("/api/admin/day").status_code == 200, "a refused sign-out changes nothing"
    cases = client.get("/api/admin/feedback?status=open", headers=STAFF_HEADERS).get_json()
    assert [c["status"] for c in cases] == ["open"] and not cases[0]["reply"]


# --- day view ---------------------------------------------------------------------------------
def test_day_view_lists_the_days_bookings_in_a_table(client) -> None:
    first = book(client, "2026-11-30T09:00", "0912-345-678")
    second = book(client, "2026-11-30T08:30", "0922-000-111", name="陳大文")
    cancelled = book(client, "2026-11-30T10:00", "0933-000-222", name="李小華")
    token = cancelled["token"]
    assert client.post(f"/api/bookings/{cancelled['reference']}/cancel", json={"token": token})
    sign_in(client)
    html = text_of(client.get("/api/admin/day?date=2026-11-30"))
    assert "<h1>2026-11-30（週一） 預約名單</h1>" in html
    for heading in ("時間", "預約編號", "服務項目", "姓名", "電話", "管道", "狀態"):
        assert f'<th scope="col">{heading}</th>' in html
    slip = f"/api/admin/slip/{first['reference']}"
    assert f'<th scope="row"><a href="{slip}">{first["reference"]}</a></th>' in html
    assert "0912-345-678" in html and "王小明" in html and "陳大文" in html
    assert "一般戶籍登記" in html and "已取消" in html and "網路" in html
    assert html.index(second["reference"]) < html.index(first["reference"]), "ordered by time"
    assert "已預約 2 筆、已取消 1 筆、未到 0 筆" in html
    assert "<caption" in html and "@media print" not in html  # print rules are in admin.css
    assert "標記未到" not in html, "no no-show button before the appointment's time"
    today = text_of(client.get("/api/admin/day"))
    assert "2026-11-27（週五）" in today and "這天沒有預約" in today


def test_day_view_rejects_a_bad_date_with_an_error_summary(client) -> None:
    sign_in(client)
    answer = client.get("/api/admin/day?date=2026-13-40")
    assert answer.status_code == 422
    html = text_of(answer)
    assert 'class="error-summary"' in html and '<a href="#date">' in html
    assert "日期格式應為 YYYY-MM-DD" in html and 'aria-invalid="true"' in html


def test_language_switch_is_remembered_in_the_session(client) -> None:
    sign_in(client)
    english = text_of(client.get("/api/admin/day?date=2026-11-30&lang=en"))
    assert '<html lang="en">' in english and "Bookings for Mon 2026-11-30" in english
    later = text_of(client.get("/api/admin/cases"))
    assert '<html lang="en">' in later and "Feedback cases" in later
    back = text_of(client.get("/api/admin/cases?lang=zh-TW"))
    assert '<html lang="zh-Hant-TW">' in back and "意見案件" in back


def test_no_show_asks_first_and_marks_a_booking_once_its_time_has_come(
    client, clock: Clock
) -> None:
    booked = book(client, "2026-11-30T09:00", "0912-345-678")
    reference = booked["reference"]
    csrf = sign_in(client, "clerk")
    early = client.post(f"/api/admin/day/{reference}/no-show", data={"csrf_token": csrf})
    assert early.status_code == 409 and "還沒到" in text_of(early)
    clock.set("2026-11-30T09:20")
    csrf = sign_in(client, "clerk")  # the Friday session has ended by Monday
    html = text_of(client.get("/api/admin/day?date=2026-11-30"))
    link = f'href="/api/admin/day/{reference}/no-show">標記未到'
    assert link in html, "the list links to a confirmation page, it does not mark at once"
    assert f'<span class="visually-hidden"> {reference} 王小明</span>' in html
    confirm = text_of(client.get(f"/api/admin/day/{reference}/no-show"))
    assert f"確認將預約 {reference} 標記為未到" in confirm
    assert "目前有 0 次未到紀錄" in confirm and "累計 3 次未到將暫停網路預約 6 個月" in confirm
    assert 'href="/api/admin/day?date=2026-11-30">返回，不變更' in confirm
    token = booked["token"]
    lookup = f"/api/bookings/{reference}?token={token}"
    assert client.get(lookup).get_json()["status"] == "confirmed", "looking changes nothing"
    answer = client.post(f"/api/admin/day/{reference}/no-show", data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert answer.headers["Location"] == (
        f"/api/admin/day?date=2026-11-30&done=no_show&ref={reference}"
    )
    after = text_of(client.get(answer.headers["Location"]))
    assert f"已將預約 {reference} 標記為未到" in after and "未到 1 筆" in after
    assert client.get(lookup).get_json()["status"] == "no_show"
    again = client.post(f"/api/admin/day/{reference}/no-show", data={"csrf_token": csrf})
    assert again.status_code == 409
    unknown = client.post("/api/admin/day/B00000000/no-show", data={"csrf_token": csrf})
    assert unknown.status_code == 404


# --- feedback queue and reply ---------------------------------------------------------------
def test_reply_flow_records_closes_and_notifies(client, tmp_path: Path) -> None:
    created = new_case(client, message="櫃台很親切。\n第二行。")
    number = created["case_number"]
    csrf = sign_in(client)
    queue = text_of(client.get("/api/admin/cases"))
    assert f'<a href="/api/admin/cases/{number}">{number}</a>' in queue
    assert "主任信箱" in queue and "剩 3 個工作天" in queue
    page = text_of(client.get(f"/api/admin/cases/{number}"))
    assert "櫃台很親切。\n第二行。" in page and '<label for="reply">回覆內容</label>' in page
    empty = client.post(f"/api/admin/cases/{number}/reply", data={"csrf_token": csrf})
    assert empty.status_code == 422
    html = text_of(empty)
    assert '<a href="#reply">請輸入回覆內容。</a>' in html and 'id="reply-error"' in html
    # The supervisor approves replies, so theirs go out at once even where review is on.
    answer = client.post(
        f"/api/admin/cases/{number}/reply",
        data={"csrf_token": csrf, "reply": "感謝您的來信，我們會持續改進。"},
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/api/admin/cases/{number}?done=reply"
    done = text_of(client.get(answer.headers["Location"]))
    assert "已送出回覆，案件已結案" in done and "感謝您的來信" in done and "已回覆" in done
    assert 'name="reply"' not in done, "no reply form on an answered case"
    replies = [
        m
        for m in outbox(tmp_path)
        if "感謝您的來信" in m.get_payload(decode=True).decode() and number in m["Subject"]
    ]
    assert len(replies) == 1 and "mei@example.com" in replies[0]["To"]
    status = client.get(f"/api/feedback/{number}?token={created['token']}").get_json()
    assert status["status"] == "answered" and status["reply"].startswith("感謝您的來信")
    twice = client.post(
        f"/api/admin/cases/{number}/reply", data={"csrf_token": csrf, "reply": "again"}
    )
    assert twice.status_code == 409 and "此案件目前無法回覆" in text_of(twice)


def test_queue_puts_overdue_cases_first_in_working_days(client, clock: Clock) -> None:
    old = new_case(client, subject="舊案")["case_number"]  # Fri 27 Nov: due Wed 2 Dec
    clock.set("2026-12-01T09:00")
    fresh = new_case(client, subject="新案")["case_number"]  # due Fri 4 Dec
    clock.set("2026-12-04T09:00")
    sign_in(client)
    html = text_of(client.get("/api/admin/cases"))
    assert html.index(old) < html.index(fresh)
    assert "逾期 2 個工作天" in html and "今天到期" in html
    assert '<tr class="overdue">' in html and '<strong class="tag">逾期</strong>' in html
    english = text_of(client.get("/api/admin/cases?lang=en"))
    assert "Overdue by 2 working days" in english and "Due today" in english
    clock.set("2026-12-03T09:00")  # a day earlier: the session is still live
    singular = text_of(client.get("/api/admin/cases?lang=en"))
    assert "Overdue by 1 working day)" in singular and "1 working day left" in singular
    bad = client.get("/api/admin/cases?status=closed")
    assert bad.status_code == 422 and '<a href="#status">' in text_of(bad)


def test_awaiting_confirmation_case_has_no_reply_form(client) -> None:
    number = new_case(client, kind="complaint")["case_number"]
    sign_in(client)
    queue = text_of(client.get("/api/admin/cases?status=awaiting_confirmation"))
    assert number in queue and "民眾確認後起算" in queue
    page = text_of(client.get(f"/api/admin/cases/{number}"))
    assert "民眾尚未點選確認信中的連結" in page and 'name="reply"' not in page


def test_case_page_shows_each_survey_rating_and_the_right_asked_for(client) -> None:
    ratings = {"courtesy": 5, "waiting": 2, "speed": 4, "facilities": 3, "overall": 1}
    survey = new_case(client, kind="survey", ratings=ratings)["case_number"]
    request = new_case(client, kind="personal_data", right="delete", subject="")["case_number"]
    sign_in(client)
    page = text_of(client.get(f"/api/admin/cases/{survey}"))
    for question, value in (("服務態度", 5), ("等候時間", 2), ("整體滿意度", 1)):
        assert re.search(rf"{question}\s*</dt>\s*<dd>{value} 分", page), question
    page = text_of(client.get(f"/api/admin/cases/{request}"))
    assert "請求之權利（個資法第 3 條）" in page and "請求刪除" in page
    queue = text_of(client.get("/api/admin/cases"))
    assert "我的個人資料請求" in queue  # the kind's own name in the staff queue


def test_reclassify_changes_the_deadline(client) -> None:
    number = new_case(client)["case_number"]
    csrf = sign_in(client)
    path = f"/api/admin/cases/{number}/classify"
    bad = client.post(path, data={"csrf_token": csrf, "class": "complex", "days": "99"})
    assert bad.status_code == 422 and '<a href="#days">' in text_of(bad)
    assert 'value="99"' in text_of(bad), "the entered value is kept"
    answer = client.post(path, data={"csrf_token": csrf, "class": "complex", "days": "20"})
    assert answer.status_code == 303
    page = text_of(client.get(answer.headers["Location"]))
    assert "已更新分類及回覆期限" in page and "複雜案件（20 個工作天）" in page
    cases = client.get("/api/admin/feedback", headers=STAFF_HEADERS).get_json()
    assert cases[0]["handling_class"] == "complex" and cases[0]["due_date"] == "2026-12-28"
    missing = client.get("/api/admin/cases/20991231-0001")
    assert missing.status_code == 404 and "查無資料" in text_of(missing)


# --- exports ----------------------------------------------------------------------------------
def test_exports_download_csv_and_ods(client) -> None:
    booked = book(client, "2026-11-30T09:00", "0912-345-678", name="王小明")
    new_case(client, subject="=HYPERLINK(1)")
    sign_in(client)
    day = text_of(client.get("/api/admin/day?date=2026-11-30"))
    assert 'href="/api/admin/export/bookings?date=2026-11-30&format=csv&lang=zh-TW" download' in day
    csv_answer = client.get("/api/admin/export/bookings?date=2026-11-30&format=csv")
    assert csv_answer.status_code == 200
    assert csv_answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_answer.headers["Content-Disposition"] == (
        'attachment; filename="bookings-2026-11-30.csv"'
    )
    assert csv_answer.headers["Cache-Control"] == "no-store"
    body = csv_answer.data.decode("utf-8")
    assert body.startswith("\ufeff預約編號,") and booked["reference"] in body and "王小明" in body
    ods = client.get("/api/admin/export/bookings?date=2026-11-30&format=ods")
    archive = zipfile.ZipFile(io.BytesIO(ods.data))
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    assert booked["reference"] in archive.read("content.xml").decode()
    cases = client.get("/api/admin/export/cases?status=all&format=csv").data.decode("utf-8")
    assert "'=HYPERLINK(1)" in cases, "formulas are neutralised"
    assert client.get("/api/admin/export/cases?format=xlsx").status_code == 422
    assert client.get("/api/admin/export/bookings?date=x&format=csv").status_code == 422


# --- headers, assets, and the JSON API beside the console -------------------------------------
def test_console_pages_carry_the_sites_security_headers() -> None:
    from scripts.deploy.headers import static_headers

    for name, value in static_headers().items():
        assert SECURITY_HEADERS[name] == value, name
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for directive in ("default-src 'none'", "frame-ancestors 'none'", "form-action 'self'"):
        assert directive in policy


def test_pages_are_no_store_and_assets_are_versioned(client) -> None:
    page = client.get("/api/admin/sign-in")
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    href = re.search(r'href="(/api/admin/assets/admin\.css\?v=\w+)"', text_of(page)).group(1)
    css = client.get(href)
    assert css.status_code == 200 and css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in css.headers["Cache-Control"] and b"@media print" in css.data
    assert client.get("/api/admin/assets/admin.css").headers["Cache-Control"] == "no-cache"
    assert client.get("/api/admin/assets/secret.key").status_code == 404
    assert client.get("/api/admin/assets/..%2Fsettings.py").status_code == 404
    assert "<script" not in re.sub(r'<script src="[^"]+" defer></script>', "", text_of(page))
    assert " style=" not in text_of(page)


def test_bearer_api_and_console_session_stay_separate(client) -> None:
    """A token never opens the console, a console cookie never the JSON API."""
    assert (
        client.get("/api/admin/bookings?date=2026-11-30", headers=STAFF_HEADERS).status_code == 200
    )
    sign_in(client)
    assert client.get("/api/admin/bookings?date=2026-11-30").status_code == 401
    fresh = client.application.test_client()
    assert fresh.get("/api/admin/day", headers=STAFF_HEADERS).status_code == 303


def test_anonymous_console_requests_count_against_the_rate_limit(tmp_path: Path) -> None:
    client = signed_in_app(tmp_path, rate_limit=3).test_client()
    answers = [client.get("/api/admin/sign-in").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = text_of(client.get("/api/admin/sign-in"))
    assert "請求過於頻繁" in limited and "Too many requests" in limited


def test_sign_in_through_the_lambda_handler(settings: Settings, clock: Clock) -> None:
    """HTTP API (v2) events: both cookies reach the `cookies` list, and come back in the
    event's `cookies` on the next request, as API Gateway sends them."""
    import json

    from forms_lambda.handler import handle

    app = with_staff(create_app(settings, now=clock))
    events = Path(__file__).parent / "events"
    base = json.loads((events / "apigw_v2_post_booking.json").read_text())

    def event(method: str, path: str, body: str = "", cookies: list[str] | None = None) -> dict:
        item = {**base, "rawPath": path, "rawQueryString": "", "body": body}
        item["isBase64Encoded"] = False
        item["headers"] = {
            "host": base["headers"].get("host", "example.com"),
            "content-type": "application/x-www-form-urlencoded",
            "x-forwarded-proto": "https",
        }
        item["requestContext"] = {
            **base["requestContext"],
            "http": {**base["requestContext"]["http"], "method": method, "path": path},
        }
        item["cookies"] = cookies or []
        return item

    page = handle(app, event("GET", "/api/admin/sign-in"), None)
    assert page["statusCode"] == 200
    nonce = next(c for c in page["cookies"] if c.startswith(f"{SIGNIN_COOKIE}="))
    form = f"csrf_token={csrf_of(page['body'])}&login=boss&secret={STAFF_SECRET}"
    signed = handle(app, event("POST", "/api/admin/sign-in", form, [nonce.split(";")[0]]), None)
    assert signed["statusCode"] == 303, signed.get("body", "")[:300]
    session = next(c for c in signed["cookies"] if c.startswith(f"{SESSION_COOKIE}="))
    assert "Secure" in session and "HttpOnly" in session and "SameSite=Strict" in session
    assert any(c.startswith(f"{SIGNIN_COOKIE}=;") for c in signed["cookies"])
    day = handle(app, event("GET", "/api/admin/day", cookies=[session.split(";")[0]]), None)
    assert day["statusCode"] == 200 and "預約名單" in day["body"]
    assert day["headers"]["Cache-Control"] == "no-store"
    assert day["headers"]["Content-Security-Policy"].startswith("default-src 'none'")


# --- store and helpers ------------------------------------------------------------------------
def test_both_stores_keep_sessions_and_counts(store: Store) -> None:
    session = StaffSession(
        key="k" * 64,
        csrf="c",
        lang="zh-TW",
        login="boss",
        generation=1,
        created_at=1,
        expires_at=1_000,
    )
    store.put_session(session)
    assert store.get_session("k" * 64) == session
    store.put_session(replace(session, lang="en"))
    assert store.get_session("k" * 64).lang == "en"
    store.delete_session("k" * 64)
    assert store.get_session("k" * 64) is None
    assert store.rate_count("signin-fail:x:1") == 0
    store.hit_rate("signin-fail:x:1", 2_000_000_000)
    store.hit_rate("signin-fail:x:1", 2_000_000_000)
    assert store.rate_count("signin-fail:x:1") == 2
    store.put_session(replace(session, key="old", expires_at=10))
    store.purge_expired(100)
    assert store.get_session("old") is None


def test_local_phone_and_working_days() -> None:
    assert local_phone("+886912345678") == "0912-345-678"
    assert local_phone("+88642345678#123") == "(04)234-5678 #123"
    assert local_phone("12345") == "12345"
    calendar = GovernmentCalendar.of([date(2026, 12, 25)], [])
    assert working_days_until(calendar, date(2026, 12, 24), date(2026, 12, 28)) == 1
    assert working_days_until(calendar, date(2026, 12, 28), date(2026, 12, 24)) == -1
    assert working_days_until(calendar, date(2026, 12, 24), date(2026, 12, 24)) == 0


# --- never a 500 --------------------------------------------------------------------------------
hostile = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "\x00", "<script>", "2026-02-30", "9" * 300, "../x", "%00", "complex"]),
)


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("console-fuzz")
    client = signed_in_app(folder).test_client()
    csrf = sign_in(client)
    number = new_case(client)["case_number"]
    return client, csrf, number


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(
    path=st.sampled_from(
        [
            "/cases/{n}/reply",
            "/cases/{n}/classify",
            "/cases/{n}/approve",
            "/cases/{n}/return",
            "/day/{x}/no-show",
            "/day/{x}/cancel",
            "/day/{x}/undo",
            "/book",
            "/staff",
            "/staff/{x}/enable",
            "/sign-out",
            "/sign-in",
        ]
    ),
    fields=st.dictionaries(
        st.sampled_from(
            [
                "reply",
                "note",
                "class",
                "days",
                "date",
                "login",
                "secret",
                "lang",
                "x",
                "service",
                "slot",
                "channel",
                "name",
                "phone",
                "email",
                "consent",
                "role",
            ]
        ),
        hostile,
    ),
    with_csrf=st.booleans(),
    tail=hostile,
)
def test_console_posts_never_answer_500(signed_in, path, fields, with_csrf, tail) -> None:
    client, csrf, number = signed_in
    data = dict(fields)
    if with_csrf:
        data["csrf_token"] = csrf
    if path == "/sign-out":
        data.pop("csrf_token", None)  # keep the session for the next examples
    url = "/api/admin" + path.format(n=number if len(tail) % 2 else tail or "x", x=tail or "x")
    answer = client.post(url, data=data)
    assert answer.status_code < 500, (url, data)


@FUZZ
@given(
    path=st.sampled_from(
        [
            "/day",
            "/cases",
            "/cases/{v}",
            "/export/bookings",
            "/export/cases",
            "/book",
            "/slip/{v}",
            "/day/{v}/no-show",
            "/day/{v}/cancel",
            "/staff",
            "/access-log",
        ]
    ),
    query=st.dictionaries(
        st.sampled_from(["date", "status", "format", "lang", "done", "service", "from", "to"]),
        hostile,
    ),
    value=hostile,
)
def test_console_pages_never_answer_500(signed_in, path, query, value) -> None:
    client, _csrf, _number = signed_in
    # A browser percent-encodes the segment; a raw "?" would also clash with query_string.
    segment = quote(value or "x", safe="")
    answer = client.get("/api/admin" + path.format(v=segment), query_string=query)
    assert answer.status_code < 500, (path, query)
