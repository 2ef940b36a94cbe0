"""Storage: one interface (base.Store), two implementations (sqlite, dynamodb).

make_store imports the DynamoDB module (and so boto3) only when it is configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forms_lambda.settings import Settings
    from forms_lambda.store.base import Store


def make_store(settings: Settings, sqlite_path: str) -> Store:
    if settings.store == "dynamodb":
        from forms_lambda.store.dynamodb import DynamoStore

        return DynamoStore.from_settings(settings)
    from forms_lambda.store.sqlite import SqliteStore

    return SqliteStore(sqlite_path, synchronous=settings.sqlite_synchronous)
