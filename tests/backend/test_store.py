"""One store suite, run against SQLite (real file) and DynamoDB (moto) by the `store` fixture."""

from __future__ import annotations

from dataclasses import replace

import pytest

from forms_lambda.domain.records import Booking, Feedback, IdempotencyRecord, Person
from forms_lambda.store.base import AlreadyDone, Conflict, PersonDayTaken, SlotFull, Store

from .conftest import moto_store

FUTURE = 2_000_000_000  # 2033: far from expiry


def booking(
    reference: str,
    *,
    slot: str = "2026-12-01T09:30",
    service: str = "household",
    keys: list[str] | None = None,
    expires_at: int = FUTURE,
) -> Booking:
    return Booking(
        reference=reference,
        token_hash="t",
        service=service,
        slot=slot,
        day=slot[:10],
        status="confirmed",
        name="王小明",
        phone="+886912345678",
        email="m@example.com",
        lang="zh-TW",
        note="",
        id_hash="",
        id_last4="",
        person_keys=keys if keys is not None else [f"p-{reference}"],
        consent_version="v1",
        consent_at="2026-11-27T10:00:00+08:00",
        created_at="2026-11-27T10:00:00+08:00",
        expires_at=expires_at,
    )


def day_keys(item: Booking) -> list[str]:
    return [f"{key}#{item.day}" for key in item.person_keys]


def create(store: Store, item: Booking, capacity: int = 3) -> None:
    store.create_booking(item, capacity, day_keys(item))


def case(number: str, status: str = "open", expires_at: int = FUTURE) -> Feedback:
    return Feedback(
        case_number=number,
        token_hash="t",
        confirm_token_hash="",
        kind="mailbox",
        subject="主旨",
        message="內容",
        name="林美華",
        email="m@example.com",
        phone="",
        rating=None,
        lang="zh-TW",
        status=status,
        handling_class="simple",
        handling_days=3,
        received_at="2026-11-27T10:00:00+08:00",
        counted_from="2026-11-27",
        due_date="2026-12-02",
        consent_version="v1",
        consent_at="2026-11-27T10:00:00+08:00",
        expires_at=expires_at,
    )


def test_capacity_is_never_exceeded(store: Store) -> None:
    for n in range(3):
        create(store, booking(f"B{n}"))
    with pytest.raises(SlotFull):
        create(store, booking("B9"))
    assert store.get_booking("B9") is None
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 3}
    # another service's slot at the same time is independent
    create(store, booking("C1", service="marriage"))
    assert store.slot_usage("marriage", "2026-12-01") == {"2026-12-01T09:30": 1}


def test_zero_capacity_takes_nobody(store: Store) -> None:
    with pytest.raises(SlotFull):
        create(store, booking("B1"), capacity=0)


def test_one_booking_per_person_per_day_changes_nothing_on_refusal(store: Store) -> None:
    create(store, booking("B1", keys=["alice"]))
    with pytest.raises(PersonDayTaken):
        create(store, booking("B2", slot="2026-12-01T14:00", keys=["bob", "alice"]))
    # nothing of the refused booking stays behind: bob can still book that day
    assert store.get_booking("B2") is None
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 1}
    create(store, booking("B3", slot="2026-12-01T14:00", keys=["bob"]))
    # another day is fine for alice
    create(store, booking("B4", slot="2026-12-02T09:30", keys=["alice"]))


def test_duplicate_reference_is_a_conflict(store: Store) -> None:
    create(store, booking("B1"))
    with pytest.raises(Conflict):
        create(store, booking("B1", keys=["other"]))
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 1}


AT = "2026-11-28T09:00:00+08:00"


def change(store: Store, reference: str, expected: str, new: str, **extra: object):
    return store.change_booking_status(reference, expected, new, changed_at=AT, **extra)


def test_cancel_frees_the_slot_and_the_day(store: Store) -> None:
    for n in range(3):
        create(store, booking(f"B{n}", keys=[f"k{n}"]))
    cancelled = change(store, "B0", "confirmed", "cancelled", changed_by="clerk")
    assert cancelled is not None and cancelled.status == "cancelled"
    stored = store.get_booking("B0")
    assert stored is not None and stored.status == "cancelled"
    assert (stored.cancelled_at, stored.status_changed_at, stored.status_changed_by) == (
        AT,
        AT,
        "clerk",
    )
    assert change(store, "B0", "confirmed", "cancelled") is None  # only once
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 2}
    create(store, booking("B5", keys=["k0"]))  # same person, same day, after cancelling
    with pytest.raises(SlotFull):
        create(store, booking("B6"))


