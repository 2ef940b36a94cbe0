"""Local notifier: each message becomes an .eml file, readable in any mail program."""

from __future__ import annotations

import os
import secrets
import time
import weakref
from email.message import Message
from pathlib import Path

from forms_lambda.notify.base import Notifier
from forms_lambda.notify.filestock import FileStock
from forms_lambda.notify.wire import wire_bytes


class OutboxNotifier(Notifier):
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        # Files made ahead by a background thread (filestock.py), closed with the notifier.
        self._stock = FileStock(self.folder)
        weakref.finalize(self, self._stock.stop)

    def send(self, message: Message) -> None:
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}.eml"
        data = wire_bytes(message)
        if not self._write_stocked(name, data):
            self._create(name, data)
        self._stock.top_up()

    def _write_stocked(self, name: str, data: bytes) -> bool:
        """Write into a file the stock made ahead and name it; False if it had none."""
        fd = self._stock.take()
        if fd is None:
            return False
        try:
            _write_all(fd, data)
            self._stock.name(fd, name)
            return True
        except OSError:  # folder removed, or naming refused (the stock then stops): the caller
            return False  # creates the file
        finally:
            os.close(fd)

    def _create(self, name: str, data: bytes) -> None:
        path = self.folder / name
        # The file holds personal data: readable by the owner only.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            fd = os.open(path, flags, 0o600)
        except FileNotFoundError:  # first message, or the folder was removed meanwhile
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, flags, 0o600)
        try:
            _write_all(fd, data)
        except OSError:  # disk full: leave no truncated message behind
            path.unlink(missing_ok=True)
            raise
        finally:
            os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:  # os.write may write less than asked
        view = view[os.write(fd, view) :]
