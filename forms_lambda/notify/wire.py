"""A finished message as RFC 5322 bytes with CRLF line ends, as SES and mail programs expect.

The standard library's generator is the reference, but it cost a fifth of a booking's server
time. Our messages (mail.py) have one simple shape: ASCII headers already RFC 2047-encoded,
text parts already base64, our own boundary. For that shape ``wire_bytes`` writes the same
bytes directly (tests/backend/test_notify.py compares them for every message mail.py builds);
anything else goes through the generator unchanged.
"""

from __future__ import annotations

import re
from email.message import Message
from email.policy import compat32
from functools import lru_cache

_Compat32: type = type(compat32)
CRLF = "\r\n"


class _PreEncodedHeaders(_Compat32):  # type: ignore[misc, valid-type]
    """Compat32 with CRLF, but a short one-line ASCII header is written as it is.

    Refolding an already encoded value through email.header gives the same text, slowly.
    Long, multi-line or oddly spaced values still take the standard folding.
    """

    def fold_binary(self, name: str, value: object) -> bytes:
        if (
            isinstance(value, str)
            and value.isascii()
            and len(name) + len(value) + 2 <= 78
            and "\n" not in value
            and "\r" not in value
            and "  " not in value
            and value == value.strip()
        ):
            return f"{name}: {value}{CRLF}".encode("ascii")
        if name == "From" and isinstance(value, str):
            return _folded_sender(value)
        return super().fold_binary(name, value)


@lru_cache(maxsize=8)
def _folded_sender(value: str) -> bytes:
    """The From line is the office's, the same in every message: fold it once."""
    return _Compat32.fold_binary(WIRE_POLICY, "From", value)


WIRE_POLICY = _PreEncodedHeaders(linesep=CRLF)
# A multipart Content-Type as mail.py writes it (Message.get_boundary parses any, slowly).
BOUNDARY = re.compile(r'multipart/mixed; boundary="([0-9A-Za-z=_]+)"')


def wire_bytes(message: Message) -> bytes:
    direct = _direct(message)
    return direct if direct is not None else message.as_bytes(policy=WIRE_POLICY)


def _direct(message: Message) -> bytes | None:
    """What the generator writes for our shape of message, or None for any other shape."""
    if message.get_unixfrom() or message.preamble or message.epilogue:
        return None
    head = b"".join(WIRE_POLICY.fold_binary(name, value) for name, value in message.raw_items())
    payload = message.get_payload()
    if isinstance(payload, list):
        found = BOUNDARY.fullmatch(message.get("Content-Type", ""))
        boundary = found.group(1) if found else None
        parts = [_direct(part) for part in payload]
        if not boundary or not parts or None in parts:
            return None
        marker = f"--{boundary}".encode("ascii")
        if any(marker in part for part in parts):  # type: ignore[operator]
            return None
        separator = b"\r\n" + marker + b"\r\n"
        body = marker + b"\r\n" + separator.join(parts) + b"\r\n" + marker + b"--\r\n"  # type: ignore[arg-type]
        return head + b"\r\n" + body
    if (
        not isinstance(payload, str)
        or message.get("Content-Transfer-Encoding", "").lower() != "base64"
        or not payload.isascii()
        or "\r" in payload
    ):
        return None
    return head + b"\r\n" + payload.replace("\n", CRLF).encode("ascii")
