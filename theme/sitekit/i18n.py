"""The site's languages as every hook sees them: the one place that asks the i18n plugin.

mkdocs-static-i18n builds the whole site once per language in one process, re-running every
hook; ``current_language`` says which build is running and ``is_language_sub_build`` whether
this is one of the extra languages' runs (which should reuse what the first run read).
"""

from __future__ import annotations

from typing import Any

DEFAULT_LANGUAGE = "zh-TW"
HTML_LANG = {"zh-TW": "zh-Hant-TW", "en": "en"}


def current_language(config: Any) -> str:
    """The language of the build that is running (``zh-TW`` when the i18n plugin is absent)."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or DEFAULT_LANGUAGE


def is_language_sub_build(config: Any) -> bool:
    """True during the i18n plugin's extra-language runs inside one ``mkdocs build``."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))
