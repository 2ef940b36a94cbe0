"""Where a link of a built page was written: its Markdown source file and line, for MkDocs sites.

No build hook is needed: MkDocs names its output after its input by fixed rules, so a built page
(``en/guides/birth/index.html``) leads back to the candidates in ``docs_dir``
(``guides/birth.en.md``, ``guides/birth/index.en.md``, ``en/guides/birth.md``, then the
default-language ``guides/birth.md`` an untranslated page falls back to), for plain MkDocs and the
i18n plugin's suffix and folder layouts alike. The line is the Markdown line that holds the URL
(or, for a link MkDocs rewrote from ``other.md`` to ``../other/``, the ``.md`` name). A link that
is not in the Markdown (the theme's menu, footer, a generated page) keeps the built page and line.
"""

from __future__ import annotations

import os
import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_linkcheck.config import ConfigError
from site_linkcheck.model import Finding, Severity


@dataclass(slots=True, frozen=True)
class Location:
    path: str  # relative to the working folder, POSIX
    line: int | None


class _LenientLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!ENV`` and ``!!python/name:`` tags: read them as plain values."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


class MkDocsSources:
    """Maps built pages of one MkDocs site back to the Markdown they were built from."""

    def __init__(self, mkdocs_yml: str | Path) -> None:
        path = Path(mkdocs_yml)
        try:
            config = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"無法讀取 MkDocs 設定 / cannot read {path}: {exc}") from None
        if not isinstance(config, dict):
            raise ConfigError(f"MkDocs 設定格式錯誤 / {path} must be a mapping")
        self.docs_dir = Path(os.path.relpath(path.parent / str(config.get("docs_dir") or "docs")))
        self.languages, self.default = _languages(config.get("plugins"))
        self._sources: dict[str, str | None] = {}
        self._texts: dict[str, list[str]] = {}

    def source_of(self, page: str) -> str | None:
        """The Markdown file (relative to the working folder) a built page came from, or None."""
        if page not in self._sources:
            self._sources[page] = next(
                (c for c in self._candidates(page) if (self.docs_dir / c).is_file()), None
            )
        found = self._sources[page]
        return (self.docs_dir / found).as_posix() if found else None

    def _candidates(self, page: str) -> list[str]:
        if not page.endswith((".html", ".htm")):
            return []
        first, _, rest = page.partition("/")
        lang = first if first in self.languages and rest else ""
        path = rest if lang else page
        stem = path.rsplit(".", 1)[0]
        if stem == "index" or stem.endswith("/index"):
            folder = stem[: -len("index")]
            stems = [folder.rstrip("/") or "index", f"{folder}index", f"{folder}README"]
            if not folder:
                stems = ["index", "README"]
        else:
            stems = [stem, f"{stem}/index", f"{stem}/README"]
        found: list[str] = []
        for name in stems:
            if lang:  # the i18n plugin's suffix layout, then its folder layout
                found += [f"{name}.{lang}.md", f"{lang}/{name}.md"]
            found.append(f"{name}.md")  # plain MkDocs, or the default language's fallback
            if self.default:
                found += [f"{name}.{self.default}.md", f"{self.default}/{name}.md"]
        return found

    def locate(self, finding: Finding, occurrence: int) -> Location | None:
        """The Markdown file and line of ``finding``; None when the page has no Markdown source.

        ``occurrence`` counts earlier findings with the same URL on the same page, so a URL
        written twice is matched to its own line.
        """
        source = self.source_of(finding.link.page)
        if source is None:
            return None
        lines = self._lines(source)
        for needle in self._needles(finding, source):
            hits = [number for number, text in enumerate(lines, 1) if needle in text]
            if hits:
                return Location(source, hits[min(occurrence, len(hits) - 1)])
        return Location(source, None)

    def _needles(self, finding: Finding, source: str) -> list[str]:
        """What the link looks like in Markdown: as built, or as written before MkDocs made
        ``../files/a.pdf`` of ``../../files/a.pdf`` and ``../other/#x`` of ``other.md#x``."""
        url = finding.link.url
        needles = [url, url.replace("&", "&amp;")] if url else []
        if finding.external or not finding.target.startswith("/"):
            return needles
        path, hashmark, fragment = finding.target[1:].partition("#")
        page = _target_page(path)
        written = (self.source_of(page) if page else None) or (self.docs_dir / path).as_posix()
        relative = posixpath.relpath(written, posixpath.dirname(source))
        if hashmark and fragment:
            needles.append(f"{relative}#{fragment}")
        needles.append(relative)
        return needles

    def _lines(self, source: str) -> list[str]:
        if source not in self._texts:
            try:
                text = Path(source).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._texts[source] = text.splitlines()
        return self._texts[source]


def _languages(plugins: Any) -> tuple[tuple[str, ...], str]:
    """(locales, default locale) of the i18n plugin (mkdocs-static-i18n), if the site uses it."""
    entries = plugins if isinstance(plugins, list) else [plugins] if plugins else []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("i18n"), dict):
            languages = [
                lang
                for lang in entry["i18n"].get("languages") or []
                if isinstance(lang, dict) and "locale" in lang
            ]
            default = next((str(lang["locale"]) for lang in languages if lang.get("default")), "")
            return tuple(str(lang["locale"]) for lang in languages), default
    return (), ""


def add_sources(findings: list[Finding], sources: MkDocsSources) -> None:
    """Fill ``Finding.source`` and ``source_line`` where the link is written in Markdown."""
    seen: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        if finding.severity is Severity.OK:
            continue
        key = (finding.link.page, finding.link.url)
        location = sources.locate(finding, seen[key])
        seen[key] += 1
        if location is not None and location.line is not None:
            finding.source, finding.source_line = location.path, location.line


def _target_page(path: str) -> str | None:
    """The built page a site path ("guides/birth/") is served from, if it is a page."""
    if not path or path.endswith("/"):
        return f"{path}index.html"
    return path if path.endswith((".html", ".htm")) else None
