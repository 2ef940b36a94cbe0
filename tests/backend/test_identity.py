"""Identity normalisation and the honeypot.

ID numbers, phones and e-mail addresses are NFKC-normalised to ASCII before validation, keys and
storage, and digits of other scripts are refused (property tests); through the API on both
stores, one booking a day and the no-show block hold however the same person writes the
number. Any value in the hidden field marks a bot, whose form post lands on a page like the
real one."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from forms_lambda.domain.validation import (
    ID_LETTERS,
    ID_WEIGHTS,
    FieldError,
    ascii_form,
    validate_case_number,
    validate_email,
    validate_id_number,
    validate_phone,
    validate_pin,
    validate_reference,
)

from .conftest import STAFF_HEADERS, booking_payload, feedback_payload, outbox

PROPERTY = settings(max_examples=150, deadline=None)

# Ways of writing each ASCII digit that NFKC turns back into it: full-width, and the five
# mathematical digit sets (bold, double-struck, sans-serif, sans-serif bold, monospace).
DIGIT_FORMS = {
    str(d): [str(d), chr(0xFF10 + d), *(chr(start + d) for start in range(0x1D7CE, 0x1D800, 10))]
    for d in range(10)
}
# Capital letters: ASCII, lower case, full-width, full-width lower case, mathematical bold.
LETTER_FORMS = {
    c: [c, c.lower(), chr(0xFF21 + i), chr(0xFF41 + i), chr(0x1D400 + i)]
    for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}
# Decimal digits NFKC keeps as they are: Arabic-Indic, Extended Arabic-Indic, Devanagari,
# Bengali, Thai, Myanmar, and every other such digit Unicode has.
FOREIGN_DIGITS = sorted(
    c
    for c in map(chr, range(0x110000))
    if unicodedata.category(c) == "Nd" and not unicodedata.normalize("NFKC", c).isascii()
)


def _check_digit(letter: str, body: str) -> str:
    value = ID_LETTERS[letter]
    digits = [value // 10, value % 10, *(int(c) for c in body)]
    partial = sum(d * w for d, w in zip(digits, ID_WEIGHTS[:-1], strict=True))
    return str(-partial % 10)


national_ids = st.builds(
    lambda letter, sex, rest: letter + sex + rest + _check_digit(letter, sex + rest),
    st.sampled_from(sorted(ID_LETTERS)),
    st.sampled_from("1289"),
    st.text("0123456789", min_size=7, max_size=7),
)


def written(value: str, data: st.DataObject) -> str:
    """value with each letter and digit in a form chosen by hypothesis."""
    forms = {**DIGIT_FORMS, **LETTER_FORMS}
    return "".join(data.draw(st.sampled_from(forms[c])) if c in forms else c for c in value)


@PROPERTY
@given(national_ids, st.data())
def test_an_id_written_in_any_form_is_the_same_id(id_number: str, data: st.DataObject) -> None:
    assert validate_id_number(id_number) == id_number
    assert validate_id_number(written(id_number, data)) == id_number


@PROPERTY
@given(st.text("9876543210", min_size=8, max_size=8), st.data())
def test_a_mobile_written_in_any_form_is_the_same_number(rest: str, data: st.DataObject) -> None:
    mobile = "09" + rest
    separators = data.draw(st.sampled_from(["", "-", " ", "－", "\u3000"]))
    typed = f"{mobile[:4]}{separators}{mobile[4:7]}{separators}{mobile[7:]}"
    assert validate_phone(written(typed, data)) == f"+886{mobile[1:]}"


@PROPERTY
@given(
    st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z0-9]@[a-z]{2,8}\.(com|tw)", fullmatch=True), st.data()
)
def test_an_email_written_in_full_width_is_the_same_address(
    address: str, data: st.DataObject
) -> None:
    assume(".." not in address)
    full_width = "".join(chr(ord(c) + 0xFEE0) if data.draw(st.booleans()) else c for c in address)
    assert validate_email(full_width) == validate_email(address) == address


@PROPERTY
@given(national_ids, st.sampled_from(FOREIGN_DIGITS), st.data())
def test_digits_of_other_scripts_are_refused_with_their_own_message(
    id_number: str, foreign: str, data: st.DataObject
) -> None:
    where = data.draw(st.integers(1, len(id_number) - 1))
    for check, value in (
        (validate_id_number, id_number[:where] + foreign + id_number[where + 1 :]),
        (validate_phone, f"09{foreign}2-345-678"),
        (validate_email, f"user{foreign}@example.com"),
    ):
        with pytest.raises(FieldError) as caught:
            check(value)
        assert caught.value.code == "digits_ascii_only", (check.__name__, value)


@PROPERTY
@given(st.text(max_size=30))
def test_what_passes_is_ascii_and_normalising_again_changes_nothing(raw: str) -> None:
    for check in (validate_id_number, validate_phone, validate_email):
        try:
            value = check(raw)
        except FieldError as error:
            assert error.code in {
                "id_invalid",
                "phone_invalid",
                "email_invalid",
                "digits_ascii_only",
            }
            continue
        assert value.isascii() and check(value) == value
    try:
        plain = ascii_form(raw)
    except FieldError:
        return
    assert not any(c.isdigit() and not c.isascii() for c in plain)


@pytest.mark.parametrize(
    ("check", "typed", "expected"),
    [
        (validate_reference, "b7k3-m9q2 x", "B7K3M9Q2X"),
        (validate_reference, "Ｂ７Ｋ３Ｍ９Ｑ２Ｘ", "B7K3M9Q2X"),
        (validate_case_number, "202612010001", "20261201-0001"),
        (validate_case_number, "２０２６１２０１－０００１", "20261201-0001"),
        (validate_pin, "042 917", "042917"),
        (validate_pin, "𝟎𝟒𝟐𝟗𝟏𝟕", "042917"),
    ],
)
def test_numbers_read_out_are_accepted_as_typed(check, typed: str, expected: str) -> None:
    assert check(typed) == expected


@pytest.mark.parametrize(
    ("check", "typed", "code"),
    [
        (validate_reference, "B7K3M9Q2O", "reference_invalid"),  # O is not in the alphabet
        (validate_reference, "B7K3M9Q2", "reference_invalid"),
        (validate_case_number, "2026-12-01", "case_number_invalid"),
        (validate_pin, "12345", "pin_invalid"),
        (validate_pin, "١٢٣٤٥٦", "digits_ascii_only"),
    ],
)
def test_numbers_that_cannot_be_are_refused(check, typed: str, code: str) -> None:
    with pytest.raises(FieldError) as caught:
        check(typed)
    assert caught.value.code == code


# --- through the API, on both stores ------------------------------------------------------------
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MATHEMATICAL = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
FULL_WIDTH = str.maketrans("0123456789A-", "０１２３４５６７８９Ａ－")


def book(client, **overrides):
    return client.post("/api/bookings", json=booking_payload(**overrides))


def test_one_booking_a_day_holds_for_the_same_id_or_phone_in_other_digits(any_client) -> None:
    assert book(any_client, id_number="A123456789").status_code == 201
    same_person = [
        {"id_number": "A123456789".translate(FULL_WIDTH), "phone": "0922-111-220"},
        {"id_number": "a123456789".translate(MATHEMATICAL), "phone": "0922-111-221"},
        {"id_number": "A 123-456-789", "phone": "0922-111-222"},
        {"phone": "0912-345-678".translate(FULL_WIDTH)},
        {"phone": "0912345678".translate(MATHEMATICAL)},
    ]
    for fields in same_person:
        answer = book(any_client, slot="2026-11-30T14:00", **fields)
        assert answer.status_code == 409, fields
        assert answer.get_json()["error"] == "already_booked_that_day"
    for field, value in (
        ("id_number", "A123456789".translate(ARABIC_INDIC)),
        ("phone", "0912-345-678".translate(ARABIC_INDIC)),
    ):
        refused = book(any_client, slot="2026-11-30T14:00", lang="en", **{field: value})
        assert refused.status_code == 422
        assert refused.get_json()["fields"] == {field: "Please use the digits 0–9."}
    listed = any_client.get("/api/admin/bookings?date=2026-11-30", headers=STAFF_HEADERS)
    assert [b["phone"] for b in listed.get_json()] == ["+886912345678"]  # nothing else kept


def test_no_show_block_holds_for_the_same_id_or_phone_in_other_digits(any_client, clock) -> None:
    for day in ("2026-11-30", "2026-12-01", "2026-12-02"):
        booked = book(any_client, slot=f"{day}T09:00", id_number="A123456789")
        reference = booked.get_json()["reference"]
        clock.set(f"{day}T10:00")
        no_show = any_client.post(f"/api/admin/bookings/{reference}/no-show", headers=STAFF_HEADERS)
        assert no_show.get_json()["status"] == "no_show"
        clock.set("2026-11-27T10:00")
    clock.set("2026-12-03T10:00")
    for fields in (
        {"phone": "0912-345-678".translate(FULL_WIDTH)},
        {"phone": "0912345678".translate(MATHEMATICAL)},
        {"phone": "0933-000-001", "id_number": "A123456789".translate(FULL_WIDTH)},
        {"phone": "0933-000-002", "id_number": "A123456789".translate(MATHEMATICAL)},
    ):
        answer = book(any_client, slot="2026-12-04T09:00", **fields)
        assert answer.status_code == 403 and answer.get_json()["error"] == "blocked_no_show"
    refused = book(
        any_client, slot="2026-12-04T09:00", phone="0912-345-678".translate(ARABIC_INDIC)
    )
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {"phone": "請使用半形數字 0–9 輸入。"}
    assert book(any_client, slot="2026-12-04T09:00", phone="0933-000-003").status_code == 201


# --- honeypot -----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["http://spam.example", "0", 0, False, True, 1.5, [], {}, " "])
def test_any_value_in_the_honeypot_is_a_bot(client, tmp_path, value: object) -> None:
    trap = book(client, website=value)
    assert trap.status_code == 201 and trap.get_json()["reference"].startswith("B")
    slots = client.get("/api/slots?service=household&date=2026-11-30").get_json()
    assert slots[1] == {"start": "2026-11-30T09:00", "remaining": 3}
    case = client.post("/api/feedback", json=feedback_payload(website=value))
    assert case.status_code == 201
    assert client.get("/api/admin/feedback?status=all", headers=STAFF_HEADERS).get_json() == []
    assert outbox(tmp_path) == []


@pytest.mark.parametrize("value", ["", None])
def test_an_empty_honeypot_is_a_person(client, value: object) -> None:
    assert book(client, website=value).status_code == 201
    slots = client.get("/api/slots?service=household&date=2026-11-30").get_json()
    assert slots[1]["remaining"] == 2


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_a_caught_form_post_lands_on_a_page_like_the_real_one(client, lang: str) -> None:
    form = {k: str(v) for k, v in booking_payload(lang=lang).items()}
    real = client.post("/api/bookings", data={**form, "phone": "0922-000-000"})
    trap = client.post("/api/bookings", data={**form, "website": "x"})
    assert real.status_code == trap.status_code == 303
    real_page = client.get(real.headers["Location"])
    trap_page = client.get(trap.headers["Location"])
    assert real_page.status_code == trap_page.status_code == 200
    title = "預約成功" if lang == "zh-TW" else "Your appointment is booked"
    for page in (real_page, trap_page):
        html = page.get_data(as_text=True)
        assert f"<h1>{title}</h1>" in html and '<div class="box">' in html
    reference = trap.headers["Location"].split("reference=")[1].split("&")[0]
    assert reference in trap_page.get_data(as_text=True)
    forged = client.get(f"/api/pages/booking/done/?reference={reference}&token=made-up")
    assert forged.status_code == 404  # only this server's decoy token opens the pretend page
    case_form = {k: str(v) for k, v in feedback_payload(lang=lang).items()}
    case_trap = client.post("/api/feedback", data={**case_form, "website": "x"})
    assert case_trap.status_code == 303
    case_page = client.get(case_trap.headers["Location"])
    assert case_page.status_code == 200
    heading = "已收到您的來信" if lang == "zh-TW" else "We have received your message"
    assert f"<h1>{heading}</h1>" in case_page.get_data(as_text=True)
    assert client.get("/api/admin/feedback?status=all", headers=STAFF_HEADERS).get_json() == []
