"""What the domain services share: the errors they raise, the clock, the link builder, office info.

No Flask, no AWS: the HTTP layer turns these errors into status codes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from forms_lambda.domain.rules import TAIPEI
from forms_lambda.domain.validation import FieldError

log = logging.getLogger("forms_lambda")

Clock = Callable[[], datetime]


def taipei_now() -> datetime:
    return datetime.now(TAIPEI)


class InvalidInput(Exception):
    """Some fields are wrong: field name -> message code."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__("invalid")
        self.fields = dict(fields)


class Refused(Exception):
    """A well-formed request the rules refuse (slot full, one per day, blocked, ...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class NotFound(Exception):
    """No such record, or the token does not match (the same answer, so nothing leaks)."""


class Links(Protocol):
    def booking_cancel(self, reference: str, token: str, lang: str) -> str: ...
    def booking_find(self, lang: str) -> str: ...
    def feedback_status(self, case_number: str, token: str, lang: str) -> str: ...
    def feedback_find(self, lang: str) -> str: ...
    def feedback_confirm(self, case_number: str, token: str) -> str: ...


@dataclass(frozen=True)
class Office:
    """The office as the e-mails name it; address and phone per language from office.yml."""

    names: dict[str, str]
    sender: str
    staff: tuple[str, ...] = field(default_factory=tuple)
    address: dict[str, str] = field(default_factory=dict)
    phone: dict[str, str] = field(default_factory=dict)


def decoy_key(hasher: Any, raw: object, check: Callable[[str], str], token: object) -> str | None:
    """The number of a honeypot's pretend record (check() reads it as typed), when token is the
    decoy token this server made for it (Hasher.decoy_token); else None."""
    if not isinstance(raw, str):
        return None
    try:
        key = check(raw)
    except FieldError:
        return None
    return key if hasher.is_decoy_token(key, token) else None


def end_of_day_epoch(day: date, extra_days: int = 0) -> int:
    """Epoch seconds at the end of day + extra_days, Taiwan time (for expires_at)."""
    moment = datetime.combine(day + timedelta(days=extra_days + 1), time(0, 0), TAIPEI)
    return int(moment.timestamp())


class FieldReader:
    """Collects per-field errors while reading a JSON or form body."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}

    def text(
        self, name: str, *, required: bool, max_length: int = 200, multiline: bool = False
    ) -> str:
        from forms_lambda.domain.validation import validate_text

        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.errors[name] = "required"
            return ""
        if not isinstance(value, str):
            self.errors[name] = "not_text"
            return ""
        try:
            cleaned = validate_text(value, max_length, multiline=multiline)
        except FieldError as error:
            self.errors[name] = error.code
            return ""
        if required and not cleaned:
            self.errors[name] = "required"
        return cleaned

    def checked(
        self, name: str, check: Callable[[str], str], *, required: bool, max_length: int = 200
    ) -> str:
        raw = self.text(name, required=required, max_length=max_length)
        if not raw or name in self.errors:
            return ""
        try:
            return check(raw)
        except FieldError as error:
            self.errors[name] = error.code
            return ""

    def fail_if_errors(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)
