"""One settings object, read from the environment, so the same code runs locally and on Lambda.

Every setting is listed in SETTINGS with its default and meaning; docs/backend.md documents each
one and a test checks that.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# name -> (default, one-line meaning). Defaults are strings as they would appear in the environment.
SETTINGS: dict[str, tuple[str, str]] = {
    "FORMS_STORE": ("sqlite", "Where records live: sqlite (local file) or dynamodb (AWS)."),
    "FORMS_INSTANCE_PATH": (
        "",
        "Folder for the SQLite file, the mail outbox and the local secret; "
        "empty means Flask's instance folder (instance/ in the repository).",
    ),
    "FORMS_SQLITE_PATH": ("", "SQLite file; empty means forms.sqlite3 in the instance folder."),
    "FORMS_SQLITE_SYNCHRONOUS": (
        "NORMAL",
        "SQLite durability: NORMAL (WAL: safe from process "
        "crashes, no fsync per booking) or FULL (also from power loss, "
        "one fsync per write).",
    ),
    "FORMS_DYNAMODB_TABLE": ("hro-forms", "DynamoDB table for bookings, feedback and counters."),
    "FORMS_DYNAMODB_EPHEMERAL_TABLE": (
        "hro-forms-ephemeral",
        "DynamoDB table for rate-limit counters and idempotency keys.",
    ),
    "FORMS_DYNAMODB_ENDPOINT": (
        "",
        "Custom DynamoDB endpoint URL (DynamoDB Local); empty for AWS.",
    ),
    "FORMS_NOTIFY": ("outbox", "How e-mail goes out: outbox (.eml files) or ses (Amazon SES)."),
    "FORMS_OUTBOX_PATH": ("", "Folder for .eml files; empty means outbox/ in the instance folder."),
    "FORMS_SENDER": ("noreply@south-hro.example.gov.tw", "From address of every e-mail."),
    "FORMS_STAFF_EMAILS": (
        "",
        "Comma-separated staff addresses that get a notice of each new "
        "booking and case; empty sends none.",
    ),
    "FORMS_ADMIN_SESSION_HOURS": (
        "8",
        "Hours a staff console sign-in lasts (1 to 24); then staff sign in again.",
    ),
    "FORMS_ADMIN_COOKIE_SECURE": (
        "true",
        "true: the staff console cookie is Secure (sent over HTTPS only); false only for a "
        "local console over plain http.",
    ),
    "FORMS_ADMIN_SIGNIN_LIMIT": (
        "5",
        "Failed staff console sign-ins allowed per client address per 15 minutes; 0 turns "
        "the limit off.",
    ),
    "FORMS_SECRET_KEY": (
        "",
        "Secret for keyed hashes (ID numbers, client addresses, people). "
        "Required with dynamodb; with sqlite an empty value creates secret.key in "
        "the instance folder.",
    ),
    "FORMS_RATE_LIMIT": (
        "30",
        "Requests per minute per client address on rate-limited endpoints; 0 turns the limit off.",
    ),
    "FORMS_TRUSTED_PROXIES": (
        "0",
        "How many proxies in front add X-Forwarded-For (CloudFront: 1); "
        "the client address is read that many hops from the right.",
    ),
    "FORMS_MAX_BODY_BYTES": ("65536", "Largest request body accepted; larger gets 413."),
    "FORMS_BOOKING_RULES": (
        "content/data/booking.yml",
        "Booking rules file (relative to the repository or absolute).",
    ),
    "FORMS_DEFINITIONS": (
        "content/data/forms.yml",
        "Form definitions file with the personal-data "
        "notices and retention (relative to the repository or absolute).",
    ),
    "FORMS_QUEUE": (
        "content/data/queue.yml",
        "Counter queue file: services, counters and calling hours (relative to the "
        "repository or absolute).",
    ),
    "FORMS_SITE_URL": (
        "",
        "Absolute URL of the web site for links in e-mails and redirects; empty "
        "means the host of the request.",
    ),
    "FORMS_OFFICE_NAME_ZH": (
        "",
        "Office name in Chinese for e-mails and .ics; empty means the name in "
        "office.yml beside the form definitions file.",
    ),
    "FORMS_OFFICE_NAME_EN": (
        "",
        "Office name in English for e-mails and .ics; empty means the name in "
        "office.yml beside the form definitions file.",
    ),
    "FORMS_LOG_LEVEL": ("INFO", "Log level of the backend's logger (never logs personal data)."),
}

# Localized result pages of the no-JavaScript forms: a form-encoded POST gets 303 to one of these,
# with the reference and token in the query string. A static page cannot read its query without
# JavaScript, so these are small pages the backend renders itself (forms_lambda/pages.py); the
# e-mail links (cancel, case status) open them too. English ones live under /api/pages/en/.
RESULT_PAGES: dict[str, dict[str, str]] = {
    name: {"zh-TW": f"/api/pages/{path}", "en": f"/api/pages/en/{path}"}
    for name, path in {
        "booking_done": "booking/done/",
        "booking_full": "booking/full/",
        "booking_invalid": "booking/invalid/",
        "booking_refused": "booking/refused/",
        "booking_cancel": "booking/cancel/",
        "booking_cancelled": "booking/cancelled/",
        "booking_find": "booking/find/",
        "feedback_done": "feedback/done/",
        "feedback_invalid": "feedback/invalid/",
        "feedback_confirmed": "feedback/confirmed/",
        "feedback_status": "feedback/status/",
        "feedback_find": "feedback/find/",
        "busy": "busy/",
    }.items()
}


def _resolve(path_text: str) -> Path:
    path = Path(path_text)
    return path if path.is_absolute() else REPO_ROOT / path


@dataclass(frozen=True)
class Settings:
    """Typed view of the FORMS_* environment variables."""

    store: str = "sqlite"
    instance_path: Path | None = None
    sqlite_path: Path | None = None
    sqlite_synchronous: str = "NORMAL"
    dynamodb_table: str = "hro-forms"
    dynamodb_ephemeral_table: str = "hro-forms-ephemeral"
    dynamodb_endpoint: str = ""
    notify: str = "outbox"
    outbox_path: Path | None = None
    sender: str = "noreply@south-hro.example.gov.tw"
    staff_emails: tuple[str, ...] = ()
    admin_session_hours: int = 8
    admin_cookie_secure: bool = True
    admin_signin_limit: int = 5
    secret_key: str = ""
    rate_limit: int = 30
    trusted_proxies: int = 0
    max_body_bytes: int = 65536
    booking_rules: Path = field(default_factory=lambda: _resolve("content/data/booking.yml"))
    definitions: Path = field(default_factory=lambda: _resolve("content/data/forms.yml"))
    queue_file: Path = field(default_factory=lambda: _resolve("content/data/queue.yml"))
    site_url: str = ""
    office_name_zh: str = ""  # empty: office.yml's name (FormDefinitions.office_names)
    office_name_en: str = ""
    log_level: str = "INFO"
    result_pages: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: RESULT_PAGES)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every FORMS_* variable; raise ValueError naming the bad one."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            return env.get(name, SETTINGS[name][0]).strip()

        def get_int(name: str, minimum: int) -> int:
            text = get(name)
            try:
                value = int(text)
            except ValueError:
                raise ValueError(f"{name} must be a whole number, not {text!r}") from None
            if value < minimum:
                raise ValueError(f"{name} must be at least {minimum}")
            return value

        def get_path(name: str) -> Path | None:
            text = get(name)
            return _resolve(text) if text else None

        store = get("FORMS_STORE").lower()
        if store not in ("sqlite", "dynamodb"):
            raise ValueError(f"FORMS_STORE must be sqlite or dynamodb, not {store!r}")
        notify = get("FORMS_NOTIFY").lower()
        if notify not in ("outbox", "ses"):
            raise ValueError(f"FORMS_NOTIFY must be outbox or ses, not {notify!r}")
        synchronous = get("FORMS_SQLITE_SYNCHRONOUS").upper()
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError(
                f"FORMS_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not {synchronous!r}"
            )
        secure_text = get("FORMS_ADMIN_COOKIE_SECURE").lower()
        if secure_text not in ("true", "false"):
            raise ValueError(
                f"FORMS_ADMIN_COOKIE_SECURE must be true or false, not {secure_text!r}"
            )
        session_hours = get_int("FORMS_ADMIN_SESSION_HOURS", 1)
        if session_hours > 24:
            raise ValueError("FORMS_ADMIN_SESSION_HOURS must be at most 24")
        staff = tuple(a.strip() for a in get("FORMS_STAFF_EMAILS").split(",") if a.strip())
        return cls(
            store=store,
            instance_path=get_path("FORMS_INSTANCE_PATH"),
            sqlite_path=get_path("FORMS_SQLITE_PATH"),
            sqlite_synchronous=synchronous,
            dynamodb_table=get("FORMS_DYNAMODB_TABLE"),
            dynamodb_ephemeral_table=get("FORMS_DYNAMODB_EPHEMERAL_TABLE"),
            dynamodb_endpoint=get("FORMS_DYNAMODB_ENDPOINT"),
            notify=notify,
            outbox_path=get_path("FORMS_OUTBOX_PATH"),
            sender=get("FORMS_SENDER"),
            staff_emails=staff,
            admin_session_hours=session_hours,
            admin_cookie_secure=secure_text == "true",
            admin_signin_limit=get_int("FORMS_ADMIN_SIGNIN_LIMIT", 0),
            secret_key=get("FORMS_SECRET_KEY"),
            rate_limit=get_int("FORMS_RATE_LIMIT", 0),
            trusted_proxies=get_int("FORMS_TRUSTED_PROXIES", 0),
            max_body_bytes=get_int("FORMS_MAX_BODY_BYTES", 1024),
            booking_rules=_resolve(get("FORMS_BOOKING_RULES")),
            definitions=_resolve(get("FORMS_DEFINITIONS")),
            queue_file=_resolve(get("FORMS_QUEUE")),
            site_url=get("FORMS_SITE_URL").rstrip("/"),
            office_name_zh=get("FORMS_OFFICE_NAME_ZH"),
            office_name_en=get("FORMS_OFFICE_NAME_EN"),
            log_level=get("FORMS_LOG_LEVEL").upper(),
        )
