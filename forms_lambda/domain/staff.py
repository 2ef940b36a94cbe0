"""Named staff accounts and what each role may do.

Every member of staff signs in as themselves, so the access log can say who saw or changed a
citizen's record (個人資料保護法施行細則 Art. 12: access to personal data must be traceable).
Secrets are kept only as scrypt hashes (hashlib, i.e. OpenSSL's scrypt: slow by design, so a
copied table cannot be guessed through quickly); API tokens for scripts and devices are 256
random bits, kept as SHA-256 (a fast hash is enough for a random value nobody chose).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace

from forms_lambda.domain.common import Clock, InvalidInput, NotFound
from forms_lambda.domain.records import StaffMember
from forms_lambda.store.base import Conflict, Store

ROLES = ("counter", "mailbox", "supervisor", "device")
ROLE_NAMES = {
    "counter": {"zh-TW": "櫃台（預約、叫號）", "en": "Counter (bookings, queue)"},
    "mailbox": {"zh-TW": "信箱（民眾意見）", "en": "Mailbox (feedback)"},
    "supervisor": {"zh-TW": "主管", "en": "Supervisor"},
    "device": {"zh-TW": "叫號機（設備）", "en": "Queue device"},
}
COUNTER = frozenset(
    {"bookings.view", "bookings.book", "bookings.change", "bookings.export", "queue.call"}
)
MAILBOX = frozenset({"cases.view", "cases.reply", "cases.classify", "cases.export"})
SUPERVISOR_ONLY = frozenset(
    {"cases.approve", "bookings.override_window", "staff.manage", "access_log.view"}
)
# A ticket machine or the office's queue system: it reports numbers with its API token and
# nothing else. It has no secret and never signs in to the console.
DEVICE = frozenset({"queue.feed"})
SIGNS_IN = ("counter", "mailbox", "supervisor")
PERMISSIONS: dict[str, frozenset[str]] = {
    "counter": COUNTER,
    "mailbox": MAILBOX,
    "supervisor": COUNTER | MAILBOX | SUPERVISOR_ONLY | DEVICE,
    "device": DEVICE,
}

LOGIN = re.compile(r"[a-z][a-z0-9._-]{1,31}")
# scrypt with N=2^14, r=8, p=1 (16 MiB, about 50 ms here): RFC 7914's interactive setting.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SECRET_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read off a slip of paper
SECRET_GROUPS = 4  # four groups of four: 31^16, about 2^79


def may(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())


def new_secret() -> str:
    """A sign-in secret to hand over on paper: xxxx-xxxx-xxxx-xxxx."""
    groups = ("".join(secrets.choice(SECRET_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"
    )


def secret_matches(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        given = hashlib.scrypt(
            secret.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
            maxmem=128 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, base64.b64decode(digest))


# Spent on an unknown login too, so the answer's timing does not tell which logins exist.
_DUMMY_HASH = hash_secret(new_secret())


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Issued:
    """An account and the secret or token just made for it (shown once, never stored)."""

    member: StaffMember
    secret: str


class StaffAccounts:
    """Add, disable, enable, reset and list staff; check a sign-in or an API token."""

    def __init__(self, store: Store, now: Clock) -> None:
        self.store = store
        self.now = now

    def _stamp(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def get(self, login: str) -> StaffMember:
        member = self.store.get_staff(login) if LOGIN.fullmatch(login or "") else None
        if member is None:
            raise NotFound
        return member

    def list(self) -> list[StaffMember]:
        return sorted(self.store.list_staff(), key=lambda m: (not m.active, m.role, m.login))

    def add(self, *, name: str, role: str, login: str = "") -> Issued:
        """A new account and its first secret (a device: its first API token)."""
        errors = {}
        name = " ".join((name or "").split())
        if not name or len(name) > 40:
            errors["name"] = "staff_name_invalid"
        if role not in ROLES:
            errors["role"] = "staff_role_invalid"
        login = (login or "").strip().lower() or self._free_login(role)
        if not LOGIN.fullmatch(login):
            errors["login"] = "staff_login_invalid"
        if errors:
            raise InvalidInput(errors)
        # A person gets a secret to sign in with; a device gets its API token instead.
        signs_in = role in SIGNS_IN
        secret = new_secret() if signs_in else secrets.token_urlsafe(32)
        member = StaffMember(
            login=login,
            name=name,
            role=role,
            secret_hash=hash_secret(secret) if signs_in else "",
            api_token_hash="" if signs_in else token_digest(secret),
            created_at=self._stamp(),
            changed_at=self._stamp(),
        )
        try:
            self.store.add_staff(member)
        except Conflict:
            raise InvalidInput({"login": "staff_login_taken"}) from None
        return Issued(member, secret)

    def _free_login(self, role: str) -> str:
        taken = {m.login for m in self.store.list_staff()}
        return next(f"{role}{n:02d}" for n in range(1, 1000) if f"{role}{n:02d}" not in taken)

    def _change(self, login: str, change: Callable[[StaffMember], StaffMember]) -> StaffMember:
        member = self.get(login)
        changed = replace(change(member), changed_at=self._stamp())
        self.store.save_staff(changed, previous=member)
        return changed

    def disable(self, login: str) -> StaffMember:
        """Ends every session and the API token at once (their generation no longer matches)."""
        return self._change(login, lambda m: replace(m, active=False, generation=m.generation + 1))

    def enable(self, login: str) -> StaffMember:
        return self._change(login, lambda m: replace(m, active=True))

    def reset(self, login: str) -> Issued:
        """A new secret; the old one and every open session stop working."""
        if self.get(login).role not in SIGNS_IN:
            raise InvalidInput({"login": "staff_device_no_secret"})
        secret = new_secret()
        member = self._change(
            login,
            lambda m: replace(m, secret_hash=hash_secret(secret), generation=m.generation + 1),
        )
        return Issued(member, secret)

    def issue_token(self, login: str, token: str = "") -> Issued:
        """A new API token for scripts or a device; it replaces the person's previous one."""
        token = token or secrets.token_urlsafe(32)
        member = self._change(login, lambda m: replace(m, api_token_hash=token_digest(token)))
        return Issued(member, token)

    def check_secret(self, login: str, secret: str) -> StaffMember | None:
        """The active member whose secret this is, or None (same work either way)."""
        member = self.store.get_staff(login) if LOGIN.fullmatch(login or "") else None
        stored = member.secret_hash if member and member.secret_hash else _DUMMY_HASH
        ok = bool(secret) and len(secret) <= 200 and secret_matches(secret.strip(), stored)
        signs_in = member is not None and member.active and member.role in SIGNS_IN
        return member if ok and signs_in else None

    def by_token(self, token: str) -> StaffMember | None:
        if not token or len(token) > 200:
            return None
        member = self.store.staff_by_token(token_digest(token))
        return member if member is not None and member.active else None

    def any_exist(self) -> bool:
        return bool(self.store.list_staff())
