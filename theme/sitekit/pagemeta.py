"""Front matter: strict parsing, per-folder defaults and review dates.

MkDocs silently ignores a front matter block it cannot parse; government pages must not lose
their review date that way, so we parse it ourselves and stop the build with file and line.
Each folder may hold a ``.meta.yml`` whose keys are defaults for the pages below it (the nearest
folder wins, the page's own front matter wins over all), as in Material's meta plugin.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from theme.sitekit import yamlerrors, yamlload
from theme.sitekit.errors import ContentError

META_FILE = ".meta.yml"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
REVIEW_IN = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$")
REQUIRED = ("title", "last_reviewed", "review_in")
DATE_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*['\"]?(\d{4})-(\d{1,2})-(\d{1,2})\b")


@dataclass(frozen=True)
class Review:
    """When a page was last checked by its owner and when it is due again."""

    last_reviewed: dt.date
    review_in: str
    due: dt.date


def parse_front_matter(text: str, src: str) -> tuple[dict[str, Any], int]:
    """Return the page's front matter and the number of lines before the Markdown body.

    MkDocs strips blank lines after the front matter, so they count as part of it here: the
    offset lets errors in the body name the line of the source file.
    """
    if not text.startswith("---"):
        return {}, 0
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(src, "front matter starts with `---` but has no closing `---`", 1)
    try:
        data = yamlload.safe_load(match.group(1) or "") or {}
    except ValueError as exc:  # PyYAML raises ValueError, not YAMLError, for 2026-02-30
        raise impossible_date(text, src, exc) from None
    except yaml.YAMLError as exc:
        raise yamlerrors.content_error(
            src, match.group(1) or "", exc, "front matter ", 1, "頁首設定格式錯誤"
        ) from None
    if not isinstance(data, dict):
        raise ContentError(src, "front matter must be `key: value` lines (頁首設定格式錯誤)", 2)
    rest = text[match.end() :]
    blank_lines = len(rest) - len(rest.lstrip("\n"))
    return data, match.group(0).count("\n") + blank_lines


def folder_defaults(
    docs_dir: Path, src_uri: str, cache: dict[Path, dict[str, Any]]
) -> dict[str, Any]:
    """Merge the ``.meta.yml`` files from the docs root down to the page's folder."""
    merged: dict[str, Any] = {}
    folder = docs_dir
    parts = Path(src_uri).parent.parts
    for depth in range(len(parts) + 1):
        if depth:
            folder = folder / parts[depth - 1]
        if folder not in cache:
            cache[folder] = _read_meta_file(folder / META_FILE, docs_dir)
        merged.update(cache[folder])
    return merged


def review_of(meta: dict[str, Any], src: str, line_of: dict[str, int]) -> Review:
    """Check the review fields and compute the due date."""
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            raise ContentError(
                src,
                f"`{key}` is missing from the front matter or the folder's {META_FILE} "
                f"(缺少 `{key}` 設定)",
                line_of.get(key, 1),
            )
    last = meta["last_reviewed"]
    if isinstance(last, dt.datetime):
        last = last.date()
    if not isinstance(last, dt.date):
        raise ContentError(
            src,
            f"`last_reviewed: {last}` must be a date written YYYY-MM-DD, e.g. 2026-11-26 "
            "(日期請以西元 YYYY-MM-DD 填寫)",
            line_of.get("last_reviewed", 1),
        )
    match = REVIEW_IN.match(str(meta["review_in"]))
    if not match:
        raise ContentError(
            src,
            f"`review_in: {meta['review_in']}` must look like `6 months`, `1 year` or `90 days` "
            "(複查週期格式錯誤)",
            line_of.get("review_in", 1),
        )
    return Review(last, str(meta["review_in"]), add_period(last, int(match[1]), match[2]))


def add_period(start: dt.date, count: int, unit: str) -> dt.date:
    """Add days, weeks, months or years, clamping to the month's last day."""
    if unit == "day":
        return start + dt.timedelta(days=count)
    if unit == "week":
        return start + dt.timedelta(weeks=count)
    months = count * (12 if unit == "year" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in range(start.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(start.day, 28))


def impossible_date(text: str, src: str, error: ValueError) -> ContentError:
    """Name the YAML line whose date does not exist, e.g. ``2026-02-30``."""
    lines = text.splitlines()
    start = 1 if lines and lines[0].strip() == "---" else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if start and line.strip() in ("---", "..."):
            break
        match = DATE_LINE.match(line)
        if match:
            try:
                dt.date(int(match[2]), int(match[3]), int(match[4]))
            except ValueError:
                return ContentError(
                    src,
                    f"`{match[1]}: {match[2]}-{match[3]}-{match[4]}` is not a real date ({error}) "
                    "(日期不存在，請以西元 YYYY-MM-DD 填寫)",
                    number,
                )
    return ContentError(src, f"front matter has a date that does not exist ({error}) (日期不存在)")


def key_lines(text: str) -> dict[str, int]:
    """Line number of each top-level front matter key, for error messages."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match[1], number)
    return lines


def _read_meta_file(path: Path, docs_dir: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    shown = (
        str(path.relative_to(docs_dir.parent.parent))
        if docs_dir.parent.parent in path.parents
        else str(path)
    )
    text = path.read_text(encoding="utf-8")
    try:
        data = yamlload.safe_load(text) or {}
    except ValueError as exc:
        raise impossible_date(text, shown, exc) from None
    except yaml.YAMLError as exc:
        raise yamlerrors.content_error(shown, text, exc) from None
    if not isinstance(data, dict):
        raise ContentError(shown, "must be `key: value` lines (格式錯誤)")
    return data
