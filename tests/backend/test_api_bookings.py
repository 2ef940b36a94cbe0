"""Booking endpoints end to end through the Flask app (real SQLite file in a temp folder)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from forms_lambda.app import create_app
from forms_lambda.domain.definitions import load_definitions
from forms_lambda.web import backend

from .conftest import (
    COUNTER_HEADERS,
    MAILBOX_HEADERS,
    STAFF_HEADERS,
    Clock,
    booking_payload,
    make_settings,
    outbox,
    with_staff,
)

NOTICE_VERSION = load_definitions(
    Path(__file__).resolve().parents[2] / "content" / "data" / "forms.yml"
).notice_version


def book(client, **overrides):
    return client.post("/api/bookings", json=booking_payload(**overrides))


def test_health_services_and_slots(client) -> None:
    assert client.get("/api/health").get_json() == {"status": "ok"}
    services = {s["id"]: s for s in client.get("/api/services").get_json()}
    assert services["household"]["name"]["en"].startswith("Household registration")
    assert services["holiday-marriage"]["bookable_dates"] == ["2026-12-12", "2026-12-26"]
    assert "2026-11-28" in services["marriage"]["bookable_dates"]  # Saturday morning
    assert "2026-11-28" not in services["household"]["bookable_dates"]
    slots = client.get("/api/slots?service=household&date=2026-11-30").get_json()
    assert slots[0] == {"start": "2026-11-30T08:30", "remaining": 3}
    assert client.get("/api/slots?service=household&date=2026-12-25").get_json() == []


def test_slots_count_down_as_people_book(any_client) -> None:
    for n in range(2):
        assert book(any_client, phone=f"0912-000-00{n}").status_code == 201
    slots = {
        s["start"]: s["remaining"]
        for s in any_client.get("/api/slots?service=household&date=2026-11-30").get_json()
    }
    assert slots["2026-11-30T09:00"] == 1 and slots["2026-11-30T09:30"] == 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "service=household",
        "date=2026-11-30",
        "service=nope&date=2026-11-30",
        "service=household&date=30/11/2026",
    ],
)
def test_slots_with_bad_parameters_say_which(client, query: str) -> None:
    answer = client.get(f"/api/slots?{query}", headers={"Accept-Language": "en"})
    assert answer.status_code == 422
    assert answer.get_json()["error"] == "invalid" and answer.get_json()["fields"]


def test_booking_is_confirmed_and_mailed_with_ics(client, tmp_path: Path) -> None:
    answer = book(client, lang="en", id_number="A123456789")
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["status"] == "confirmed" and body["slot"] == "2026-11-30T09:00"
    assert body["cancel_url"].startswith("http://localhost/api/pages/en/booking/cancel/?reference=")
    assert answer.headers["Location"] == f"/api/bookings/{body['reference']}"
    mails = outbox(tmp_path)
    citizen = next(m for m in mails if "ming@example.com" in m["To"])
    assert citizen["Subject"] == f"Appointment confirmed: {body['reference']}"
    text = citizen.get_payload()[0].get_payload(decode=True).decode()
    assert body["reference"] in text and "2026-11-30 09:00" in text and body["cancel_url"] in text
    assert "National ID card" in text  # what to bring
    ics = next(p for p in citizen.walk() if p.get_content_type() == "text/calendar")
    assert b"DTSTART:20261130T010000Z" in ics.get_payload(decode=True)
    staff = next(m for m in mails if "staff@" in m["To"])
    assert "ming" not in staff.as_string()  # staff notice carries no personal data


def test_lookup_cancel_and_calendar_need_the_token(client) -> None:
    body = book(client).get_json()
    ref, token = body["reference"], body["token"]
    assert client.get(f"/api/bookings/{ref}").status_code == 404
    assert client.get(f"/api/bookings/{ref}?token=wrong").status_code == 404
    found = client.get(f"/api/bookings/{ref}?token={token}").get_json()
    assert found["status"] == "confirmed" and found["service_name"]["zh-TW"]
    ics = client.get(f"/api/bookings/{ref}/calendar.ics?token={token}")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert ics.data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert client.post(f"/api/bookings/{ref}/cancel", json={"token": "bad"}).status_code == 404
    done = client.post(f"/api/bookings/{ref}/cancel", json={"token": token})
    assert done.get_json() == {"reference": ref, "status": "cancelled"}
    again = client.post(f"/api/bookings/{ref}/cancel?token={token}")
    assert again.status_code == 409 and again.get_json()["error"] == "already_cancelled"


def test_full_slot_gives_409_and_cancel_frees_it(any_client) -> None:
    tokens = []
    for n in range(3):
        answer = book(any_client, phone=f"0912-000-00{n}")
        assert answer.status_code == 201
        tokens.append(answer.get_json())
    full = book(any_client, phone="0912-000-009")
    assert full.status_code == 409 and full.get_json()["error"] == "slot_full"
    first = tokens[0]
    any_client.post(f"/api/bookings/{first['reference']}/cancel", json={"token": first["token"]})
    assert book(any_client, phone="0912-000-009").status_code == 201


def test_one_booking_per_person_per_day_by_phone_or_id(client) -> None:
    assert book(client, id_number="A123456789").status_code == 201
    same_phone = book(client, slot="2026-11-30T14:00")
    assert same_phone.status_code == 409
    assert same_phone.get_json()["error"] == "already_booked_that_day"
    same_id = book(client, slot="2026-11-30T14:00", phone="0922-111-222", id_number="a123456789")
    assert same_id.status_code == 409
    assert book(client, slot="2026-12-01T09:00").status_code == 201  # another day


def test_invalid_fields_get_messages_in_the_request_language(client) -> None:
    bad = {
        "name": "R2-D2",
        "phone": "12345",
        "email": "no",
        "id_number": "A123456788",
        "consent": False,
        "slot": "2026-11-30T09:10",
    }
    zh = book(client, **bad).get_json()
    assert zh["error"] == "invalid" and " / " in zh["message"]
    assert set(zh["fields"]) == {"name", "phone", "email", "id_number", "consent", "slot"}
    assert "身分證" in zh["fields"]["id_number"]
    en = book(client, **bad, lang="en").get_json()
    assert en["fields"]["consent"].startswith("Please read the personal data notice")
    wrong_lang = book(client, lang="fr")
    assert wrong_lang.status_code == 422 and set(wrong_lang.get_json()["fields"]) == {"lang"}
    slots = client.get("/api/slots?service=household&date=2026-11-30").get_json()
    assert slots[1]["remaining"] == 3, "a refused request books nothing"


@pytest.mark.parametrize(
    ("slot", "reason"),
    [
        ("2026-11-27T16:00", "slot_outside_window"),  # today
        ("2026-11-26T09:00", "slot_past"),
        ("2026-12-07T09:00", "slot_outside_window"),  # beyond 7 days
        ("2026-11-30T12:00", "slot_not_offered"),  # lunch
        ("2026-11-30 09:00", "slot_format"),
    ],
)
def test_slots_outside_the_rules_are_refused(client, slot: str, reason: str) -> None:
    answer = book(client, slot=slot, lang="en")
    assert answer.status_code == 422
    from forms_lambda.domain.messages import text

    assert answer.get_json()["fields"]["slot"] == text(reason, "en")


def test_closed_day_is_named(client, clock: Clock) -> None:
    clock.set("2026-12-21T10:00")
    answer = book(client, slot="2026-12-25T09:00", lang="en")
    assert answer.get_json()["fields"]["slot"] == "The office is closed that day."


def test_honeypot_looks_booked_but_stores_nothing(client, tmp_path: Path) -> None:
    answer = book(client, website="http://spam.example")
    assert answer.status_code == 201 and answer.get_json()["reference"].startswith("B")
    assert client.get("/api/slots?service=household&date=2026-11-30").get_json()[1] == {
        "start": "2026-11-30T09:00",
        "remaining": 3,
    }
    assert outbox(tmp_path) == []


def test_idempotency_key_replays_the_first_answer(client) -> None:
    headers = {"Idempotency-Key": "retry-1"}
    first = client.post("/api/bookings", json=booking_payload(), headers=headers)
    second = client.post("/api/bookings", json=booking_payload(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    slots = client.get("/api/slots?service=household&date=2026-11-30").get_json()
    assert slots[1]["remaining"] == 2
    other = client.post("/api/bookings", json=booking_payload(name="陳大文"), headers=headers)
    assert other.status_code == 422 and other.get_json()["error"] == "idempotency_conflict"
    # a refused request does not keep its key: the corrected retry goes through
    bad = client.post(
        "/api/bookings",
        json=booking_payload(email="x", phone="0933-111-222"),
        headers={"Idempotency-Key": "retry-2"},
    )
    assert bad.status_code == 422
    good = client.post(
        "/api/bookings",
        json=booking_payload(phone="0933-111-222"),
        headers={"Idempotency-Key": "retry-2"},
    )
    assert good.status_code == 201


def test_form_posts_get_303_to_localized_pages(client) -> None:
    form = {k: str(v) for k, v in booking_payload(lang="en").items()}
    form["consent"] = "on"
    done = client.post("/api/bookings", data=form)
    assert done.status_code == 303
    assert done.headers["Location"].startswith("/api/pages/en/booking/done/?reference=B")
    assert "token=" in done.headers["Location"]
    assert "lang=en" in done.headers["Set-Cookie"]
    invalid = client.post("/api/bookings", data={**form, "email": "nope", "phone": "1"})
    assert invalid.headers["Location"] == (
        "/api/pages/en/booking/invalid/?error=invalid&fields=email%2Cphone"
        "&codes=email_invalid%2Cphone_invalid"
    )
    for n in range(2):
        client.post("/api/bookings", data={**form, "phone": f"0912-000-00{n}"})
    full = client.post("/api/bookings", data={**form, "lang": "zh-TW", "phone": "0912-000-009"})
    assert full.status_code == 303 and full.headers["Location"] == (
        "/api/pages/booking/full/?reason=slot_full&service=household&slot=2026-11-30T09%3A00"
    )


def test_id_number_is_stored_only_as_keyed_hash_and_last_four(client, settings) -> None:
    body = book(client, id_number="A123456789", note="輪椅").get_json()
    database = settings.instance_path / "forms.sqlite3"
    dump = "\n".join(sqlite3.connect(database).iterdump())
    assert "A123456789" not in dump and "A12345" not in dump
    row = json.loads(
        sqlite3.connect(database)
        .execute("SELECT data FROM bookings WHERE reference = ?", (body["reference"],))
        .fetchone()[0]
    )
    assert row["id_last4"] == "6789" and len(row["id_hash"]) == 64
    assert row["consent_version"] == NOTICE_VERSION and row["consent_at"].startswith("2026-11-27")
    assert body["token"] not in dump  # only its hash is kept


def test_three_no_shows_block_online_booking(client, clock: Clock) -> None:
    references = []
    for day in ("2026-11-30", "2026-12-01", "2026-12-02"):
        references.append(book(client, slot=f"{day}T09:00").get_json()["reference"])
    clock.set("2026-12-03T10:00")
    for ref in references:
        answer = client.post(f"/api/admin/bookings/{ref}/no-show", headers=STAFF_HEADERS)
        assert answer.get_json()["status"] == "no_show"
    blocked = book(client, slot="2026-12-04T09:00")
    assert blocked.status_code == 403 and blocked.get_json()["error"] == "blocked_no_show"
    assert book(client, slot="2026-12-04T09:00", phone="0922-333-444").status_code == 201
    clock.set("2027-06-10T10:00")  # six months later
    assert book(client, slot="2027-06-11T09:00").status_code == 201


def test_staff_lists_bookings_of_a_day_as_json_csv_and_ods(client) -> None:
    book(client, note="=1+1")
    assert client.get("/api/admin/bookings?date=2026-11-30").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/api/admin/bookings?date=2026-11-30", headers=wrong).status_code == 401
    rows = client.get("/api/admin/bookings?date=2026-11-30", headers=STAFF_HEADERS).get_json()
    assert rows[0]["name"] == "王小明" and rows[0]["phone"] == "+886912345678"
    assert "id_hash" not in rows[0]
    csv = client.get("/api/admin/bookings?date=2026-11-30&format=csv", headers=STAFF_HEADERS)
    assert csv.mimetype == "text/csv"
    text = csv.data.decode("utf-8-sig")
    assert "'=1+1" in text and ",0912-345-678," in text and "'+886" not in text
    ods = client.get("/api/admin/bookings?date=2026-11-30&format=ods", headers=STAFF_HEADERS)
    assert ods.mimetype == "application/vnd.oasis.opendocument.spreadsheet"
    assert ods.data[:2] == b"PK" and ods.data[30:38] == b"mimetype"
    bad = client.get("/api/admin/bookings?date=2026-11-30&format=xls", headers=STAFF_HEADERS)
    assert bad.status_code == 422


def test_body_limits_and_types(client) -> None:
    big = client.post(
        "/api/bookings", data=b"{" + b" " * 70_000 + b"}", content_type="application/json"
    )
    assert big.status_code == 413 and big.get_json()["error"] == "too_large"
    assert (
        client.post("/api/bookings", data="<x/>", content_type="application/xml").status_code == 415
    )
    assert (
        client.post("/api/bookings", data="{", content_type="application/json").status_code == 400
    )
    assert (
        client.post("/api/bookings", data="[1]", content_type="application/json").status_code == 400
    )
    assert client.post("/api/bookings", json={"service": ["household"]}).status_code == 422
    assert client.get("/api/bookings").status_code == 405
    assert client.get("/api/nothing").get_json()["error"] == "not_found"


def test_rate_limit_holds_across_app_instances(tmp_path: Path, clock: Clock) -> None:
    """Two apps (two Lambda instances) share the store, so they share the count."""
    settings = make_settings(tmp_path, rate_limit=3)
    first = create_app(settings, now=clock).test_client()
    second = create_app(settings, now=clock).test_client()
    statuses = [
        c.post("/api/bookings", json={}).status_code for c in (first, second, first, second)
    ]
    assert statuses == [422, 422, 422, 429]
    limited = second.post("/api/bookings", json={})
    assert limited.get_json()["error"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert first.get("/api/slots?service=household&date=2026-11-30").status_code == 200
    form = first.post("/api/bookings", data={"name": "x"})
    assert form.status_code == 303 and form.headers["Location"] == "/api/pages/busy/"
    clock.set("2026-11-27T10:01")  # next minute
    assert first.post("/api/bookings", json={}).status_code == 422


def test_client_address_from_trusted_proxy(tmp_path: Path, clock: Clock) -> None:
    settings = make_settings(tmp_path, rate_limit=1, trusted_proxies=1)
    client = create_app(settings, now=clock).test_client()
    one = {"X-Forwarded-For": "203.0.113.5"}
    two = {"X-Forwarded-For": "203.0.113.6"}
    assert client.post("/api/bookings", json={}, headers=one).status_code == 422
    assert client.post("/api/bookings", json={}, headers=one).status_code == 429
    assert client.post("/api/bookings", json={}, headers=two).status_code == 422


def test_a_token_acts_for_its_owner_within_their_role(client) -> None:
    """Each token is one person's; their role limits it; refusals are 403 and logged."""
    assert client.get("/api/admin/feedback", headers=STAFF_HEADERS).status_code == 200
    assert client.get("/api/admin/feedback", headers=MAILBOX_HEADERS).status_code == 200
    refused = client.get("/api/admin/feedback", headers=COUNTER_HEADERS)
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"
    assert (
        client.get("/api/admin/bookings?date=2026-11-30", headers=COUNTER_HEADERS).status_code
        == 200
    )
    assert (
        client.get("/api/admin/bookings?date=2026-11-30", headers=MAILBOX_HEADERS).status_code
        == 403
    )
    assert (
        client.get("/api/admin/feedback", headers={"Authorization": "Bearer other"}).status_code
        == 401
    )
    with client.application.app_context():
        log = backend().access_log.between(date(2026, 11, 27), date(2026, 11, 27))
    denied = {(e.actor, e.action, e.outcome, e.detail) for e in log if e.outcome == "denied"}
    assert denied == {
        ("clerk", "denied", "denied", "cases.view"),
        ("mail", "denied", "denied", "bookings.view"),
    }
    assert ("boss", "view_cases", "open") in {(e.actor, e.action, e.target) for e in log}


