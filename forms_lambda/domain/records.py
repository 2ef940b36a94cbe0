"""Plain records kept by the store: bookings, feedback cases, people (no-show counts).

Dataclasses with to_item/from_item so both stores save the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class _Record:
    def to_item(self) -> dict[str, Any]:
        """A plain dict for the store. Records hold only strings, numbers and flat lists or
        dicts of them, so a one-level copy is enough (dataclasses.asdict deep-copies every
        value and took 4 % of a booking's server time)."""
        item = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            item[name] = value.copy() if isinstance(value, list | dict) else value
        return item

    @classmethod
    def from_item(cls: type[T], item: dict[str, Any]) -> T:
        names = _field_names(cls)
        return cls(**{k: v for k, v in item.items() if k in names})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]


@dataclass
class Booking(_Record):
    reference: str
    token_hash: str
    service: str
    slot: str  # 2026-12-01T09:30, Asia/Taipei
    day: str  # 2026-12-01
    status: str  # confirmed | cancelled | no_show
    name: str
    phone: str
    email: str
    lang: str
    note: str
    id_hash: str
    id_last4: str
    person_keys: list[str]
    consent_version: str
    consent_at: str
    created_at: str
    expires_at: int  # epoch seconds: purge (SQLite) / TTL (DynamoDB)
    cancelled_at: str = ""
    pin_hash: str = ""  # Hasher.pin_hash of the 6-digit PIN (look-up and cancel without the link)

    def public(self) -> dict[str, Any]:
        """What the citizen sees with their token (no ID hash, no keys)."""
        return {
            "reference": self.reference,
            "status": self.status,
            "service": self.service,
            "slot": self.slot,
            "name": self.name,
            "lang": self.lang,
        }


@dataclass
class Feedback(_Record):
    case_number: str
    token_hash: str
    confirm_token_hash: str
    kind: str
    subject: str
    message: str
    name: str
    email: str
    phone: str
    rating: int | None  # cases stored before per-question ratings; new cases use ratings
    lang: str
    status: str  # awaiting_confirmation | open | answered
    handling_class: str  # simple | multi_unit | complex
    handling_days: int
    received_at: str
    counted_from: str  # date the deadline counts from ("" while awaiting confirmation)
    due_date: str
    consent_version: str
    consent_at: str
    expires_at: int
    reply: str = ""
    replied_at: str = ""
    ratings: dict[str, int] = field(default_factory=dict)  # survey: question id -> 1–5
    right: str = ""  # personal_data cases: the PDPA Art. 3 right asked for (see, copy, …)
    pin_hash: str = ""  # Hasher.pin_hash of the 6-digit PIN (status without the link)

    def public(self) -> dict[str, Any]:
        return {
            "case_number": self.case_number,
            "kind": self.kind,
            "status": self.status,
            "subject": self.subject,
            "received_at": self.received_at,
            "due_date": self.due_date or None,
            "reply": self.reply or None,
            "replied_at": self.replied_at or None,
        }


@dataclass
class Person(_Record):
    """Keyed hash of a phone or ID number and its no-show history; no name, no number."""

    person_key: str
    no_shows: int = 0
    blocked_until: str = ""  # date, inclusive
    expires_at: int = 0


@dataclass
class IdempotencyRecord(_Record):
    """The success answer to a request sent with an Idempotency-Key, kept for a retry.

    Written in the same transaction as the booking or case it reports, so a retry either
    finds both or neither; refusals are never kept (a corrected retry must go through).
    """

    key: str  # scope and SHA-256 of the client's key
    fingerprint: str  # SHA-256 of the request body: the same key with other content is refused
    status: int = 0
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    created_at: int = 0  # epoch seconds: a record is live while created_at <= now < expires_at
    expires_at: int = 0


@dataclass
class StaffSession(_Record):
    """A signed-in staff console session, keyed by the SHA-256 of its cookie value.

    The cookie value itself is never stored, so a copy of the table cannot be replayed as a
    session; csrf is the synchronizer token its forms carry.
    """

    key: str
    csrf: str
    lang: str
    token_tag: str  # which staff token signed in: a new FORMS_ADMIN_TOKEN_HASH ends the session
    created_at: int
    expires_at: int
