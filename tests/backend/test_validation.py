"""Validators: Taiwan ID and resident numbers, phones, e-mail, names."""

from __future__ import annotations

import pytest

from forms_lambda.domain.validation import (
    FieldError,
    is_consent,
    validate_email,
    validate_id_number,
    validate_name,
    validate_phone,
    validate_text,
)


@pytest.mark.parametrize(
    "value",
    [
        "A123456789",  # the textbook national ID
        "a123456789",  # lower case is accepted and upper-cased
        "F131104093",
        "A800000014",  # new-format resident certificate (since 2021)
        "A900000016",
        "AB12345677",  # old-format resident certificate (second letter A–D)
        "FA12345689",
    ],
)
def test_valid_id_numbers(value: str) -> None:
    assert validate_id_number(value) == value.upper()


@pytest.mark.parametrize(
    "value",
    [
        "A123456788",  # wrong check digit
        "A323456789",  # second digit must be 1, 2, 8 or 9
        "AE12345678",  # old resident numbers use A–D only
        "AB12345678",  # old format, wrong check digit
        "A12345678",  # too short
        "1123456789",
        "АБ12345677",  # Cyrillic letters that look Latin are not read as A and B
        "",
    ],
)
def test_invalid_id_numbers(value: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_id_number(value)
    assert caught.value.code == "id_invalid"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912-345-678", "+886912345678"),
        ("0912 345 678", "+886912345678"),
        ("+886 912 345 678", "+886912345678"),
        ("+886-912-345-678", "+886912345678"),
        ("00886912345678", "+886912345678"),
        ("(02)2345-6789", "+886223456789"),
        ("02-2345-6789", "+886223456789"),
        ("04-2222-0000", "+886422220000"),  # Taichung, 8-digit local number
        ("049-222-3333", "+886492223333"),  # Nantou
        ("037-123456", "+88637123456"),  # Miaoli
        ("089-123456", "+88689123456"),  # Taitung
        ("0836-12345", "+886836123456"[:-1]),  # Matsu
        ("+886 (0)4 2222 0000", "+886422220000"),
        ("04-2222-0000 #123", "+886422220000#123"),
        ("04-2222-0000 分機 55", "+886422220000#55"),
    ],
)
def test_valid_phones(value: str, expected: str) -> None:
    assert validate_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "912345678",  # no leading 0 or +886
        "0812-345-678",  # mobiles start 09
        "09123456789",  # one digit too many
        "02-234-567",  # Taipei numbers have 8 digits
        "+1 415 555 0100",  # not Taiwan
        "0912-345-678 #12",  # mobiles have no extension
        "0912345678\r\nBcc: x@example.com",
    ],
)
def test_invalid_phones(value: str) -> None:
    with pytest.raises(FieldError):
        validate_phone(value)


@pytest.mark.parametrize(
    "value", ["ming@example.com", "a.b+tag@sub.example.gov.tw", "O'Neil@Example.COM"]
)
def test_valid_emails(value: str) -> None:
    assert validate_email(value).split("@")[1] == value.split("@")[1].lower()


@pytest.mark.parametrize(
    "value",
    [
        "ming",
        "ming@",
        "@example.com",
        "a b@example.com",
        "ming@example",
        "ming@example.com\r\nBcc: x@y.z",
        "a..b@example.com",
        "x" * 65 + "@example.com",
    ],
)
def test_invalid_emails(value: str) -> None:
    with pytest.raises(FieldError):
        validate_email(value)


@pytest.mark.parametrize(
    "value",
    [
        "王小明",
        "歐陽 娜娜",
        "瓦歷斯·諾幹",
        "瓦歷斯‧諾幹",
        "Kolas Yotaka",
        "Pasuya Poiconx",
        "Sakinu Ahronglong",
        "Ci'kay Lekal",
        "Mayaw^ Biho",
        "Anne-Marie O’Brien",
        "Nguyễn Thị Lan",
        "𠀋田",  # a CJK Extension B character
    ],
)
def test_valid_names(value: str) -> None:
    assert validate_name(value)


@pytest.mark.parametrize(
    "value", ["", "   ", "R2-D2", "王小明<script>", "·", "a\nb", "x" * 61, "Robert'); DROP TABLE"]
)
def test_invalid_names(value: str) -> None:
    with pytest.raises(FieldError):
        validate_name(value)


def test_text_refuses_control_characters_and_newlines_on_one_line() -> None:
    assert validate_text("第一行\r\n第二行", 100, multiline=True) == "第一行\n第二行"
    with pytest.raises(FieldError):
        validate_text("subject\nBcc: x", 100, multiline=False)
    with pytest.raises(FieldError):
        validate_text("bell\x07", 100, multiline=True)
    with pytest.raises(FieldError):
        validate_text("x" * 101, 100, multiline=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        ("true", True),
        ("on", True),
        ("1", True),
        ("yes", True),
        (False, False),
        ("false", False),
        ("", False),
        (None, False),
        (1, False),
        ("off", False),
    ],
)
def test_consent(value: object, expected: bool) -> None:
    assert is_consent(value) is expected