def test_a_disabled_account_s_token_stops_at_once(client) -> None:
    with client.application.app_context():
        backend().staff.disable("clerk")
    assert (
        client.get("/api/admin/bookings?date=2026-11-30", headers=COUNTER_HEADERS).status_code
        == 401
    )
    with client.application.app_context():
        backend().staff.enable("clerk")
    assert (
        client.get("/api/admin/bookings?date=2026-11-30", headers=COUNTER_HEADERS).status_code
        == 200
    )


def test_works_when_mounted_at_api_too(app) -> None:
    """scripts/serve.py may mount the app at /api (SCRIPT_NAME) or at the root."""
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.test import Client
    from werkzeug.wrappers import Response

    site = DispatcherMiddleware(Response("site", mimetype="text/plain"), {"/api": app})
    client = Client(site)
    assert client.get("/api/health").get_json() == {"status": "ok"}
    answer = client.post("/api/bookings", json=booking_payload())
    assert answer.status_code == 201
    assert answer.headers["Location"].startswith("/api/bookings/B")
    assert client.get("/index.html").get_data() == b"site"


def test_a_crash_mid_booking_leaves_nothing_behind(tmp_path: Path) -> None:
    """A process killed between the two inserts of a booking leaves no half-booking."""
    import subprocess
    import sys

    from forms_lambda.store.sqlite import SqliteStore

    from .test_store import booking as make_booking

    database = tmp_path / "crash.sqlite3"
    code = f"""
import os, json
from forms_lambda.store import sqlite as module
from tests.backend.test_store import booking
store = module.SqliteStore({str(database)!r})
store._connect()
def crash(*args, **kwargs):  # the booking row is about to be written: die right here
    os._exit(9)
module.json.dumps = crash
store.create_booking(booking("CRASH", keys=["alice"]), 3, ["alice#2026-12-01"])
"""
    from forms_lambda.settings import REPO_ROOT

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, timeout=60, capture_output=True
    )
    assert result.returncode == 9
    store = SqliteStore(database)
    assert store.get_booking("CRASH") is None
    assert store.slot_usage("household", "2026-12-01") == {}
    # the person-day key written before the crash was rolled back: alice can book that day
    store.create_booking(make_booking("B1", keys=["alice"]), 3, ["alice#2026-12-01"])
    assert store.get_booking("B1") is not None


