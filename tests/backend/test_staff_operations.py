"""What a counter runs on: roles, the access log, phone and counter bookings, no-show and cancel
with undo, reply review, account management (console and command), on both stores where the
store matters. The clock starts on Friday 2026-11-27 10:00 (conftest)."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from forms_lambda.app import create_app
from forms_lambda.console.sessions import SESSION_COOKIE
from forms_lambda.domain.common import taipei_now
from forms_lambda.domain.records import AccessEntry
from forms_lambda.settings import Settings
from forms_lambda.store.base import Store
from forms_lambda.web import backend

from .conftest import (
    COUNTER_HEADERS,
    MAILBOX_HEADERS,
    STAFF_HEADERS,
    STAFF_SECRET,
    Clock,
    booking_payload,
    feedback_payload,
    outbox,
    with_staff,
)
from .test_admin_console import csrf_of, sign_in, text_of

MONDAY = "2026-11-30"


def as_staff(client, login: str, secret: str = STAFF_SECRET) -> str:
    """Sign in as this person, after whoever used the browser before (as at a shared desk)."""
    client.delete_cookie(SESSION_COOKIE, path="/api/admin/")
    return sign_in(client, login, secret)


def log_of(client, day: str = "2026-11-27") -> list[AccessEntry]:
    with client.application.app_context():
        return backend().access_log.between(date.fromisoformat(day), date.fromisoformat(day))


def web_booking(client, slot: str = f"{MONDAY}T09:00", **overrides: object) -> dict:
    answer = client.post("/api/bookings", json=booking_payload(slot=slot, **overrides))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def new_case(client, **overrides: object) -> str:
    answer = client.post("/api/feedback", json=feedback_payload(**overrides))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["case_number"]


# --- roles ----------------------------------------------------------------------------------
PAGES = {
    "/api/admin/day": {"boss", "clerk"},
    "/api/admin/book": {"boss", "clerk"},
    "/api/admin/export/bookings?date=2026-11-30&format=csv": {"boss", "clerk"},
    "/api/admin/cases": {"boss", "mail"},
    "/api/admin/export/cases?status=all&format=csv": {"boss", "mail"},
    "/api/admin/staff": {"boss"},
    "/api/admin/access-log": {"boss"},
    "/api/admin/queue": {"boss", "clerk"},
}


@pytest.mark.parametrize("login", ["boss", "clerk", "mail"])
def test_every_role_is_refused_what_it_may_not_do_and_it_is_logged(client, login: str) -> None:
    number = new_case(client)
    csrf = as_staff(client, login)
    for path, allowed in PAGES.items():
        answer = client.get(path)
        assert answer.status_code == (200 if login in allowed else 403), (login, path)
        if login not in allowed:
            html = text_of(answer)
            assert "您的角色沒有這項權限" in html and "Your role does not allow this" in html
    posts = {
        f"/api/admin/cases/{number}/reply": ({"reply": "好"}, {"boss", "mail"}),
        f"/api/admin/cases/{number}/return": ({"note": "改"}, {"boss"}),
        "/api/admin/staff": ({"name": "新人", "role": "counter"}, {"boss"}),
        "/api/admin/day/B00000000/no-show": ({}, {"boss", "clerk"}),
    }
    for path, (data, allowed) in posts.items():
        answer = client.post(path, data={"csrf_token": csrf, **data})
        if login not in allowed:
            assert answer.status_code == 403, (login, path)
    denied = [e for e in log_of(client) if e.outcome == "denied"]
    refused_pages = [p for p, allowed in PAGES.items() if login not in allowed]
    refused_posts = [p for p, (_d, allowed) in posts.items() if login not in allowed]
    assert len(denied) == len(refused_pages) + len(refused_posts)
    assert all(e.actor == login and e.action == "denied" for e in denied)
    nav = text_of(client.get("/api/admin/", follow_redirects=True))
    assert ("同仁帳號" in nav) == (login == "boss"), "the menu shows only what the role may do"
    assert ("電話／臨櫃預約" in nav) == (login != "mail")


def test_the_api_refuses_a_role_s_missing_permissions_too(client) -> None:
    reference = web_booking(client)["reference"]
    number = new_case(client)
    assert (
        client.post(f"/api/admin/bookings/{reference}/cancel", headers=MAILBOX_HEADERS).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/admin/feedback/{number}/reply", json={"reply": "x"}, headers=COUNTER_HEADERS
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/admin/feedback/{number}/return", json={"note": "x"}, headers=MAILBOX_HEADERS
        ).status_code
        == 403
    )
    assert {e.actor for e in log_of(client) if e.outcome == "denied"} == {"mail", "clerk"}


# --- the access log -------------------------------------------------------------------------
def test_the_access_log_traces_each_look_and_change_without_personal_data(
    client, clock: Clock
) -> None:
    booked = web_booking(client)
    number = new_case(client)
    csrf = as_staff(client, "boss")
    client.get(f"/api/admin/day?date={MONDAY}")
    client.get(f"/api/admin/slip/{booked['reference']}")
    client.get(f"/api/admin/cases/{number}")
    client.get(f"/api/admin/export/bookings?date={MONDAY}&format=ods")
    client.post(
        f"/api/admin/cases/{number}/classify", data={"csrf_token": csrf, "class": "complex"}
    )
    client.get("/api/admin/staff")
    entries = log_of(client)
    done = [(e.actor, e.action, e.target) for e in entries]
    for expected in [
        ("boss", "sign_in", ""),
        ("boss", "view_day", MONDAY),
        ("boss", "view_booking", booked["reference"]),
        ("boss", "view_case", number),
        ("boss", "export", MONDAY),
        ("boss", "classify", number),
        ("boss", "view_staff", ""),
    ]:
        assert expected in done, expected
    dumped = repr([e.to_item() for e in entries])
    for personal in ("王小明", "0912", "ming@example.com", "林美華", "mei@example.com", "櫃台服務"):
        assert personal not in dumped
    page = text_of(client.get("/api/admin/access-log?from=2026-11-27&to=2026-11-27"))
    assert "存取紀錄" in page and "查看預約名單" in page and booked["reference"] in page
    assert "保存 730 天後刪除" in page
    csv = client.get("/api/admin/access-log?from=2026-11-27&to=2026-11-27&format=csv")
    assert csv.status_code == 200 and "view_case" not in csv.data.decode("utf-8")
    assert "查看案件" in csv.data.decode("utf-8")
    only_boss = text_of(client.get("/api/admin/access-log?actor=nobody"))
    assert "這段期間沒有紀錄" in only_boss
    too_long = client.get("/api/admin/access-log?from=2026-01-01&to=2026-11-27")
    assert too_long.status_code == 422 and "一次最多查看 31 天" in text_of(too_long)
    clock.set("2028-12-01T10:00")  # past the 730 days of forms.yml
    with client.application.app_context():
        backend().store.purge_expired(int(clock().timestamp()))
    assert log_of(client) == []


def test_the_access_log_is_append_only_in_sqlite(client, settings: Settings) -> None:
    as_staff(client, "boss")
    conn = sqlite3.connect(settings.instance_path / "forms.sqlite3")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE access_log SET data = '{}'")
    conn.close()


# --- phone and counter bookings -------------------------------------------------------------
def book_by_phone(client, csrf: str, **fields: str):
    data = {
        "csrf_token": csrf,
        "service": "household",
        "slot": f"{MONDAY}T09:00",
        "channel": "phone",
        "name": "張阿嬤",
        "phone": "0911-222-333",
        "consent": "yes",
    }
    data.update(fields)
    return client.post("/api/admin/book", data=data)


def test_a_phone_booking_keeps_the_web_s_rules_and_prints_a_slip(
    any_client, tmp_path: Path
) -> None:
    client = any_client
    csrf = as_staff(client, "clerk")
    form = text_of(client.get(f"/api/admin/book?service=household&date={MONDAY}"))
    assert "09:00（剩 3 位）" in form and "超出網路預約期間" not in form
    assert 'name="override_window"' not in form, "only supervisors may override the window"
    assert "個人資料蒐集告知事項" in form
    missing = book_by_phone(client, csrf, phone="", consent="")
    assert missing.status_code == 422
    html = text_of(missing)
    assert '<a href="#phone">' in html and '<a href="#consent">' in html
    answer = book_by_phone(client, csrf)
    assert answer.status_code == 200
    slip = text_of(answer)
    reference = re.search(r"預約單 (B\w+)", slip).group(1)
    assert "張阿嬤" in slip and "應備文件" in slip and "請準時報到" in slip
    pin = re.search(r"查詢碼 (\d{6})", slip).group(1)
    found = client.post("/api/bookings/lookup", json={"reference": reference, "pin": pin})
    assert found.status_code == 200 and found.get_json()["status"] == "confirmed"
    later = text_of(client.get(f"/api/admin/slip/{reference}"))
    assert pin not in later, "the PIN is never stored, so the slip cannot show it again"
    with client.application.app_context():
        booking = backend().store.get_booking(reference)
    assert (booking.channel, booking.created_by, booking.email) == ("phone", "clerk", "")
    assert not any(reference in m["Subject"] for m in outbox(tmp_path)), "no e-mail address"
    again = book_by_phone(client, csrf, slot=f"{MONDAY}T10:00")
    assert again.status_code == 409 and "每人每日限預約一個時段" in text_of(again)
    for n in range(2):  # the slot's other two places go to the web
        web_booking(client, phone=f"0922-000-00{n}")
    full = book_by_phone(client, csrf, phone="0933-444-555")
    assert full.status_code == 409 and "此時段已額滿" in text_of(full)
    day = text_of(client.get(f"/api/admin/day?date={MONDAY}"))
    assert "電話" in day and "已預約 3 筆" in day
    assert ("clerk", "book", reference, "phone") in {
        (e.actor, e.action, e.target, e.detail) for e in log_of(client)
    }


def test_only_a_supervisor_books_outside_the_window_and_it_is_logged(client) -> None:
    late = "2026-12-15"  # beyond the 7 days ahead
    csrf = as_staff(client, "clerk")
    refused = book_by_phone(client, csrf, slot=f"{late}T09:00", override_window="yes")
    assert refused.status_code == 403
    outside = book_by_phone(client, csrf, slot=f"{late}T09:00")
    assert outside.status_code == 422 and "不在可預約期間內" in text_of(outside)
    csrf = as_staff(client, "boss")
    form = text_of(client.get(f"/api/admin/book?service=household&date={late}"))
    assert "超出網路預約期間" in form and 'name="override_window"' in form
    answer = book_by_phone(
        client, csrf, slot=f"{late}T09:00", override_window="yes", channel="counter"
    )
    assert answer.status_code == 200
    logged = {(e.actor, e.action, e.detail) for e in log_of(client)}
    assert ("boss", "book", "counter override_window") in logged
    assert ("clerk", "denied", "bookings.override_window") in logged


# --- no-show and cancel you can take back ---------------------------------------------------
def test_an_undone_no_show_stops_counting(any_client, clock: Clock) -> None:
    client = any_client
    references = [web_booking(client, slot=f"2026-12-0{d}T09:00")["reference"] for d in (1, 2, 3)]
    clock.set("2026-12-03T10:00")
    csrf = as_staff(client, "clerk")
    for reference in references:
        answer = client.post(f"/api/admin/day/{reference}/no-show", data={"csrf_token": csrf})
        assert answer.status_code == 303
    blocked = client.post("/api/bookings", json=booking_payload(slot="2026-12-07T09:00"))
    assert blocked.status_code == 403, "three standing no-shows block online booking"
    day = text_of(client.get("/api/admin/day?date=2026-12-03"))
    assert f'action="/api/admin/day/{references[2]}/undo"' in day
    undone = client.post(f"/api/admin/day/{references[2]}/undo", data={"csrf_token": csrf})
    assert undone.status_code == 303 and "done=undo" in undone.headers["Location"]
    assert web_booking(client, slot="2026-12-07T09:00"), "two no-shows do not block"
    confirm = text_of(client.get(f"/api/admin/day/{references[2]}/no-show"))
    assert "目前有 2 次未到紀錄" in confirm
    clock.set("2026-12-04T10:00")  # a day later: too late to take back
    csrf = as_staff(client, "clerk")
    late = client.post(f"/api/admin/day/{references[1]}/undo", data={"csrf_token": csrf})
    assert late.status_code == 409 and "只能在當天復原" in text_of(late)
    actions = [(e.action, e.target) for e in log_of(client, "2026-12-03")]
    assert ("undo", references[2]) in actions and actions.count(("no_show", references[0])) == 1


def test_a_staff_cancellation_asks_first_mails_and_can_be_taken_back(
    any_client, tmp_path: Path
) -> None:
    client = any_client
    booked = web_booking(client)
    reference = booked["reference"]
    csrf = as_staff(client, "clerk")
    confirm = text_of(client.get(f"/api/admin/day/{reference}/cancel"))
    assert f"確認取消預約 {reference}" in confirm and "以電子郵件通知民眾" in confirm
    answer = client.post(f"/api/admin/day/{reference}/cancel", data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert any(f"取消預約通知：{reference}" in m["Subject"] for m in outbox(tmp_path))
    lookup = f"/api/bookings/{reference}?token={booked['token']}"
    assert client.get(lookup).get_json()["status"] == "cancelled"
    for n in range(3):  # the freed place and the others are taken meanwhile
        web_booking(client, phone=f"0922-000-10{n}")
    refused = client.post(f"/api/admin/day/{reference}/undo", data={"csrf_token": csrf})
    assert refused.status_code == 409 and "此時段已額滿" in text_of(refused)
    assert client.get(lookup).get_json()["status"] == "cancelled", "a refusal changes nothing"


def test_a_citizen_s_own_cancellation_is_not_staff_s_to_take_back(client) -> None:
    booked = web_booking(client)
    client.post(f"/api/bookings/{booked['reference']}/cancel", json={"token": booked["token"]})
    csrf = as_staff(client, "clerk")
    answer = client.post(f"/api/admin/day/{booked['reference']}/undo", data={"csrf_token": csrf})
    assert answer.status_code == 409


# --- reply review ---------------------------------------------------------------------------
def test_a_reviewed_reply_reaches_the_citizen_only_once_approved(
    any_client, tmp_path: Path
) -> None:
    client = any_client
    created = client.post("/api/feedback", json=feedback_payload()).get_json()
    number, token = created["case_number"], created["token"]

    def citizen_sees() -> dict:
        return client.get(f"/api/feedback/{number}?token={token}").get_json()

    def replies() -> list:
        return [m for m in outbox(tmp_path) if m["Subject"].startswith("案件回覆")]

    csrf = as_staff(client, "mail")
    page = text_of(client.get(f"/api/admin/cases/{number}"))
    assert "送交主管核可" in page
    drafted = client.post(
        f"/api/admin/cases/{number}/reply", data={"csrf_token": csrf, "reply": "初稿"}
    )
    assert drafted.status_code == 303 and "done=draft" in drafted.headers["Location"]
    assert citizen_sees()["status"] == "open" and citizen_sees()["reply"] is None
    assert replies() == []
    csrf = as_staff(client, "boss")
    queue = text_of(client.get("/api/admin/cases?status=review"))
    assert number in queue and "回覆待主管核可" in queue
    empty_note = client.post(
        f"/api/admin/cases/{number}/return", data={"csrf_token": csrf, "note": " "}
    )
    assert empty_note.status_code == 422 and "請說明需要修改之處" in text_of(empty_note)
    returned = client.post(
        f"/api/admin/cases/{number}/return", data={"csrf_token": csrf, "note": "請加上處理期限"}
    )
    assert returned.status_code == 303
    csrf = as_staff(client, "mail")
    page = text_of(client.get(f"/api/admin/cases/{number}"))
    assert (
        "主管 boss 退回了這則回覆" in page
        and "請加上處理期限" in page
        and ">初稿</textarea>" in page
    )
    client.post(f"/api/admin/cases/{number}/reply", data={"csrf_token": csrf, "reply": "第二稿"})
    csrf = as_staff(client, "boss")
    approved = client.post(
        f"/api/admin/cases/{number}/approve", data={"csrf_token": csrf, "reply": "第二稿，已修正。"}
    )
    assert approved.status_code == 303
    seen = citizen_sees()
    assert seen["status"] == "answered" and seen["reply"] == "第二稿，已修正。"
    [mail] = replies()
    body = mail.get_payload(decode=True).decode()
    link = re.search(r"(http\S+feedback/status/\S+)", body).group(1)
    status_token = re.search(r"token=([\w-]+)", link).group(1)
    assert client.get(f"/api/feedback/{number}?token={status_token}").status_code == 200, (
        "the reply e-mail's status link opens the case"
    )
    with client.application.app_context():
        case = backend().store.get_feedback(number)
    assert (case.replied_by, case.reviewed_by) == ("mail", "boss")
    actions = [(e.actor, e.action) for e in log_of(client)]
    for expected in [("mail", "draft_reply"), ("boss", "return_reply"), ("boss", "approve_reply")]:
        assert expected in actions


def test_reply_review_through_the_api(client) -> None:
    number = new_case(client)
    draft = client.post(
        f"/api/admin/feedback/{number}/reply", json={"reply": "草稿"}, headers=MAILBOX_HEADERS
    )
    assert draft.status_code == 202 and draft.get_json()["review_state"] == "pending"
    assert (
        client.post(f"/api/admin/feedback/{number}/approve", headers=STAFF_HEADERS).status_code
        == 200
    )
    again = client.post(f"/api/admin/feedback/{number}/approve", headers=STAFF_HEADERS)
    assert again.status_code == 409 and again.get_json()["error"] == "not_pending"
    suggestion = new_case(client, kind="suggestion")  # no review for suggestions (forms.yml)
    sent = client.post(
        f"/api/admin/feedback/{suggestion}/reply", json={"reply": "謝謝"}, headers=MAILBOX_HEADERS
    )
    assert sent.status_code == 200 and sent.get_json()["status"] == "answered"


# --- managing accounts ----------------------------------------------------------------------
def test_a_supervisor_adds_disables_and_resets_accounts_in_the_console(client) -> None:
    csrf = as_staff(client, "boss")
    bad = client.post(
        "/api/admin/staff", data={"csrf_token": csrf, "name": "", "role": "chief", "login": "X!"}
    )
    assert bad.status_code == 422
    html = text_of(bad)
    assert "請輸入同仁姓名" in html and "角色須為" in html and "帳號須以小寫英文字母開頭" in html
    taken = client.post(
        "/api/admin/staff",
        data={"csrf_token": csrf, "name": "又一位", "role": "counter", "login": "clerk"},
    )
    assert taken.status_code == 422 and "這個帳號已有人使用" in text_of(taken)
    added = text_of(
        client.post(
            "/api/admin/staff",
            data={"csrf_token": csrf, "name": "李新人", "role": "counter", "login": "lee"},
        )
    )
    secret = re.search(r'<p class="secret"><code>([\w-]+)</code>', added).group(1)
    assert "只顯示這一次" in added
    newcomer = client.application.test_client()
    sign_in(newcomer, "lee", secret)
    assert newcomer.get("/api/admin/day").status_code == 200
    disabled = client.post("/api/admin/staff/lee/disable", data={"csrf_token": csrf})
    assert disabled.status_code == 303
    assert newcomer.get("/api/admin/day").status_code == 303, "their session ended at once"
    itself = client.post("/api/admin/staff/boss/disable", data={"csrf_token": csrf})
    assert itself.status_code == 409, "nobody disables their own account"
    client.post("/api/admin/staff/lee/enable", data={"csrf_token": csrf})
    token_page = text_of(client.post("/api/admin/staff/lee/token", data={"csrf_token": csrf}))
    token = re.search(r'<p class="secret"><code>([\w-]+)</code>', token_page).group(1)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/admin/bookings?date={MONDAY}", headers=headers).status_code == 200
    logged = [(e.action, e.target) for e in log_of(client) if e.actor == "boss"]
    for expected in [
        ("staff_add", "lee"),
        ("staff_disable", "lee"),
        ("staff_enable", "lee"),
        ("staff_token", "lee"),
    ]:
        assert expected in logged
    assert secret not in repr(log_of(client)) and token not in repr(log_of(client))


def _command(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *argv: str, capsys
) -> tuple[int, str, str]:
    from forms_lambda import staff

    monkeypatch.setenv("FORMS_INSTANCE_PATH", str(folder))
    monkeypatch.setenv("FORMS_SECRET_KEY", "command-test")
    code = staff.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_staff_command_manages_accounts_on_sqlite(monkeypatch, tmp_path: Path, capsys) -> None:
    code, out, _ = _command(
        monkeypatch, tmp_path, "add", "--name", "王小明", "--role", "supervisor", capsys=capsys
    )
    assert code == 0 and "帳號 login: supervisor01" in out
    secret = re.search(r"secret \(shown once\): (\S+)", out).group(1)
    code, out, _ = _command(
        monkeypatch,
        tmp_path,
        "add",
        "--name",
        "林櫃台",
        "--role",
        "counter",
        "--login",
        "lin",
        capsys=capsys,
    )
    assert code == 0 and "lin" in out
    code, _out, err = _command(
        monkeypatch,
        tmp_path,
        "add",
        "--name",
        "x",
        "--role",
        "counter",
        "--login",
        "Bad Login",
        capsys=capsys,
    )
    assert code == 2 and "帳號須以小寫英文字母開頭" in err and "A login starts with" in err
    code, out, _ = _command(monkeypatch, tmp_path, "list", capsys=capsys)
    assert "supervisor01\t王小明" in out and "lin\t林櫃台" in out and secret not in out
    code, out, _ = _command(monkeypatch, tmp_path, "token", "lin", capsys=capsys)
    token = re.search(r"token \(shown once\): (\S+)", out).group(1)
    code, out, _ = _command(monkeypatch, tmp_path, "disable", "lin", capsys=capsys)
    assert code == 0 and "disabled" in out
    code, _out, err = _command(monkeypatch, tmp_path, "reset", "nobody", capsys=capsys)
    assert code == 2 and "no such account" in err
    app = create_app(Settings.from_env())
    client = app.test_client()
    assert (
        client.get(
            f"/api/admin/bookings?date={MONDAY}", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 401
    )
    as_staff(client, "supervisor01", secret)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("forms.sqlite3*"))
    assert secret.encode() not in raw and token.encode() not in raw
    with app.app_context():
        entries = backend().store.list_access([taipei_now().date().isoformat()])
    assert {("command-line", "staff_add", "lin"), ("command-line", "staff_disable", "lin")} <= {
        (e.actor, e.action, e.target) for e in entries
    }


def test_the_staff_command_works_on_dynamodb(monkeypatch, tmp_path: Path, capsys, aws_env) -> None:
    import boto3
    from moto import mock_aws

    from forms_lambda.store.dynamodb import DynamoStore

    with mock_aws():
        client = boto3.client("dynamodb", region_name="ap-northeast-1")
        DynamoStore.create_tables(client, "hro-forms", "hro-forms-ephemeral")
        monkeypatch.setenv("FORMS_STORE", "dynamodb")
        code, out, _ = _command(
            monkeypatch,
            tmp_path,
            "add",
            "--name",
            "陳主任",
            "--role",
            "supervisor",
            "--login",
            "chen",
            capsys=capsys,
        )
        assert code == 0
        secret = re.search(r"secret \(shown once\): (\S+)", out).group(1)
        code, out, _ = _command(monkeypatch, tmp_path, "list", capsys=capsys)
        assert "chen\t陳主任" in out
        app = create_app(Settings.from_env())
        web = app.test_client()
        sign_in(web, "chen", secret)
        page = text_of(web.get("/api/admin/staff"))
        assert "陳主任" in page and csrf_of(page)


def test_a_store_with_staff_signs_in_on_both_stores(
    settings: Settings, clock: Clock, store: Store
) -> None:
    client = with_staff(create_app(settings, now=clock, store=store)).test_client()
    as_staff(client, "mail", STAFF_SECRET)
    assert client.get("/api/admin/cases").status_code == 200
    assert [e.action for e in log_of(client)][:1] == ["sign_in"]


def test_every_staff_endpoint_names_its_permission(app) -> None:
    """Fail closed: a console page or staff API endpoint without @needs is refused to all, and
    this lists the only ones meant to be open (sign-in, assets) or open to any signed-in role."""
    from forms_lambda.domain.staff import PERMISSIONS

    known = set().union(*PERMISSIONS.values())
    open_ones = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("admin_console.", "staff_api.")):
            continue
        permission = getattr(app.view_functions[rule.endpoint], "permission", None)
        if permission is None:
            open_ones.add(rule.endpoint)
        else:
            assert permission in known, (rule.endpoint, permission)
    assert open_ones == {
        "admin_console.asset",
        "admin_console.sign_in",
        "admin_console.sign_in_post",
        "admin_console.sign_out",
        "admin_console.home",
    }
