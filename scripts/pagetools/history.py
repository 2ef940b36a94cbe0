"""What changed in a Chinese page since its translation was made, read from git history.

The fingerprint says *that* the Chinese page changed; a translator also needs to know *what*
changed. The recorded fingerprint identifies the old version: walk the file's git history until a
version has that fingerprint, then diff it against the page as it is now.
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

from theme.sitekit import pagemeta, translations
from theme.sitekit.errors import ContentError
from theme.sitekit.pages import Page

MAX_REVISIONS = 200  # enough for years of edits to one page; keeps the walk bounded
GIT_TIMEOUT = 30


def translated_version(path: Path, fingerprint: str) -> tuple[str, str] | None:
    """(commit, text) of the newest committed version of ``path`` with that fingerprint."""
    folder = path.parent
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip()).resolve()
        relative = path.resolve().relative_to(top).as_posix()
        commits = _git(
            top, "log", f"-n{MAX_REVISIONS}", "--format=%h", "--follow", "--", relative
        ).split()
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    for commit in commits:
        try:
            text = _git(top, "show", f"{commit}:{relative}")
        except subprocess.SubprocessError:
            continue  # renamed in this commit: --follow lists it under the old name
        try:
            if translations.hash_of_text(text.replace("\r\n", "\n"), relative) == fingerprint:
                return commit, text
        except (ContentError, ValueError):
            continue
    return None


def changes_since_translation(page: Page, path: Path, fingerprint: str) -> str | None:
    """A unified diff of the Chinese title and body, old (translated) → now; None if unknown."""
    found = translated_version(path, fingerprint)
    if found is None:
        return None
    commit, old_text = found
    old_text = old_text.replace("\r\n", "\n")
    front, front_lines = pagemeta.parse_front_matter(old_text, page.shown)
    old = Page(page.uri, page.shown, old_text, front, front_lines)
    diff = difflib.unified_diff(
        _comparable(old).splitlines(keepends=True),
        _comparable(page).splitlines(keepends=True),
        fromfile=f"{page.shown} (translated, {commit})",
        tofile=f"{page.shown} (now)",
    )
    return "".join(diff)


def _comparable(page: Page) -> str:
    return f"title: {page.front.get('title', '')}\n\n{page.body.strip()}\n"


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=GIT_TIMEOUT,
    ).stdout
