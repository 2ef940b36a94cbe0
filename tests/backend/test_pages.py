"""The server-rendered result pages of the no-JavaScript forms (forms_lambda/api/pages.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.backend.conftest import STAFF_HEADERS, booking_payload, feedback_payload


def _form(**overrides: object) -> dict[str, str]:
    data = {k: str(v) for k, v in booking_payload(**overrides).items()}
    data["consent"] = "on"
    return data


def test_booking_done_page_shows_the_booking_with_ics_and_cancel_links(client) -> None:
    done = client.post("/api/bookings", data=_form(lang="en"))
    page = client.get(done.headers["Location"])
    html = page.get_data(as_text=True)
    query = parse_qs(urlsplit(done.headers["Location"]).query)
    reference, token = query["reference"][0], query["token"][0]
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert '<html lang="en">' in html and "Your appointment is booked" in html
    assert reference in html and "2026-11-30 (Mon)" in html and "09:00" in html
    assert "Household registration" in html and "household certificate" in html  # bring
    assert f"/api/bookings/{reference}/calendar.ics?token={token}" in html
    assert f"/api/pages/en/booking/cancel/?reference={reference}&amp;token={token}" in html
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    wrong = client.get(f"/api/pages/booking/done/?reference={reference}&token=nope")
    assert wrong.status_code == 404 and "查無資料" in wrong.get_data(as_text=True)


def test_full_page_offers_the_next_free_slots(client) -> None:
    for n in range(3):  # household has 3 places per slot
        client.post("/api/bookings", data=_form(phone=f"0912-000-00{n}"))
    full = client.post("/api/bookings", data=_form(phone="0912-000-009"))
    assert full.status_code == 303
    html = client.get(full.headers["Location"]).get_data(as_text=True)
    assert "這個時段剛剛額滿" in html
    assert "2026-11-30（週一） 09:30（剩 3 位）" in html  # the next free one
    assert "09:00（" not in html and "08:30（" not in html  # only free ones after it
    assert "/booking/?service=household&amp;date=2026-11-30#book" in html


def test_invalid_page_names_each_field_and_its_message(client) -> None:
    invalid = client.post("/api/bookings", data=_form(email="nope", phone="1"))
    html = client.get(invalid.headers["Location"]).get_data(as_text=True)
    assert "有問題需要修正" in html
    assert "電子郵件：請輸入有效的電子郵件地址" in html and "聯絡電話：請輸入臺灣手機" in html
    assert "nope" not in html  # values never travel in the URL


def test_cancel_page_cancels_without_javascript(client) -> None:
    done = client.post("/api/bookings", data=_form())
    query = parse_qs(urlsplit(done.headers["Location"]).query)
    reference, token = query["reference"][0], query["token"][0]
    page = client.get(f"/api/pages/booking/cancel/?reference={reference}&token={token}")
    html = page.get_data(as_text=True)
    assert f'action="/api/bookings/{reference}/cancel"' in html and "確認取消預約" in html
    cancelled = client.post(
        f"/api/bookings/{reference}/cancel", data={"token": token, "lang": "zh-TW"}
    )
    assert cancelled.status_code == 303
    assert "已取消" in client.get(cancelled.headers["Location"]).get_data(as_text=True)
    again = client.get(f"/api/pages/booking/cancel/?reference={reference}&token={token}")
    assert "確認取消預約" not in again.get_data(as_text=True)  # nothing left to cancel
    empty = client.get("/api/pages/en/booking/cancel/").get_data(as_text=True)
    assert '<form method="get" action="/api/pages/en/booking/cancel/">' in empty


def test_feedback_done_and_status_pages_show_the_case_and_the_reply(client) -> None:
    form = {k: str(v) for k, v in feedback_payload().items()}
    form["consent"] = "on"
    done = client.post("/api/feedback", data=form)
    query = parse_qs(urlsplit(done.headers["Location"]).query)
    number, token = query["case_number"][0], query["token"][0]
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert number in html and token in html and "處理中" in html
    reply = client.post(
        f"/api/admin/feedback/{number}/reply", json={"reply": "已改善。"}, headers=STAFF_HEADERS
    )
    assert reply.status_code == 200
    status = client.get(f"/api/pages/en/feedback/status/?case_number={number}&token={token}")
    text = status.get_data(as_text=True)
    assert status.status_code == 200 and "Answered" in text and "已改善。" in text


def test_unknown_pages_are_404_and_busy_page_is_localized(client) -> None:
    assert client.get("/api/pages/nothing/").status_code == 404
    busy = client.get("/api/pages/en/busy/").get_data(as_text=True)
    assert "Too many requests" in busy