def test_no_javascript_cancel_page_posts_a_form(client) -> None:
    body = book(client, lang="en").get_json()
    done = client.post(
        f"/api/bookings/{body['reference']}/cancel", data={"token": body["token"], "lang": "en"}
    )
    assert done.status_code == 303
    assert (
        done.headers["Location"]
        == f"/api/pages/en/booking/cancelled/?reference={body['reference']}"
    )
    again = client.post(
        f"/api/bookings/{body['reference']}/cancel", data={"token": body["token"], "lang": "en"}
    )
    assert again.headers["Location"] == "/api/pages/en/booking/refused/?reason=already_cancelled"
    ics = client.get(f"/api/bookings/{body['reference']}/calendar.ics?token={body['token']}")
    assert b"METHOD:CANCEL" in ics.data and b"STATUS:CANCELLED" in ics.data


def test_form_retry_after_a_refusal_may_reuse_its_key(client) -> None:
    """The no-JavaScript page keeps its hidden idempotency_key when the citizen corrects it."""
    form = {k: str(v) for k, v in booking_payload().items()}
    form.update(consent="on", idempotency_key="page-load-7")
    wrong = client.post("/api/bookings", data={**form, "email": "nope"})
    assert wrong.headers["Location"].startswith("/api/pages/booking/invalid/?error=invalid")
    right = client.post("/api/bookings", data=form)
    assert right.headers["Location"].startswith("/api/pages/booking/done/?reference=")
    again = client.post("/api/bookings", data=form)  # double click
    assert again.headers["Location"] == right.headers["Location"]
    slots = client.get("/api/slots?service=household&date=2026-11-30").get_json()
    assert slots[1]["remaining"] == 2


