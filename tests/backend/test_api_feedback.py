"""Feedback endpoints: cases, working-day deadlines, e-mail confirmation, staff replies, exports."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from .conftest import STAFF_HEADERS, Clock, feedback_payload, outbox


def send(client, **overrides):
    return client.post("/api/feedback", json=feedback_payload(**overrides))


def test_case_gets_number_token_and_a_working_day_deadline(any_client) -> None:
    answer = send(any_client)
    assert answer.status_code == 201
    body = answer.get_json()
    # Friday 2026-11-27 + 3 working days = Wednesday 2026-12-02
    assert body["case_number"] == "20261127-0001" and body["due_date"] == "2026-12-02"
    assert send(any_client).get_json()["case_number"] == "20261127-0002"
    status = any_client.get(f"/api/feedback/{body['case_number']}?token={body['token']}")
    assert status.get_json()["status"] == "open" and status.get_json()["reply"] is None
    assert any_client.get(f"/api/feedback/{body['case_number']}?token=x").status_code == 404


def test_deadline_skips_the_government_holidays(client, clock: Clock) -> None:
    clock.set("2026-12-23T10:00")  # Wednesday; 12-25 is 行憲紀念日
    assert send(client).get_json()["due_date"] == "2026-12-29"


def test_receipt_mail_in_the_citizens_language(client, tmp_path: Path) -> None:
    body = send(client, lang="en", name="Kolas Yotaka").get_json()
    mail = next(m for m in outbox(tmp_path) if "mei@example.com" in m["To"])
    assert mail["Subject"] == f"We received your message: case {body['case_number']}"
    text = mail.get_payload(decode=True).decode()
    assert body["token"] in text and "2026-12-02" in text
    assert "/api/pages/en/feedback/status/?case_number=" in text


def test_complaint_waits_for_email_confirmation(client, tmp_path: Path, clock: Clock) -> None:
    body = send(client, kind="complaint").get_json()
    assert body["status"] == "awaiting_confirmation" and body["due_date"] is None
    listed = client.get("/api/admin/feedback?status=open", headers=STAFF_HEADERS).get_json()
    assert listed == []
    mail = next(m for m in outbox(tmp_path) if "mei@example.com" in m["To"])
    text = mail.get_payload(decode=True).decode()
    link = next(w for w in text.split() if "/confirm?token=" in w)
    assert link.startswith(f"http://localhost/api/feedback/{body['case_number']}/confirm")
    clock.set("2026-11-30T09:00")  # confirmed on Monday: the clock starts then
    path = link.removeprefix("http://localhost")
    assert client.get(path.replace("token=", "token=x")).status_code == 404
    confirmed = client.get(path)
    assert confirmed.status_code == 303
    assert confirmed.headers["Location"].startswith("/api/pages/feedback/confirmed/?case_number=")
    status = client.get(f"/api/feedback/{body['case_number']}?token={body['token']}").get_json()
    assert status["status"] == "open" and status["due_date"] == "2026-12-03"
    assert client.get(path).status_code == 303  # a second click changes nothing


def test_staff_reply_closes_the_case_and_mails_the_citizen(client, tmp_path: Path) -> None:
    body = send(client, lang="en").get_json()
    number = body["case_number"]
    url = f"/api/admin/feedback/{number}/reply"
    assert client.post(url, json={"reply": "Done."}).status_code == 401
    assert client.post(url, json={"reply": ""}, headers=STAFF_HEADERS).status_code == 422
    answered = client.post(
        url, json={"reply": "We have fixed the queue display."}, headers=STAFF_HEADERS
    )
    assert answered.get_json()["status"] == "answered"
    again = client.post(url, json={"reply": "x"}, headers=STAFF_HEADERS)
    assert again.status_code == 409
    status = client.get(f"/api/feedback/{number}?token={body['token']}").get_json()
    assert status["reply"] == "We have fixed the queue display."
    reply_mail = next(m for m in outbox(tmp_path) if m["Subject"] == f"Our answer to case {number}")
    assert "fixed the queue display" in reply_mail.get_payload(decode=True).decode()
    assert (
        client.post(
            "/api/admin/feedback/20990101-0001/reply", json={"reply": "x"}, headers=STAFF_HEADERS
        ).status_code
        == 404
    )


def test_overdue_cases_come_first_and_staff_can_reclassify(client, clock: Clock) -> None:
    old = send(client).get_json()["case_number"]  # due 2026-12-02
    clock.set("2026-12-01T10:00")
    new = send(client).get_json()["case_number"]  # due 2026-12-04
    clock.set("2026-12-03T10:00")
    listed = client.get("/api/admin/feedback", headers=STAFF_HEADERS).get_json()
    assert [c["case_number"] for c in listed] == [old, new]
    assert listed[0]["overdue"] is True and listed[1]["overdue"] is False
    url = f"/api/admin/feedback/{old}/classify"
    changed = client.post(url, json={"class": "multi_unit"}, headers=STAFF_HEADERS).get_json()
    assert changed["handling_days"] == 5 and changed["due_date"] == "2026-12-04"
    complex_case = client.post(url, json={"class": "complex", "days": 20}, headers=STAFF_HEADERS)
    # 20 working days from Friday 11-27, skipping 12-25 (行憲紀念日)
    assert complex_case.get_json()["due_date"] == "2026-12-28"
    assert complex_case.get_json()["handling_days"] == 20
    assert (
        client.post(url, json={"class": "complex", "days": 31}, headers=STAFF_HEADERS).status_code
        == 422
    )
    assert client.post(url, json={"class": "urgent"}, headers=STAFF_HEADERS).status_code == 422


QUESTIONS = ("courtesy", "waiting", "speed", "facilities", "overall")
ALL_RATED = {"courtesy": 5, "waiting": 2, "speed": "4", "facilities": 3, "overall": 4}


def test_survey_stores_a_rating_per_question_on_both_stores(any_client) -> None:
    answer = send(any_client, kind="survey", ratings=ALL_RATED)
    assert answer.status_code == 201, answer.get_json()
    number = answer.get_json()["case_number"]
    cases = any_client.get("/api/admin/feedback?status=all", headers=STAFF_HEADERS).get_json()
    case = next(c for c in cases if c["case_number"] == number)
    assert [case[f"rating_{q}"] for q in QUESTIONS] == [5, 2, 4, 3, 4]
    assert case["rating_waiting"] == 2 and case["message"] == "謝謝櫃台同仁的協助。"
    csv_rows = (
        any_client.get("/api/admin/feedback?status=all&format=csv", headers=STAFF_HEADERS)
        .data.decode("utf-8-sig")
        .splitlines()
    )
    header = csv_rows[0].split(",")
    rated = [i for i, name in enumerate(header) if name.startswith("滿意度：")]
    assert [header[i] for i in rated][:2] == ["滿意度：服務態度", "滿意度：等候時間"]
    assert len(rated) == len(QUESTIONS)  # one column per question, named as the citizen saw it
    row = next(r.split(",") for r in csv_rows if r.startswith(number))
    assert [row[i] for i in rated] == ["5", "2", "4", "3", "4"]


def test_survey_needs_every_question_rated_from_1_to_5(client) -> None:
    nothing = send(client, kind="survey")
    assert nothing.status_code == 422
    assert set(nothing.get_json()["fields"]) == {f"rating_{q}" for q in QUESTIONS}
    partly = send(
        client, kind="survey", lang="en", ratings={**ALL_RATED, "speed": 6, "waiting": None}
    )
    assert partly.get_json()["fields"] == {
        "rating_speed": "Please rate from 1 to 5.",
        "rating_waiting": "Choose a rating from 1 to 5 for this question.",
    }
    assert send(client, kind="survey", ratings=[5, 5, 5, 5, 5]).status_code == 422
    assert send(client, kind="survey", ratings={**ALL_RATED, "overall": True}).status_code == 422
    assert send(client, kind="survey", rating=5).status_code == 422  # the old single rating


def test_survey_form_post_sends_one_field_per_question(client) -> None:
    form = {k: str(v) for k, v in feedback_payload(kind="survey").items()}
    form.update({f"rating_{q}": "3" for q in QUESTIONS})
    answer = client.post("/api/feedback", data=form)
    assert answer.status_code == 303 and "/feedback/done/" in answer.headers["Location"]
    del form["rating_overall"]
    invalid = client.post("/api/feedback", data=form)
    assert "fields=rating_overall" in invalid.headers["Location"]
    page = client.get(invalid.headers["Location"]).get_data(as_text=True)
    assert "整體滿意度" in page and "請為這一題選擇 1 到 5 分。" in page


def test_personal_data_request_is_its_own_case_with_the_right_and_deadline(any_client) -> None:
    """個資法 Art. 3 requests open a personal_data case on both stores, due in its own 7 days."""
    payload = feedback_payload(kind="personal_data", right="correct", message="地址更正")
    del payload["subject"]
    answer = any_client.post("/api/feedback", json=payload)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    # Friday 2026-11-27 + 7 working days (forms.yml personal_data.handling_days) = 2026-12-08
    assert body["due_date"] == "2026-12-08"
    cases = any_client.get("/api/admin/feedback?status=open", headers=STAFF_HEADERS).get_json()
    case = next(c for c in cases if c["case_number"] == body["case_number"])
    assert case["kind"] == "personal_data" and case["right"] == "correct"
    assert "請求補充或更正" in case["subject"] and "corrected" in case["subject"]
    assert case["message"] == "地址更正"
    csv_text = any_client.get(
        "/api/admin/feedback?status=all&format=csv", headers=STAFF_HEADERS
    ).data.decode("utf-8-sig")
    assert "請求之權利" in csv_text.splitlines()[0] and ",請求補充或更正," in csv_text


def test_personal_data_request_needs_a_known_right(client) -> None:
    missing = send(client, kind="personal_data", subject="")
    assert missing.status_code == 422 and "right" in missing.get_json()["fields"]
    wrong = send(client, kind="personal_data", right="sell", lang="en")
    assert wrong.get_json()["fields"] == {
        "right": "Choose the right you want to use: see, copy, correct, stop use or delete."
    }
    assert send(client, kind="personal_data", right=["see"]).status_code == 422


def test_personal_data_request_without_javascript_is_a_form_post(client) -> None:
    form = {k: str(v) for k, v in feedback_payload(kind="personal_data", right="delete").items()}
    answer = client.post("/api/feedback", data=form)
    assert answer.status_code == 303
    assert "/feedback/done/" in answer.headers["Location"]


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"kind": "praise"}, "kind"),
        ({"subject": ""}, "subject"),
        ({"message": "  "}, "message"),
        ({"email": "a@b"}, "email"),
        ({"consent": "no"}, "consent"),
        ({"subject": "Hi\r\nBcc: victim@example.com"}, "subject"),
        ({"phone": "123"}, "phone"),
    ],
)
def test_feedback_validation(client, patch: dict, field: str) -> None:
    answer = send(client, **patch)
    assert answer.status_code == 422 and field in answer.get_json()["fields"]


def test_feedback_form_post_and_honeypot(client, tmp_path: Path) -> None:
    form = {k: str(v) for k, v in feedback_payload(lang="en").items()}
    done = client.post("/api/feedback", data=form)
    assert done.status_code == 303
    assert done.headers["Location"].startswith(
        "/api/pages/en/feedback/done/?case_number=20261127-0001"
    )
    before = len(outbox(tmp_path))
    trap = client.post("/api/feedback", json=feedback_payload(website="x"))
    assert trap.status_code == 201 and "case_number" in trap.get_json()
    assert len(outbox(tmp_path)) == before
    listed = client.get("/api/admin/feedback?status=all", headers=STAFF_HEADERS).get_json()
    assert len(listed) == 1


def test_exports_neutralise_formulas(client) -> None:
    send(client, subject="=cmd|' /C calc'!A0", message="@SUM(1+1)\n-2")
    csv = client.get("/api/admin/feedback?format=csv", headers=STAFF_HEADERS)
    text = csv.data.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text and "'@SUM(1+1)" in text
    ods = client.get("/api/admin/feedback?format=ods", headers=STAFF_HEADERS)
    archive = zipfile.ZipFile(io.BytesIO(ods.data))
    assert archive.namelist()[0] == "mimetype"
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    content = archive.read("content.xml").decode()
    assert "<text:p>=cmd|' /C calc'!A0</text:p>" in content  # a text cell: no guard needed
    assert client.get("/api/admin/feedback?status=done", headers=STAFF_HEADERS).status_code == 422


def test_wrong_language_registers_nothing(client) -> None:
    answer = send(client, lang="de")
    assert answer.status_code == 422 and answer.get_json()["fields"] == {
        "lang": "語言須為 zh-TW 或 en。"
    }
    assert client.get("/api/admin/feedback?status=all", headers=STAFF_HEADERS).get_json() == []
