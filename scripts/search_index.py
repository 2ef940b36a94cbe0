"""Build the site search index with Pagefind (extended build), during or after the MkDocs build.

Why Pagefind: it segments Chinese with ICU4X (no jieba in the MkDocs build) and writes one index
per ``<html lang>``, so Chinese pages search Chinese pages and English pages English ones
(docs/search.md has the measured comparison with Material's search + jieba).

Only the article marked ``data-pagefind-body`` (theme/overrides/main.html) is indexed: the guide
bricks, the top bar, the footer and English fallback copies of Chinese pages are not.

The variant table (content/data/search-variants.yml) is checked here and written next to the
index as JSON; the search page's script expands a query into every spelling in it
(身份證 → 身分證, 台中 → 臺中), so the index itself keeps the page's own wording.

Two ways to build the same index:

- ``SiteSearch`` during the build (``scripts/parallel_build.py --search-index``, used by
  ``make build``): each language's build process keeps every page's searchable part as it is
  rendered (``SearchFeed``) and runs Pagefind on them as soon as its last page is written, while
  the other language may still be rendering; the language bundles are then merged into one
  ``pagefind/``. Pagefind reads a tenth of the HTML it would read on the site (the menu is left
  out), which halves its time.
- ``index_site`` afterwards, on a built site (``python -m scripts.search_index``, the
  one-language-after-another build, scripts/search_compare.py).

Both index the same content (tests/site/test_search.py decodes both bundles and compares every
page and every word position); only the numbering of pages can differ, as Pagefind numbers them
in the order it finds them in their folders.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from scripts.search_chunks import ENTRY_JSON, IndexFormatError, rechunk
from scripts.search_data import write_search_data
from theme.sitekit.errors import ContentError
from theme.sitekit.search_vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
VARIANTS_FILE = ROOT / "content" / "data" / "search-variants.yml"
BUNDLE_DIR = "pagefind"
VOCABULARY_FILE = ROOT / "content" / "data" / "search-vocabulary.yml"
PAGEFIND_TIMEOUT_S = 300
# Only what is inside this element is indexed (theme/overrides/main.html puts it on the article).
BODY_MARKER = "<div data-pagefind-body>"
# Where the search documents are kept during the build (documents_folder), if one exists.
MEMORY_FOLDERS = (Path("/dev/shm"),)
# The site map's list of every page title would outrank the pages themselves; its text stays.
EXCLUDED_SELECTORS = ".gov-sitemap"
# Pagefind ships its own UIs; the site uses theme/overrides/assets/javascripts/search.js instead.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """A problem a webmaster can fix; the message is bilingual and names the file."""


_NO_MARKER = (
    "{where}: 沒有 data-pagefind-body 標記（theme/overrides/main.html）。\n"
    "{where}: no data-pagefind-body marker (theme/overrides/main.html), "
    "so search would index top bars and footers."
)


def pagefind_binary(root: Path = ROOT) -> Path:
    """The extended Pagefind binary npm installed (the extended build segments Chinese)."""
    candidates = sorted((root / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended"))
    if not candidates:
        raise SearchIndexError(
            "找不到 Pagefind（擴充版）：請執行 `make node`（npm ci）安裝。\n"
            "Pagefind (extended) is not installed: run `make node` (npm ci)."
        )
    return candidates[0]


def load_variant_groups(path: Path = VARIANTS_FILE) -> list[list[str]]:
    """Read and check the variant table; every mistake names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SearchIndexError(
            f"{path}: 無法讀取異體字表（{error.strerror}）。\n"
            f"{path}: cannot read the variant table ({error.strerror})."
        ) from error
    try:
        node = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SearchIndexError(
            f"{path}: 異體字表不是正確的 YAML：{error}\n"
            f"{path}: the variant table is not valid YAML: {error}"
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise SearchIndexError(
            f"{path}: 需要 `groups:` 清單，每列一組寫法，例如 `- [臺, 台]`。\n"
            f"{path}: expected a `groups:` list, one group of spellings a line, e.g. `- [臺, 台]`."
        )
    lines = _group_lines(node)
    seen: dict[str, int] = {}
    groups: list[list[str]] = []
    for index, group in enumerate(data["groups"]):
        where = f"{path}:{lines[index]}" if index < len(lines) else str(path)
        if not isinstance(group, list) or not all(isinstance(s, str) and s.strip() for s in group):
            raise SearchIndexError(
                f"{where}: 每組須是文字清單，例如 `- [臺, 台]`。\n"
                f"{where}: each group must be a list of words, e.g. `- [臺, 台]`."
            )
        spellings = [s.strip() for s in group]
        if len(set(spellings)) < 2:
            raise SearchIndexError(
                f"{where}: 每組至少要有兩種不同寫法。\n"
                f"{where}: a group needs at least two different spellings."
            )
        for spelling in spellings:
            if spelling in seen:
                raise SearchIndexError(
                    f"{where}: 「{spelling}」已在第 {seen[spelling]} 列的組別，"
                    "同一寫法只能屬於一組。\n"
                    f"{where}: '{spelling}' is already in the group on line {seen[spelling]}; "
                    "a spelling may belong to one group only."
                )
            seen[spelling] = lines[index] if index < len(lines) else 0
        groups.append(spellings)
    return groups


def _group_lines(node: yaml.Node | None) -> list[int]:
    """1-based line of each entry under ``groups:`` (for error messages)."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "groups" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def run_pagefind(site_dir: Path, binary: Path, output: Path | None = None) -> str:
    """Index every page under ``site_dir`` that has ``data-pagefind-body``; return the summary.

    The bundle goes to ``site_dir/pagefind/``, or to ``output`` when given. Its word index is
    then cut into small chunks (scripts/search_chunks.py), so a search downloads less.
    """
    command = [str(binary), "--site", str(site_dir)]
    if output is None:
        command += ["--output-subdir", BUNDLE_DIR]
    else:
        command += ["--output-path", str(output.resolve())]
    command += ["--exclude-selectors", EXCLUDED_SELECTORS]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise SearchIndexError(
            f"Pagefind 逾時（超過 {PAGEFIND_TIMEOUT_S} 秒）。\n"
            f"Pagefind did not finish within {PAGEFIND_TIMEOUT_S} s."
        ) from error
    if result.returncode != 0:
        raise SearchIndexError(
            f"Pagefind 建立搜尋索引失敗：\n{result.stderr or result.stdout}\n"
            "Pagefind could not build the search index (its output is above)."
        )
    try:
        rechunk(output or site_dir / BUNDLE_DIR)
    except IndexFormatError as error:
        raise SearchIndexError(
            f"無法讀取 Pagefind 的索引格式（{error}）："
            "請安裝 package-lock.json 指定的 Pagefind 版本。\n"
            f"Pagefind's index format is not the expected one ({error}): install the Pagefind "
            "version pinned by package-lock.json (`make node`), or update scripts/search_chunks.py."
        ) from None
    return result.stdout


def index_site(site_dir: Path, output: Path | None = None) -> None:
    """Index a finished site into ``site_dir/pagefind/`` (or ``output``), with the search data.

    The pages' search documents are made as during the build (``search_documents``), so both
    ways give the same index.
    """
    search = SiteSearch()
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(
            f"{site_dir}: 網站尚未建置（沒有 index.html）。\n"
            f"{site_dir}: the site is not built (no index.html)."
        )
    if "data-pagefind-body" not in (site_dir / "index.html").read_text(encoding="utf-8"):
        # Without it Pagefind would index whole pages: top bar, bricks and footer included.
        raise SearchIndexError(_NO_MARKER.format(where=site_dir / "index.html"))
    bundle = output or site_dir / BUNDLE_DIR
    documents = documents_folder()
    try:
        for page in sorted(site_dir.rglob("*.html")):
            if bundle in page.parents:
                continue
            html = page.read_text(encoding="utf-8")
            write_documents(documents, html, page.relative_to(site_dir).as_posix())
        shutil.rmtree(bundle, ignore_errors=True)
        run_pagefind(documents, search.binary, bundle)
    finally:
        shutil.rmtree(documents, ignore_errors=True)
    search.finish_bundle(bundle)


def write_documents(folder: Path, html: str, dest_uri: str) -> int:
    """Write a page's search documents under ``folder``; return how many."""
    written = 0
    for path, document in search_documents(html, dest_uri):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document, encoding="utf-8")
        written += 1
    return written


