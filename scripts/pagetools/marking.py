"""``make i18n-status --mark``: record in an English page which Chinese text it translates.

The only part of the translation tools that writes files; the statuses themselves are
``theme.sitekit.translations``, shared with the build's checks.
"""

from __future__ import annotations

import re
from pathlib import Path

from theme.sitekit import pagemeta
from theme.sitekit.errors import ContentError
from theme.sitekit.pages import TRANSLATION_SUFFIX, PageSet, shown_path
from theme.sitekit.translations import RECORD_KEY, source_hash


def resolve_pair(docs_dir: Path, given: str) -> tuple[str, str]:
    """Accept ``guides/birth.en.md``, ``guides/birth.md``, ``guides/birth`` or a path with
    ``content/pages/`` in front; return (Chinese page, English page) below the docs folder."""
    name = given.strip().replace("\\", "/")
    for prefix in (shown_path(docs_dir) + "/", docs_dir.as_posix() + "/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    if name.startswith("./"):
        name = name[2:]
    if name.endswith(TRANSLATION_SUFFIX):
        stem = name[: -len(TRANSLATION_SUFFIX)]
    elif name.endswith(".md"):
        stem = name[: -len(".md")]
    else:
        stem = name
    source, translation = f"{stem}.md", f"{stem}{TRANSLATION_SUFFIX}"
    if not stem or not (docs_dir / translation).is_file():
        raise ContentError(
            shown_path(docs_dir / translation),
            f"does not exist, so `{given}` cannot be marked: write the English page first "
            "(英文版不存在，無法標記)",
        )
    if not (docs_dir / source).is_file():
        raise ContentError(
            shown_path(docs_dir / source),
            "does not exist: an English page can only be marked against its Chinese page "
            "(中文版不存在)",
        )
    return source, translation


def mark(page_set: PageSet, source: str, translation: str) -> str:
    """Record in the English page that it translates the Chinese page as it is now."""
    current = source_hash(page_set.pages[source])
    path = page_set.docs_dir / translation
    original = path.read_bytes().decode("utf-8")  # keep CRLF line ends as they are
    shown = shown_path(path)
    updated = set_front_matter_key(original, RECORD_KEY, f'"{current}"', shown)
    check_front, _ = pagemeta.parse_front_matter(updated.replace("\r\n", "\n"), shown)
    if str(check_front.get(RECORD_KEY)) != current:  # pragma: no cover - defensive
        raise ContentError(shown, f"could not record `{RECORD_KEY}` in the front matter")
    if updated != original:
        path.write_text(updated, encoding="utf-8", newline="")
    return current


def set_front_matter_key(text: str, key: str, value: str, shown: str) -> str:
    """Set one top-level key in the front matter, leaving every other byte as it was."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    new_line = f"{key}: {value}"
    if not lines or lines[0].rstrip() != "---":
        return newline.join(["---", new_line, "---", "", *lines])
    key_pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            lines.insert(index, new_line)
            return newline.join(lines)
        if key_pattern.match(lines[index]):
            lines[index] = new_line
            return newline.join(lines)
    raise ContentError(shown, "front matter starts with `---` but has no closing `---`", 1)
