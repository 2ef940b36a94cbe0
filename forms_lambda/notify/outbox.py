"""Local notifier: each message becomes an .eml file, readable in any mail program."""

from __future__ import annotations

import os
import secrets
import time
from email.message import Message
from pathlib import Path

from .base import Notifier


class OutboxNotifier(Notifier):
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def send(self, message: Message) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}.eml"
        path = self.folder / name
        # The file holds personal data: readable by the owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
