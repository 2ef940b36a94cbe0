"""The outbox's files made ahead of time (notify/filestock.py): same files, never half-made."""

from __future__ import annotations

import email
import gc
import os
import shutil
import stat
import threading
import time
from email.policy import default
from pathlib import Path

import pytest

from forms_lambda.notify import filestock
from forms_lambda.notify.outbox import OutboxNotifier

from .test_notify import confirmation

pytestmark = pytest.mark.skipif(
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


def test_a_file_made_ahead_becomes_a_complete_private_eml(tmp_path: Path) -> None:
    notifier = OutboxNotifier(tmp_path / "outbox")
    notifier.send(confirmation())  # the stock is empty: created directly, one file ordered
    wait_ready(notifier._stock)

    def refuse(name: str, data: bytes) -> None:
        raise AssertionError("the file made ahead should have been used")

    notifier._create = refuse  # type: ignore[method-assign]
    notifier.send(confirmation(name="林美玲"))

    files = sorted((tmp_path / "outbox").iterdir())
    assert len(files) == 2 and all(p.suffix == ".eml" for p in files)  # nothing else shows
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    names = {m["To"].addresses[0].display_name for m in mails(tmp_path / "outbox")}
    assert names == {"王小明", "林美玲"}
    for message in mails(tmp_path / "outbox"):
        assert message.get_body(("plain",)).get_content().strip()


def test_the_stock_doubles_on_each_miss_and_its_files_vanish_when_closed(
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

    stock.close()
    assert stock.ready == 0
    assert_closed(ready, folder)


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


def assert_closed(descriptors: list[int], folder: Path) -> None:
    """Closed: a descriptor no longer points into the folder (its number may be reused)."""
    for fd in descriptors:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        assert not target.startswith(str(folder))


def test_a_removed_folder_is_made_again_with_files_ready(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    notifier = OutboxNotifier(folder)
    notifier.send(confirmation())
    wait_ready(notifier._stock)
    shutil.rmtree(folder)
    notifier.send(confirmation(name="陳大文"))
    assert [m["To"].addresses[0].display_name for m in mails(folder)] == ["陳大文"]


def test_without_o_tmpfile_every_file_is_created_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filestock, "_TMPFILE", 0)
    notifier = OutboxNotifier(tmp_path / "outbox")
    for _ in range(3):
        notifier.send(confirmation())
    assert notifier._stock.take() is None and notifier._stock.ready == 0
    assert len(mails(tmp_path / "outbox")) == 3


def test_threads_sending_at_once_each_get_their_own_file(tmp_path: Path) -> None:
    notifier = OutboxNotifier(tmp_path / "outbox")
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
    names = [m["To"].addresses[0].display_name for m in mails(tmp_path / "outbox")]
    assert sorted(names) == sorted(f"王{n}-{c}" for n in range(8) for c in range(25))
