"""References, tokens, PINs, case numbers and keyed hashes.

Tokens are 128-bit random and stored only as SHA-256; ID numbers, phone numbers, client
addresses and PINs are stored only as HMAC-SHA256 under the server secret, so a leaked table
reveals none (a 6-digit PIN could be found from a plain hash in a million tries).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out on the phone


REFERENCE_LENGTH = 8  # 31^8: about 2^40 references
PIN_DIGITS = 6


def new_reference() -> str:
    """B + 8 characters, uniform over the alphabet, from one draw of the system's random
    source (a choice per character was 8 draws, each a system call releasing the GIL)."""
    number = secrets.randbelow(len(REFERENCE_ALPHABET) ** REFERENCE_LENGTH)
    characters = []
    for _ in range(REFERENCE_LENGTH):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        characters.append(REFERENCE_ALPHABET[digit])
    return "B" + "".join(characters)


def new_token() -> str:
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: object, stored_hash: str) -> bool:
    if not isinstance(token, str) or not token or len(token) > 200 or not stored_hash:
        return False
    return hmac.compare_digest(token_hash(token), stored_hash)


def case_number(day_text: str, sequence: int) -> str:
    """20261127-0042: day of receipt and the day's sequence number."""
    return f"{day_text.replace('-', '')}-{sequence:04d}"


class Hasher:
    """Keyed hashes under the server secret."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode("utf-8")

    def keyed(self, purpose: str, value: str) -> str:
        return hmac.new(self._key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def decoy_token(self, record_key: str) -> str:
        """The token a honeypot hit is given: shaped like new_token() (22 URL-safe characters)
        and keyed, so only this server can make one for a given reference or case number."""
        digest = bytes.fromhex(self.keyed("decoy", record_key))[:16]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def is_decoy_token(self, record_key: str, token: object) -> bool:
        if not isinstance(token, str) or len(token) > 200:
            return False
        expected = self.decoy_token(record_key).encode("ascii")
        return hmac.compare_digest(token.encode("utf-8", "replace"), expected)

    def pin(self, token: str) -> str:
        """The 6-digit PIN that goes with a record's token.

        Derived from the token under the secret, so the result page and the e-mail can show it
        from the token they already carry, and the PIN itself is never stored: only pin_hash."""
        return f"{int(self.keyed('pin-of', token), 16) % 10**PIN_DIGITS:0{PIN_DIGITS}d}"

    def pin_hash(self, record_key: str, pin: str) -> str:
        """What the store keeps of a PIN: keyed and bound to its record, so the same PIN on two
        records hashes differently and a leaked table cannot be tried offline."""
        return self.keyed("pin", f"{record_key}:{pin}")