def test_links_in_e_mails_use_the_site_url_not_the_host_header(
    tmp_path: Path, clock: Clock
) -> None:
    settings = make_settings(tmp_path, site_url="https://hro.example.gov.tw")
    client = create_app(settings, now=clock).test_client()
    body = client.post(
        "/api/bookings", json=booking_payload(), headers={"Host": "evil.example"}
    ).get_json()
    assert body["cancel_url"].startswith("https://hro.example.gov.tw/api/pages/booking/cancel/?")
    client.post(
        "/api/feedback",
        json={
            "kind": "complaint",
            "subject": "s",
            "message": "m",
            "name": "林美華",
            "email": "m@example.com",
            "consent": True,
        },
        headers={"Host": "evil.example"},
    )
    texts = [m.get_body(("plain",)).get_content() for m in outbox(tmp_path)]
    assert not any("evil.example" in t for t in texts)
    assert any("https://hro.example.gov.tw/api/feedback/" in t for t in texts)


def test_a_field_removed_from_forms_yml_is_never_stored(tmp_path: Path, clock: Clock) -> None:
    import yaml

    from forms_lambda.settings import REPO_ROOT

    definitions = yaml.safe_load((REPO_ROOT / "content/data/forms.yml").read_text())
    fields = definitions["forms"]["booking"]["fields"]
    definitions["forms"]["booking"]["fields"] = [f for f in fields if f["name"] != "id_number"]
    path = tmp_path / "forms.yml"
    path.write_text(yaml.safe_dump(definitions, allow_unicode=True))
    # The notice's agency line comes from office.yml beside forms.yml.
    (tmp_path / "office.yml").write_text((REPO_ROOT / "content/data/office.yml").read_text())
    client = with_staff(
        create_app(make_settings(tmp_path, definitions=path), now=clock)
    ).test_client()
    body = client.post("/api/bookings", json=booking_payload(id_number="A123456789")).get_json()
    rows = client.get("/api/admin/bookings?date=2026-11-30", headers=STAFF_HEADERS).get_json()
    assert rows[0]["reference"] == body["reference"] and rows[0]["id_last4"] == ""
    dump = "\n".join(sqlite3.connect(tmp_path / "forms.sqlite3").iterdump())
    assert "6789" not in dump