def test_no_show_keeps_the_place(store: Store) -> None:
    create(store, booking("B1"))
    marked = change(store, "B1", "confirmed", "no_show")
    assert marked is not None and marked.status == "no_show"
    assert change(store, "B1", "confirmed", "no_show") is None
    assert change(store, "B1", "confirmed", "cancelled") is None
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 1}
    back = change(store, "B1", "no_show", "confirmed", capacity=1)  # undo: its place was kept
    assert back is not None and back.status == "confirmed"
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 1}


def test_taking_back_a_cancellation_needs_room_and_a_free_day(store: Store) -> None:
    create(store, booking("B1", keys=["k1"]), capacity=1)
    change(store, "B1", "confirmed", "cancelled")
    create(store, booking("B2", keys=["k2"]), capacity=1)  # the freed place is taken
    with pytest.raises(SlotFull):
        change(
            store,
            "B1",
            "cancelled",
            "confirmed",
            capacity=1,
            person_day_keys=day_keys(booking("B1", keys=["k1"])),
        )
    assert store.get_booking("B1").status == "cancelled"  # type: ignore[union-attr]
    change(store, "B2", "confirmed", "cancelled")
    other = booking("B3", slot="2026-12-01T14:00", keys=["k1"])
    create(store, other)  # the same person booked another slot that day meanwhile
    with pytest.raises(PersonDayTaken):
        change(store, "B1", "cancelled", "confirmed", capacity=1, person_day_keys=day_keys(other))
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T14:00": 1}
    change(store, "B3", "confirmed", "cancelled")
    back = change(
        store, "B1", "cancelled", "confirmed", capacity=1, person_day_keys=day_keys(other)
    )
    assert back is not None and back.status == "confirmed"
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 1}
    with pytest.raises(PersonDayTaken):  # the day is held again
        create(store, booking("B4", slot="2026-12-01T10:00", keys=["k1"]))


def test_list_bookings_of_a_day_in_slot_order(store: Store) -> None:
    create(store, booking("B2", slot="2026-12-01T14:00"))
    create(store, booking("B1", slot="2026-12-01T09:00"))
    create(store, booking("B3", slot="2026-12-02T09:00"))
    assert [b.reference for b in store.list_bookings("2026-12-01")] == ["B1", "B2"]
    assert store.list_bookings("2026-12-03") == []
    assert store.get_booking("nope") is None


def test_people_are_changed_by_compare_and_set(store: Store) -> None:
    assert store.get_person("k") is None
    assert store.save_person(Person("k", no_shows=["B1", "B2"], expires_at=FUTURE))
    first = store.get_person("k")
    assert first == Person("k", no_shows=["B1", "B2"], expires_at=FUTURE, version=1)
    assert not store.save_person(Person("k", expires_at=FUTURE)), "a second new one is stale"
    blocked = replace(first, no_shows=[], block_refs=["B1", "B2", "B3"], blocked_until="2027-05-28")
    assert store.save_person(blocked)
    assert not store.save_person(blocked), "the same version twice: the second is stale"
    assert store.get_person("k") == replace(blocked, version=2)


def test_staff_accounts_and_their_tokens(store: Store) -> None:
    from forms_lambda.domain.records import StaffMember

    member = StaffMember("wang", "王小明", "counter", "scrypt$…", api_token_hash="t1")
    store.add_staff(member)
    with pytest.raises(Conflict):
        store.add_staff(replace(member, name="另一位"))
    assert store.get_staff("wang") == member and store.staff_by_token("t1") == member
    changed = replace(member, api_token_hash="t2", generation=2)
    store.save_staff(changed, previous=member)
    assert store.staff_by_token("t1") is None, "the old token stops"
    assert store.staff_by_token("t2") == changed
    cleared = replace(changed, api_token_hash="", active=False)
    store.save_staff(cleared, previous=changed)
    assert store.staff_by_token("t2") is None
    store.add_staff(StaffMember("boss", "陳主任", "supervisor", "x"))
    assert [m.login for m in sorted(store.list_staff(), key=lambda m: m.login)] == ["boss", "wang"]
    assert store.get_staff("nobody") is None


