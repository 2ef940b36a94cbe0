"""Office-ready exports (forms_lambda/console/export.py): Chinese column names and values by
default, English on request, ROC dates on request, phone numbers as people write them, ODS text
cells that are never formulas, and the JSON API's keys and codes unchanged."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest

from forms_lambda.console.export import Context, Options, day_text

from .conftest import STAFF_HEADERS, booking_payload, feedback_payload
from .test_admin_console import sign_in

OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def rows_of(answer) -> list[list[str]]:
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))


def cells_of(answer) -> list[list[ElementTree.Element]]:
    """The ODS's rows of table cells, parsed as an office application reads content.xml."""
    content = zipfile.ZipFile(io.BytesIO(answer.data)).read("content.xml")
    root = ElementTree.fromstring(content)
    return [
        row.findall(f"{{{TABLE_NS}}}table-cell") for row in root.iter(f"{{{TABLE_NS}}}table-row")
    ]


def text_of_cell(cell: ElementTree.Element) -> str:
    return "\n".join(p.text or "" for p in cell.findall(f"{{{TEXT_NS}}}p"))


@pytest.fixture
def booked(client, clock) -> list[dict]:
    made = []
    for time, phone in (
        ("09:00", "0912-345-678"),
        ("09:30", "04-2222-0000 #12"),
        ("10:00", "0922-000-111"),
    ):
        answer = client.post(
            "/api/bookings",
            json=booking_payload(slot=f"2026-11-30T{time}", phone=phone, note="=1+1"),
        )
        assert answer.status_code == 201, answer.get_json()
        made.append(answer.get_json())
    client.post(f"/api/bookings/{made[1]['reference']}/cancel", json={"token": made[1]["token"]})
    clock.set("2026-11-30T10:30")
    client.post(f"/api/admin/bookings/{made[2]['reference']}/no-show", headers=STAFF_HEADERS)
    return made


def test_booking_export_is_in_chinese_by_default(client, booked) -> None:
    rows = rows_of(
        client.get("/api/admin/bookings?date=2026-11-30&format=csv", headers=STAFF_HEADERS)
    )
    assert rows[0][:8] == [
        "預約編號",
        "服務項目",
        "預約日期",
        "時間",
        "狀態",
        "管道",
        "姓名",
        "電話",
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["管道"] == "網路" and first["登記同仁"] == ""
    assert first["服務項目"] == "一般戶籍登記（遷徙、出生、死亡等）"
    assert (first["預約日期"], first["時間"], first["狀態"]) == ("2026-11-30", "09:00", "已預約")
    assert first["電話"] == "0912-345-678" and first["語言"] == "中文"
    assert first["登記時間"] == "2026-11-27 10:00" and first["備註"] == "'=1+1"  # the CSV guard
    assert [r[rows[0].index("狀態")] for r in rows[1:]] == ["已預約", "已取消", "未到"]
    assert rows[2][rows[0].index("電話")] == "(04)2222-0000 #12"


def test_english_and_roc_dates_on_request(client, booked) -> None:
    url = "/api/admin/bookings?date=2026-11-30&format=csv"
    roc = rows_of(client.get(url + "&dates=roc", headers=STAFF_HEADERS))
    assert roc[1][2:4] == ["民國115年11月30日", "09:00"]
    assert roc[2][roc[0].index("取消時間")] == "民國115年11月27日 10:00"
    english = rows_of(client.get(url + "&lang=en&dates=roc", headers=STAFF_HEADERS))
    assert english[0][:5] == ["Reference", "Service", "Date", "Time", "Status"]
    assert english[1][1:5] == [
        "Household registration (moving, birth, death, etc.)",
        "ROC 115-11-30",
        "09:00",
        "Booked",
    ]
    assert [r[4] for r in english[1:]] == ["Booked", "Cancelled", "Missed"]
    assert english[1][english[0].index("Language")] == "Chinese"
    plain = rows_of(client.get(url + "&lang=en", headers=STAFF_HEADERS))
    assert plain[1][2] == "2026-11-30"


def test_json_keeps_the_records_keys_and_codes(client, booked) -> None:
    rows = client.get("/api/admin/bookings?date=2026-11-30", headers=STAFF_HEADERS).get_json()
    assert list(rows[0]) == [
        "reference", "service", "slot", "status", "channel", "name", "phone", "email", "lang",
        "note", "id_last4", "consent_version", "created_at", "cancelled_at", "created_by",
        "status_changed_by",
    ]  # fmt: skip
    assert rows[0]["status"] == "confirmed" and rows[0]["phone"] == "+886912345678"
    assert rows[0]["slot"] == "2026-11-30T09:00" and rows[0]["service"] == "household"


def test_ods_cells_are_text_that_is_never_a_formula(client, booked) -> None:
    answer = client.get("/api/admin/bookings?date=2026-11-30&format=ods", headers=STAFF_HEADERS)
    rows = cells_of(answer)
    assert len(rows) == 4
    for cell in (c for row in rows for c in row):
        assert cell.get(f"{{{OFFICE_NS}}}value-type") == "string"
        assert cell.get(f"{{{TABLE_NS}}}formula") is None  # what an office program evaluates
    header = [text_of_cell(c) for c in rows[0]]
    first = dict(zip(header, (text_of_cell(c) for c in rows[1]), strict=True))
    assert first["備註"] == "=1+1" and first["電話"] == "0912-345-678"  # no apostrophe
    sheet = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(answer.data)).read("content.xml"))
    assert next(sheet.iter(f"{{{TABLE_NS}}}table")).get(f"{{{TABLE_NS}}}name") == "預約名單"


