"""The citizen vocabulary of site search: how people ask, and the words the pages use.

Webmasters keep it in ``content/data/search-vocabulary.yml``: for each language, the everyday
words people type and the official term they mean (報戶口 → 出生登記, "report a birth" →
"birth registration"), and the question and filler words that search leaves out (請問, 怎麼,
how, my). The search script rewrites a query with it before Pagefind sees it
(theme/overrides/assets/javascripts/search-core.js), so the file is checked when the build
starts: every mistake stops the build with the file and line, in Chinese, then in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from theme.sitekit import yamlload
from theme.sitekit.errors import ContentError

LANGUAGES = ("zh-TW", "en")
SECTION_FIELDS = ("drop", "words")
ENTRY_FIELDS = ("term", "say")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KINDS = {
    "drop": ("略去的詞", "a dropped word"),
    "term": ("用語", "a term"),
    "say": ("民眾說法", "a spoken word"),
}
_LANGUAGE_NAMES = {"zh-TW": ("中文", "Chinese"), "en": ("英文", "English")}


@dataclass
class Vocabulary:
    """One language's part of the file: spoken word → term, and the words left out."""

    words: dict[str, str] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)
    term_lines: dict[str, int] = field(default_factory=dict)


def fold(text: str, lang: str) -> str:
    """How words are compared: runs of spaces made one, English in lower case."""
    text = " ".join(text.split())
    return text.lower() if lang == "en" else text


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def load_vocabulary(path: Path) -> dict[str, Vocabulary]:
    """Read and check the file; ``zh-TW`` and ``en`` map to their vocabulary."""
    src = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(
            src,
            f"無法讀取民眾用語檔（{error.strerror}）。"
            f"The citizen vocabulary file cannot be read ({error.strerror}).",
        ) from None
    try:
        root = yamlload.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ContentError(
            src,
            f"YAML 格式錯誤（{problem}），含「: 」的文字請加引號。"
            f"This is not valid YAML ({problem}); put text containing ': ' in quotes.",
            mark.line + 1 if mark else None,
        ) from None
    reader = _Reader(src)
    languages = reader.fields(root, LANGUAGES)
    return {lang: reader.section(languages.get(lang), lang) for lang in LANGUAGES}


class _Reader:
    """Turns the YAML nodes into a ``Vocabulary`` per language, naming lines in errors."""

    def __init__(self, src: str) -> None:
        self.src = src

    def fields(self, node: yaml.Node | None, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
        names = ", ".join(allowed)
        if not isinstance(node, yaml.MappingNode):
            raise ContentError(
                self.src,
                f"這裡應為「名稱: 值」的設定，名稱是 {names}。"
                f"Expected `name: value` settings here, named {names}.",
                _line(node),
            )
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name not in allowed:
                raise ContentError(
                    self.src,
                    f"「{name}」不是這裡可用的名稱，請用 {names}。"
                    f"`{name}` is not known here; use {names}.",
                    _line(key),
                )
            if name in found:
                raise ContentError(
                    self.src, f"「{name}」寫了兩次。`{name}` is given twice.", _line(key)
                )
            found[name] = value
        return found

    def word_list(self, node: yaml.Node, name: str) -> list[tuple[str, yaml.Node]]:
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if not items or not all(
            isinstance(item, yaml.ScalarNode) and str(item.value).strip() for item in items
        ):
            raise ContentError(
                self.src,
                f"「{name}」應為文字清單，例如 [報戶口, 報出生]。"
                f"`{name}` must be a list of words, such as [報戶口, 報出生].",
                _line(node),
            )
        return [(str(item.value).strip(), item) for item in items]

    def section(self, node: yaml.Node | None, lang: str) -> Vocabulary:
        vocabulary = Vocabulary()
        if node is None:
            return vocabulary
        fields = self.fields(node, SECTION_FIELDS)
        seen: dict[str, tuple[str, int | None]] = {}
        if "drop" in fields:
            for word, at in self.word_list(fields["drop"], "drop"):
                vocabulary.drop.append(self.claim(seen, word, "drop", at, lang))
        entries = fields.get("words")
        if entries is None:
            return vocabulary
        if not isinstance(entries, yaml.SequenceNode):
            raise ContentError(
                self.src,
                "「words」應為清單，每一項有 term: 與 say:。"
                "`words` must be a list of entries, each with `term:` and `say:`.",
                _line(entries),
            )
        for entry in entries.value:
            entry_fields = self.fields(entry, ENTRY_FIELDS)
            for name in ENTRY_FIELDS:
                if name not in entry_fields:
                    raise ContentError(
                        self.src, f"這一項缺少「{name}」。This entry has no `{name}`.", _line(entry)
                    )
            term_node = entry_fields["term"]
            term = str(term_node.value).strip() if isinstance(term_node, yaml.ScalarNode) else ""
            if not term:
                raise ContentError(
                    self.src,
                    "「term」應為一個用語。`term` must be one word or phrase.",
                    _line(term_node),
                )
            if lang == "zh-TW" and not _CJK.search(term):
                raise ContentError(
                    self.src,
                    f"中文用語要有中文字：「{term}」。The Chinese term has no Chinese: '{term}'.",
                    _line(term_node),
                )
            folded = self.claim(seen, term, "term", term_node, lang)
            vocabulary.term_lines[term] = _line(term_node) or 0
            for word, at in self.word_list(entry_fields["say"], "say"):
                vocabulary.words[self.claim(seen, word, "say", at, lang)] = folded
        return vocabulary

    def claim(
        self,
        seen: dict[str, tuple[str, int | None]],
        word: str,
        kind: str,
        at: yaml.Node,
        lang: str,
    ) -> str:
        """The folded word, once it is known to be listed only once and in its language."""
        key = fold(word, lang)
        if key in seen:
            other, first = seen[key]
            zh_kind, en_kind = _KINDS[other]
            raise ContentError(
                self.src,
                f"「{word}」已在第 {first} 行列為{zh_kind}，同一個詞只能出現一次。"
                f"'{word}' is already on line {first} as {en_kind}; a word may appear only once.",
                _line(at),
            )
        if lang == "en" and _CJK.search(word):
            raise ContentError(
                self.src,
                f"英文部分不可有中文：「{word}」。The English part has Chinese: '{word}'.",
                _line(at),
            )
        seen[key] = (kind, _line(at))
        return key


def check_terms_on_site(
    vocabulary: dict[str, Vocabulary], texts: dict[str, str], path: Path
) -> None:
    """Every term must be on the site in its language, or a query rewritten to it finds nothing.

    ``texts`` holds each language's indexed text (all its pages in one string).
    """
    for lang, words in vocabulary.items():
        text = fold(texts.get(lang, ""), lang)
        for term, line in words.term_lines.items():
            if not all(part in text for part in fold(term, lang).split(" ")):
                zh_name, en_name = _LANGUAGE_NAMES[lang]
                raise ContentError(
                    str(path),
                    f"用語「{term}」在網站的{zh_name}頁面都找不到，改寫成它的搜尋不會有結果；"
                    "請改用頁面上的寫法。"
                    f"The term '{term}' is on no {en_name} page, so a query rewritten to it "
                    "would find nothing; use the wording of the pages.",
                    line,
                )
