"""MkDocs hook: the 政府資訊公開 (open government information) list of Article 7.

Thin glue over ``theme.sitekit.open_info``. ``content/data/open-info.yml`` is read and checked in
``on_config``, so a missing category or a link to a missing page stops every build, even one
that would not render the area. The index page's ``<!-- open-info-categories -->`` line becomes
the list of the ten categories in the page's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from theme.sitekit import i18n, open_info

DATA_FILE = "content/data/open-info.yml"

_categories: tuple[open_info.Category, ...] = ()
_docs_dir: Path | None = None
_data_path: Path | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the file on every build (it is small), so ``mkdocs serve`` sees each edit."""
    global _categories, _docs_dir, _data_path
    root = Path(config.config_file_path).resolve().parent
    shown = config.extra.get("open_info_file", DATA_FILE)
    _docs_dir = Path(config.docs_dir).resolve()
    _data_path = root / shown
    _categories = open_info.load(_data_path, shown, _docs_dir)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if open_info.MARKER not in markdown or _docs_dir is None:
        return markdown
    lang = i18n.current_language(config)
    return open_info.expand(markdown, _categories, lang, page.file.src_uri, _docs_dir)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """``mkdocs serve`` rebuilds when the data file changes, as it does for pages."""
    if _data_path is not None:
        server.watch(str(_data_path))
    return server
