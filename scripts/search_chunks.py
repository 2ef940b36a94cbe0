"""Cut Pagefind's word index into small chunks, so a search downloads little more than its words.

A search downloads, for each word of the query, the whole index chunk that holds the word.
Pagefind 1.6 cuts each language's index into chunks of 20,000 word positions (a constant in its
source, with no option to change it), about 33 KB gzip each: a two-word Chinese query cost 66 KB
of index for the few hundred bytes it used, and the search payload went over its budget of
150 KB (docs/search.md). After Pagefind has written a bundle, this step cuts each language's
index again, the way Pagefind does (words in order; a chunk ends once it is full), at a tenth
of the size (``CHUNK_BYTES``): chunks of about 4 KB gzip. The words
themselves are copied byte for byte; pages, fragments and the rest of the metadata are unchanged
(tests/site/test_search_chunks.py has Pagefind index pages and compares every word).

Pagefind looks for the words that start with a query word only in the chunk whose range holds
the query word, so its own cut can hide words: the chunk that ended at ``birth`` hid
``birthday`` from a search for birth (the first ID card guide: "after your 14th birthday").
With ten times as many chunks that would happen ten times as often, so a chunk never ends here
between two words that start with the same two characters (``cut``): every word that starts
with a query word of two or more characters is in the one chunk the query downloads for it. (A
query word of one character, which the search engine treats as doubtful anyway, may miss words
in the next chunk, as with Pagefind's own cut: keeping all the words of one Chinese character
together would make chunks of tens of kilobytes on a large site, for 的 or 戶.)

Pagefind's files are gzip + ``pagefind_dcd`` + CBOR arrays (its Rust structs, fields in order):
pf_meta [version, pages, chunks [[from, to, hash]], filters, sorts], pf_index [words]. A file
this step cannot decode, or whose metadata does not encode back to the same bytes, stops the
build with IndexFormatError: a Pagefind release that changes the format is caught at once.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"
ENTRY_JSON = "pagefind-entry.json"
# Bytes of words per chunk, before compression. Pagefind's own chunks (20,000 word positions)
# hold 50-65 KB; 6,000 gives chunks of 3-4 KB gzip.
CHUNK_BYTES = 6_000
# A chunk never ends between two words that start with the same two characters (below).
SHARED_PREFIX = 2
SHORT_HASH = 7  # hex digits of a chunk's name, as Pagefind names them
META_HASH = 18  # hex digits of the metadata's name, as Pagefind names it


class IndexFormatError(Exception):
    """Pagefind wrote an index this step does not understand (a new Pagefind release)."""


@dataclass
class Word:
    """One word of the index: its text and its CBOR bytes as Pagefind wrote them."""

    text: str
    raw: bytes


def read(path: Path) -> Any:
    """The decoded content of one of Pagefind's files."""
    data = _unpack(path)
    value, end = decode(data, 0)
    if end != len(data):
        raise IndexFormatError(f"{path.name}: {len(data) - end} bytes after the index")
    return value


def _unpack(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise IndexFormatError(f"{path.name}: no {MAGIC.decode()} signature")
    return data[len(MAGIC) :]


def decode(data: bytes, at: int) -> tuple[Any, int]:
    """The CBOR item at ``at`` and where it ends (the definite-length kinds Pagefind writes)."""
    major, argument, at = _head_at(data, at)
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw.decode("utf-8") if major == 3 else raw), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise IndexFormatError(f"CBOR major type {major} at byte {at}")


