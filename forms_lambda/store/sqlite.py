"""SQLite store: one file, WAL mode, every check-and-write in one IMMEDIATE transaction.

Durability is FORMS_SQLITE_SYNCHRONOUS: NORMAL by default (no fsync per commit: this disk's
fsync alone has a p99 above 50 ms), FULL for a local install that must survive power cuts.

BEGIN IMMEDIATE takes the write lock before the capacity count, so two requests can never both
see "2 of 3 booked" and both insert; a crash before COMMIT leaves nothing behind.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
    record_status,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS bookings (
    reference TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    slot TEXT NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS bookings_by_slot ON bookings (service, slot, status);
CREATE INDEX IF NOT EXISTS bookings_by_day ON bookings (day, slot);
CREATE TABLE IF NOT EXISTS person_days (
    key TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS person_days_by_reference ON person_days (reference);
CREATE TABLE IF NOT EXISTS people (
    person_key TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    case_number TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rate_limits (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_sessions (
    key TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS staff (
    login TEXT PRIMARY KEY,
    token_hash TEXT UNIQUE,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS access_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    day TEXT NOT NULL,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS access_log_by_day ON access_log (day);
CREATE TRIGGER IF NOT EXISTS access_log_is_append_only BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TABLE IF NOT EXISTS queue_days (
    day TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS queue_hours (
    day TEXT PRIMARY KEY,
    month TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_hours_by_month ON queue_hours (month);
"""

# The stored answer to an Idempotency-Key while it is live (key, now).
LIVE_RECEIPT = "SELECT data FROM idempotency WHERE key = ? AND expires_at > ?"
PURGEABLE = (
    "bookings",
    "person_days",
    "people",
    "feedback",
    "counters",
    "rate_limits",
    "idempotency",
    "staff_sessions",
    "access_log",
    "queue_days",
)


