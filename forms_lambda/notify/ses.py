"""Amazon SES notifier: sends the finished MIME message with SendRawEmail (keeps the .ics)."""

from __future__ import annotations

from email.message import Message
from email.utils import getaddresses
from typing import TYPE_CHECKING, Any

import boto3

from forms_lambda.notify.base import Notifier
from forms_lambda.notify.wire import wire_bytes

if TYPE_CHECKING:
    from forms_lambda.settings import Settings


class SesNotifier(Notifier):
    def __init__(self, client: Any, sender: str) -> None:
        self.client = client
        self.sender = sender

    @classmethod
    def from_settings(cls, settings: Settings) -> SesNotifier:
        return cls(boto3.client("ses"), settings.sender)

    def send(self, message: Message) -> None:
        recipients = [addr for _name, addr in getaddresses(message.get_all("To", []))]
        self.client.send_raw_email(
            Source=self.sender,
            Destinations=recipients,
            RawMessage={"Data": wire_bytes(message)},
        )
