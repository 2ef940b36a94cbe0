"""The app's parts, wired from Settings: rules, definitions, store, notifier, domain services.

Store and notifier are built on first use, so importing and creating the app stays cheap (and
boto3 is imported only when a request needs DynamoDB or SES).
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

from forms_lambda.domain.audit import AccessLog
from forms_lambda.domain.bookings import Bookings
from forms_lambda.domain.common import Clock, Office, taipei_now
from forms_lambda.domain.definitions import FormDefinitions, load_definitions
from forms_lambda.domain.feedback import FeedbackDesk
from forms_lambda.domain.ids import Hasher
from forms_lambda.domain.queue import QueueDesk
from forms_lambda.domain.queue_config import QueueConfig, QueueConfigError, load_queue_config
from forms_lambda.domain.rules import BookingRules, load_rules
from forms_lambda.domain.staff import StaffAccounts
from forms_lambda.notify import make_notifier
from forms_lambda.notify.base import Notifier
from forms_lambda.settings import Settings
from forms_lambda.store import make_store
from forms_lambda.store.base import Store


def office_names(settings: Settings, definitions: FormDefinitions) -> dict[str, str]:
    """The office's name for e-mails and .ics: office.yml's, unless the environment sets one
    (kept once with the site's facts, so an office that adopts the site edits one file)."""
    names = dict(definitions.office_names or {})
    names.update(
        {
            k: v
            for k, v in (("zh-TW", settings.office_name_zh), ("en", settings.office_name_en))
            if v
        }
    )
    if set(names) != {"zh-TW", "en"}:
        raise ValueError(
            "The office name is missing: put office.yml (with name: zh-TW and en) beside "
            f"{settings.definitions.name}, or set FORMS_OFFICE_NAME_ZH and FORMS_OFFICE_NAME_EN"
        )
    return names


def _queue_config(path: Path) -> QueueConfig:
    """queue.yml, or a start-up error naming its file and line (as the site build does)."""
    try:
        return load_queue_config(path)
    except QueueConfigError as error:
        where = f"{path}:{error.line}" if error.line else str(path)
        raise ValueError(f"{where}: {error.message}") from None


class Backend:
    def __init__(
        self,
        settings: Settings,
        instance_path: Path,
        *,
        now: Clock | None = None,
        store: Store | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        self.settings = settings
        self.instance_path = instance_path
        self.now: Clock = now or taipei_now
        self.rules: BookingRules = load_rules(settings.booking_rules)
        self.definitions: FormDefinitions = load_definitions(settings.definitions)
        self.queue_config: QueueConfig = _queue_config(settings.queue_file)
        if settings.store == "dynamodb" and not settings.secret_key:
            raise ValueError("FORMS_SECRET_KEY is required with FORMS_STORE=dynamodb")
        self.office = Office(
            names=office_names(settings, self.definitions),
            sender=settings.sender,
            staff=settings.staff_emails,
            address=self.definitions.office_address or {},
            phone=self.definitions.office_phone or {},
        )
        self._store = store
        self._notifier = notifier
        self._hasher: Hasher | None = None
        self._bookings: Bookings | None = None
        self._feedback: FeedbackDesk | None = None
        self._lock = threading.Lock()

    # --- lazily built parts ---------------------------------------------------------------
    @property
    def sqlite_path(self) -> Path:
        return self.settings.sqlite_path or self.instance_path / "forms.sqlite3"

    @property
    def store(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = make_store(self.settings, str(self.sqlite_path))
        return self._store

    @property
    def notifier(self) -> Notifier:
        if self._notifier is None:
            with self._lock:
                if self._notifier is None:
                    outbox = self.settings.outbox_path or self.instance_path / "outbox"
                    self._notifier = make_notifier(self.settings, outbox)
        return self._notifier

    @property
    def hasher(self) -> Hasher:
        if self._hasher is None:
            with self._lock:
                if self._hasher is None:
                    self._hasher = Hasher(self.settings.secret_key or self._local_secret())
        return self._hasher

    def _local_secret(self) -> str:
        """A per-installation secret in the instance folder, made once (local use only)."""
        path = self.instance_path / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_hex(32))
            except FileExistsError:
                pass
        return path.read_text().strip()

    @property
    def bookings(self) -> Bookings:
        if self._bookings is None:
            self._bookings = Bookings(
                rules=self.rules,
                definitions=self.definitions,
                store=self.store,
                notifier=self.notifier,
                hasher=self.hasher,
                now=self.now,
                office=self.office,
            )
        return self._bookings

    @property
    def feedback(self) -> FeedbackDesk:
        if self._feedback is None:
            self._feedback = FeedbackDesk(
                definitions=self.definitions,
                calendar=self.rules.calendar,
                store=self.store,
                notifier=self.notifier,
                hasher=self.hasher,
                now=self.now,
                office=self.office,
            )
        return self._feedback

    @property
    def queue(self) -> QueueDesk:
        return QueueDesk(self.queue_config, self.rules.calendar, self.store, self.now)

    @property
    def staff(self) -> StaffAccounts:
        return StaffAccounts(self.store, self.now)

    @property
    def access_log(self) -> AccessLog:
        return AccessLog(self.store, self.now, self.definitions.access_log_retention_days)
