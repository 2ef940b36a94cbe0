"""Staff console sign-in: per-person secrets, server-side sessions, CSRF tokens, guessing limits.

Why sessions live in the store (SQLite table, DynamoDB ephemeral table with TTL) rather than in a
signed cookie: signing out ends a session at once and everywhere, so a cookie copied from a shared
counter computer is worthless after sign-out; disabling an account or resetting its secret raises
the account's generation, which ends every older session at its next request. The cookie holds 256
random bits; the store keeps only their SHA-256, so a copy of the table cannot be replayed as a
session. Each session has its own random CSRF token (synchronizer pattern).

The sign-in form has no session yet, so its CSRF token is an HMAC (under the server secret) of a
random nonce kept in a short-lived cookie: a page on another site can neither read the cookie nor
compute the token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace

from forms_lambda.backend import Backend
from forms_lambda.domain.records import StaffMember, StaffSession
from forms_lambda.domain.staff import SIGNS_IN

SESSION_COOKIE = "hro_staff"
SIGNIN_COOKIE = "hro_staff_signin"
SIGNIN_COOKIE_AGE = 3600  # an hour to type the secret
SIGNIN_WINDOW = 15 * 60  # failed sign-ins are counted in 15-minute windows
MAX_COOKIE_LENGTH = 100


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _plausible(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_COOKIE_LENGTH and value.isascii()


@dataclass(frozen=True)
class Started:
    """A new session and the cookie value that names it (shown to the browser only)."""

    session: StaffSession
    cookie: str


@dataclass(frozen=True)
class SignedIn:
    """A live session and the account it belongs to, as read at this request."""

    session: StaffSession
    member: StaffMember


class CsrfError(Exception):
    """400 when the form carries no token, 403 when it carries a wrong one."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


def check_csrf(expected: str, given: object) -> None:
    if not isinstance(given, str) or not given:
        raise CsrfError(400, "csrf_missing")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfError(403, "csrf_invalid")


class StaffSessions:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.settings = backend.settings

    def _now(self) -> int:
        return int(self.backend.now().timestamp())

    @property
    def lifetime(self) -> int:
        return self.settings.admin_session_hours * 3600

    def start(self, member: StaffMember, lang: str) -> Started:
        cookie = secrets.token_urlsafe(32)
        now = self._now()
        session = StaffSession(
            key=_digest(cookie),
            csrf=secrets.token_urlsafe(32),
            lang=lang,
            login=member.login,
            generation=member.generation,
            created_at=now,
            expires_at=now + self.lifetime,
        )
        self.backend.store.put_session(session)
        return Started(session, cookie)

    def load(self, cookie: object) -> SignedIn | None:
        """The live session the cookie names and its account, or None (unknown, expired, or
        the account was disabled or its secret reset since)."""
        if not _plausible(cookie):
            return None
        store = self.backend.store
        session = store.get_session(_digest(str(cookie)))
        if session is None or session.expires_at <= self._now():
            return None
        member = store.get_staff(session.login) if session.login else None
        if member is None or not member.active or member.generation != session.generation:
            return None
        if member.role not in SIGNS_IN:  # a device's token never opens the console
            return None
        return SignedIn(session, member)

    def end(self, cookie: object) -> None:
        if _plausible(cookie):
            self.backend.store.delete_session(_digest(str(cookie)))

    def with_lang(self, session: StaffSession, lang: str) -> StaffSession:
        """Remember the console language in the session (one write, only when it changes)."""
        if session.lang == lang:
            return session
        changed = replace(session, lang=lang)
        self.backend.store.put_session(changed)
        return changed

    # --- sign-in form CSRF ------------------------------------------------------------------
    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(24)

    @staticmethod
    def usable_nonce(value: object) -> str | None:
        return str(value) if _plausible(value) else None

    def signin_csrf(self, nonce: str) -> str:
        return self.backend.hasher.keyed("staff-signin-csrf", nonce)

    # --- failed sign-ins ----------------------------------------------------------------------
    # Counted per client address (FORMS_ADMIN_SIGNIN_LIMIT) and per login (twice that, so one
    # address cannot lock a clerk out alone, while guessing one account from many addresses
    # still stops).
    def _failure_keys(self, client: str, login: str) -> tuple[list[tuple[str, int]], int]:
        now = self._now()
        window = now // SIGNIN_WINDOW
        limit = self.settings.admin_signin_limit
        address = self.backend.hasher.keyed("client", client)[:32]
        keys = [(f"signin-fail:{address}:{window}", limit)]
        if login:
            account = self.backend.hasher.keyed("staff-login", login)[:32]
            keys.append((f"signin-fail-login:{account}:{window}", limit * 2))
        return keys, (window + 1) * SIGNIN_WINDOW - now

    def blocked_for(self, client: str, login: str = "") -> int:
        """Seconds until this address (and login) may try again (0 when it may now)."""
        if not self.settings.admin_signin_limit:
            return 0
        keys, left = self._failure_keys(client, login)
        store = self.backend.store
        return left if any(store.rate_count(key) >= limit for key, limit in keys) else 0

    def count_failure(self, client: str, login: str) -> None:
        if not self.settings.admin_signin_limit:
            return
        keys, left = self._failure_keys(client, login)
        for key, _limit in keys:
            self.backend.store.hit_rate(key, self._now() + left + SIGNIN_WINDOW)