def test_feedback_export_names_kinds_statuses_classes_and_rights(client, clock) -> None:
    client.post("/api/feedback", json=feedback_payload(subject="+SUM(1)", phone="0912-345-678"))
    client.post("/api/feedback", json=feedback_payload(kind="personal_data", right="copy"))
    clock.set("2026-12-10T10:00")  # the first is overdue by then
    url = "/api/admin/feedback?status=all&format=csv"
    rows = rows_of(client.get(url, headers=STAFF_HEADERS))
    header = rows[0]
    assert header[:6] == ["案號", "類別", "狀態", "逾期", "回覆期限", "分類"]
    first, second = (dict(zip(header, r, strict=True)) for r in rows[1:3])
    assert first["類別"] == "主任信箱"  # the form's own title in forms.yml
    assert (first["狀態"], first["逾期"], first["分類"]) == ("處理中", "是", "簡易案件")
    assert first["電話"] == "0912-345-678" and first["主旨"] == "'+SUM(1)"
    assert second["請求之權利"] == "請求製給複製本"
    english = rows_of(client.get(url + "&lang=en&dates=roc", headers=STAFF_HEADERS))
    row = dict(zip(english[0], english[1], strict=True))
    assert (row["Status"], row["Overdue"], row["Class"]) == ("Open", "Yes", "Simple")
    assert row["Received"] == "ROC 115-11-27 10:00"


def test_the_consoles_language_carries_into_its_downloads(client, booked) -> None:
    sign_in(client)
    url = "/api/admin/export/bookings?date=2026-11-30&format=csv"
    assert rows_of(client.get(url))[0][0] == "預約編號"
    assert client.get("/api/admin/day?date=2026-11-30&lang=en").status_code == 200
    assert rows_of(client.get(url))[0][0] == "Reference"  # the session speaks English now
    cases = rows_of(client.get("/api/admin/export/cases?status=all&format=csv"))
    assert cases[0][0] == "Case number"
    assert rows_of(client.get(url + "&lang=zh-TW&dates=roc"))[1][2] == "民國115年11月30日"


@pytest.mark.parametrize(
    ("day", "lang", "roc", "expected"),
    [
        (date(2026, 12, 7), "zh-TW", True, "民國115年12月7日"),
        (date(2026, 12, 7), "en", True, "ROC 115-12-07"),
        (date(2026, 12, 7), "zh-TW", False, "2026-12-07"),
        (date(1912, 1, 1), "zh-TW", True, "民國1年1月1日"),
    ],
)
def test_roc_dates(day: date, lang: str, roc: bool, expected: str) -> None:
    assert day_text(day, Context(Options(lang, roc), {}, {})) == expected
