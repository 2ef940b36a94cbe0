"""WAL checkpoints off the request path, for the SQLite store.

SQLite normally checkpoints inside the commit that pushes the write-ahead log past 1,000
pages: that request copies the log into the database and, with synchronous=NORMAL, fsyncs
both files while it holds the write lock, so every booking queued behind it waits too
(3 ms typically here, 12 ms and more when the disk is busy). Instead one daemon thread runs a
PASSIVE checkpoint (it never blocks readers or writers) every INTERVAL seconds for each store
that wrote since the last one. Connections keep an automatic checkpoint at SAFETY_PAGES, so
the log still stays bounded if this thread is starved.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from typing import Protocol

INTERVAL = 0.5  # seconds between rounds
SAFETY_PAGES = 20_000  # ~80 MB of log before a writer checkpoints by itself


class Checkpointable(Protocol):
    path: str
    dirty: bool


_stores: weakref.WeakSet[Checkpointable] = weakref.WeakSet()
_lock = threading.Lock()
_thread: threading.Thread | None = None


def register(store: Checkpointable) -> None:
    """Checkpoint this store's file from now on (until the store is garbage)."""
    global _thread
    with _lock:
        _stores.add(store)
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="sqlite-checkpoint", daemon=True)
            _thread.start()


def checkpoint(path: str) -> None:
    """One PASSIVE checkpoint of the database file at ``path``, on a short-lived connection."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        conn.close()


def _run() -> None:
    while True:  # a daemon thread: it ends with the process
        time.sleep(INTERVAL)
        with _lock:
            due = [store for store in _stores if store.dirty]
        for store in due:
            store.dirty = False
            try:
                checkpoint(store.path)
            except sqlite3.Error:  # busy or gone: the next round (or the safety net) retries
                store.dirty = True
