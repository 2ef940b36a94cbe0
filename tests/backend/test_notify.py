"""E-mail: content, header-injection safety, the outbox files and Amazon SES (moto)."""

from __future__ import annotations

import email
import stat
from datetime import datetime
from email.policy import default
from pathlib import Path

import pytest

from forms_lambda import mail
from forms_lambda.app import create_app
from forms_lambda.notify.outbox import OutboxNotifier
from forms_lambda.rules import TAIPEI

from .conftest import Clock, booking_payload, make_settings

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TAIPEI)
OFFICE = {"zh-TW": "臺中市南區戶政事務所", "en": "South District HRO"}


def confirmation(name: str = "王小明", lang: str = "zh-TW") -> email.message.Message:
    return mail.booking_confirmation(
        sender="noreply@south-hro.example.gov.tw",
        office=OFFICE,
        lang=lang,
        to=("ming@example.com", name),
        reference="B23456789",
        service_name="結婚登記",
        slot_text="2026-11-30 09:00",
        bring="身分證",
        cancel_url="https://x/booking/cancel/?r=1",
        ics=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        now=NOW,
    )


def parsed(message: email.message.Message) -> email.message.EmailMessage:
    """The message as a mail program reads it."""
    return email.message_from_bytes(message.as_bytes(), policy=default)  # type: ignore[return-value]


def test_confirmation_has_text_and_ics_in_chinese() -> None:
    message = parsed(confirmation())
    assert message["Subject"] == "預約成功通知：B23456789"
    assert message["To"].addresses[0].display_name == "王小明"
    text = message.get_body(("plain",)).get_content()
    assert "預約編號：B23456789" in text and "身分證" in text and "https://x/booking/cancel" in text
    parts = [p for p in message.iter_attachments()]
    assert parts[0].get_content_type() == "text/calendar"
    assert parts[0].get_filename() == "B23456789.ics"


@pytest.mark.parametrize("name", ["Eve\r\nBcc: victim@example.com", "Eve\nSubject: hi"])
def test_header_injection_cannot_add_headers(name: str) -> None:
    raw = confirmation(name=name).as_bytes()
    parsed = email.message_from_bytes(raw, policy=default)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "預約成功通知：B23456789"
    assert len(parsed.get_all("To")) == 1


def test_api_refuses_line_breaks_before_any_mail(tmp_path: Path, clock: Clock) -> None:
    client = create_app(make_settings(tmp_path), now=clock).test_client()
    answer = client.post(
        "/api/bookings",
        json=booking_payload(
            name="Eve\r\nBcc: victim@example.com", email="a@example.com\r\nBcc: b@example.com"
        ),
    )
    assert answer.status_code == 422
    assert set(answer.get_json()["fields"]) == {"name", "email"}
    assert not (tmp_path / "outbox").exists()


def test_outbox_files_are_private(tmp_path: Path) -> None:
    OutboxNotifier(tmp_path / "outbox").send(confirmation())
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert b"B23456789" in files[0].read_bytes()


def test_ses_notifier_sends_raw_mail_with_attachment(aws_env: None) -> None:
    import boto3
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from forms_lambda.notify.ses import SesNotifier

    with mock_aws():
        client = boto3.client("ses", region_name="ap-northeast-1")
        client.verify_email_identity(EmailAddress="noreply@south-hro.example.gov.tw")
        SesNotifier(client, "noreply@south-hro.example.gov.tw").send(confirmation(lang="en"))
        backend = ses_backends[DEFAULT_ACCOUNT_ID]["ap-northeast-1"]
        sent = backend.sent_messages
        assert len(sent) == 1
        assert sent[0].destinations[0] == "ming@example.com"  # moto appends the To header too
        assert "text/calendar" in sent[0].raw_data


def test_unverified_sender_fails_without_losing_the_booking(
    tmp_path: Path, clock: Clock, aws_env: None, caplog: pytest.LogCaptureFixture
) -> None:
    import boto3
    from moto import mock_aws

    from forms_lambda.notify.ses import SesNotifier

    with mock_aws():
        notifier = SesNotifier(
            boto3.client("ses", region_name="ap-northeast-1"), "noreply@south-hro.example.gov.tw"
        )
        client = create_app(make_settings(tmp_path), now=clock, notifier=notifier).test_client()
        answer = client.post("/api/bookings", json=booking_payload())
        assert answer.status_code == 201
        assert "confirmation e-mail failed: MessageRejected" in caplog.text
        assert "ming@example.com" not in caplog.text
