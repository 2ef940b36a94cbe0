"""DynamoDB store: capacity kept by a per-slot counter changed only inside TransactWriteItems.

One transaction adds 1 to the slot counter on condition "used < capacity", claims the person-day
keys on condition "not taken" and puts the booking: all or nothing, so never overbooked and
never half-written. Items carry `expires_at` (epoch seconds), the table's TTL attribute.

Layout (table FORMS_DYNAMODB_TABLE, keys pk/sk):
  DAY#2026-12-01 / BOOKING#<ref>               the booking (JSON in `data`)
  DAY#2026-12-01 / SLOT#<service>#<slot>       counter `used`
  REF#<ref> / REF                              pointer to the booking's day
  PERSONDAY#<key>#<day> / PERSONDAY            one booking per person per day
  PERSON#<key> / PERSON                        no-show count and block
  FEEDBACK / CASE#<case number>                feedback cases (a few thousand a year at most)
  COUNTER#<name> / COUNTER                     case-number sequences
  STAFF / STAFF#<login>                        staff accounts (a few dozen at most)
  STAFFTOKEN#<sha-256 of the token> / TOKEN    pointer from an API token to its account
  ACCESS#<day> / <time>#<id>                   the access log, one partition per day
  QUEUE#<day> / QUEUE                          the counter queue of a day (numbers, counts)
  QUEUESTATS#<YYYY-MM> / <day>                 its hourly counts, kept for the statistics
Ephemeral table (FORMS_DYNAMODB_EPHEMERAL_TABLE): RATE#<key> / RATE, IDEM#<key> / IDEM,
  SESSION#<sha-256 of the cookie> / SESSION (staff console sessions).
"""

from __future__ import annotations

import json
import random
import time
from typing import TYPE_CHECKING, Any

import boto3
from botocore.exceptions import ClientError

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
from forms_lambda.store.base import (
    USED,
    AlreadyDone,
    Conflict,
    PersonDayTaken,
    SlotFull,
    Store,
    StoreError,
    record_status,
)

if TYPE_CHECKING:
    from forms_lambda.settings import Settings


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _n(value: int) -> dict[str, str]:
    return {"N": str(int(value))}


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": _s(pk), "sk": _s(sk)}


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


# A transaction DynamoDB cancels only because another one was changing the same items at that
# moment (two citizens taking the same slot) wrote nothing: it is tried again after a short
# random wait, up to TRANSACT_TRIES times in all. The queue's day is the exception: its save
# answers a lost race like a stale version, and QueueDesk retries (domain/queue.py).
TRANSACT_TRIES = 4
TRANSACT_BACKOFF_S = 0.01


def _lost_a_race(error: ClientError) -> bool:
    """Cancelled for TransactionConflict alone, no condition of ours failing."""
    if _code(error) != "TransactionCanceledException":
        return False
    reasons = {r.get("Code") for r in error.response.get("CancellationReasons") or []}
    return "TransactionConflict" in reasons and reasons <= {"TransactionConflict", "None", None}


