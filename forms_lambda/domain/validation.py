"""Validators for what citizens type: names, Taiwan phone numbers, e-mail, ID numbers.

Each returns the normalised value or raises FieldError with a message code from messages.py.
ID numbers, phones and e-mail addresses go through ascii_form first, so the same number written
with full-width or mathematical characters is the same person (one booking per day, the no-show
block), and the stored value and its keyed hash are always plain ASCII.
"""

from __future__ import annotations

import re
import unicodedata

from forms_lambda.domain.ids import PIN_DIGITS, REFERENCE_ALPHABET, REFERENCE_LENGTH


class FieldError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Letter values of the national ID and resident certificate (A=10 …; I, O, W–Z out of order).
ID_LETTERS = {
    "A": 10,
    "B": 11,
    "C": 12,
    "D": 13,
    "E": 14,
    "F": 15,
    "G": 16,
    "H": 17,
    "I": 34,
    "J": 18,
    "K": 19,
    "L": 20,
    "M": 21,
    "N": 22,
    "O": 35,
    "P": 23,
    "Q": 24,
    "R": 25,
    "S": 26,
    "T": 27,
    "U": 28,
    "V": 29,
    "W": 32,
    "X": 30,
    "Y": 31,
    "Z": 33,
}
ID_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)

MIDDLE_DOTS = "\u00b7\u2027\u30fb\u2022\u2219\u22c5\uff65"  # · ‧ ・ • ∙ ⋅ ･
NAME_PUNCTUATION = set(" '’ʼ‘-^." + MIDDLE_DOTS)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def ascii_form(raw: str) -> str:
    """NFKC, and no digit of another script.

    NFKC turns full-width (Ａ１２３) and mathematical (𝟏𝟐𝟑) letters and digits into ASCII. Digits
    it leaves alone (Arabic-Indic ١٢٣, Devanagari १२३, ...) are refused with their own message
    rather than read as 0-9: nobody in Taiwan writes an ID or phone number that way on purpose,
    and a lenient reading would make a second key for the same person."""
    value = unicodedata.normalize("NFKC", raw)
    if any(char.isdigit() and not char.isascii() for char in value):
        raise FieldError("digits_ascii_only")
    return value


def _id_checksum_ok(digits: list[int]) -> bool:
    return sum(d * w for d, w in zip(digits, ID_WEIGHTS, strict=True)) % 10 == 0


