"""Staff console sign-in: the staff token, server-side sessions, CSRF tokens, failed-sign-in limit.

Why sessions live in the store (SQLite table, DynamoDB ephemeral table with TTL) rather than in a
signed cookie: signing out, or replacing FORMS_ADMIN_TOKEN_HASH, ends a session at once and
everywhere, so a cookie copied from a shared counter computer is worthless after sign-out. The
cookie holds 256 random bits; the store keeps only their SHA-256, so a copy of the table cannot be
replayed as a session. Each session has its own random CSRF token (synchronizer pattern).

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
from forms_lambda.domain.records import StaffSession

SESSION_COOKIE = "hro_staff"
SIGNIN_COOKIE = "hro_staff_signin"
SIGNIN_COOKIE_AGE = 3600  # an hour to type the token
SIGNIN_WINDOW = 15 * 60  # failed sign-ins are counted per address in 15-minute windows
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

    # --- the staff token --------------------------------------------------------------------
    @property
    def configured(self) -> bool:
        return bool(self.settings.admin_token_hash)

    def token_matches(self, token: object) -> bool:
        expected = self.settings.admin_token_hash
        if not expected or not isinstance(token, str) or not token or len(token) > 500:
            return False
        return hmac.compare_digest(_digest(token.strip()), expected)

    def _token_tag(self) -> str:
        """Names the current staff token without revealing its hash."""
        return _digest("session-tag:" + self.settings.admin_token_hash)[:16]

    # --- sessions -----------------------------------------------------------------------
    def _now(self) -> int:
        return int(self.backend.now().timestamp())

    @property
    def lifetime(self) -> int:
        return self.settings.admin_session_hours * 3600

    def start(self, lang: str) -> Started:
        cookie = secrets.token_urlsafe(32)
        now = self._now()
        session = StaffSession(
            key=_digest(cookie),
            csrf=secrets.token_urlsafe(32),
            lang=lang,
            token_tag=self._token_tag(),
            created_at=now,
            expires_at=now + self.lifetime,
        )
        self.backend.store.put_session(session)
        return Started(session, cookie)

    def load(self, cookie: object) -> StaffSession | None:
        """The live session the cookie names, or None (unknown, expired, or an old token)."""
        if not self.configured or not _plausible(cookie):
            return None
        session = self.backend.store.get_session(_digest(str(cookie)))
        if session is None or session.expires_at <= self._now():
            return None
        if not hmac.compare_digest(session.token_tag, self._token_tag()):
            return None
        return session

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
    def _failure_key(self, client: str) -> tuple[str, int]:
        now = self._now()
        window = now // SIGNIN_WINDOW
        address = self.backend.hasher.keyed("client", client)[:32]
        return f"signin-fail:{address}:{window}", (window + 1) * SIGNIN_WINDOW - now

    def blocked_for(self, client: str) -> int:
        """Seconds until this address may try again (0 when it may now)."""
        limit = self.settings.admin_signin_limit
        if not limit:
            return 0
        key, left = self._failure_key(client)
        return left if self.backend.store.rate_count(key) >= limit else 0

    def count_failure(self, client: str) -> None:
        if not self.settings.admin_signin_limit:
            return
        key, left = self._failure_key(client)
        self.backend.store.hit_rate(key, self._now() + left + SIGNIN_WINDOW)