def _head_at(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, where the item's content starts) of the CBOR item at ``at``."""
    major, info = data[at] >> 5, data[at] & 31
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise IndexFormatError(f"CBOR item {data[at]:#04x} at byte {at}")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def encode(value: Any) -> bytes:
    """``value`` as CBOR, each length in its shortest form (as Pagefind's minicbor writes it)."""
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    raise IndexFormatError(f"cannot encode {type(value).__name__}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise IndexFormatError(f"integer too large: {argument}")


def read_words(path: Path) -> list[Word]:
    """The words of one index chunk (pf_index: [[[word, pages, variants, ...], ...]])."""
    data = _unpack(path)
    major, fields, at = _head_at(data, 0)
    major_words, count, at = _head_at(data, at)
    if (major, fields, major_words) != (4, 1, 4):
        raise IndexFormatError(f"{path.name}: not a list of words")
    words = []
    for _ in range(count):
        major, _, inner = _head_at(data, at)
        text, _ = decode(data, inner)
        if major != 4 or not isinstance(text, str):
            raise IndexFormatError(f"{path.name}: a word that is not [text, pages, ...]")
        end = _skip(data, at)
        words.append(Word(text, data[at:end]))
        at = end
    if at != len(data):
        raise IndexFormatError(f"{path.name}: {len(data) - at} bytes after the words")
    return words


def _skip(data: bytes, at: int) -> int:
    """Where the CBOR item at ``at`` ends, without building it: a word may have thousands of
    positions (this loop is ``_head_at`` inlined, and reads an index in a third of the time
    ``decode`` takes)."""
    pending = 1
    while pending:
        head = data[at]
        major, info = head >> 5, head & 31
        if info < 24:
            argument = info
            at += 1
        elif info < 28:
            size = 1 << (info - 24)
            argument = int.from_bytes(data[at + 1 : at + 1 + size], "big")
            at += 1 + size
        else:
            raise IndexFormatError(f"CBOR item {head:#04x} at byte {at}")
        pending -= 1
        if major == 4:
            pending += argument
        elif major in (2, 3):
            at += argument
        elif major > 1:
            raise IndexFormatError(f"CBOR major type {major} at byte {at}")
    return at


def cut(words: list[Word], size: int = CHUNK_BYTES) -> list[list[Word]]:
    """Words in order, a chunk closed once it holds ``size`` bytes or more, but never between
    two words that start with the same two characters."""
    chunks: list[list[Word]] = []
    chunk: list[Word] = []
    held = 0
    for word in words:
        if held >= size and _common_prefix(chunk[-1].text, word.text) < SHARED_PREFIX:
            chunks.append(chunk)
            chunk, held = [], 0
        chunk.append(word)
        held += len(word.raw)
    if chunk:
        chunks.append(chunk)
    return chunks


def _common_prefix(a: str, b: str) -> int:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return common


def boundaries(chunks: list[list[Word]]) -> list[list[str]]:
    """[from, to] of each chunk: as Pagefind lists them (``from`` is the shortest start of the
    first word that sorts after the chunk before), except that ``to`` is the chunk's last word,
    not the shortest start of it that sorts before the next chunk. Pagefind 1.6 reads its short
    ``to`` as a prefix (眼鏡 is in the chunk that ends at 眼); with the whole word every word, and
    every start of two characters or more of a word, lies in its own chunk's range even for a
    plain comparison, and no two ranges overlap."""
    bounds = []
    last = ""
    for chunk in chunks:
        first = chunk[0].text
        bounds.append([first[: _common_prefix(last, first) + 1], chunk[-1].text])
        last = chunk[-1].text
    return bounds


def _name(language: str, body: bytes, digits: int, taken: set[str]) -> str:
    digest = hashlib.sha256(body).hexdigest()
    while f"{language}_{digest[:digits]}" in taken and digits < len(digest):
        digits += 1
    return f"{language}_{digest[:digits]}"


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(MAGIC + body, 9, mtime=0))


def rechunk_language(bundle: Path, language: str, meta_hash: str, size: int) -> str:
    """Cut one language's index into chunks of ``size`` bytes; return its new meta hash."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read(meta_path)
    if encode(meta) != _unpack(meta_path):
        raise IndexFormatError(f"{meta_path.name}: encoding it again gives other bytes")
    old = [bundle / "index" / f"{chunk[2]}.pf_index" for chunk in meta[2]]
    words = [word for path in old for word in read_words(path)]
    if any(a.text >= b.text for a, b in itertools.pairwise(words)):
        raise IndexFormatError(f"{language}: the index's words are not in order")
    for path in old:
        path.unlink()
    chunks = cut(words, size)
    names: set[str] = set()
    meta[2] = []
    for chunk, (start, end) in zip(chunks, boundaries(chunks), strict=True):
        body = _head(4, 1) + _head(4, len(chunk)) + b"".join(word.raw for word in chunk)
        name = _name(language, body, SHORT_HASH, names)
        names.add(name)
        meta[2].append([start, end, name])
        _write(bundle / "index" / f"{name}.pf_index", body)
    body = encode(meta)
    new_hash = _name(language, body, META_HASH, set())
    meta_path.unlink()
    _write(bundle / f"pagefind.{new_hash}.pf_meta", body)
    return new_hash


def rechunk(bundle: Path, size: int = CHUNK_BYTES) -> None:
    """Cut every language's index in ``bundle`` into chunks of ``size`` bytes."""
    entry_path = bundle / ENTRY_JSON
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        info["hash"] = rechunk_language(bundle, language, info["hash"], size)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
