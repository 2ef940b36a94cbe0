"""Storage: one interface (base.Store), two implementations (sqlite, dynamodb).

make_store imports the DynamoDB module (and so boto3) only when it is configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import Settings
    from .base import Store


def make_store(settings: Settings, sqlite_path: str) -> Store:
    if settings.store == "dynamodb":
        from .dynamodb import DynamoStore

        return DynamoStore.from_settings(settings)
    from .sqlite import SqliteStore

    return SqliteStore(sqlite_path, synchronous=settings.sqlite_synchronous)
