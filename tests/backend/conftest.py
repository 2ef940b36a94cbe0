"""Fixtures for the form backend: a fixed Taipei clock, settings in a temp folder, both stores.

The clock starts on Friday 2026-11-27 10:00 Asia/Taipei; tests move it with clock.set(...).
"""

from __future__ import annotations

import contextlib
import email
from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from forms_lambda.app import create_app
from forms_lambda.domain.records import StaffMember
from forms_lambda.domain.rules import TAIPEI
from forms_lambda.domain.staff import hash_secret, token_digest
from forms_lambda.settings import Settings
from forms_lambda.store.base import Store
from forms_lambda.store.sqlite import SqliteStore
from forms_lambda.web import backend

if TYPE_CHECKING:
    from forms_lambda.store.dynamodb import DynamoStore

# Three named staff, one per role; each has the same sign-in secret and an API token of its own.
STAFF_SECRET = "abcd-efgh-jkmn-pqrs"
STAFF_TOKEN = "supervisor-token-for-tests"  # the supervisor: may do everything
COUNTER_TOKEN = "counter-token-for-tests"
MAILBOX_TOKEN = "mailbox-token-for-tests"
STAFF_HEADERS = {"Authorization": f"Bearer {STAFF_TOKEN}"}
COUNTER_HEADERS = {"Authorization": f"Bearer {COUNTER_TOKEN}"}
MAILBOX_HEADERS = {"Authorization": f"Bearer {MAILBOX_TOKEN}"}
_SECRET_HASH = hash_secret(STAFF_SECRET)  # scrypt once per run, not once per test
STAFF = (
    ("boss", "陳主任", "supervisor", STAFF_TOKEN),
    ("clerk", "王櫃台", "counter", COUNTER_TOKEN),
    ("mail", "林信箱", "mailbox", MAILBOX_TOKEN),
)
START = datetime(2026, 11, 27, 10, 0, tzinfo=TAIPEI)  # a Friday


def add_staff(store: Store) -> None:
    """The three test accounts, written straight to the store (as the staff command would)."""
    for login, name, role, token in STAFF:
        store.add_staff(
            StaffMember(
                login=login,
                name=name,
                role=role,
                secret_hash=_SECRET_HASH,
                api_token_hash=token_digest(token),
                created_at="2026-11-01T09:00:00+08:00",
            )
        )


def with_staff(app):
    with app.app_context():
        add_staff(backend().store)
    return app


class Clock:
    def __init__(self, moment: datetime = START) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, text: str) -> None:
        self.moment = datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "ap-northeast-1",
        "AWS_REGION": "ap-northeast-1",
    }.items():
        monkeypatch.setenv(name, value)


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "instance_path": tmp_path,
        "rate_limit": 0,
        "secret_key": "test-secret",
        "staff_emails": ("staff@south-hro.example.gov.tw",),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same tests run against SQLite (a real file) and DynamoDB (moto)."""
    if request.param == "sqlite":
        sqlite_store = SqliteStore(tmp_path / "store.sqlite3")
        yield sqlite_store
        sqlite_store.close()
        return
    request.getfixturevalue("aws_env")
    with moto_store() as dynamo:
        yield dynamo


@contextlib.contextmanager
def moto_store() -> Iterator[DynamoStore]:
    """A DynamoDB store on moto's tables, for the block (needs the aws_env fixture)."""
    import boto3
    from moto import mock_aws

    from forms_lambda.store.dynamodb import DynamoStore

    with mock_aws():
        client = boto3.client("dynamodb", region_name="ap-northeast-1")
        DynamoStore.create_tables(client, "records", "ephemeral")
        yield DynamoStore(client, "records", "ephemeral")


@pytest.fixture
def app(settings: Settings, clock: Clock):
    return with_staff(create_app(settings, now=clock))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def any_client(settings: Settings, clock: Clock, store: Store):
    """A client whose app runs on each store in turn."""
    return with_staff(create_app(settings, now=clock, store=store)).test_client()


def outbox(tmp_path: Path) -> list[Message]:
    folder = tmp_path / "outbox"
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=default)
        for p in sorted(folder.glob("*.eml"))
    ]


def booking_payload(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "service": "household",
        "slot": "2026-11-30T09:00",  # Monday, inside the 1–7 day window
        "name": "王小明",
        "phone": "0912-345-678",
        "email": "ming@example.com",
        "consent": True,
        "lang": "zh-TW",
    }
    data.update(overrides)
    return data


def feedback_payload(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "mailbox",
        "subject": "櫃台服務",
        "message": "謝謝櫃台同仁的協助。",
        "name": "林美華",
        "email": "mei@example.com",
        "consent": True,
        "lang": "zh-TW",
    }
    data.update(overrides)
    return data
