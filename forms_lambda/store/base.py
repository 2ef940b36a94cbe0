"""The storage interface. Both implementations pass tests/backend/test_store.py unchanged.

Atomicity is the store's job: create_booking must never let a slot exceed its capacity nor a
person hold two bookings on one day, even under concurrent requests or a crash mid-write.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from forms_lambda.domain.records import (
    AccessEntry,
    Booking,
    Feedback,
    IdempotencyRecord,
    Person,
    QueueDay,
    StaffMember,
    StaffSession,
)

USED = ("confirmed", "no_show")  # statuses that hold a place in a slot


def record_status(booking: Booking, status: str, changed_at: str, changed_by: str) -> None:
    """A status change as the booking itself records it (both stores)."""
    booking.status = status
    booking.status_changed_at = changed_at
    booking.status_changed_by = changed_by
    if status == "cancelled":
        booking.cancelled_at = changed_at


class StoreError(Exception):
    """Base of the store's expected refusals."""


class SlotFull(StoreError):
    pass


class PersonDayTaken(StoreError):
    """The person (by phone or ID hash) already has a booking that day."""


class Conflict(StoreError):
    """A record with this key already exists."""


class AlreadyDone(StoreError):
    """The request's Idempotency-Key already holds a success answer; nothing was written."""

    def __init__(self, receipt: IdempotencyRecord) -> None:
        super().__init__(receipt.key)
        self.receipt = receipt


class Store(ABC):
    # --- bookings -----------------------------------------------------------------------
    @abstractmethod
    def create_booking(
        self,
        booking: Booking,
        capacity: int,
        person_day_keys: list[str],
        receipt: IdempotencyRecord | None = None,
    ) -> None:
        """Insert atomically, or raise SlotFull / PersonDayTaken / Conflict / AlreadyDone and
        change nothing. A receipt (the answer to an Idempotency-Key) is kept in the same
        transaction; AlreadyDone when a live receipt holds that key (checked first)."""

    @abstractmethod
    def get_booking(self, reference: str) -> Booking | None: ...

    @abstractmethod
    def change_booking_status(
        self,
        reference: str,
        expected: str,
        new: str,
        *,
        changed_at: str,
        changed_by: str = "",
        capacity: int = 0,
        person_day_keys: list[str] | None = None,
    ) -> Booking | None:
        """Move a booking from `expected` to `new` status atomically; None if its status is not
        `expected` (or it does not exist). Leaving `confirmed` for `cancelled` frees its place
        and person-day keys; coming back from `cancelled` takes them again (the given
        person_day_keys), raising SlotFull
        (the slot has no room under `capacity`) or PersonDayTaken and changing nothing.
        no_show holds its place like confirmed. Records changed_at/changed_by on the booking
        (cancelled_at too when it is cancelled)."""

    @abstractmethod
    def slot_usage(self, service: str, day: str) -> dict[str, int]:
        """Booked places per slot start ('2026-12-01T09:30' -> n) for one service and day."""

    @abstractmethod
    def list_bookings(self, day: str) -> list[Booking]: ...

    # --- people (no-show counts) ------------------------------------------------------------
    @abstractmethod
    def get_person(self, person_key: str) -> Person | None: ...

    @abstractmethod
    def save_person(self, person: Person) -> bool:
        """Write the person if the stored version is still person.version (or there is none
        when it is 0), storing version + 1; False when someone changed it meanwhile."""

    # --- feedback -------------------------------------------------------------------------
    @abstractmethod
    def next_sequence(self, name: str, expires_at: int) -> int:
        """Atomically increment and return a named counter (1 for a new one)."""

    @abstractmethod
    def create_feedback(self, case: Feedback, receipt: IdempotencyRecord | None = None) -> None:
        """Insert, or raise Conflict if the case number exists; the receipt as for bookings."""

    @abstractmethod
    def get_feedback(self, case_number: str) -> Feedback | None: ...

    @abstractmethod
    def update_feedback(self, case: Feedback, expected_status: str) -> bool:
        """Replace the case only if its stored status is still expected_status."""

    @abstractmethod
    def list_feedback(self) -> list[Feedback]: ...

    # --- abuse protection -----------------------------------------------------------------
    @abstractmethod
    def hit_rate(self, key: str, expires_at: int) -> int:
        """Count one request in the window named by key; return the count so far."""

    @abstractmethod
    def rate_count(self, key: str) -> int:
        """The count in the window named by key so far, without counting (0 when none)."""

    @abstractmethod
    def get_receipt(self, key: str, now: int) -> IdempotencyRecord | None:
        """The live receipt for an Idempotency-Key (see IdempotencyRecord), or None."""

    # --- staff console sessions -----------------------------------------------------------
    @abstractmethod
    def put_session(self, session: StaffSession) -> None:
        """Insert or replace the session (expires_at is its TTL)."""

    @abstractmethod
    def get_session(self, key: str) -> StaffSession | None:
        """The session, or None (expired ones may still be returned: callers check)."""

    @abstractmethod
    def delete_session(self, key: str) -> None: ...

    # --- staff accounts -------------------------------------------------------------------
    @abstractmethod
    def add_staff(self, member: StaffMember) -> None:
        """Insert a new account, or raise Conflict if the login exists."""

    @abstractmethod
    def save_staff(self, member: StaffMember, previous: StaffMember) -> None:
        """Replace an account (previous is what was read: its API token pointer is dropped)."""

    @abstractmethod
    def get_staff(self, login: str) -> StaffMember | None: ...

    @abstractmethod
    def list_staff(self) -> list[StaffMember]: ...

    @abstractmethod
    def staff_by_token(self, token_hash: str) -> StaffMember | None:
        """The account whose API token has this SHA-256, or None."""

    # --- access log -----------------------------------------------------------------------
    @abstractmethod
    def append_access(self, entry: AccessEntry) -> None:
        """Add one entry; entries are never changed, only purged when expired."""

    @abstractmethod
    def list_access(self, days: list[str]) -> list[AccessEntry]:
        """Every entry of these days (YYYY-MM-DD, Asia/Taipei), in any order."""

    # --- counter queue --------------------------------------------------------------------
    @abstractmethod
    def get_queue_day(self, day: str) -> QueueDay | None: ...

    @abstractmethod
    def save_queue_day(self, queue: QueueDay) -> bool:
        """Write the day if the stored version is still queue.version (nothing stored when it
        is 0), storing version + 1, and its hourly counts (kept when the day itself is purged)
        in the same transaction; False, changing nothing, when someone changed it meanwhile."""

    @abstractmethod
    def queue_hours(self, month: str) -> dict[str, dict[str, Any]]:
        """The hourly counts of each day of a month (YYYY-MM) that has any: day -> hours."""

    # --- retention ------------------------------------------------------------------------
    @abstractmethod
    def purge_expired(self, now: int) -> dict[str, int]:
        """Delete every record whose expires_at has passed; counts per kind (no personal data)."""