def test_the_access_log_is_kept_by_day_and_purged_when_expired(store: Store) -> None:
    from forms_lambda.domain.records import AccessEntry

    def entry(at: str, n: int, expires_at: int = FUTURE) -> AccessEntry:
        return AccessEntry(
            at, "wang", "counter", "view_day", "2026-12-01", entry_id=f"e{n}", expires_at=expires_at
        )

    store.append_access(entry("2026-12-01T09:00:00+08:00", 1))
    store.append_access(entry("2026-12-01T09:00:00+08:00", 2))  # same second, another entry
    store.append_access(entry("2026-12-02T10:00:00+08:00", 3, expires_at=1_000))
    first = store.list_access(["2026-12-01"])
    assert sorted(e.entry_id for e in first) == ["e1", "e2"]
    assert [e.entry_id for e in store.list_access(["2026-12-02", "2026-12-03"])] == ["e3"]
    store.purge_expired(2_000)
    assert store.list_access(["2026-12-02"]) == []
    assert len(store.list_access(["2026-12-01"])) == 2


def test_sqlite_refuses_to_change_an_access_log_entry(tmp_path) -> None:
    import sqlite3

    from forms_lambda.domain.records import AccessEntry
    from forms_lambda.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "forms.sqlite3")
    store.append_access(AccessEntry("2026-12-01T09:00:00+08:00", "wang", "counter", "view_day"))
    conn = sqlite3.connect(tmp_path / "forms.sqlite3")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE access_log SET data = '{}'")
    conn.close()


def test_sequences_count_up_per_name(store: Store) -> None:
    assert [store.next_sequence("case#2026-11-27", FUTURE) for _ in range(3)] == [1, 2, 3]
    assert store.next_sequence("case#2026-11-28", FUTURE) == 1


def test_feedback_create_get_update_with_status_condition(store: Store) -> None:
    store.create_feedback(case("20261127-0001"))
    with pytest.raises(Conflict):
        store.create_feedback(case("20261127-0001"))
    stored = store.get_feedback("20261127-0001")
    assert stored == case("20261127-0001")
    answered = replace(stored, status="answered", reply="已處理")  # type: ignore[type-var]
    assert store.update_feedback(answered, "open")
    assert not store.update_feedback(replace(answered, reply="again"), "open")
    assert store.get_feedback("20261127-0001").reply == "已處理"  # type: ignore[union-attr]
    store.create_feedback(case("20261127-0002"))
    assert [c.case_number for c in store.list_feedback()] == ["20261127-0001", "20261127-0002"]


def test_rate_counter_counts_per_key(store: Store) -> None:
    assert [store.hit_rate("client:1", FUTURE) for _ in range(3)] == [1, 2, 3]
    assert store.hit_rate("client:2", FUTURE) == 1


def receipt(
    key: str = "bookings:k", now: int = 1_800_000_000, body: str = "{}"
) -> IdempotencyRecord:
    return IdempotencyRecord(
        key=key,
        fingerprint="fp",
        status=201,
        body=body,
        headers={"Content-Type": "application/json"},
        created_at=now,
        expires_at=now + 86400,
    )


def test_a_receipt_is_kept_with_its_booking(store: Store) -> None:
    now = 1_800_000_000
    first = receipt(now=now, body='{"reference":"B1"}')
    store.create_booking(booking("B1"), 3, day_keys(booking("B1")), first)
    kept = store.get_receipt(first.key, now + 10)
    assert kept == first
    assert store.get_receipt(first.key, now + 86400) is None  # expired: a new request
    assert store.get_receipt("bookings:other", now) is None


def test_a_done_key_books_nothing_more_and_hands_back_the_first_answer(store: Store) -> None:
    now = 1_800_000_000
    first = receipt(now=now, body='{"reference":"B1"}')
    store.create_booking(booking("B1"), 3, day_keys(booking("B1")), first)
    # the racing retry: same person, same slot, its own reference; the receipt is checked
    # before capacity and the person's day, so it is neither "full" nor "already booked"
    retry = replace(booking("B2"), person_keys=["p-B1"])
    with pytest.raises(AlreadyDone) as raised:
        store.create_booking(retry, 1, day_keys(retry), receipt(now=now + 1))
    assert raised.value.receipt.body == '{"reference":"B1"}'
    assert store.get_booking("B2") is None
    assert store.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 1}
    # once the receipt has expired the key may be used again
    store.create_booking(booking("B3"), 3, day_keys(booking("B3")), receipt(now=now + 86400))
    assert store.get_booking("B3") is not None


