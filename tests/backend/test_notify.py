"""E-mail: content, header-injection safety, the outbox files and Amazon SES (moto)."""

from __future__ import annotations

import email
import stat
from datetime import datetime
from email.policy import default
from pathlib import Path

import pytest

from forms_lambda.app import create_app
from forms_lambda.domain.rules import TAIPEI
from forms_lambda.notify import mail
from forms_lambda.notify.outbox import OutboxNotifier

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
        pin="042917",
        service_name="結婚登記",
        slot_text="2026-11-30 09:00",
        bring="身分證",
        place="臺中市南區戶政事務所，402臺中市南區復興路一段",
        phone="(04)2222-0000",
        cancel_url="https://x/booking/cancel/?r=1",
        find_url="https://x/api/pages/booking/find/",
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
    assert "查詢碼：042917" in text and "https://x/api/pages/booking/find/" in text
    assert "地點：臺中市南區戶政事務所，402臺中市南區復興路一段" in text
    assert "或來電 (04)2222-0000。" in text
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


def every_message() -> list[email.message.Message]:
    """One of each message mail.py builds, with short and long (folded) names."""
    common = {"sender": "noreply@south-hro.example.gov.tw", "office": OFFICE, "now": NOW}
    long_name = "A very long English name that surely needs folding, Jr."
    messages = [confirmation(), confirmation(name=long_name, lang="en")]
    for lang, name in (("zh-TW", "王小明"), ("en", long_name)):
        to = ("ming@example.com", name)
        messages += [
            mail.booking_cancelled(
                **common,
                lang=lang,
                to=to,
                reference="B23456789",
                service_name="結婚登記",
                slot_text="2026-11-30 09:00",
            ),
            mail.feedback_received(
                **common,
                lang=lang,
                to=to,
                case_number="1151127-0001",
                pin="123456",
                status_url="https://x/s",
                find_url="https://x/f",
                confirm_url="https://x/c",
                due_date="2026-12-04",
            ),
            mail.feedback_reply(
                **common,
                lang=lang,
                to=to,
                case_number="1151127-0001",
                reply="已處理。\n謝謝。",
                status_url="https://x/s",
            ),
        ]
    messages.append(
        mail.staff_notice(
            **common,
            staff=["a@example.gov.tw", "b@example.gov.tw"],
            subject="新案件 1151127-0001",
            lines=["案號：1151127-0001", "類別：民意信箱"],
        )
    )
    return messages


@pytest.mark.parametrize("message", every_message())
def test_wire_bytes_match_the_standard_generator(message: email.message.Message) -> None:
    """The direct writer (wire.py) is only a faster route to the generator's exact bytes."""
    from email.policy import compat32

    from forms_lambda.notify.wire import _direct, wire_bytes

    expected = message.as_bytes(policy=compat32.clone(linesep="\r\n"))
    assert _direct(message) is not None  # our messages take the fast route
    assert wire_bytes(message) == expected
    assert all(len(line) <= 78 for line in expected.split(b"\r\n"))


def test_wire_bytes_fall_back_for_other_shapes() -> None:
    from email.mime.text import MIMEText
    from email.policy import compat32

    from forms_lambda.notify.wire import _direct, wire_bytes

    message = MIMEText("plain ascii\nbody\n", "plain", "us-ascii")  # 7bit, not base64
    message["Subject"] = "x  y"  # two spaces: the generator's folding decides
    assert _direct(message) is None
    assert wire_bytes(message) == message.as_bytes(policy=compat32.clone(linesep="\r\n"))


def test_calendar_attachment_and_text_survive_the_wire() -> None:
    ics = "BEGIN:VCALENDAR\r\nSUMMARY:結婚登記\r\nEND:VCALENDAR\r\n".encode()
    message = mail.booking_confirmation(
        sender="noreply@south-hro.example.gov.tw",
        office=OFFICE,
        lang="zh-TW",
        to=("ming@example.com", "王小明"),
        reference="B23456789",
        pin="042917",
        service_name="結婚登記",
        slot_text="2026-11-30 09:00",
        bring="身分證",
        place="臺中市南區戶政事務所",
        phone="",
        cancel_url="https://x/c",
        find_url="https://x/f",
        ics=ics,
        now=NOW,
    )
    from forms_lambda.notify.wire import wire_bytes

    read = email.message_from_bytes(wire_bytes(message), policy=default)
    assert read.get_body(("plain",)).get_content().startswith("王小明 您好")
    attachment = next(read.iter_attachments())
    assert attachment.get_payload(decode=True) == ics
    assert attachment.get_param("method") == "PUBLISH"


@pytest.mark.parametrize(
    "subject",
    [
        "預約成功通知：B23456789",
        "新預約 New booking B23456789",
        "民意信箱案件回覆：1151127-0001",
        "Appointment confirmed: B23456789",
        "很長的主旨" * 12,  # too long for one encoded-word: Header splits it
    ],
)
def test_subjects_are_encoded_as_the_standard_header_class_does(subject: str) -> None:
    from email.header import Header, decode_header, make_header

    encoded = mail._encoded_subject(subject)
    assert encoded == (subject if subject.isascii() else Header(subject, "utf-8").encode())
    assert str(make_header(decode_header(encoded))) == subject
