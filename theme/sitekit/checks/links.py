"""Broken links, anchors and images, in words a webmaster can act on.

MkDocs resolves every link of every rendered page, generated content included, exactly as the
site will serve it, and says so in English without a line ("Doc file 'guides/birth.md' contains
a link 'adoption.md', but the target ... is not found"). Those warnings are held back
(``collect.catch_link_warnings``) and reworded here once the pages are rendered: the file and
line of the link in the Markdown, Chinese first, and the nearest existing page, file or id.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from theme.sitekit.checks.problem import Message, Problem

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")
_DOC = r"Doc file '(?P<src>.+?)' contains "
_SUGGEST = r"(?: Did you mean '(?P<suggest>.*?)'\?)?$"
PATTERNS = {
    "not-found": re.compile(
        _DOC + r"a link '(?P<link>.+?)', but the target(?: '(?P<target>.+?)')? is not found "
        r"among documentation files\." + _SUGGEST
    ),
    "anchor": re.compile(
        _DOC + r"a link '(?P<link>.+?)', but the doc '(?P<target>.+?)' does not contain an "
        r"anchor '#(?P<anchor>.+?)'\.$"
    ),
    "own-anchor": re.compile(
        _DOC + r"a link '(?P<link>.*?#(?P<anchor>.+?))', but there is no such anchor on this "
        r"page\..*$"
    ),
    "absolute": re.compile(
        _DOC + r"an absolute link '(?P<link>.+?)', it was left as is\." + _SUGGEST
    ),
    "unrecognized": re.compile(
        _DOC + r"an unrecognized relative link '(?P<link>.+?)', it was left as is\." + _SUGGEST
    ),
}

PAGE_MISSING = Message(
    "link-missing",
    wrong=("連結的頁面或檔案不存在：`{link}`", "the linked page or file `{link}` does not exist"),
    todo=(
        "改連到 `{suggestion}`（最接近的檔案），或建立該頁",
        "link `{suggestion}` (the nearest file) instead, or create the page",
    ),
)
PAGE_MISSING_NO_GUESS = Message(
    "link-missing",
    wrong=PAGE_MISSING.wrong,
    todo=(
        "檢查檔名與相對路徑：同資料夾寫 `name.md`，上一層寫 `../folder/name.md`",
        "check the file name and the relative path: `name.md` in the same folder, "
        "`../folder/name.md` one folder up",
    ),
)
IMAGE_MISSING = Message(
    "image-missing",
    wrong=("找不到圖片 `{link}`", "the image `{link}` is not in content/pages/"),
    todo=(
        "把圖片檔放到 `{folder}`，或改用 `{suggestion}`",
        "put the image file in `{folder}`, or use `{suggestion}`",
    ),
)
IMAGE_MISSING_NO_GUESS = Message(
    "image-missing",
    wrong=IMAGE_MISSING.wrong,
    todo=(
        "把圖片檔放到 `{folder}`，檔名大小寫要相同",
        "put the image file in `{folder}`, with the name spelt exactly alike",
    ),
)
ANCHOR_MISSING = Message(
    "anchor-missing",
    wrong=("`{page}` 沒有錨點 `#{anchor}`", "`{page}` has no anchor `#{anchor}`"),
    todo=(
        "改成 `#{suggestion}`（最接近的錨點），或在目標標題加上 `{{ #{anchor} }}`",
        "link `#{suggestion}` (the nearest id) instead, or give the heading `{{ #{anchor} }}`",
    ),
)
ANCHOR_MISSING_NO_GUESS = Message(
    "anchor-missing",
    wrong=ANCHOR_MISSING.wrong,
    todo=(
        "開啟 `{page}`，改用其中某個標題的 `{{ #錨點 }}`；英文頁要連到英文版也有的錨點",
        "open `{page}` and use the `{{ #id }}` of one of its headings; an English page's "
        "link needs the id on the English page too",
    ),
)
ADDRESS_LINK = Message(
    "link-address",
    wrong=(
        "站內連結寫成網址 `{link}`，建置時無法檢查",
        "`{link}` is a web address of this site, which the build cannot check",
    ),
    todo=("改寫成檔名 `{suggestion}`", "link the file `{suggestion}` instead"),
)
ADDRESS_LINK_NO_GUESS = Message(
    "link-address",
    wrong=ADDRESS_LINK.wrong,
    todo=(
        "改寫成目標頁的檔名，例如 `../forms/index.md`",
        "link the target page's file instead, e.g. `../forms/index.md`",
    ),
)


def is_link_warning(message: str) -> bool:
    return message.startswith("Doc file '") and any(p.match(message) for p in PATTERNS.values())


def reword(
    warnings: Iterable[str],
    shown: Callable[[str], str],
    source_of: Callable[[str], str | None],
    doc_uris: list[str],
    other_uris: list[str],
    anchors_of: Callable[[str], set[str] | None],
) -> list[Problem]:
    """Problems for MkDocs' link warnings.

    ``shown(src_uri)`` is the path a webmaster recognises, ``source_of(src_uri)`` the page's
    Markdown, ``doc_uris``/``other_uris`` the pages and other files of this language's build,
    ``anchors_of(src_uri)`` the ids a rendered page has.
    """
    problems = []
    for warning in warnings:
        for kind, pattern in PATTERNS.items():
            match = pattern.match(warning)
            if match:
                problems.append(
                    _problem(kind, match, shown, source_of, doc_uris, other_uris, anchors_of)
                )
                break
    return problems


def _problem(
    kind: str,
    match: re.Match[str],
    shown: Callable[[str], str],
    source_of: Callable[[str], str | None],
    doc_uris: list[str],
    other_uris: list[str],
    anchors_of: Callable[[str], set[str] | None],
) -> Problem:
    src, link = match["src"], match["link"]
    path = shown(src)
    line = line_of_link(source_of(src) or "", link)
    suggestion = _mkdocs_guess(match)
    if kind in ("anchor", "own-anchor"):
        target = match["target"] if kind == "anchor" else src
        anchor = match["anchor"]
        guess = nearest(anchor, sorted(anchors_of(target) or ()))
        page = shown(target)
        if guess:
            return ANCHOR_MISSING.at(path, line, page=page, anchor=anchor, suggestion=guess)
        return ANCHOR_MISSING_NO_GUESS.at(path, line, page=page, anchor=anchor)
    if kind in ("absolute", "unrecognized"):
        if suggestion:
            return ADDRESS_LINK.at(path, line, link=link, suggestion=suggestion)
        return ADDRESS_LINK_NO_GUESS.at(path, line, link=link)
    folder = posixpath.dirname(src)
    bare = link.split("#", 1)[0].split("?", 1)[0]
    if bare.lower().endswith(IMAGE_EXTENSIONS):
        guess = suggestion or _nearest_file(bare, folder, other_uris)
        where = shown(posixpath.normpath(posixpath.join(folder, posixpath.dirname(bare))))
        folder_shown = where.rstrip("/") + "/"
        if guess:
            return IMAGE_MISSING.at(path, line, link=link, folder=folder_shown, suggestion=guess)
        return IMAGE_MISSING_NO_GUESS.at(path, line, link=link, folder=folder_shown)
    candidates = doc_uris if bare.endswith(".md") else other_uris
    guess = suggestion or _nearest_file(bare, folder, candidates)
    if guess:
        return PAGE_MISSING.at(path, line, link=link, suggestion=guess)
    return PAGE_MISSING_NO_GUESS.at(path, line, link=link)


def _mkdocs_guess(match: re.Match[str]) -> str:
    try:
        return match["suggest"] or ""
    except IndexError:
        return ""


def nearest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else ""


def _nearest_file(link: str, folder: str, uris: list[str]) -> str:
    """The existing file whose path, relative to the linking page, is closest to ``link``."""
    logical = sorted({_logical(uri) for uri in uris})
    relative = {posixpath.relpath(uri, folder or "."): uri for uri in logical}
    guess = nearest(link, list(relative))
    if guess:
        return guess
    by_name = [uri for uri in logical if Path(uri).name == Path(link).name]
    return posixpath.relpath(by_name[0], folder or ".") if by_name else ""


def _logical(uri: str) -> str:
    """``guides/birth.en.md`` is linked as ``guides/birth.md`` (the site picks the language)."""
    return re.sub(r"\.[a-z]{2}(?:-[A-Za-z]+)?\.md$", ".md", uri)


def line_of_link(text: str, link: str) -> int:
    """The line of the first place ``link`` is written as a link target (0 when not found:
    the link came from generated content such as a data file)."""
    for form in (f"]({link}", f"]: {link}", f'="{link}"', f"='{link}'", f"<{link}>", link):
        index = text.find(form)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return 0
