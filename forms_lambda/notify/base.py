"""The notifier interface: deliver one finished e-mail message."""

from __future__ import annotations

from abc import ABC, abstractmethod
from email.message import Message


class Notifier(ABC):
    @abstractmethod
    def send(self, message: Message) -> None:
        """Deliver the message to every address in its To header, or raise."""