class DynamoStore(Store):
    def __init__(self, client: Any, table: str, ephemeral_table: str) -> None:
        self.client = client
        self.table = table
        self.ephemeral = ephemeral_table

    @classmethod
    def from_settings(cls, settings: Settings) -> DynamoStore:
        client = boto3.client("dynamodb", endpoint_url=settings.dynamodb_endpoint or None)
        return cls(client, settings.dynamodb_table, settings.dynamodb_ephemeral_table)

    def _transact(self, actions: list[dict[str, Any]]) -> None:
        """TransactWriteItems, tried again when it only lost a race (see TRANSACT_TRIES); a
        failed condition is raised at once for the caller to read."""
        for attempt in range(TRANSACT_TRIES):
            try:
                self.client.transact_write_items(TransactItems=actions)
                return
            except ClientError as error:
                if attempt + 1 == TRANSACT_TRIES or not _lost_a_race(error):
                    raise
            time.sleep(random.uniform(0, TRANSACT_BACKOFF_S * 2**attempt))

    @staticmethod
    def create_tables(client: Any, table: str, ephemeral_table: str) -> None:
        """For tests and DynamoDB Local; on AWS serverless.yml creates the same tables."""
        for name in (table, ephemeral_table):
            client.create_table(
                TableName=name,
                KeySchema=[
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                AttributeDefinitions=[
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "S"},
                ],
                BillingMode="PAY_PER_REQUEST",
            )
            client.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
            )

    # --- helpers --------------------------------------------------------------------------
    def _get(self, table: str, pk: str, sk: str) -> dict[str, Any] | None:
        answer = self.client.get_item(TableName=table, Key=_key(pk, sk), ConsistentRead=True)
        return answer.get("Item")

    def _query(self, pk: str, prefix: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
            "ExpressionAttributeValues": {":pk": _s(pk), ":prefix": _s(prefix)},
            "ConsistentRead": True,
        }
        while True:
            answer = self.client.query(**kwargs)
            items.extend(answer.get("Items", []))
            if "LastEvaluatedKey" not in answer:
                return items
            kwargs["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    @staticmethod
    def _booking_item(booking: Booking) -> dict[str, Any]:
        return {
            **_key(f"DAY#{booking.day}", f"BOOKING#{booking.reference}"),
            "status": _s(booking.status),
            "data": _s(json.dumps(booking.to_item(), ensure_ascii=False)),
            "expires_at": _n(booking.expires_at),
        }

    # --- bookings -------------------------------------------------------------------------
    def create_booking(
        self,
        booking: Booking,
        capacity: int,
        person_day_keys: list[str],
        receipt: IdempotencyRecord | None = None,
    ) -> None:
        if capacity <= 0:  # a missing counter would pass "attribute_not_exists(used)"
            raise SlotFull(booking.slot)
        actions: list[dict[str, Any]] = [
            {
                "Update": {
                    "TableName": self.table,
                    "Key": _key(f"DAY#{booking.day}", f"SLOT#{booking.service}#{booking.slot}"),
                    "UpdateExpression": "ADD used :one SET expires_at = :exp",
                    "ConditionExpression": "attribute_not_exists(used) OR used < :cap",
                    "ExpressionAttributeValues": {
                        ":one": _n(1),
                        ":cap": _n(capacity),
                        ":exp": _n(booking.expires_at),
                    },
                }
            }
        ]
        actions.extend(self._person_day_put(key, booking) for key in person_day_keys)
        actions.append(
            {
                "Put": {
                    "TableName": self.table,
                    "Item": self._booking_item(booking),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        )
        actions.append(
            {
                "Put": {
                    "TableName": self.table,
                    "Item": {
                        **_key(f"REF#{booking.reference}", "REF"),
                        "day": _s(booking.day),
                        "expires_at": _n(booking.expires_at),
                    },
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        )
        if receipt is not None:
            actions.append(self._receipt_put(receipt))
        try:
            self._transact(actions)
        except ClientError as error:
            failed = _failed_conditions(error)
            if receipt is not None and len(actions) - 1 in failed:
                raise self._already_done(receipt, booking.reference) from None
            if failed[0] == 0:
                raise SlotFull(booking.slot) from None
            if failed[0] <= len(person_day_keys):
                raise PersonDayTaken(booking.day) from None
            raise Conflict(booking.reference) from None

    def get_booking(self, reference: str) -> Booking | None:
        pointer = self._get(self.table, f"REF#{reference}", "REF")
        if pointer is None:
            return None
        item = self._get(self.table, f"DAY#{pointer['day']['S']}", f"BOOKING#{reference}")
        return Booking.from_item(json.loads(item["data"]["S"])) if item else None

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
        booking = self.get_booking(reference)
        if booking is None or booking.status != expected:
            return None
        record_status(booking, new, changed_at, changed_by)
        slot_key = _key(f"DAY#{booking.day}", f"SLOT#{booking.service}#{booking.slot}")
        actions: list[dict[str, Any]] = [
            {
                "Put": {
                    "TableName": self.table,
                    "Item": self._booking_item(booking),
                    "ConditionExpression": "#status = :expected",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {":expected": _s(expected)},
                }
            }
        ]
        takes = expected not in USED and new in USED
        day_keys = person_day_keys or []
        if takes:
            if capacity <= 0:
                raise SlotFull(booking.slot)
            actions.append(
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": slot_key,
                        "UpdateExpression": "ADD used :one SET expires_at = :exp",
                        "ConditionExpression": "attribute_not_exists(used) OR used < :cap",
                        "ExpressionAttributeValues": {
                            ":one": _n(1),
                            ":cap": _n(capacity),
                            ":exp": _n(booking.expires_at),
                        },
                    }
                }
            )
            actions.extend(self._person_day_put(key, booking) for key in day_keys)
        elif expected in USED and new not in USED:
            actions.append(
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": slot_key,
                        "UpdateExpression": "ADD used :minus",
                        "ExpressionAttributeValues": {":minus": _n(-1)},
                    }
                }
            )
            for key in booking.person_keys:
                actions.append(
                    {
                        "Delete": {
                            "TableName": self.table,
                            "Key": _key(f"PERSONDAY#{key}#{booking.day}", "PERSONDAY"),
                        }
                    }
                )
        try:
            self._transact(actions)
        except ClientError as error:
            if _code(error) != "TransactionCanceledException":
                raise
            failed = _failed_conditions(error)
            if takes and failed[0] == 1:
                raise SlotFull(booking.slot) from None
            if takes and failed[0] > 1:
                raise PersonDayTaken(booking.day) from None
            return None
        return booking

    def _person_day_put(self, key: str, booking: Booking) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self.table,
                "Item": {
                    **_key(f"PERSONDAY#{key}", "PERSONDAY"),
                    "reference": _s(booking.reference),
                    "expires_at": _n(booking.expires_at),
                },
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    def slot_usage(self, service: str, day: str) -> dict[str, int]:
        prefix = f"SLOT#{service}#"
        return {
            item["sk"]["S"][len(prefix) :]: int(item.get("used", {"N": "0"})["N"])
            for item in self._query(f"DAY#{day}", prefix)
            if int(item.get("used", {"N": "0"})["N"]) > 0
        }

    def list_bookings(self, day: str) -> list[Booking]:
        bookings = [
            Booking.from_item(json.loads(item["data"]["S"]))
            for item in self._query(f"DAY#{day}", "BOOKING#")
        ]
        return sorted(bookings, key=lambda b: (b.slot, b.reference))

    # --- people ---------------------------------------------------------------------------
    def get_person(self, person_key: str) -> Person | None:
        item = self._get(self.table, f"PERSON#{person_key}", "PERSON")
        return Person.from_item(json.loads(item["data"]["S"])) if item else None

    def save_person(self, person: Person) -> bool:
        stored = {**person.to_item(), "version": person.version + 1}
        condition: dict[str, Any] = {
            "ConditionExpression": "attribute_not_exists(pk) OR attribute_not_exists(version)"
        }
        if person.version:
            condition = {
                "ConditionExpression": "version = :seen",
                "ExpressionAttributeValues": {":seen": _n(person.version)},
            }
        try:
            self.client.put_item(
                TableName=self.table,
                Item={
                    **_key(f"PERSON#{person.person_key}", "PERSON"),
                    "data": _s(json.dumps(stored)),
                    "version": _n(person.version + 1),
                    "expires_at": _n(person.expires_at),
                },
                **condition,
            )
        except ClientError as error:
            if _code(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    # --- feedback -------------------------------------------------------------------------
    def next_sequence(self, name: str, expires_at: int) -> int:
        answer = self.client.update_item(
            TableName=self.table,
            Key=_key(f"COUNTER#{name}", "COUNTER"),
            UpdateExpression="ADD #value :one SET expires_at = :exp",
            ExpressionAttributeNames={"#value": "value"},
            ExpressionAttributeValues={":one": _n(1), ":exp": _n(expires_at)},
            ReturnValues="UPDATED_NEW",
        )
        return int(answer["Attributes"]["value"]["N"])

    @staticmethod
    def _case_item(case: Feedback) -> dict[str, Any]:
        return {
            **_key("FEEDBACK", f"CASE#{case.case_number}"),
            "status": _s(case.status),
            "data": _s(json.dumps(case.to_item(), ensure_ascii=False)),
            "expires_at": _n(case.expires_at),
        }

    def create_feedback(self, case: Feedback, receipt: IdempotencyRecord | None = None) -> None:
        put = {
            "TableName": self.table,
            "Item": self._case_item(case),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
        try:
            if receipt is None:
                self.client.put_item(**put)
            else:
                self._transact([{"Put": put}, self._receipt_put(receipt)])
        except ClientError as error:
            if _code(error) == "ConditionalCheckFailedException":
                raise Conflict(case.case_number) from None
            failed = _failed_conditions(error)
            if receipt is not None and 1 in failed:
                raise self._already_done(receipt, case.case_number) from None
            raise Conflict(case.case_number) from None

    def get_feedback(self, case_number: str) -> Feedback | None:
        item = self._get(self.table, "FEEDBACK", f"CASE#{case_number}")
        return Feedback.from_item(json.loads(item["data"]["S"])) if item else None

    def update_feedback(self, case: Feedback, expected_status: str) -> bool:
        try:
            self.client.put_item(
                TableName=self.table,
                Item=self._case_item(case),
                ConditionExpression="#status = :expected",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":expected": _s(expected_status)},
            )
        except ClientError as error:
            if _code(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def list_feedback(self) -> list[Feedback]:
        return [
            Feedback.from_item(json.loads(item["data"]["S"]))
            for item in self._query("FEEDBACK", "CASE#")
        ]

    # --- abuse protection -----------------------------------------------------------------
    def hit_rate(self, key: str, expires_at: int) -> int:
        answer = self.client.update_item(
            TableName=self.ephemeral,
            Key=_key(f"RATE#{key}", "RATE"),
            UpdateExpression="ADD hits :one SET expires_at = :exp",
            ExpressionAttributeValues={":one": _n(1), ":exp": _n(expires_at)},
            ReturnValues="UPDATED_NEW",
        )
        return int(answer["Attributes"]["hits"]["N"])

    def rate_count(self, key: str) -> int:
        item = self._get(self.ephemeral, f"RATE#{key}", "RATE")
        return int(item["hits"]["N"]) if item and "hits" in item else 0

    def get_receipt(self, key: str, now: int) -> IdempotencyRecord | None:
        item = self._get(self.ephemeral, f"IDEM#{key}", "IDEM")
        if item is None or int(item["expires_at"]["N"]) <= now:  # TTL deletes lazily
            return None
        return IdempotencyRecord.from_item(json.loads(item["data"]["S"]))

    def _receipt_put(self, receipt: IdempotencyRecord) -> dict[str, Any]:
        """The transaction's last action: keep the answer unless a live one holds the key."""
        return {
            "Put": {
                "TableName": self.ephemeral,
                "Item": {
                    **_key(f"IDEM#{receipt.key}", "IDEM"),
                    "expires_at": _n(receipt.expires_at),
                    "data": _s(json.dumps(receipt.to_item(), ensure_ascii=False)),
                },
                "ConditionExpression": "attribute_not_exists(pk) OR expires_at <= :now",
                "ExpressionAttributeValues": {":now": _n(receipt.created_at)},
            }
        }

    def _already_done(self, receipt: IdempotencyRecord, key: str) -> StoreError:
        """AlreadyDone with the stored answer; Conflict (the caller retries) if it has
        expired between the refused transaction and this read."""
        stored = self.get_receipt(receipt.key, receipt.created_at)
        return AlreadyDone(stored) if stored is not None else Conflict(key)

    # --- staff console sessions -----------------------------------------------------------
    def put_session(self, session: StaffSession) -> None:
        self.client.put_item(
            TableName=self.ephemeral,
            Item={
                **_key(f"SESSION#{session.key}", "SESSION"),
                "expires_at": _n(session.expires_at),
                "data": _s(json.dumps(session.to_item())),
            },
        )

    def get_session(self, key: str) -> StaffSession | None:
        item = self._get(self.ephemeral, f"SESSION#{key}", "SESSION")
        return StaffSession.from_item(json.loads(item["data"]["S"])) if item else None

    def delete_session(self, key: str) -> None:
        self.client.delete_item(TableName=self.ephemeral, Key=_key(f"SESSION#{key}", "SESSION"))

    # --- staff accounts -------------------------------------------------------------------
    def _staff_put(self, member: StaffMember, condition: str = "") -> dict[str, Any]:
        put: dict[str, Any] = {
            "TableName": self.table,
            "Item": {
                **_key("STAFF", f"STAFF#{member.login}"),
                "data": _s(json.dumps(member.to_item(), ensure_ascii=False)),
            },
        }
        if condition:
            put["ConditionExpression"] = condition
        return {"Put": put}

    def _token_pointer(self, member: StaffMember) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self.table,
                "Item": {
                    **_key(f"STAFFTOKEN#{member.api_token_hash}", "TOKEN"),
                    "login": _s(member.login),
                },
            }
        }

    def add_staff(self, member: StaffMember) -> None:
        actions = [self._staff_put(member, "attribute_not_exists(pk)")]
        if member.api_token_hash:
            actions.append(self._token_pointer(member))
        try:
            self._transact(actions)
        except ClientError as error:
            if _code(error) == "TransactionCanceledException":
                raise Conflict(member.login) from None
            raise

    def save_staff(self, member: StaffMember, previous: StaffMember) -> None:
        actions = [self._staff_put(member, "attribute_exists(pk)")]
        if previous.api_token_hash and previous.api_token_hash != member.api_token_hash:
            actions.append(
                {
                    "Delete": {
                        "TableName": self.table,
                        "Key": _key(f"STAFFTOKEN#{previous.api_token_hash}", "TOKEN"),
                    }
                }
            )
        if member.api_token_hash and member.api_token_hash != previous.api_token_hash:
            actions.append(self._token_pointer(member))
        self._transact(actions)

    def get_staff(self, login: str) -> StaffMember | None:
        item = self._get(self.table, "STAFF", f"STAFF#{login}")
        return StaffMember.from_item(json.loads(item["data"]["S"])) if item else None

    def list_staff(self) -> list[StaffMember]:
        return [
            StaffMember.from_item(json.loads(item["data"]["S"]))
            for item in self._query("STAFF", "STAFF#")
        ]

    def staff_by_token(self, token_hash: str) -> StaffMember | None:
        pointer = self._get(self.table, f"STAFFTOKEN#{token_hash}", "TOKEN")
        if pointer is None:
            return None
        member = self.get_staff(pointer["login"]["S"])
        return member if member is not None and member.api_token_hash == token_hash else None

    # --- access log -----------------------------------------------------------------------
    def append_access(self, entry: AccessEntry) -> None:
        self.client.put_item(
            TableName=self.table,
            Item={
                **_key(f"ACCESS#{entry.at[:10]}", f"{entry.at}#{entry.entry_id}"),
                "data": _s(json.dumps(entry.to_item(), ensure_ascii=False)),
                "expires_at": _n(entry.expires_at),
            },
            ConditionExpression="attribute_not_exists(pk)",  # never overwrite an entry
        )

    def list_access(self, days: list[str]) -> list[AccessEntry]:
        return [
            AccessEntry.from_item(json.loads(item["data"]["S"]))
            for day in days
            for item in self._query(f"ACCESS#{day}", day)
        ]

    # --- counter queue --------------------------------------------------------------------
    def get_queue_day(self, day: str) -> QueueDay | None:
        item = self._get(self.table, f"QUEUE#{day}", "QUEUE")
        return QueueDay.from_item(json.loads(item["data"]["S"])) if item else None

    def save_queue_day(self, queue: QueueDay) -> bool:
        version = queue.version + 1
        condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(pk)"}
        if queue.version:
            condition = {
                "ConditionExpression": "version = :seen",
                "ExpressionAttributeValues": {":seen": _n(queue.version)},
            }
        day_put = {
            "TableName": self.table,
            "Item": {
                **_key(f"QUEUE#{queue.day}", "QUEUE"),
                "data": _s(json.dumps({**queue.to_item(), "version": version})),
                "version": _n(version),
                "expires_at": _n(queue.expires_at),
            },
            **condition,
        }
        hours_put = {
            "TableName": self.table,
            "Item": {
                **_key(f"QUEUESTATS#{queue.day[:7]}", queue.day),
                "data": _s(json.dumps(queue.hours)),
            },
        }
        try:
            # Not _transact: QueueDesk already reads the day again and retries, with its waits.
            self.client.transact_write_items(TransactItems=[{"Put": day_put}, {"Put": hours_put}])
        except ClientError as error:
            if _lost_a_race(error) or 0 in _failed_conditions(error):
                return False
            raise
        return True

    def queue_hours(self, month: str) -> dict[str, dict[str, Any]]:
        return {
            item["sk"]["S"]: json.loads(item["data"]["S"])
            for item in self._query(f"QUEUESTATS#{month}", month)
        }

    # --- retention ------------------------------------------------------------------------
    def purge_expired(self, now: int) -> dict[str, int]:
        """TTL deletes within days on AWS; this deletes at once (tests, or an impatient admin)."""
        counts: dict[str, int] = {}
        for table in (self.table, self.ephemeral):
            kwargs: dict[str, Any] = {
                "TableName": table,
                "FilterExpression": "expires_at <= :now",
                "ExpressionAttributeValues": {":now": _n(now)},
                "ProjectionExpression": "pk, sk",
            }
            deleted = 0
            while True:
                answer = self.client.scan(**kwargs)
                for item in answer.get("Items", []):
                    self.client.delete_item(
                        TableName=table, Key={"pk": item["pk"], "sk": item["sk"]}
                    )
                    deleted += 1
                if "LastEvaluatedKey" not in answer:
                    break
                kwargs["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
            counts[table] = deleted
        return counts


def _failed_conditions(error: ClientError) -> list[int]:
    """Indexes of a cancelled transaction's actions whose condition failed; re-raise others."""
    if _code(error) != "TransactionCanceledException":
        raise error
    reasons = error.response.get("CancellationReasons") or []
    failed = [i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed"]
    if not failed:
        raise error
    return failed
