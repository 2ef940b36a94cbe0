"""Unnamed files made ahead of time in one folder, so a request never waits for a new inode.

Creating a file makes the file system allocate an inode. ext4 without a journal (this project's
test machine) first steps over every inode freed in the last minutes, looking each one up, so
for a few minutes after a test run, a build or a purge deleted thousands of files, a new file
costs up to ~1 ms of kernel time (perf: ``recently_deleted`` and ``find_get_block_common``, a
quarter of the server's CPU). Here a background thread pays that: it keeps open, empty, unnamed
files (Linux ``O_TMPFILE``) ready in the folder; the request writes into one and names it with
one ``linkat`` call, so that file appears under its name complete. Where ``O_TMPFILE`` is
missing or refused, or naming fails, the stock stops and the caller creates each file itself.
"""

from __future__ import annotations

import errno
import os
import threading
import weakref
from collections import deque
from pathlib import Path

MOST = 32  # files kept ready in one folder at most (each an open file descriptor)
_TMPFILE = getattr(os, "O_TMPFILE", 0)  # Linux only
# What a file system without O_TMPFILE answers (EISDIR: kernels older than 3.11).
_UNSUPPORTED = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL}


class FileStock:
    """Files ready to be written and named in ``folder``.

    The stock doubles each time a ``take`` finds it empty, up to MOST, and never shrinks: a
    server under load keeps MOST ready, a process that sends a message now and then a few. It
    is refilled from half empty, in batches: every wake-up of the thread is a thread switch.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._ready: deque[int] = deque()
        self._wanted = 0
        self._stopped = not _TMPFILE
        self._lock = threading.Lock()  # refill against stop: no descriptor left open
        _all.add(self)

    @property
    def ready(self) -> int:
        """How many files are ready now."""
        return len(self._ready)

    def take(self) -> int | None:
        """An open, empty, unnamed file in the folder, or None: then create one directly."""
        if self._stopped:
            return None
        try:
            return self._ready.popleft()
        except IndexError:
            self._wanted = min(MOST, self._wanted * 2 or 1)
            return None

    def top_up(self) -> None:
        """Ask the thread for more files once half are used (after a message was written, so
        the folder exists)."""
        if not self._stopped and len(self._ready) <= self._wanted // 2:
            _refiller.wake(self)

    def name(self, fd: int, name: str) -> None:
        """Give the taken file ``fd`` its ``name`` in the folder; OSError if it cannot be.

        ``linkat`` with AT_SYMLINK_FOLLOW on /proc/self/fd/N names an O_TMPFILE file without
        special privileges. ``os.link`` calls plain ``link`` before Python 3.14 (which would
        link the /proc entry itself and fail) unless it is given a directory descriptor; the
        path is absolute, so the kernel ignores the descriptor passed. If naming fails while
        the folder exists (no /proc here, or the file system refuses), the stock stops.
        """
        try:
            os.link(f"/proc/self/fd/{fd}", self.folder / name, src_dir_fd=fd, follow_symlinks=True)
        except OSError:
            if self.folder.is_dir():
                self.stop()
            raise

    def refill(self) -> None:
        """Bring the stock up to what demand asked for (on the background thread)."""
        while len(self._ready) < self._wanted and not self._stopped:
            try:
                fd = os.open(self.folder, os.O_WRONLY | _TMPFILE, 0o600)  # owner only
            except OSError as error:
                if error.errno in _UNSUPPORTED:  # for good: create each file directly
                    self.stop()
                return  # folder gone, disk full, no descriptors left: try at the next top-up
            with self._lock:
                if self._stopped:
                    os.close(fd)
                    return
                self._ready.append(fd)

    def stop(self) -> None:
        """Close the files still ready (unnamed, they vanish) and make no more."""
        with self._lock:
            self._stopped = True
            self._close_ready()

    def _forget_after_fork(self) -> None:
        """In a forked child: the descriptors are shared with the parent, which may write and
        name the same files; close the child's copies and start over with an empty stock."""
        self._lock = threading.Lock()  # it may have been held by a thread that is gone here
        self._close_ready()
        self._wanted = 0

    def _close_ready(self) -> None:
        while self._ready:
            os.close(self._ready.popleft())


class _Refiller:
    """One daemon thread for every stock of the process, started with the first."""

    def __init__(self) -> None:
        self._due: weakref.WeakSet[FileStock] = weakref.WeakSet()
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def wake(self, stock: FileStock) -> None:
        with self._lock:
            self._due.add(stock)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="file-stock", daemon=True)
                self._thread.start()
        self._event.set()

    def _run(self) -> None:
        while True:  # a daemon thread: it ends with the process
            self._event.wait()
            self._event.clear()
            with self._lock:
                due = list(self._due)
                self._due.clear()
            for stock in due:
                stock.refill()


_all: weakref.WeakSet[FileStock] = weakref.WeakSet()
_refiller = _Refiller()


def _after_fork_in_child() -> None:
    global _refiller
    _refiller = _Refiller()  # the thread did not survive the fork, its locks may be held
    for stock in list(_all):
        stock._forget_after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