# --- indexing during the build -----------------------------------------------------------------

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)


def search_document(html: str) -> str | None:
    """What Pagefind reads of a page: its language, title and the marked article onwards.

    Pagefind ignores everything outside ``data-pagefind-body`` once a site has the marker; the
    part left out here (top bar, menu, table of contents: 90 % of a corpus page) would only be
    parsed and thrown away. None for pages without the marker (fallback copies, search page).
    """
    start = html.find(BODY_MARKER)
    if start == -1:
        return None
    return _document(html, html[start:])


def _document(html: str, body: str, title: str | None = None) -> str:
    start = html.find(BODY_MARKER)
    html_tag = _HTML_TAG.search(html, 0, start)
    if title is None:
        found = _TITLE.search(html, 0, start)
        title = found.group(0) if found else ""
    return (
        f"<!DOCTYPE html>{html_tag.group(0) if html_tag else '<html>'}"
        f'<head><meta charset="utf-8">{title}</head><body>{body}'
    )


# A Q&A question: an <h3 id=...> and its answer, up to the next heading of level 1-3.
_QUESTION = re.compile(
    r'<h3 id="(?P<id>[^"]+)"[^>]*>(?P<question>.*?)</h3>(?P<answer>.*?)(?=<h[1-3]\b|</article>|$)',
    re.DOTALL,
)
_FIRST_TOPIC = re.compile(r"<h2\b")
# The guide a question links to (詳見：出生登記), relative to the Q&A page: ../guides/birth/
_GUIDE_LINK = re.compile(r'href="((?:\.\./)+guides/[^"#/]+)/?[#"]')
_TAGS = re.compile(r"<[^>]+>")


