"""Notification: one interface (base.Notifier), two implementations (outbox files, Amazon SES).

make_notifier imports the SES module (and so boto3) only when it is configured.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forms_lambda.notify.base import Notifier
    from forms_lambda.settings import Settings


def make_notifier(settings: Settings, outbox: Path) -> Notifier:
    if settings.notify == "ses":
        from forms_lambda.notify.ses import SesNotifier

        return SesNotifier.from_settings(settings)
    from forms_lambda.notify.outbox import OutboxNotifier

    return OutboxNotifier(outbox)
