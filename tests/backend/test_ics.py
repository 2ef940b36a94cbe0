"""The .ics event: lines folded at 75 octets without splitting a character (RFC 5545 §3.1)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from forms_lambda.domain.ics import _fold


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=400))
def test_folding_keeps_text_and_line_limit(line: str) -> None:
    folded = _fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join([pieces[0], *(piece[1:] for piece in pieces[1:])]) == line


def test_short_lines_are_left_alone() -> None:
    assert _fold("SUMMARY:結婚登記 (B23456789)") == "SUMMARY:結婚登記 (B23456789)"
    long = "DESCRIPTION:" + "身分證、印章、" * 10
    assert _fold(long) != long and _fold(long).replace("\r\n ", "") == long