def test_a_refused_booking_keeps_no_receipt(store: Store) -> None:
    now = 1_800_000_000
    create(store, booking("B1"), capacity=1)
    with pytest.raises(SlotFull):
        store.create_booking(booking("B2"), 1, day_keys(booking("B2")), receipt(now=now))
    assert store.get_receipt("bookings:k", now) is None


def test_a_receipt_is_kept_with_its_feedback_case(store: Store) -> None:
    now = 1_800_000_000
    first = receipt("feedback:k", now, '{"case_number":"20261127-0001"}')
    store.create_feedback(case("20261127-0001"), first)
    assert store.get_receipt(first.key, now) == first
    with pytest.raises(AlreadyDone) as raised:
        store.create_feedback(case("20261127-0002"), receipt("feedback:k", now + 1))
    assert raised.value.receipt == first
    assert store.get_feedback("20261127-0002") is None
    with pytest.raises(Conflict):  # a taken case number is still a Conflict
        store.create_feedback(case("20261127-0001"), receipt("feedback:other", now))
    assert store.get_receipt("feedback:other", now) is None


def test_purge_removes_only_expired_records(store: Store) -> None:
    create(store, booking("OLD", expires_at=1_000))
    create(store, booking("NEW", slot="2026-12-01T10:00"))
    store.create_feedback(case("20200101-0001", expires_at=1_000))
    store.create_feedback(case("20261127-0001"))
    store.save_person(Person("gone", expires_at=1_000))
    store.hit_rate("old-window", 1_000)
    counts = store.purge_expired(2_000)
    assert sum(counts.values()) >= 4
    assert store.get_booking("OLD") is None and store.get_booking("NEW") is not None
    assert store.get_feedback("20200101-0001") is None
    assert store.get_feedback("20261127-0001") is not None
    assert store.get_person("gone") is None


