"""Every error message a webmaster can meet is explained in docs/webmaster.md.

Like datasette's test_docs.py: the messages are read from the source, so adding a new
``ContentError`` without documenting it fails the tests. A message counts as documented when
each of its fixed phrases (the text between the ``{...}`` placeholders) appears in the guide.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "webmaster.md"
# Exception or record classes whose message argument reaches a webmaster, and its position.
MESSAGE_ARG = {"ContentError": 1, "ScaffoldError": 0}
# The build's checks declare each message once: Message(code, wrong=(zh, en), todo=(zh, en)).
MESSAGE_TEXTS = ("wrong", "todo")
SOURCES = [
    *sorted((ROOT / "theme").rglob("*.py")),
    *sorted((ROOT / "scripts" / "pagetools").rglob("*.py")),
]
EDGE = " \t\n`'\"()（）:;,.，。=-"
MIN_PHRASE = 3


def fixed_phrases(node: ast.expr, template: bool = False) -> list[str]:
    """The literal parts of a message expression, trimmed of surrounding punctuation.

    ``template``: the text is a ``str.format`` template, whose ``{fields}`` are not literal.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    else:
        raise AssertionError(f"message is not a literal string: {ast.unparse(node)}")
    if template:
        parts = [text for part in parts for text, *_ in string.Formatter().parse(part)]
    phrases = []
    for part in parts:
        for piece in re.split(r"\s*\n\s*", part):
            phrase = piece.strip(EDGE)
            if len(phrase) >= MIN_PHRASE:
                phrases.append(phrase)
    return phrases


def messages() -> list[tuple[str, list[str]]]:
    """(``file:line``, phrases) of every webmaster-facing message raised in the code."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "Message":
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append((where, message_phrases(node)))
                continue
            if name not in MESSAGE_ARG or (name == "ContentError" and path.name == "errors.py"):
                continue
            args = node.args
            if len(args) <= MESSAGE_ARG[name]:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found.append((where, fixed_phrases(args[MESSAGE_ARG[name]])))
    return found


def message_phrases(call: ast.Call) -> list[str]:
    """The fixed words of a check's ``Message``: its wrong and todo texts in both languages."""
    phrases = []
    for keyword in call.keywords:
        if keyword.arg in MESSAGE_TEXTS and isinstance(keyword.value, ast.Tuple):
            for text in keyword.value.elts:
                phrases += fixed_phrases(text, template=True)
    return phrases


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text)


ALL_MESSAGES = messages()


def test_messages_are_found():
    """Guard against a broken extractor silently checking nothing."""
    places = [where for where, _ in ALL_MESSAGES]
    assert len(ALL_MESSAGES) >= 25, places
    assert any(where.startswith("theme/sitekit/pagemeta.py") for where in places)
    assert any(where.startswith("theme/sitekit/office.py") for where in places)
    assert any(where.startswith("theme/sitekit/headings.py") for where in places)
    assert any(where.startswith("theme/sitekit/checks/links.py") for where in places)


@pytest.mark.parametrize(("where", "phrases"), ALL_MESSAGES, ids=[w for w, _ in ALL_MESSAGES])
def test_message_is_documented(where, phrases):
    guide = normalised(GUIDE.read_text(encoding="utf-8"))
    missing = [phrase for phrase in phrases if normalised(phrase) not in guide]
    assert not missing, f"{where}: add these words to docs/webmaster.md: {missing}"


def test_translation_statuses_are_documented():
    from theme.sitekit import translations

    guide = GUIDE.read_text(encoding="utf-8")
    for label in translations.LABELS.values():
        assert label in guide


def test_build_output_is_documented():
    """The summary block's labels, the YAML hints and the lines MkDocs itself still prints."""
    from theme.sitekit import yamlerrors

    guide = normalised(GUIDE.read_text(encoding="utf-8"))
    for phrase in (
        "內容檢查：2 個問題 · Content check: 2 problem(s)",
        "   錯誤 ",
        "   Wrong ",
        "   處理 ",
        "   To do ",
        "Error reading page",
        "in strict mode!",
        "Aborted with a BuildError!",
    ):
        assert normalised(phrase).strip() in guide, phrase
    for zh, en in yamlerrors.HINTS:
        assert zh in guide and en in guide, (zh, en)


def test_an_undocumented_message_would_be_caught():
    """The checker itself: a new message's words are not in the guide, so it would fail."""
    call = ast.parse('ContentError(src, f"`{key}` needs a frobnicated widget (需要新設定)", 3)')
    phrases = fixed_phrases(call.body[0].value.args[1])  # type: ignore[attr-defined]
    assert phrases == ["needs a frobnicated widget (需要新設定"]
    guide = normalised(GUIDE.read_text(encoding="utf-8"))
    assert all(phrase not in guide for phrase in phrases)
