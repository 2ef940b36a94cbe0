"""Office facts (name, address, hours, phone) kept once in ``content/data/office.yml``.

Pages reach them as ``{{ office.KEY }}`` shortcodes and templates as ``office.KEY``, so another
office adopts the site by editing one file, and no fact is typed twice in two languages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from theme.sitekit import yamlerrors, yamlload
from theme.sitekit.errors import ContentError

# Facts every page footer needs; a missing one is a build error, not an empty footer.
REQUIRED_KEYS = (
    "name",
    "address",
    "phone",
    "phone_display",
    "fax",
    "email",
    "hours.weekdays",
    "hours.evening",
    "hours.saturday",
)
LANGUAGES = ("zh-TW", "en")
SAMPLES_KEY = "samples"  # the facts still holding the site's made-up values
SHORTCODE = re.compile(r"\{\{\s*office\.([A-Za-z0-9_.]+)\s*\}\}")


def load(path: Path) -> dict[str, Any]:
    """Read and check the office file; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(str(path), "office settings file is missing") from None
    try:
        data = yamlload.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise yamlerrors.content_error(str(path), text, exc) from None
    if not isinstance(data, dict):
        raise ContentError(str(path), "must be a list of `key: value` settings")
    for key in REQUIRED_KEYS:
        value = _get(data, key)
        if value in (None, ""):
            raise ContentError(
                str(path),
                f"the office setting `{key}` is missing (需要設定 `{key}`)",
                _line_of(text, key),
            )
        if isinstance(value, dict):
            for lang in LANGUAGES:
                if not value.get(lang):
                    raise ContentError(
                        str(path),
                        f"the office setting `{key}` has no `{lang}` text (缺少 {lang} 文字)",
                        _line_of(text, key),
                    )
    return data


def sample_facts(data: dict[str, Any], path: Path, shown: str) -> list[str]:
    """``file:line: key`` for each fact the ``samples:`` list names (still made up).

    ``shown`` is the file as messages name it. A name that is no fact is a build error: a typo
    would hide a sample forever.
    """
    text = path.read_text(encoding="utf-8")
    names = data.get(SAMPLES_KEY) or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ContentError(
            shown,
            "`samples:` 須是事實名稱的清單，每行一個 `- address` "
            "(`samples:` must be a list of fact names, one `- address` a line)",
            _line_of(text, SAMPLES_KEY),
        )
    found = []
    for name in names:
        if _get(data, name) is None:
            raise ContentError(
                shown,
                f"`samples:` 列出的 `{name}` 不是機關資料的名稱 "
                f"(`{name}` in `samples:` is not an office fact)",
                _line_of_item(text, name),
            )
        line = _line_of(text, name)
        found.append(f"{shown}:{line}: {name}" if line else f"{shown}: {name}")
    return found


def localize(data: Any, lang: str) -> Any:
    """Replace every ``{zh-TW: ..., en: ...}`` mapping by the text for ``lang``."""
    if isinstance(data, dict):
        if data and set(data) <= set(LANGUAGES):
            return data.get(lang) or data.get(LANGUAGES[0])
        return {key: localize(value, lang) for key, value in data.items()}
    if isinstance(data, list):
        return [localize(item, lang) for item in data]
    return data


def expand_shortcodes(markdown: str, facts: dict[str, Any], src: str, line_offset: int) -> str:
    """Replace ``{{ office.KEY }}`` in page Markdown; an unknown key stops the build."""

    def replace(match: re.Match[str]) -> str:
        value = _get(facts, match.group(1))
        if value is None or isinstance(value, dict | list):
            line = line_offset + markdown.count("\n", 0, match.start()) + 1
            known = ", ".join(sorted(_leaf_keys(facts)))
            raise ContentError(
                src,
                f"unknown office fact `{match.group(0)}` (找不到此機關資料). Known: {known}",
                line,
            )
        return str(value)

    return SHORTCODE.sub(replace, markdown)


def _get(data: dict[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _leaf_keys(data: dict[str, Any], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            keys.extend(_leaf_keys(value, f"{prefix}{key}."))
        else:
            keys.append(f"office.{prefix}{key}")
    return keys


def _line_of_item(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*-\s*{re.escape(name)}\s*$", line):
            return number
    return None


def _line_of(text: str, dotted: str) -> int | None:
    last = dotted.split(".")[-1]
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(last)}\s*:", line):
            return number
    return None