def search_documents(html: str, dest_uri: str) -> list[tuple[str, str]]:
    """The search documents of one built page, each with the path Pagefind indexes it under.

    A page is one document, except a Q&A page (one with schema.org FAQPage data): each of its
    questions becomes a document of its own, so a question is a search result that links to its
    anchor, and a guide is not outranked by the long Q&A page that only mentions its name. The
    page itself keeps its introduction (so "常見問答" still finds it). A question's document
    sits under ``<page folder>/<anchor>/`` and names its real address in ``data-pagefind-meta``.
    """
    document = search_document(html)
    if document is None:
        return []
    if '"FAQPage"' not in html:
        return [(dest_uri, document)]
    body = html[html.find(BODY_MARKER) :]
    folder = dest_uri.removesuffix("index.html")
    url = "/" + folder
    topic = _FIRST_TOPIC.search(body)
    intro = body[: topic.start()] + "</div>" if topic else body
    documents = [(dest_uri, _document(html, intro))]
    for match in _QUESTION.finditer(body):
        anchor, question, answer = match.group("id"), match.group("question"), match.group("answer")
        text = _TAGS.sub("", question).strip()
        guide = _GUIDE_LINK.search(answer)
        meta = f"url:{url}#{anchor}"
        entry = (
            f'{BODY_MARKER}<h2 id="{anchor}" data-pagefind-meta="title">{question}</h2>'
            f'{answer}<span data-pagefind-meta="{meta}"></span>'
        )
        if guide:
            target = posixpath.normpath(url + guide.group(1))
            entry += f'<span data-pagefind-meta="guide:{target}/"></span>'
        entry += "</div>"
        documents.append(
            (f"{folder}{anchor}/index.html", _document(html, entry, f"<title>{text}</title>"))
        )
    return documents


