"""MkDocs hook: build the 表單下載 / Forms page from ``content/data/downloads.yml``.

Thin glue over ``theme.sitekit.downloads``. The catalog is read and checked in ``on_config``,
so a missing file or a form without its ODF version stops every build, even one that would not
render the forms page. The page's ``<!-- forms-catalog -->`` marker becomes the catalog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from theme.sitekit import downloads, gitdates, i18n

CATALOG = "content/data/downloads.yml"
FILES_DIR = "files/forms"  # inside docs_dir: served at /files/forms/


@dataclass
class _State:
    catalog: downloads.Catalog
    docs_dir: Path
    files_dir: Path
    dates: dict[str, dt.date]


_state: _State | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the catalog once per build; the i18n plugin's per-language sub-builds reuse it."""
    global _state
    if _state is not None and i18n.is_language_sub_build(config):
        return config
    root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir).resolve()
    files_dir = docs_dir / FILES_DIR
    catalog = downloads.load(root / CATALOG, CATALOG, files_dir, docs_dir)
    _state = _State(catalog, docs_dir, files_dir, gitdates.last_commit_dates(root, files_dir))
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if downloads.MARKER not in markdown or _state is None:
        return markdown
    state = _state
    lang = i18n.current_language(config)
    return downloads.expand(
        markdown,
        lambda: downloads.render(
            state.catalog,
            lang,
            page.file.src_uri,
            state.files_dir,
            FILES_DIR,
            updated=lambda path: gitdates.last_updated(path, state.dates),
            title_of=lambda guide: downloads.guide_title(state.docs_dir, guide, lang),
        ),
    )