def validate_id_number(raw: str) -> str:
    """National ID (A123456789), new resident certificate (A800000014) or old one (AB12345678).

    Spaces and hyphens between the characters are dropped; what is left must be ASCII letters
    and digits."""
    value = re.sub(r"[\s\-]", "", ascii_form(raw)).upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9][0-9]{8}", value):
        raise FieldError("id_invalid")
    first = ID_LETTERS[value[0]]
    second = value[1]
    if second in "12" or second in "89":  # national ID (1 male, 2 female) or new resident number
        rest = [int(c) for c in value[1:]]
    elif second in "ABCD":  # old resident certificate: the second letter's value, last digit
        rest = [ID_LETTERS[second] % 10] + [int(c) for c in value[2:]]
    else:
        raise FieldError("id_invalid")
    if not _id_checksum_ok([first // 10, first % 10, *rest]):
        raise FieldError("id_invalid")
    return value


MOBILE = re.compile(r"9\d{8}")
LANDLINE = re.compile(
    r"2\d{8}|3\d{7}|37\d{6}|4\d{7,8}|49\d{7}|5\d{7}|6\d{7}|7\d{7}|8\d{7}"
    r"|82\d{6}|826\d{5}|836\d{5}|89\d{6}"
)


def validate_phone(raw: str) -> str:
    """Taiwan mobile or landline, local (0…) or international (+886 …), returned as E.164."""
    text = ascii_form(raw).strip()
    extension = ""
    match = re.search(r"(?:#|ext\.?|分機|轉)\s*([0-9]{1,6})$", text, flags=re.IGNORECASE)
    if match:
        extension = match.group(1)
        text = text[: match.start()]
    compact = re.sub(r"[\s\-().\u2010-\u2015]", "", text)
    if compact.startswith("+886"):
        national = compact[4:]
        if national.startswith("0"):  # "+886 (0)4 …" is a common way of writing it
            national = national[1:]
    elif compact.startswith("00886"):
        national = compact[5:]
    elif compact.startswith("0") and not compact.startswith("00"):
        national = compact[1:]
    else:
        raise FieldError("phone_invalid")
    if not national.isascii() or not national.isdigit():
        raise FieldError("phone_invalid")
    if not (MOBILE.fullmatch(national) or LANDLINE.fullmatch(national)):
        raise FieldError("phone_invalid")
    if extension and MOBILE.fullmatch(national):
        raise FieldError("phone_invalid")
    return f"+886{national}" + (f"#{extension}" if extension else "")


AREA_CODES = (
    "826",
    "836",
    "82",
    "89",
    "37",
    "49",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
)  # longest first


def local_phone(phone: str) -> str:
    """A stored number (+886912345678) as people in Taiwan write it: 0912-345-678, or with
    the area code in brackets, (04)2222-0000 or (037)123456; an extension follows as " #123"."""
    number, _, extension = phone.partition("#")
    national = number.removeprefix("+886")
    if national == number:
        return phone
    if MOBILE.fullmatch(national):
        text = f"0{national[:3]}-{national[3:6]}-{national[6:]}"
    else:
        area = next((code for code in AREA_CODES if national.startswith(code)), "")
        local = national[len(area) :]
        if len(local) >= 7:  # 2222-0000, 222-3333; shorter local numbers stay whole
            local = f"{local[:-4]}-{local[-4:]}"
        text = f"(0{area}){local}" if area else "0" + national
    return text + (f" #{extension}" if extension else "")


EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def validate_email(raw: str) -> str:
    value = ascii_form(raw).strip()
    if len(value) > 254 or not EMAIL.fullmatch(value) or len(value.split("@")[0]) > 64:
        raise FieldError("email_invalid")
    local, domain = value.split("@")
    return f"{local}@{domain.lower()}"


def validate_name(raw: str) -> str:
    """CJK, aboriginal romanization (apostrophes, ^), Latin letters, spaces and middle dots."""
    if any(c in raw for c in "\r\n\t\v\f") or CONTROL.search(raw):
        raise FieldError("name_invalid")
    value = unicodedata.normalize("NFC", " ".join(raw.split()))
    if not value:
        raise FieldError("required")
    if len(value) > 60:
        raise FieldError("too_long")
    has_letter = False
    for char in value:
        category = unicodedata.category(char)
        if category.startswith("L"):
            has_letter = True
        elif category.startswith("M") or char in NAME_PUNCTUATION:
            continue
        else:
            raise FieldError("name_invalid")
    if not has_letter:
        raise FieldError("name_invalid")
    return value


def validate_text(raw: str, max_length: int, *, multiline: bool) -> str:
    value = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").strip())
    if CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        raise FieldError("control_chars")
    if "\r" in value:
        raise FieldError("control_chars")
    if len(value) > max_length:
        raise FieldError("too_long")
    return value


REFERENCE = re.compile(f"B[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}")
SEPARATORS = re.compile(r"[\s\-]")


def validate_reference(raw: str) -> str:
    """A booking reference as a person reads it out: any case, spaces or hyphens, full-width."""
    value = SEPARATORS.sub("", ascii_form(raw)).upper()
    if not REFERENCE.fullmatch(value):
        raise FieldError("reference_invalid")
    return value


def validate_case_number(raw: str) -> str:
    """20261201-0001, also typed without the hyphen or with spaces."""
    digits = SEPARATORS.sub("", ascii_form(raw))
    if not re.fullmatch(r"[0-9]{12}", digits):
        raise FieldError("case_number_invalid")
    return f"{digits[:8]}-{digits[8:]}"


def validate_pin(raw: str) -> str:
    value = SEPARATORS.sub("", ascii_form(raw))
    if not re.fullmatch(f"[0-9]{{{PIN_DIGITS}}}", value):
        raise FieldError("pin_invalid")
    return value


def honeypot_filled(value: object) -> bool:
    """Any value in the hidden `website` field marks a bot: a person's browser sends "" or
    nothing, and a JSON 0, false or [] is as much a filled field as a URL."""
    return value is not None and value != ""


TRUTHY = {"true", "on", "1", "yes", "y"}


def is_consent(value: object) -> bool:
    if value is True:
        return True
    return isinstance(value, str) and value.strip().lower() in TRUTHY
