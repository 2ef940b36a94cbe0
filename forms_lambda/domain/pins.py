"""Look-ups with a reference or case number and a 6-digit PIN, and the limit on wrong PINs.

A PIN is short enough to read out on the phone, so what keeps it safe is the number of guesses
anyone gets (the arithmetic is in docs/backend.md): WRONG_PER_DAY wrong PINs per record per
Taiwan day, and WRONG_EVER over the record's life, after which PIN look-ups of that record stop
(the e-mail link still works, and the office can help). Both counts live in the store's rate
counters, so they hold across processes and Lambda instances, on top of the per-address limit.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TypeVar

from forms_lambda.domain.common import Clock, FieldReader, NotFound, Refused, end_of_day_epoch
from forms_lambda.domain.ids import Hasher
from forms_lambda.domain.records import Booking, Feedback
from forms_lambda.domain.validation import validate_pin
from forms_lambda.store.base import Store

R = TypeVar("R", Booking, Feedback)

WRONG_PER_DAY = 5
WRONG_EVER = 10


class PinGuard:
    def __init__(self, store: Store, hasher: Hasher, now: Clock) -> None:
        self.store = store
        self.hasher = hasher
        self.now = now

    def open(
        self,
        scope: str,
        typed: tuple[str, object, Callable[[str], str]],
        pin: object,
        load: Callable[[str], R | None],
    ) -> R:
        """The record a number and PIN open, as typed: typed is (field name, value, reader).

        load(number) gives the live record or None. InvalidInput for what cannot be a number
        or a PIN (nothing is counted), else as check()."""
        field, value, read = typed
        reader = FieldReader({field: value, "pin": pin})
        number = reader.checked(field, read, required=True)
        pin_text = reader.checked("pin", validate_pin, required=True, max_length=20)
        reader.fail_if_errors()
        record = load(number)
        stored, keep = (record.pin_hash, record.expires_at) if record else ("", 0)
        self.check(scope, number, pin_text, stored, keep)
        assert record is not None
        return record

    def check(self, scope: str, key: str, pin: str, stored_hash: str, expires_at: int) -> None:
        """Return when pin opens the record; raise Refused("pin_locked") or NotFound.

        stored_hash is "" when there is no live record: that answers and counts like a wrong
        PIN, so a guess learns nothing about which numbers exist. The lifetime limit is the
        bound the arithmetic rests on, so it must hold when many guesses arrive at once: each
        attempt is counted atomically before the PIN is compared, and right ones are counted
        apart (wrong = attempts - right). The daily count only paces honest retries.
        """
        now = self.now()
        today_end = end_of_day_epoch(now.date())
        wrong_today = f"pin-wrong:{scope}:{key}:{now.date().isoformat()}"
        tries, right = f"pin-tries:{scope}:{key}", f"pin-right:{scope}:{key}"
        if self.store.rate_count(wrong_today) >= WRONG_PER_DAY:
            raise Refused("pin_locked")
        keep = max(expires_at, today_end)
        if self.store.hit_rate(tries, keep) - self.store.rate_count(right) > WRONG_EVER:
            raise Refused("pin_locked")
        if stored_hash and hmac.compare_digest(self.hasher.pin_hash(key, pin), stored_hash):
            self.store.hit_rate(right, keep)
            return
        self.store.hit_rate(wrong_today, today_end)
        raise NotFound
