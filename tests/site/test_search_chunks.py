"""The search index cut into small chunks (scripts/search_chunks.py): every word Pagefind wrote is
kept, and a search downloads the chunk that holds every word starting with its query word.

The browser tests of test_search.py run every query on the built site's (small-chunk) index.
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts import search_index
from scripts.search_chunks import (
    CHUNK_BYTES,
    MAGIC,
    IndexFormatError,
    Word,
    boundaries,
    cut,
    encode,
    read,
    read_words,
    rechunk,
)
from scripts.search_index import (
    BUNDLE_DIR,
    ENTRY_JSON,
    SearchIndexError,
    pagefind_binary,
    run_pagefind,
    write_documents,
)
from tests.conftest import visit
from tests.site.test_search import _indexed

# Pages whose search documents make the small index Pagefind writes for these tests.
SAMPLE_FOLDERS = ("guides", "en/guides")


def _words(*sized: tuple[str, int]) -> list[Word]:
    return [Word(text, b"-" * size) for text, size in sized]


def test_cut_is_pagefinds_but_keeps_words_that_start_alike_together() -> None:
    words = _words(
        ("apple", 8), ("apples", 3), ("apricot", 3), ("banana", 9), ("band", 1), ("peach", 2)
    )
    chunks = cut(words, size=8)
    # Pagefind would end the first chunk after "apple" (8 bytes): a search for "appl"
    # would then miss "apples". Pagefind would list the chunks as [apple, app], [apr, b], [p,
    # peach], so "apples" and "band" would be outside their chunk's range.
    assert [[w.text for w in chunk] for chunk in chunks] == [
        ["apple", "apples", "apricot"],
        ["banana", "band"],
        ["peach"],
    ]
    assert boundaries(chunks) == [["a", "apricot"], ["b", "band"], ["p", "peach"]]


def test_chinese_words_are_cut_between_different_beginnings() -> None:
    words = _words(("身分", 5), ("身分證", 5), ("身高", 5), ("身體", 5), ("車站", 1))
    chunks = cut(words, size=4)
    assert [[w.text for w in chunk] for chunk in chunks] == [
        ["身分", "身分證"],
        ["身高"],
        ["身體"],
        ["車站"],
    ]
    assert boundaries(chunks) == [
        ["身", "身分證"],
        ["身高", "身高"],
        ["身體", "身體"],
        ["車", "車站"],
    ]


def _chunks(bundle: Path, language: str) -> list[list]:
    entry = json.loads((bundle / ENTRY_JSON).read_text("utf-8"))
    return read(bundle / f"pagefind.{entry['languages'][language]['hash']}.pf_meta")[2]


@pytest.mark.parametrize("language", ["zh-hant-tw", "en"])
def test_a_search_downloads_every_word_that_starts_with_its_word(
    site_dir: Path, language: str
) -> None:
    """Pagefind downloads, for a query word, the chunks whose [from, to] range holds it, and
    finds the words that start with the query word in the chunks it has. On the built index,
    the ranges do not overlap, and for every word, and every start of a word of two characters
    or more, the one chunk downloaded holds all the words that start with it (Pagefind's own
    chunks did not: see scripts/search_chunks.py)."""
    bundle = site_dir / BUNDLE_DIR
    chunks = _chunks(bundle, language)
    assert len(chunks) > 1
    assert all(before[1] < after[0] for before, after in itertools.pairwise(chunks))
    ends = [chunk[1] for chunk in chunks]
    words: list[str] = []
    home: list[int] = []
    for number, chunk in enumerate(chunks):
        for word in read_words(bundle / "index" / f"{chunk[2]}.pf_index"):
            words.append(word.text)
            home.append(number)

    def downloaded(start: str) -> int | None:
        chosen = bisect.bisect_left(ends, start)  # the first chunk that ends at or after it
        return chosen if chosen < len(chunks) and chunks[chosen][0] <= start else None

    missed = [word for word, number in zip(words, home, strict=True) if downloaded(word) != number]
    for word in words:
        for length in range(2, len(word)):
            start = word[:length]
            first = bisect.bisect_left(words, start)
            last = bisect.bisect_right(words, start + "\U0010ffff")
            if set(home[first:last]) != {downloaded(start)}:
                missed.append(start)
    assert not missed, missed[:20]


@pytest.fixture(scope="module")
def pagefinds_own(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pagefind's own bundle for the guides in both languages, as it writes it."""
    folder = tmp_path_factory.mktemp("chunks")
    documents = folder / "documents"
    for name in SAMPLE_FOLDERS:
        for page in sorted((site_dir / name).rglob("index.html")):
            html = page.read_text(encoding="utf-8")
            write_documents(documents, html, page.relative_to(site_dir).as_posix())
    bundle = folder / "own"
    command = [str(pagefind_binary()), "--site", str(documents), "--output-path", str(bundle)]
    subprocess.run(command, capture_output=True, check=True, timeout=120)
    return bundle


