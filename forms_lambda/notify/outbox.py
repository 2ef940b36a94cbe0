"""Local notifier: each message becomes an .eml file, readable in any mail program."""

from __future__ import annotations

import os
import secrets
import time
from email.message import Message
from pathlib import Path

from forms_lambda.notify.base import Notifier
from forms_lambda.notify.wire import wire_bytes


class OutboxNotifier(Notifier):
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def send(self, message: Message) -> None:
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}.eml"
        path = self.folder / name
        data = wire_bytes(message)
        # The file holds personal data: readable by the owner only.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            fd = os.open(path, flags, 0o600)
        except FileNotFoundError:  # first message, or the folder was removed meanwhile
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError:  # disk full: leave no truncated message behind
            path.unlink(missing_ok=True)
            raise