class SiteSearch:
    """The search index of one build: each language indexed on its own, merged at the end.

    Made before the build, so a broken variant table or a missing Pagefind stops it at once.
    """

    def __init__(
        self,
        binary: Path | None = None,
        variants: Path = VARIANTS_FILE,
        vocabulary: Path = VOCABULARY_FILE,
    ) -> None:
        self.groups = load_variant_groups(variants)
        try:
            self.vocabulary = load_vocabulary(vocabulary)
        except ContentError as error:
            raise SearchIndexError(str(error)) from None
        self.vocabulary_file = vocabulary
        self.binary = binary or pagefind_binary()

    def feed(self, bundle: Path) -> SearchFeed:
        """The plugin that indexes one language's pages into ``bundle`` when they are built."""
        return SearchFeed(self.binary, bundle)

    def finish(self, site_dir: Path, bundles: list[Path]) -> None:
        """Merge the language bundles into ``site_dir/pagefind`` (one of them may be there)."""
        written = [bundle for bundle in bundles if (bundle / ENTRY_JSON).is_file()]
        if not written:
            raise SearchIndexError(_NO_MARKER.format(where=site_dir / "index.html"))
        target = site_dir / BUNDLE_DIR
        for bundle in written:
            if bundle != target:
                merge_bundle(bundle, target)
        self.finish_bundle(target)

    def finish_bundle(self, bundle: Path) -> None:
        """Drop Pagefind's unused UI files; write the search data next to the index."""
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)
        try:
            write_search_data(bundle, self.groups, self.vocabulary, self.vocabulary_file)
        except ContentError as error:
            raise SearchIndexError(str(error)) from None

    def index_built_site(self, site_dir: Path) -> None:
        """Index a finished site at once (the one-language-after-another build)."""
        index_site(site_dir)


class SearchFeed(BasePlugin):  # type: ignore[type-arg]
    """Keeps each rendered page's search document; indexes them when the language is built.

    The documents (``search_document``, a tenth of a page) are written under the page's own
    path, so Pagefind gives them the pages' URLs. Runs after every other ``on_post_page`` (the
    hooks fix the markup first), so Pagefind sees the HTML that is written to disk.
    """

    def __init__(self, binary: Path, bundle: Path) -> None:
        super().__init__()
        self.binary = binary
        self.bundle = bundle
        self.pages = 0
        self.documents: Path | None = None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.close()
        self.documents = documents_folder()
        self.pages = 0

    @event_priority(-1000)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.documents is not None:
            self.pages += write_documents(self.documents, output, page.file.dest_uri)
        return output

    def write(self) -> None:
        """Index the documents into the language's bundle (none when no page was marked)."""
        shutil.rmtree(self.bundle, ignore_errors=True)
        if self.pages and self.documents is not None:
            run_pagefind(self.documents, self.binary, self.bundle)
        self.close()

    def close(self) -> None:
        if self.documents is not None:
            shutil.rmtree(self.documents, ignore_errors=True)
            self.documents = None


def documents_folder() -> Path:
    """A new folder for one language's search documents, in memory when the system has one.

    A thousand small files written and deleted within seconds: on the ext4 disk of the build
    machine that cost 1-2 s of system time for the corpus (more than Pagefind's indexing of
    English), in /dev/shm next to nothing.
    """
    for folder in MEMORY_FOLDERS:
        if folder.is_dir() and os.access(folder, os.W_OK):
            return Path(tempfile.mkdtemp(prefix="hro-search-", dir=folder))
    return Path(tempfile.mkdtemp(prefix="hro-search-"))


def merge_bundle(source: Path, target: Path) -> None:
    """Move one language's bundle into ``target``; both list their languages in the entry file.

    Index, fragment and metadata files carry the language and a content hash in their names, so
    they never collide; the shared files (pagefind.js, the worker, ...) are the same bytes.
    """
    entry = _read_entry(target)
    added = _read_entry(source)
    for path in sorted(source.rglob("*")):
        if path.is_dir() or path.name == ENTRY_JSON:
            continue
        destination = target / path.relative_to(source)
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)
    languages = {**entry.get("languages", {}), **added.get("languages", {})}
    entry = {**added, **entry, "languages": dict(sorted(languages.items()))}
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (target / ENTRY_JSON).write_text(text, encoding="utf-8")


def _read_entry(bundle: Path) -> dict[str, Any]:
    path = bundle / ENTRY_JSON
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def bundle_size(site_dir: Path) -> int:
    """Bytes of the search bundle on disk (for the notes and the comparison)."""
    return sum(p.stat().st_size for p in (site_dir / BUNDLE_DIR).rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "site")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        index_site(args.site_dir)
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    seconds = time.perf_counter() - started
    size = bundle_size(args.site_dir)
    print(f"Search index built in {seconds:.2f} s ({size / 1024:.0f} KiB in {BUNDLE_DIR}/)")


if __name__ == "__main__":
    main()