class SqliteStore(Store):
    def __init__(self, path: str | Path, synchronous: str = "NORMAL") -> None:
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError("synchronous must be NORMAL or FULL")
        self.path = str(path)
        self.synchronous = synchronous
        self._local = threading.local()
        self._schema_lock = threading.Lock()
        self._schema_ready = False
        self._write_lock = threading.Lock()

    # --- connections ----------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        # Per connection. NORMAL in WAL mode: a commit survives a crash of this process (and
        # never leaves half a booking); only an OS crash or power cut may lose the last commits.
        conn.execute(f"PRAGMA synchronous = {self.synchronous}")
        with self._schema_lock:
            if not self._schema_ready:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(SCHEMA)
                self._schema_ready = True
        self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: committed on success, rolled back on any exception.

        Writers of this process queue on a lock first: SQLite's own busy handler sleeps in
        growing steps (up to 100 ms), which would make p99 latency jump under load. Other
        processes (the purge command) still meet SQLite's lock and busy timeout.
        """
        conn = self._connect()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _write_one(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        """One statement, which SQLite runs as its own transaction: no BEGIN and COMMIT
        round trips (each releases and retakes the GIL, a thread switch under load).
        Returns the rows of a RETURNING clause, read before the implicit commit."""
        conn = self._connect()
        with self._write_lock:
            return conn.execute(sql, params).fetchall()

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # --- bookings -------------------------------------------------------------------------
    def create_booking(
        self,
        booking: Booking,
        capacity: int,
        person_day_keys: list[str],
        receipt: IdempotencyRecord | None = None,
    ) -> None:
        with self._write() as conn:
            # One statement reads both the receipt (checked first) and the slot's count: each
            # statement is a GIL hand-off, and this runs while every other booking waits.
            done, used = conn.execute(
                f"SELECT ({LIVE_RECEIPT}),"
                " (SELECT COUNT(*) FROM bookings"
                "  WHERE service = ? AND slot = ? AND status IN (?, ?))",
                (
                    receipt.key if receipt else None,
                    receipt.created_at if receipt else 0,
                    booking.service,
                    booking.slot,
                    *USED,
                ),
            ).fetchone()
            if done is not None:
                raise AlreadyDone(IdempotencyRecord.from_item(json.loads(done)))
            if used >= capacity:
                raise SlotFull(booking.slot)
            try:
                conn.executemany(
                    "INSERT INTO person_days (key, reference, expires_at) VALUES (?, ?, ?)",
                    [(key, booking.reference, booking.expires_at) for key in person_day_keys],
                )
            except sqlite3.IntegrityError:
                raise PersonDayTaken(booking.day) from None
            try:
                conn.execute(
                    "INSERT INTO bookings (reference, service, slot, day, status, data, expires_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        booking.reference,
                        booking.service,
                        booking.slot,
                        booking.day,
                        booking.status,
                        json.dumps(booking.to_item(), ensure_ascii=False),
                        booking.expires_at,
                    ),
                )
            except sqlite3.IntegrityError:
                raise Conflict(booking.reference) from None
            if receipt is not None:
                _keep(conn, receipt)

    def get_booking(self, reference: str) -> Booking | None:
        row = (
            self._connect()
            .execute("SELECT data FROM bookings WHERE reference = ?", (reference,))
            .fetchone()
        )
        return Booking.from_item(json.loads(row[0])) if row else None

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
        with self._write() as conn:
            row = conn.execute(
                "SELECT data FROM bookings WHERE reference = ? AND status = ?",
                (reference, expected),
            ).fetchone()
            if row is None:
                return None
            booking = Booking.from_item(json.loads(row[0]))
            if expected not in USED and new in USED:  # takes a place again
                (used,) = conn.execute(
                    "SELECT COUNT(*) FROM bookings WHERE service = ? AND slot = ?"
                    " AND status IN (?, ?)",
                    (booking.service, booking.slot, *USED),
                ).fetchone()
                if used >= capacity:
                    raise SlotFull(booking.slot)
                try:
                    conn.executemany(
                        "INSERT INTO person_days (key, reference, expires_at) VALUES (?, ?, ?)",
                        [(k, reference, booking.expires_at) for k in person_day_keys or []],
                    )
                except sqlite3.IntegrityError:
                    raise PersonDayTaken(booking.day) from None
            elif expected in USED and new not in USED:
                conn.execute("DELETE FROM person_days WHERE reference = ?", (reference,))
            record_status(booking, new, changed_at, changed_by)
            conn.execute(
                "UPDATE bookings SET status = ?, data = ? WHERE reference = ?",
                (new, json.dumps(booking.to_item(), ensure_ascii=False), reference),
            )
            return booking

    def slot_usage(self, service: str, day: str) -> dict[str, int]:
        rows = (
            self._connect()
            .execute(
                "SELECT slot, COUNT(*) FROM bookings"
                " WHERE service = ? AND day = ? AND status IN (?, ?)"
                " GROUP BY slot",
                (service, day, *USED),
            )
            .fetchall()
        )
        return {slot: count for slot, count in rows}

    def list_bookings(self, day: str) -> list[Booking]:
        rows = (
            self._connect()
            .execute("SELECT data FROM bookings WHERE day = ? ORDER BY slot, reference", (day,))
            .fetchall()
        )
        return [Booking.from_item(json.loads(r[0])) for r in rows]

    # --- people ---------------------------------------------------------------------------
    def get_person(self, person_key: str) -> Person | None:
        row = (
            self._connect()
            .execute("SELECT data FROM people WHERE person_key = ?", (person_key,))
            .fetchone()
        )
        return Person.from_item(json.loads(row[0])) if row else None

    def save_person(self, person: Person) -> bool:
        stored = {**person.to_item(), "version": person.version + 1}
        rows = self._write_one(
            "INSERT INTO people (person_key, data, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT (person_key) DO UPDATE SET data = excluded.data,"
            " expires_at = excluded.expires_at"
            " WHERE IFNULL(json_extract(people.data, '$.version'), 0) = ?"
            " RETURNING 1",
            (person.person_key, json.dumps(stored), person.expires_at, person.version),
        )
        return bool(rows)

    # --- feedback -------------------------------------------------------------------------
    def next_sequence(self, name: str, expires_at: int) -> int:
        [(value,)] = self._write_one(
            "INSERT INTO counters (name, value, expires_at) VALUES (?, 1, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
            (name, expires_at),
        )
        return int(value)  # type: ignore[call-overload]

    def create_feedback(self, case: Feedback, receipt: IdempotencyRecord | None = None) -> None:
        try:
            with self._write() as conn:
                if receipt is not None:
                    _refuse_if_done(conn, receipt)
                conn.execute(
                    "INSERT INTO feedback (case_number, status, data, expires_at)"
                    " VALUES (?, ?, ?, ?)",
                    (
                        case.case_number,
                        case.status,
                        json.dumps(case.to_item(), ensure_ascii=False),
                        case.expires_at,
                    ),
                )
                if receipt is not None:
                    _keep(conn, receipt)
        except sqlite3.IntegrityError:
            raise Conflict(case.case_number) from None

    def get_feedback(self, case_number: str) -> Feedback | None:
        row = (
            self._connect()
            .execute("SELECT data FROM feedback WHERE case_number = ?", (case_number,))
            .fetchone()
        )
        return Feedback.from_item(json.loads(row[0])) if row else None

    def update_feedback(self, case: Feedback, expected_status: str) -> bool:
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE feedback SET status = ?, data = ?, expires_at = ?"
                " WHERE case_number = ? AND status = ?",
                (
                    case.status,
                    json.dumps(case.to_item(), ensure_ascii=False),
                    case.expires_at,
                    case.case_number,
                    expected_status,
                ),
            )
            return cursor.rowcount == 1

    def list_feedback(self) -> list[Feedback]:
        rows = self._connect().execute("SELECT data FROM feedback ORDER BY case_number").fetchall()
        return [Feedback.from_item(json.loads(r[0])) for r in rows]

    # --- abuse protection -----------------------------------------------------------------
    def hit_rate(self, key: str, expires_at: int) -> int:
        [(count,)] = self._write_one(
            "INSERT INTO rate_limits (key, count, expires_at) VALUES (?, 1, ?)"
            " ON CONFLICT (key) DO UPDATE SET count = count + 1 RETURNING count",
            (key, expires_at),
        )
        return int(count)  # type: ignore[call-overload]

    def rate_count(self, key: str) -> int:
        row = (
            self._connect()
            .execute("SELECT count FROM rate_limits WHERE key = ?", (key,))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_receipt(self, key: str, now: int) -> IdempotencyRecord | None:
        return _live_receipt(self._connect(), key, now)

    # --- staff console sessions -----------------------------------------------------------
    def put_session(self, session: StaffSession) -> None:
        self._write_one(
            "INSERT INTO staff_sessions (key, data, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET data = excluded.data,"
            " expires_at = excluded.expires_at",
            (session.key, json.dumps(session.to_item()), session.expires_at),
        )

    def get_session(self, key: str) -> StaffSession | None:
        row = (
            self._connect()
            .execute("SELECT data FROM staff_sessions WHERE key = ?", (key,))
            .fetchone()
        )
        return StaffSession.from_item(json.loads(row[0])) if row else None

    def delete_session(self, key: str) -> None:
        self._write_one("DELETE FROM staff_sessions WHERE key = ?", (key,))

    # --- staff accounts -------------------------------------------------------------------
    def add_staff(self, member: StaffMember) -> None:
        try:
            self._write_one(
                "INSERT INTO staff (login, token_hash, data) VALUES (?, ?, ?)",
                (member.login, member.api_token_hash or None, _json(member)),
            )
        except sqlite3.IntegrityError:
            raise Conflict(member.login) from None

    def save_staff(self, member: StaffMember, previous: StaffMember) -> None:
        self._write_one(
            "UPDATE staff SET token_hash = ?, data = ? WHERE login = ?",
            (member.api_token_hash or None, _json(member), member.login),
        )

    def get_staff(self, login: str) -> StaffMember | None:
        row = self._connect().execute("SELECT data FROM staff WHERE login = ?", (login,)).fetchone()
        return StaffMember.from_item(json.loads(row[0])) if row else None

    def list_staff(self) -> list[StaffMember]:
        rows = self._connect().execute("SELECT data FROM staff ORDER BY login").fetchall()
        return [StaffMember.from_item(json.loads(r[0])) for r in rows]

    def staff_by_token(self, token_hash: str) -> StaffMember | None:
        row = (
            self._connect()
            .execute("SELECT data FROM staff WHERE token_hash = ?", (token_hash,))
            .fetchone()
        )
        return StaffMember.from_item(json.loads(row[0])) if row else None

    # --- access log -----------------------------------------------------------------------
    def append_access(self, entry: AccessEntry) -> None:
        self._write_one(
            "INSERT INTO access_log (day, data, expires_at) VALUES (?, ?, ?)",
            (entry.at[:10], _json(entry), entry.expires_at),
        )

    def list_access(self, days: list[str]) -> list[AccessEntry]:
        marks = ", ".join("?" * len(days))
        rows = (
            self._connect()
            .execute(f"SELECT data FROM access_log WHERE day IN ({marks}) ORDER BY seq", days)
            .fetchall()
        )
        return [AccessEntry.from_item(json.loads(r[0])) for r in rows]

    # --- counter queue --------------------------------------------------------------------
    def get_queue_day(self, day: str) -> QueueDay | None:
        row = (
            self._connect().execute("SELECT data FROM queue_days WHERE day = ?", (day,)).fetchone()
        )
        return QueueDay.from_item(json.loads(row[0])) if row else None

    def save_queue_day(self, queue: QueueDay) -> bool:
        version = queue.version + 1
        data = json.dumps({**queue.to_item(), "version": version})
        with self._write() as conn:
            if queue.version:
                changed = conn.execute(
                    "UPDATE queue_days SET version = ?, data = ?, expires_at = ?"
                    " WHERE day = ? AND version = ?",
                    (version, data, queue.expires_at, queue.day, queue.version),
                ).rowcount
            else:
                changed = conn.execute(
                    "INSERT INTO queue_days (day, version, data, expires_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (day) DO NOTHING",
                    (queue.day, version, data, queue.expires_at),
                ).rowcount
            if changed != 1:
                return False
            conn.execute(
                "INSERT INTO queue_hours (day, month, data) VALUES (?, ?, ?)"
                " ON CONFLICT (day) DO UPDATE SET data = excluded.data",
                (queue.day, queue.day[:7], json.dumps(queue.hours)),
            )
        return True

    def queue_hours(self, month: str) -> dict[str, dict[str, Any]]:
        rows = (
            self._connect()
            .execute("SELECT day, data FROM queue_hours WHERE month = ? ORDER BY day", (month,))
            .fetchall()
        )
        return {day: json.loads(data) for day, data in rows}

    # --- retention ------------------------------------------------------------------------
    def purge_expired(self, now: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self._write() as conn:
            for table in PURGEABLE:
                cursor = conn.execute(f"DELETE FROM {table} WHERE expires_at <= ?", (now,))
                counts[table] = cursor.rowcount
        return counts


def _json(record: StaffMember | AccessEntry) -> str:
    return json.dumps(record.to_item(), ensure_ascii=False)


def _refuse_if_done(conn: sqlite3.Connection, receipt: IdempotencyRecord) -> None:
    """Inside the write transaction, before anything is written: a retry whose first try has
    committed meanwhile gets that try's answer instead of a second booking or case."""
    done = _live_receipt(conn, receipt.key, receipt.created_at)
    if done is not None:
        raise AlreadyDone(done)


def _live_receipt(conn: sqlite3.Connection, key: str, now: int) -> IdempotencyRecord | None:
    row = conn.execute(LIVE_RECEIPT, (key, now)).fetchone()
    return IdempotencyRecord.from_item(json.loads(row[0])) if row else None


def _keep(conn: sqlite3.Connection, receipt: IdempotencyRecord) -> None:
    """Store the answer (replacing an expired record of the same key, not yet purged)."""
    conn.execute(
        "INSERT OR REPLACE INTO idempotency (key, data, expires_at) VALUES (?, ?, ?)",
        (receipt.key, json.dumps(receipt.to_item(), ensure_ascii=False), receipt.expires_at),
    )