@pytest.mark.parametrize("level", ["NORMAL", "FULL"])
def test_sqlite_durability_level_is_applied_to_every_connection(tmp_path, level: str) -> None:
    import threading

    from forms_lambda.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "s.sqlite3", synchronous=level)
    seen: list[int] = []

    def read() -> None:
        seen.append(store._connect().execute("PRAGMA synchronous").fetchone()[0])

    workers = [threading.Thread(target=read) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert seen == [{"NORMAL": 1, "FULL": 2}[level]] * 3
    assert store._connect().execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_record_items_are_copies() -> None:
    from forms_lambda.domain.records import Booking

    booking = Booking.from_item(
        {
            "reference": "B1",
            "token_hash": "t",
            "service": "household",
            "slot": "2026-11-30T09:00",
            "day": "2026-11-30",
            "status": "confirmed",
            "name": "王",
            "phone": "0912345678",
            "email": "",
            "lang": "zh-TW",
            "note": "",
            "id_hash": "",
            "id_last4": "",
            "person_keys": ["k1"],
            "consent_version": "v1",
            "consent_at": "2026-11-27T10:00:00+08:00",
            "created_at": "2026-11-27T10:00:00+08:00",
            "expires_at": 1,
            "unknown_field": "ignored",
        }
    )
    item = booking.to_item()
    item["person_keys"].append("k2")
    assert booking.person_keys == ["k1"]
    assert list(item)[:3] == ["reference", "token_hash", "service"]
    assert Booking.from_item(booking.to_item()) == booking


# --- the counter queue ------------------------------------------------------------------------
def test_a_queue_day_is_one_record_changed_by_compare_and_set(store: Store) -> None:
    from forms_lambda.domain.records import QueueDay

    assert store.get_queue_day("2026-11-27") is None
    hours = {"10": {"household": {"called": 1, "missed": 0, "observed": 0, "waiting_minutes": 0.0}}}
    first = QueueDay(
        day="2026-11-27",
        counters={"1": {"number": 1, "service": "household", "at": 1, "recalls": 0}},
        hours=hours,
        updated_at=1,
        expires_at=FUTURE,
    )
    assert store.save_queue_day(first)
    assert not store.save_queue_day(first)  # another "first" write of the same day
    stored = store.get_queue_day("2026-11-27")
    assert stored is not None and stored.version == 1
    assert stored.counters["1"]["number"] == 1
    changed = replace(stored, counters={"1": {**stored.counters["1"], "number": 2}})
    assert store.save_queue_day(changed)
    assert not store.save_queue_day(changed)  # saved from a version that is no longer current
    latest = store.get_queue_day("2026-11-27")
    assert latest is not None and (latest.version, latest.counters["1"]["number"]) == (2, 2)


def test_queue_hours_are_kept_per_month_after_the_day_is_purged(store: Store) -> None:
    from forms_lambda.domain.records import QueueDay

    for day, called in (("2026-11-27", 3), ("2026-11-30", 5), ("2026-12-01", 7)):
        tally = {"09": {"id-card": {"called": called}}}
        assert store.save_queue_day(QueueDay(day=day, hours=tally, expires_at=1_000))
    assert store.queue_hours("2026-11") == {
        "2026-11-27": {"09": {"id-card": {"called": 3}}},
        "2026-11-30": {"09": {"id-card": {"called": 5}}},
    }
    store.purge_expired(2_000)
    assert store.get_queue_day("2026-11-27") is None
    assert set(store.queue_hours("2026-11")) == {"2026-11-27", "2026-11-30"}


# --- DynamoDB: a transaction that meets another one on the same items --------------------------
class RacingClient:
    """moto's client, except that the next ``losses`` TransactWriteItems calls are cancelled
    the way DynamoDB cancels a transaction that meets another one changing the same items
    (moto runs them one at a time, so it never does): nothing written, TransactionConflict."""

    def __init__(self, client, losses: int) -> None:
        self.client = client
        self.losses = losses
        self.calls = 0

    def __getattr__(self, name: str):
        return getattr(self.client, name)

    def transact_write_items(self, **request):
        self.calls += 1
        if self.losses:
            self.losses -= 1
            from botocore.exceptions import ClientError

            reasons = [{"Code": "TransactionConflict"}] + [{"Code": "None"}] * (
                len(request["TransactItems"]) - 1
            )
            raise ClientError(
                {
                    "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                    "CancellationReasons": reasons,
                },
                "TransactWriteItems",
            )
        return self.client.transact_write_items(**request)


@pytest.fixture
def racing(aws_env):
    """A DynamoDB store (moto) behind a RacingClient that loses no race until told to."""
    with moto_store() as dynamo:
        dynamo.client = RacingClient(dynamo.client, losses=0)
        yield dynamo


def test_a_booking_that_meets_another_transaction_is_tried_again(racing) -> None:
    racing.client.losses = 2
    create(racing, booking("B1"), capacity=1)
    assert racing.client.calls == 3
    assert racing.slot_usage("household", "2026-12-01") == {"2026-12-01T09:30": 1}
    with pytest.raises(SlotFull):  # the next try meets the first one's result: a normal refusal
        create(racing, booking("B2"), capacity=1)


def test_a_transaction_that_keeps_losing_is_raised_after_its_tries(racing) -> None:
    from botocore.exceptions import ClientError

    from forms_lambda.store.dynamodb import TRANSACT_TRIES

    racing.client.losses = TRANSACT_TRIES
    with pytest.raises(ClientError):
        create(racing, booking("B1"))
    assert racing.client.calls == TRANSACT_TRIES
    assert racing.get_booking("B1") is None


def test_a_counter_that_keeps_losing_gets_its_number_through_the_desk(racing, clock) -> None:
    """save_queue_day answers False for a lost race, like a stale version: QueueDesk reads the
    day again and the press still takes one number (not a 500)."""
    from forms_lambda.domain.queue import QueueDesk
    from forms_lambda.domain.queue_config import config_from_text
    from forms_lambda.domain.rules import load_rules
    from forms_lambda.settings import REPO_ROOT
    from forms_lambda.store.dynamodb import TRANSACT_TRIES

    desk = QueueDesk(
        config_from_text((REPO_ROOT / "content/data/queue.yml").read_text(encoding="utf-8")),
        load_rules(REPO_ROOT / "content/data/booking.yml").calendar,
        racing,
        clock,
    )
    racing.client.losses = TRANSACT_TRIES + 1  # more than a booking would survive: the desk retries
    assert desk.call("1", "next").number == 1
    assert desk.call("1", "next").number == 2