def test_small_chunks_hold_every_word_pagefind_wrote(pagefinds_own: Path, tmp_path: Path) -> None:
    ours = tmp_path / "ours"
    shutil.copytree(pagefinds_own, ours)
    rechunk(ours, size=2000)
    own_entry = json.loads((pagefinds_own / ENTRY_JSON).read_text("utf-8"))
    our_entry = json.loads((ours / ENTRY_JSON).read_text("utf-8"))
    assert set(own_entry["languages"]) == set(our_entry["languages"]) == {"zh-hant-tw", "en"}
    for language, own in own_entry["languages"].items():
        new = our_entry["languages"][language]
        assert new["hash"] != own["hash"] and new["hash"].startswith(f"{language}_")
        assert {**new, "hash": ""} == {**own, "hash": ""}
        assert _indexed(ours, new["hash"]) == _indexed(pagefinds_own, own["hash"])
        assert len(_chunks(ours, language)) > 3 * len(_chunks(pagefinds_own, language))
        assert not (ours / f"pagefind.{own['hash']}.pf_meta").exists()
    listed = {c[2] for lang in our_entry["languages"] for c in _chunks(ours, lang)}
    assert {p.stem for p in (ours / "index").iterdir()} == listed, "no file left over"
    for folder in ("fragment",):
        assert sorted(p.name for p in (ours / folder).iterdir()) == sorted(
            p.name for p in (pagefinds_own / folder).iterdir()
        )
    again = tmp_path / "again"
    shutil.copytree(pagefinds_own, again)
    rechunk(again, size=2000)
    assert json.loads((again / ENTRY_JSON).read_text("utf-8")) == our_entry, "deterministic"


def test_the_built_index_is_cut_at_chunk_bytes(site_dir: Path) -> None:
    """Each chunk of the built index ends once it holds CHUNK_BYTES bytes of words, before the
    first word that starts differently from the word that filled it (the last may hold fewer)."""
    bundle = site_dir / BUNDLE_DIR
    for language in ("zh-hant-tw", "en"):
        chunks = _chunks(bundle, language)
        for number, chunk in enumerate(chunks):
            words = read_words(bundle / "index" / f"{chunk[2]}.pf_index")
            held = list(itertools.accumulate(len(word.raw) for word in words))
            filled = bisect.bisect_left(held, CHUNK_BYTES)  # the word that filled the chunk
            assert filled < len(words) or number == len(chunks) - 1, chunk[:2]
            after = [word.text[:2] for word in words[filled:]]
            assert len(set(after)) <= 1, (chunk[:2], after)


def _pagefind_file(path: Path, value: object, magic: bytes = MAGIC) -> None:
    path.write_bytes(gzip.compress(magic + encode(value)))


def test_an_index_of_another_format_stops_with_the_file_named(
    pagefinds_own: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(pagefinds_own, bundle)
    chunk = _chunks(bundle, "en")[0][2]
    _pagefind_file(bundle / "index" / f"{chunk}.pf_index", [["word"]], magic=b"pagefind_xyz")
    with pytest.raises(IndexFormatError, match=f"{chunk}.pf_index: no pagefind_dcd"):
        rechunk(bundle)

    shutil.rmtree(bundle)
    shutil.copytree(pagefinds_own, bundle)
    entry = json.loads((bundle / ENTRY_JSON).read_text("utf-8"))
    meta = bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    body = gzip.decompress(meta.read_bytes())
    # The version string's length in a longer form than needed: not how Pagefind writes CBOR.
    meta.write_bytes(gzip.compress(body[: len(MAGIC) + 1] + b"\x78\x05" + body[len(MAGIC) + 2 :]))
    with pytest.raises(IndexFormatError, match="encoding it again gives other bytes"):
        rechunk(bundle)


def test_the_build_stops_with_a_bilingual_message(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def new_format(bundle: Path) -> None:
        raise IndexFormatError("pagefind.en_1234567.pf_meta: no pagefind_dcd signature")

    monkeypatch.setattr(search_index, "rechunk", new_format)
    documents = tmp_path / "documents"
    page = site_dir / "en" / "guides" / "birth" / "index.html"
    write_documents(documents, page.read_text("utf-8"), "en/guides/birth/index.html")
    with pytest.raises(SearchIndexError) as caught:
        run_pagefind(documents, pagefind_binary(), tmp_path / "bundle")
    message = str(caught.value)
    assert "Pagefind 的索引格式" in message and "package-lock.json" in message
    assert "pagefind.en_1234567.pf_meta" in message


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "lang", "query", "words"),
    [
        ("/en/guides/birth/", "en", "ID card", ["id", "card"]),
        ("/guides/", "zh-hant-tw", "戶籍", ["戶籍"]),
    ],
)
def test_pagefind_downloads_one_small_chunk_per_word(
    page: Any, site_url: str, site_dir: Path, path: str, lang: str, query: str, words: list[str]
) -> None:
    """Pagefind's own script, on the built site, downloads just the chunk of each word."""
    bundle = site_dir / BUNDLE_DIR
    holding = {}
    for name in (c[2] for c in _chunks(bundle, lang)):
        holding.update({w.text: name for w in read_words(bundle / "index" / f"{name}.pf_index")})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
    visit(page, site_url + path)
    found = page.evaluate(
        """async (query) => {
            const pagefind = await import('/pagefind/pagefind.js');
            await pagefind.options({noWorker: true});
            return (await pagefind.search(query)).results.length;
        }""",
        query,
    )
    assert found > 0
    chunks = sorted(name.removesuffix(".pf_index") for name in requested if ".pf_index" in name)
    assert chunks == sorted({holding[word] for word in words})
