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
    channel: str = "web"  # web | phone | counter
    created_by: str = ""  # staff login for a phone or counter booking
    status_changed_at: str = ""  # last cancel, no-show or undo (an undo is allowed that day)
    status_changed_by: str = ""  # staff login, or "" when the citizen cancelled
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
    # Reply review (forms.yml reply_review): a draft waits for a supervisor, who sends or
    # returns it; the citizen sees nothing of it until it is sent.
    draft_reply: str = ""
    drafted_by: str = ""  # staff login
    drafted_at: str = ""
    review_state: str = ""  # "" | pending | returned
    review_note: str = ""  # the supervisor's note when returned
    reviewed_by: str = ""
    replied_by: str = ""
    status_token_hash: str = ""  # the status link in the reply e-mail (the first token is not kept)
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
    """Keyed hash of a phone or ID number and its no-show history; no name, no number.

    No-shows are kept by booking reference, so one taken back (undone the same day) stops
    counting: no_shows are the standing ones not yet used by a block, block_refs the ones that
    caused the current block. version makes every change a compare-and-set.
    """

    person_key: str
    no_shows: list[str] = field(default_factory=list)
    blocked_until: str = ""  # date, inclusive
    expires_at: int = 0
    block_refs: list[str] = field(default_factory=list)
    version: int = 0


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
    session; csrf is the synchronizer token its forms carry. login and generation name the
    person: disabling the account or resetting its secret raises the generation, which ends
    every session of the older one at its next request.
    """

    key: str
    csrf: str
    lang: str
    login: str
    generation: int
    created_at: int
    expires_at: int


@dataclass
class StaffMember(_Record):
    """A named member of staff. The secret is kept only as a slow scrypt hash, the API token
    (for scripts and devices) only as its SHA-256; no citizen data here."""

    login: str
    name: str
    role: str  # see domain/staff.py ROLES
    secret_hash: str
    active: bool = True
    generation: int = 1
    api_token_hash: str = ""
    created_at: str = ""
    changed_at: str = ""


@dataclass
class AccessEntry(_Record):
    """One line of the staff access log: who did what to which record, and when.

    Only references (booking reference, case number, day, login), never a citizen's personal
    data. Written once, never changed; purged after the retention in forms.yml."""

    at: str  # 2026-12-07T09:31:02+08:00, Asia/Taipei
    actor: str  # staff login; "command-line" for the staff command; "" for an unknown login
    role: str
    action: str  # see domain/audit.py ACTIONS
    target: str = ""
    outcome: str = "ok"  # ok | denied | failed
    detail: str = ""
    entry_id: str = ""
    expires_at: int = 0


@dataclass
class QueueDay(_Record):
    """The counter queue of one day (one row, or one DynamoDB item): numbers and counts only.

    counters: counter id -> {"number", "service", "at" (epoch seconds), "recalls"}
    services: service id -> {"last", "waiting", "reported_at", "integrated_at", "calls"
        (epoch seconds of the last hour's calls), "first_call", "missed" (the last few numbers)}
    hours: "HH" -> service id -> {"called", "missed", "observed", "waiting_minutes"}, the
        hourly counts also kept, beyond the day's own retention, for the statistics.
    version makes every change a compare-and-set (several counters press "next" at once).
    """

    day: str  # 2026-11-27, Asia/Taipei
    counters: dict[str, Any] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)
    hours: dict[str, Any] = field(default_factory=dict)
    updated_at: int = 0  # epoch seconds of the last change or device report
    version: int = 0
    expires_at: int = 0
