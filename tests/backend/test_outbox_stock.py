"""The outbox's files made ahead of time (notify/filestock.py): same files, never half-made."""

from __future__ import annotations

import email
import errno
import gc
import os
import shutil
import stat
import threading
import time
import warnings
from email.policy import default
from pathlib import Path

import pytest

from forms_lambda.notify import filestock
from forms_lambda.notify.outbox import OutboxNotifier

from .test_notify import confirmation

needs_tmpfile = pytest.mark.skipif(
    not getattr(os, "O_TMPFILE", 0), reason="O_TMPFILE is Linux only; elsewhere files are created"
)


def wait_ready(stock: filestock.FileStock, count: int = 1) -> None:
    """The refill thread runs on its own; wait for it (bounded), as a request would not."""
    deadline = time.monotonic() + 10
    while stock.ready < count:
        assert time.monotonic() < deadline, "the stock was never refilled"
        time.sleep(0.005)


def mails(folder: Path) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=default) for p in folder.iterdir()]


def names(folder: Path) -> list[str]:
    return sorted(m["To"].addresses[0].display_name for m in mails(folder))


def assert_closed(descriptors: list[int], folder: Path) -> None:
    """Closed: a descriptor no longer points into the folder (its number may be reused)."""
    for fd in descriptors:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        assert not target.startswith(str(folder))


def refuse_create(notifier: OutboxNotifier) -> None:
    def refuse(name: str, data: bytes) -> None:
        raise AssertionError("the file made ahead should have been used")

    notifier._create = refuse  # type: ignore[method-assign]


@needs_tmpfile
def test_a_file_made_ahead_becomes_a_complete_private_eml(tmp_path: Path) -> None:
    notifier = OutboxNotifier(tmp_path / "outbox")
    notifier.send(confirmation())  # the stock is empty: created directly, one file ordered
    wait_ready(notifier._stock)
    refuse_create(notifier)
    notifier.send(confirmation(name="林美玲"))

    files = sorted((tmp_path / "outbox").iterdir())
    assert len(files) == 2 and all(p.suffix == ".eml" for p in files)  # nothing else shows
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert all(p.stat().st_nlink == 1 for p in files)
    assert names(tmp_path / "outbox") == ["林美玲", "王小明"]
    for message in mails(tmp_path / "outbox"):
        assert message.get_body(("plain",)).get_content().strip()


@needs_tmpfile
def test_the_stock_doubles_on_each_miss_and_its_files_vanish_when_stopped(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "outbox"
    folder.mkdir()
    stock = filestock.FileStock(folder)
    # take() never wakes the thread (top_up does, after a message), so these four all miss
    assert [stock.take() for _ in range(4)] == [None] * 4
    stock.top_up()
    wait_ready(stock, 8)  # 1, 2, 4, 8
    ready = list(stock._ready)
    assert stock.ready == 8 and list(folder.iterdir()) == []  # unnamed: not in the listing
    assert all(os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder)) for fd in ready)

    stock.stop()
    assert stock.ready == 0 and stock.take() is None
    assert_closed(ready, folder)


@needs_tmpfile
def test_the_files_ready_close_with_the_notifier(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    notifier = OutboxNotifier(folder)
    notifier.send(confirmation())
    wait_ready(notifier._stock)
    stock = notifier._stock
    ready = list(stock._ready)
    del notifier
    gc.collect()
    assert stock.ready == 0
    assert_closed(ready, folder)


@needs_tmpfile
def test_a_removed_folder_is_made_again_and_the_stock_refilled_there(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    notifier = OutboxNotifier(folder)
    notifier.send(confirmation())
    wait_ready(notifier._stock)
    shutil.rmtree(folder)
    notifier.send(confirmation(name="陳大文"))  # the file ready is named into a gone folder
    assert names(folder) == ["陳大文"]
    wait_ready(notifier._stock)
    refuse_create(notifier)
    notifier.send(confirmation(name="林美玲"))
    assert names(folder) == ["林美玲", "陳大文"]


def test_without_o_tmpfile_every_file_is_created_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filestock, "_TMPFILE", 0)
    notifier = OutboxNotifier(tmp_path / "outbox")
    for _ in range(3):
        notifier.send(confirmation())
    assert notifier._stock.take() is None and notifier._stock.ready == 0
    assert len(mails(tmp_path / "outbox")) == 3


@needs_tmpfile
def test_a_file_system_refusing_unnamed_files_stops_the_stock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A flag the kernel refuses with EINVAL, as a file system without O_TMPFILE does.
    monkeypatch.setattr(filestock, "_TMPFILE", os.O_DIRECTORY | os.O_CREAT)
    notifier = OutboxNotifier(tmp_path / "outbox")
    notifier.send(confirmation())
    deadline = time.monotonic() + 10
    while notifier._stock.take() is not None or not notifier._stock._stopped:
        assert time.monotonic() < deadline, "the stock never gave up"
        time.sleep(0.005)
    notifier.send(confirmation(name="林美玲"))
    assert names(tmp_path / "outbox") == ["林美玲", "王小明"]


@needs_tmpfile
def test_naming_refused_stops_the_stock_and_the_message_still_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = OutboxNotifier(tmp_path / "outbox")
    notifier.send(confirmation())
    wait_ready(notifier._stock)
    ready = list(notifier._stock._ready)

    def no_proc(*args: object, **kwargs: object) -> None:  # as in a sandbox without /proc
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    monkeypatch.setattr(os, "link", no_proc)
    notifier.send(confirmation(name="林美玲"))
    assert names(tmp_path / "outbox") == ["林美玲", "王小明"]
    assert notifier._stock.ready == 0 and notifier._stock.take() is None
    assert_closed(ready, tmp_path / "outbox")


@needs_tmpfile
def test_a_forked_child_never_shares_the_parents_files(tmp_path: Path) -> None:
    """The descriptors survive fork; a child naming one would put its message into the same
    file as the parent's. The child starts with an empty stock of its own."""
    folder = tmp_path / "outbox"
    notifier = OutboxNotifier(folder)
    notifier.send(confirmation())
    notifier._stock._wanted = 4  # as after a burst
    notifier._stock.top_up()
    wait_ready(notifier._stock, 4)
    with warnings.catch_warnings():  # Python 3.12+ warns about fork with threads running
        warnings.simplefilter("ignore", DeprecationWarning)
        child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through its exit code only
        code = 1
        try:
            if notifier._stock.ready == 0:
                notifier.send(confirmation(name="子程序"))
                code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert notifier._stock.ready == 4  # the parent's stock is untouched
    refuse_create(notifier)
    notifier.send(confirmation(name="林美玲"))
    assert names(folder) == ["子程序", "林美玲", "王小明"]
    assert all(p.stat().st_nlink == 1 for p in folder.iterdir())


@needs_tmpfile
def test_threads_sending_at_once_each_get_their_own_file(tmp_path: Path) -> None:
    notifier = OutboxNotifier(tmp_path / "outbox")
    stocked = []
    name_file = notifier._stock.name

    def counted(fd: int, name: str) -> None:
        name_file(fd, name)
        stocked.append(name)

    notifier._stock.name = counted  # type: ignore[method-assign]
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def send_many(number: int) -> None:
        try:
            start.wait(timeout=10)
            for count in range(25):
                notifier.send(confirmation(name=f"王{number}-{count}"))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=send_many, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert names(tmp_path / "outbox") == sorted(f"王{n}-{c}" for n in range(8) for c in range(25))
    assert stocked  # some of them went through files made ahead
    assert all(p.stat().st_nlink == 1 for p in (tmp_path / "outbox").iterdir())
