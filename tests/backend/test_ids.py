"""References and tokens: the shapes citizens read out on the phone, and their spread."""

from __future__ import annotations

from collections import Counter

from forms_lambda.domain.ids import REFERENCE_ALPHABET, new_reference, new_token


def test_references_are_b_and_eight_unambiguous_characters() -> None:
    references = [new_reference() for _ in range(2000)]
    assert all(len(r) == 9 and r[0] == "B" for r in references)
    assert all(set(r[1:]) <= set(REFERENCE_ALPHABET) for r in references)
    assert not set("01IOL") & set("".join(references))
    assert len(set(references)) == len(references)


def test_every_character_is_used_in_every_position() -> None:
    """One random number spread over eight places: no place is stuck or lopsided."""
    references = [new_reference() for _ in range(6200)]  # 200 per character expected
    for place in range(1, 9):
        counts = Counter(r[place] for r in references)
        assert set(counts) == set(REFERENCE_ALPHABET)
        assert min(counts.values()) > 120 and max(counts.values()) < 290


def test_tokens_are_long_and_distinct() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000 and all(len(t) >= 22 for t in tokens)
