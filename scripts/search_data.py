"""The data the search script needs next to Pagefind's index, made from the index at build time.

Pagefind finds pages for the words it is given; how citizens ask is handled before it sees the
query (theme/overrides/assets/javascripts/search-core.js), with one small file per language:

- ``gov-search.<lang>.json`` (loaded with the index): the variant spellings, the citizen
  vocabulary (content/data/search-vocabulary.yml), for Chinese a Simplified → Traditional table
  made with OpenCC, and every indexed page's address, title and kind, so suggestions as you
  type need no page fragment.
- ``gov-typo.<lang>.json`` (loaded only when a word finds nothing): the site's own vocabulary
  (terms, titles, headings; English words) and, for Chinese, the pronunciation of common
  characters (pypinyin), to suggest 戶籍謄本 for 戶藉謄本 or "transcript" for "transcrpit".

Why the Simplified table is built here from OpenCC and applied to the query, not to the index:
the index keeps the pages' own wording (excerpts quote them exactly), and the table holds only
the characters and words that occur on the site (a few kilobytes) instead of OpenCC's whole
dictionary (tens of thousands of phrases), which the browser would otherwise need.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.search_chunks import ENTRY_JSON, MAGIC
from theme.sitekit.search_vocabulary import Vocabulary, check_terms_on_site

SEARCH_JSON = "gov-search.{lang}.json"
TYPO_JSON = "gov-typo.{lang}.json"
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,8}")
_EN_WORD = re.compile(r"[a-z]{4,}")
_SEGMENTS = re.compile(r"[\s\u200b]+")
# Titles and headings are cut into terms at these (收養與終止收養登記 → 收養, 終止收養登記).
_TERM_BREAKS = re.compile(r"[\s、，,。：:；;（）()「」『』／/・與及和或]+")
MAX_PHRASE = 6  # longest Simplified phrase kept in the table, in characters
# A folder's index page lists its pages when it has this many (申辦須知, 最新消息): an overview.
OVERVIEW_CHILDREN = 8


@dataclass
class Fragment:
    """One indexed page (or Q&A question) as Pagefind stored it."""

    id: str
    url: str
    title: str
    content: str
    headings: list[str]
    guide: str = ""  # a Q&A question: the guide its answer links to


def read_fragments(bundle: Path, language: str) -> list[Fragment]:
    """Every page of one index language (``zh-hant-tw``, ``en``), from Pagefind's fragments."""
    fragments = []
    for path in sorted((bundle / "fragment").glob(f"{language}_*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[len(MAGIC) :] if raw.startswith(MAGIC) else raw)
        meta = data.get("meta", {})
        fragments.append(
            Fragment(
                id=path.name.removesuffix(".pf_fragment"),
                url=meta.get("url") or data["url"],
                title=meta.get("title", ""),
                content=data.get("content", ""),
                headings=[a.get("text", "") for a in data.get("anchors", [])],
                guide=meta.get("guide", ""),
            )
        )
    return fragments


def vocabulary_language(index_language: str) -> str:
    """The vocabulary file's language for a Pagefind index language."""
    return "zh-TW" if index_language.startswith("zh") else "en"


def page_kind(url: str, section_folders: set[str]) -> str:
    """``qa`` (a Q&A question), ``guide``, ``news`` (a news post), ``overview`` (the home and
    section index pages) or ``page``.

    The search script ranks a question below a guide that matches as well, and news posts and
    overview pages (which mention every service) below specific pages.
    """
    path = url.split("#", 1)[0]
    bare = path.removeprefix("/en/").strip("/")
    if "#" in url:
        return "qa"
    if bare.startswith("guides/") and bare.count("/") == 1:
        return "guide"
    if bare.startswith("news/posts/"):
        return "news"
    if bare == "" or bare in section_folders:
        return "overview"
    return "page"


def simplified_table(words: Counter[str]) -> dict[str, dict[str, str]]:
    """Simplified → Traditional for the site's own characters and words, from OpenCC.

    ``words`` counts the site's words. ``chars``: for each Traditional character on the site,
    OpenCC's Simplified form maps back to it (when several site characters share one Simplified
    form, OpenCC's own choice wins, else the commoner on the site). ``phrases``: site words that
    the character table would convert wrongly (台风 → 颱風, 了解 → 瞭解), from OpenCC's
    conversion of each word.
    """
    import opencc  # build-time only

    to_simplified = opencc.OpenCC("t2s")
    to_traditional = opencc.OpenCC("s2t")
    counts: Counter[str] = Counter()
    for word, count in words.items():
        for char in word:
            if _CJK_CHAR.match(char):
                counts[char] += count
    candidates: dict[str, list[str]] = {}
    for char in sorted(counts):
        simple = to_simplified.convert(char)
        if len(simple) == 1 and simple != char:
            candidates.setdefault(simple, []).append(char)
    chars: dict[str, str] = {}
    for simple, options in candidates.items():
        preferred = to_traditional.convert(simple)
        chars[simple] = preferred if preferred in options else max(options, key=lambda c: counts[c])
    phrases: dict[str, str] = {}
    for word, _ in sorted(words.items(), key=lambda item: (-item[1], item[0])):
        if not 2 <= len(word) <= MAX_PHRASE or not _CJK_CHAR.search(word):
            continue
        simple = to_simplified.convert(word)
        by_characters = "".join(chars.get(ch, ch) for ch in simple)
        if simple != word and simple not in phrases and by_characters != word:
            phrases[simple] = word
    return {"chars": dict(sorted(chars.items())), "phrases": dict(sorted(phrases.items()))}


def chinese_terms(fragments: list[Fragment], vocabulary: Vocabulary) -> list[str]:
    """The site's Chinese vocabulary for typo suggestions, most important first."""
    terms = list(dict.fromkeys([*vocabulary.term_lines, *vocabulary.words]))
    for fragment in fragments:
        for text in (fragment.title, *fragment.headings):
            terms += [part for part in _TERM_BREAKS.split(text) if _CJK_RUN.fullmatch(part)]
    return list(dict.fromkeys(terms))


def common_characters() -> list[str]:
    """The 5,401 common characters of Big5 (常用字): what people type, typos included."""
    chars = []
    for high in range(0xA4, 0xC7):
        for low in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                char = bytes([high, low]).decode("big5")
            except UnicodeDecodeError:
                continue
            if _CJK_CHAR.match(char):
                chars.append(char)
    return chars


def sounds(chars: set[str]) -> dict[str, str]:
    """Toneless pinyin → the characters read so (all readings of each), for near-homophones.

    Read from pypinyin's character table (a whole-text conversion would guess one reading).
    """
    from pypinyin.pinyin_dict import pinyin_dict  # build-time only

    by_sound: dict[str, list[str]] = {}
    for char in sorted(chars):
        for reading in pinyin_dict.get(ord(char), "").split(","):
            sound = "".join(c for c in unicodedata.normalize("NFD", reading) if c.isascii())
            if sound.isalpha() and char not in by_sound.setdefault(sound, []):
                by_sound[sound].append(char)
    return {sound: "".join(chars) for sound, chars in sorted(by_sound.items())}


def english_terms(fragments: list[Fragment], vocabulary: Vocabulary) -> list[str]:
    """English words of the site (four letters or more), commonest first."""
    counts = Counter(
        word
        for fragment in fragments
        for word in _EN_WORD.findall(f"{fragment.title} {fragment.content}".lower())
    )
    for phrase in [*vocabulary.term_lines, *vocabulary.words]:
        counts.update(_EN_WORD.findall(phrase.lower()))
    return [word for word, _ in counts.most_common()]


def write_search_data(
    bundle: Path, groups: list[list[str]], vocabulary: dict[str, Vocabulary], source: Path
) -> None:
    """Write ``gov-search.<lang>.json`` and ``gov-typo.<lang>.json`` for every index language.

    Raises ContentError (naming ``source`` and the line) when a vocabulary term is on no page.
    """
    entry = json.loads((bundle / ENTRY_JSON).read_text(encoding="utf-8"))
    languages = sorted(entry.get("languages", {}))
    fragments = {language: read_fragments(bundle, language) for language in languages}
    texts = {
        vocabulary_language(language): "\n".join(f"{f.title}\n{f.content}" for f in pages)
        for language, pages in fragments.items()
    }
    check_terms_on_site(vocabulary, {k: v.replace("\u200b", "") for k, v in texts.items()}, source)
    for language, pages in fragments.items():
        lang = vocabulary_language(language)
        words = vocabulary[lang]
        children = Counter(
            path.rsplit("/", 1)[0]
            for path in (f.url.split("#")[0].removeprefix("/en/").strip("/") for f in pages)
            if "/" in path
        )
        folders = {folder for folder, count in children.items() if count >= OVERVIEW_CHILDREN}
        data: dict[str, Any] = {
            "variants": groups,
            "drop": words.drop,
            "words": words.words,
            "pages": {
                f.id: [f.url, f.title, page_kind(f.url, folders), *([f.guide] if f.guide else [])]
                for f in sorted(pages, key=lambda f: f.url)
            },
        }
        if lang == "zh-TW":
            site_words = Counter(w for f in pages for w in _SEGMENTS.split(f.content) if w)
            site_words.update([f.title for f in pages] + [*words.words, *words.term_lines])
            data["s2t"] = simplified_table(site_words)
            terms = chinese_terms(pages, words)
            chars = set(common_characters()) | {c for t in terms for c in t}
            typo: dict[str, Any] = {"terms": terms, "sounds": sounds(chars)}
        else:
            typo = {"terms": english_terms(pages, words)}
        _write_json(bundle / SEARCH_JSON.format(lang=language), data)
        _write_json(bundle / TYPO_JSON.format(lang=language), typo)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
