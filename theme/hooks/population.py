"""MkDocs hooks for the population statistics: thin glue over ``theme.sitekit.population*``.

- ``on_config`` reads and checks ``content/data/population.csv`` (a bad row stops the build,
  naming its line) and prepares the CSV and JSON downloads;
- ``on_page_markdown`` expands ``{{ population.NAME }}`` markers into figures, charts and tables;
- ``on_post_build`` writes the downloads to ``statistics/`` in the site, once (default language).

Paths can be changed with ``extra.population_file`` and ``extra.villages_file`` in mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from theme.sitekit import i18n, office, population, population_opendata, population_pages
from theme.sitekit.errors import ContentError

DEFAULT_LANGUAGE = i18n.DEFAULT_LANGUAGE
CSV_FILE = "content/data/population.csv"
VILLAGES_FILE = "content/data/villages.yml"
OFFICE_FILE = "content/data/office.yml"


@dataclass
class _Statistics:
    root: Path
    csv_shown: str
    villages_shown: str
    data: population.Dataset | None  # None when the site has no population.csv
    publisher: dict[str, str]
    downloads: dict[str, bytes]


_stats: _Statistics | None = None


def _language(config: MkDocsConfig) -> str:
    return i18n.current_language(config)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _stats
    root = Path(config.config_file_path).resolve().parent
    csv_shown = config.extra.get("population_file", CSV_FILE)
    villages_shown = config.extra.get("villages_file", VILLAGES_FILE)
    raw_office = office.load(root / config.extra.get("office_file", OFFICE_FILE))
    publisher = {lang: office.localize(raw_office, lang)["name"] for lang in ("zh-TW", "en")}
    data = None
    downloads: dict[str, bytes] = {}
    if (root / csv_shown).exists():
        data = population.load(
            root / csv_shown,
            root / villages_shown,
            shown=csv_shown,
            villages_shown=villages_shown,
        )
        downloads = {
            population_pages.CSV_NAME: population_opendata.csv_bytes(data),
            population_pages.JSON_NAME: population_opendata.json_bytes(data, publisher),
        }
    _stats = _Statistics(root, csv_shown, villages_shown, data, publisher, downloads)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _stats is None or not population_pages.MARKER.search(markdown):
        return markdown
    if _stats.data is None:
        raise ContentError(
            _stats.csv_shown, "找不到人口統計資料檔 / the population data file is missing"
        )
    lang = _language(config)
    depth = page.url.count("/")
    context = population_pages.PageContext(
        lang=lang,
        root="../" * depth if depth else "./",
        docs_root="../" * page.file.src_uri.count("/"),
        publisher=_stats.publisher["en" if lang == "en" else "zh-TW"],
        download_sizes={name: len(content) for name, content in _stats.downloads.items()},
    )
    page.meta["population_css"] = True
    src = f"content/pages/{page.file.src_uri}"
    return population_pages.expand(markdown, _stats.data, context, src, page.file.content_string)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the downloads once, with the default language (other languages link to them)."""
    if _stats is None or not _stats.downloads or _language(config) != DEFAULT_LANGUAGE:
        return
    target = Path(config.site_dir) / population_pages.DOWNLOAD_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, content in _stats.downloads.items():
        (target / name).write_bytes(content)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """``mkdocs serve`` rebuilds when the data files change, as it does for pages."""
    if _stats is not None:
        for shown in (_stats.csv_shown, _stats.villages_shown):
            server.watch(str(_stats.root / shown))
    return server
