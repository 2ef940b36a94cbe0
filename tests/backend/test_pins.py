"""Codes a citizen can read out: the booking reference or case number with a 6-digit PIN.

The PIN is shown on the result page and in the e-mail, kept only as a keyed hash, and opens
the record (and cancels a booking) without the link; wrong PINs are limited per record, per day
and over the record's life, on both stores, and a refusal changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from forms_lambda.domain.common import NotFound, Refused
from forms_lambda.domain.ids import Hasher
from forms_lambda.domain.pins import WRONG_EVER, WRONG_PER_DAY, PinGuard
from forms_lambda.domain.rules import TAIPEI
from forms_lambda.store.sqlite import SqliteStore

from .conftest import booking_payload, feedback_payload, outbox

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def book(client, **overrides):
    answer = client.post("/api/bookings", json=booking_payload(**overrides))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 10**6:06d}"


def mail_to(tmp_path: Path, address: str) -> str:
    [message] = [m for m in outbox(tmp_path) if address in m["To"]]
    return message.get_body(("plain",)).get_content()


def remaining(client) -> int:
    slots = client.get("/api/slots?service=household&date=2026-11-30").get_json()
    return next(s["remaining"] for s in slots if s["start"] == "2026-11-30T09:00")


def test_the_pin_is_shown_mailed_and_kept_only_as_a_keyed_hash(any_client, store, tmp_path) -> None:
    booked = book(any_client)
    pin, reference = booked["pin"], booked["reference"]
    assert len(pin) == 6 and pin.isdigit()
    mail = mail_to(tmp_path, "ming@example.com")
    assert f"預約編號：{reference}\n查詢碼：{pin}\n" in mail
    assert "/api/pages/booking/find/" in mail
    assert "地點：臺中市南區戶政事務所，402臺中市南區復興路一段" in mail  # office.yml
    assert "或來電 (04)2222-0000。" in mail and "應備文件：" in mail
    stored = json.dumps(store.get_booking(reference).to_item())
    for plain in (pin, hashlib.sha256(pin.encode()).hexdigest()):
        assert plain not in stored
    expected = Hasher("test-secret").pin_hash(reference, pin)
    assert store.get_booking(reference).pin_hash == expected


def test_reference_and_pin_look_up_and_cancel_a_booking(any_client) -> None:
    booked = book(any_client)
    reference, pin = booked["reference"], booked["pin"]
    typed = {
        "reference": f" {reference.lower()[:5]}-{reference[5:]}",
        "pin": pin.translate(FULL_WIDTH),
    }
    found = any_client.post("/api/bookings/lookup", json=typed)
    assert found.status_code == 200
    assert found.get_json()["reference"] == reference and found.get_json()["status"] == "confirmed"
    refused = any_client.post(f"/api/bookings/{reference}/cancel", json={"pin": wrong(pin)})
    assert refused.status_code == 404 and refused.get_json()["error"] == "pin_wrong"
    assert remaining(any_client) == 2  # nothing changed
    cancelled = any_client.post(f"/api/bookings/{reference}/cancel", json={"pin": pin})
    assert cancelled.get_json() == {"reference": reference, "status": "cancelled"}
    assert remaining(any_client) == 3


@pytest.mark.parametrize(
    ("body", "status", "answer"),
    [
        ({"reference": "B2345678", "pin": "123456"}, 422, {"reference"}),
        ({"reference": "B23456789", "pin": "12345"}, 422, {"pin"}),
        ({"reference": "B23456789", "pin": "١٢٣٤٥٦"}, 422, {"pin"}),
        ({"reference": "B23456789"}, 422, {"pin"}),
        ({"reference": "B23456789", "pin": "123456"}, 404, "pin_wrong"),  # no such booking
    ],
)
def test_bad_look_ups_are_refused_clearly(client, body: dict, status: int, answer) -> None:
    refused = client.post("/api/bookings/lookup", json={**body, "lang": "en"})
    assert refused.status_code == status
    payload = refused.get_json()
    if isinstance(answer, set):
        assert set(payload["fields"]) == answer
    else:
        assert payload["error"] == answer and " / " in payload["message"]


def test_wrong_pins_are_limited_per_day_and_over_the_bookings_life(any_client, clock) -> None:
    booked = book(any_client, slot="2026-12-04T09:00")
    reference, pin = booked["reference"], booked["pin"]

    def look_up(value: str):
        return any_client.post("/api/bookings/lookup", json={"reference": reference, "pin": value})

    for _ in range(WRONG_PER_DAY):
        assert look_up(wrong(pin)).status_code == 404
    locked = look_up(pin)  # even the right PIN waits until tomorrow
    assert locked.status_code == 429 and locked.get_json()["error"] == "pin_locked"
    cancel = any_client.post(f"/api/bookings/{reference}/cancel", json={"pin": pin})
    assert cancel.status_code == 429
    assert any_client.get(f"/api/bookings/{reference}?token={booked['token']}").status_code == 200
    clock.set("2026-11-28T08:00")
    assert look_up(pin).status_code == 200
    for _ in range(WRONG_EVER - WRONG_PER_DAY):
        assert look_up(wrong(pin)).status_code == 404
    clock.set("2026-11-29T08:00")
    assert look_up(pin).status_code == 429  # ten wrong PINs in its life: closed for good
    clock.set("2026-12-03T08:00")
    assert look_up(pin).status_code == 429
    assert any_client.get(f"/api/bookings/{reference}?token={booked['token']}").status_code == 200


class SlowReads(SqliteStore):
    """Reads that take a while, as over a network: every guess reads before any has counted."""

    def rate_count(self, key: str) -> int:
        time.sleep(0.1)
        return super().rate_count(key)


def test_the_life_limit_holds_when_many_guesses_arrive_at_once(tmp_path: Path) -> None:
    """Every try is counted before the PIN is compared, so concurrent guesses cannot slip past
    (a check-then-count guard lets most of these 40 through: the daily count does)."""
    store = SlowReads(tmp_path / "pins.sqlite3")
    hasher = Hasher("test-secret")
    guard = PinGuard(store, hasher, lambda: datetime(2026, 11, 27, 10, 0, tzinfo=TAIPEI))
    stored = hasher.pin_hash("B23456789", "123456")
    outcomes: list[str] = []
    lock = threading.Lock()

    start = threading.Barrier(40)

    def guess(n: int) -> None:
        start.wait()
        try:
            guard.check("booking", "B23456789", f"{n:06d}", stored, 2_000_000_000)
            outcome = "opened"
        except NotFound:
            outcome = "wrong"
        except Refused:
            outcome = "locked"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(200_000, 200_040)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    assert len(outcomes) == 40 and "opened" not in outcomes
    # More than a day's five were compared (the reads raced), yet never more than the life limit.
    assert WRONG_PER_DAY < outcomes.count("wrong") <= WRONG_EVER


def test_case_number_and_pin_open_the_case_status(any_client, tmp_path) -> None:
    created = any_client.post("/api/feedback", json=feedback_payload()).get_json()
    number, pin = created["case_number"], created["pin"]
    mail = mail_to(tmp_path, "mei@example.com")
    assert f"您的案號為 {number}，查詢碼為 {pin}。" in mail and "/api/pages/feedback/find/" in mail
    assert created["token"] not in mail.split("\n")[2]  # the line a person reads out
    found = any_client.post(
        "/api/feedback/lookup", json={"case_number": number.replace("-", ""), "pin": pin}
    )
    assert found.status_code == 200 and found.get_json()["status"] == "open"
    miss = any_client.post("/api/feedback/lookup", json={"case_number": number, "pin": wrong(pin)})
    assert miss.status_code == 404 and miss.get_json()["error"] == "pin_wrong"


# --- the pages without JavaScript ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "title", "label"),
    [
        ("/api/pages/booking/find/", "查詢或取消預約", "預約編號"),
        ("/api/pages/en/booking/find/", "Find or cancel a booking", "Reference"),
        ("/api/pages/feedback/find/", "案件查詢", "案號"),
        ("/api/pages/en/feedback/find/", "Case status", "Case number"),
    ],
)
def test_look_up_pages_are_plain_forms_in_both_languages(client, path, title, label) -> None:
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"<h1>{title}</h1>" in html
    assert f'<form method="post" action="{path}">' in html and f">{label}</label>" in html
    assert 'name="pin"' in html and 'inputmode="numeric"' in html and "<script" not in html


def test_the_booking_page_shows_the_pin_and_the_find_page_cancels(client) -> None:
    form = {k: str(v) for k, v in booking_payload().items()}
    done = client.post("/api/bookings", data=form)
    done_html = client.get(done.headers["Location"]).get_data(as_text=True)
    reference = done.headers["Location"].split("reference=")[1].split("&")[0]
    pin = done_html.split("<dt>查詢碼</dt><dd>")[1][:6]
    assert pin.isdigit()
    found = client.post("/api/pages/booking/find/", data={"reference": reference, "pin": pin})
    html = found.get_data(as_text=True)
    assert found.status_code == 200 and reference in html and "一般戶籍登記" in html
    assert 'name="action" value="cancel"' in html and "確認取消預約" in html
    cancel = client.post(
        "/api/pages/en/booking/find/", data={"reference": reference, "pin": pin, "action": "cancel"}
    )
    assert cancel.status_code == 303
    assert cancel.headers["Location"] == f"/api/pages/en/booking/cancelled/?reference={reference}"
    assert remaining(client) == 3
    again = client.post("/api/pages/booking/find/", data={"reference": reference, "pin": pin})
    assert "已取消" in again.get_data(as_text=True) and "確認取消預約" not in again.get_data(
        as_text=True
    )


def test_the_find_page_explains_each_problem_and_changes_nothing(client) -> None:
    booked = book(client)
    reference, pin = booked["reference"], booked["pin"]
    bad = client.post("/api/pages/en/booking/find/", data={"reference": "B123", "pin": "12"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "There is a problem" in html
    assert '<a href="#f-reference">The booking reference is B and 8' in html
    assert '<a href="#f-pin">The PIN is 6 digits' in html and 'aria-invalid="true"' in html
    assert 'value="B123"' in html  # what was typed stays, except the PIN
    miss = client.post(
        "/api/pages/booking/find/",
        data={"reference": reference, "pin": wrong(pin), "action": "cancel"},
    )
    assert miss.status_code == 404 and "編號、查詢碼不正確" in miss.get_data(as_text=True)
    assert remaining(client) == 2
    for _ in range(WRONG_PER_DAY - 1):
        client.post("/api/pages/booking/find/", data={"reference": reference, "pin": wrong(pin)})
    locked = client.post("/api/pages/booking/find/", data={"reference": reference, "pin": pin})
    assert locked.status_code == 429 and "請使用確認信中的連結" in locked.get_data(as_text=True)
    assert client.post("/api/pages/booking/done/", data={}).status_code == 405


def test_the_case_pages_show_the_pin_and_the_status(client) -> None:
    form = {k: str(v) for k, v in feedback_payload(lang="en").items()}
    done = client.post("/api/feedback", data=form)
    done_html = client.get(done.headers["Location"]).get_data(as_text=True)
    pin = done_html.split("<dt>PIN</dt><dd>")[1][:6]
    number = done.headers["Location"].split("case_number=")[1].split("&")[0]
    page = client.post("/api/pages/en/feedback/find/", data={"case_number": number, "pin": pin})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and number in html and "Being handled" in html
    assert "No reply yet." in html


def test_the_link_pages_point_to_the_pin_pages(client) -> None:
    cancel = client.get("/api/pages/booking/cancel/").get_data(as_text=True)
    assert '<a href="/api/pages/booking/find/">沒有連結？' in cancel
    status = client.get("/api/pages/en/feedback/status/").get_data(as_text=True)
    assert '<a href="/api/pages/en/feedback/find/">No link?' in status
