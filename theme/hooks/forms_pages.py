"""MkDocs hook: the booking and feedback forms, rendered from the backend's own data files.

Thin glue over ``theme.sitekit.formpages``. A page asks for a form with a marker such as
``<!-- hro-form: booking -->``; pages that carry a marker get ``forms_page: true`` in their meta,
which makes ``main.html`` link ``forms.css`` and ``forms.js``. ``content/data/booking.yml`` and
``content/data/forms.yml`` are read on the first page that needs them (once per language
process); ``extra.booking_file`` / ``extra.forms_file`` in mkdocs.yml can move them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from theme.sitekit import formpages, i18n

BOOKING_FILE = "content/data/booking.yml"
FORMS_FILE = "content/data/forms.yml"

_root: Path | None = None
_shown = (BOOKING_FILE, FORMS_FILE)
_data: formpages.FormData | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget what the last build read (``mkdocs serve`` rebuilds after every edit)."""
    global _root, _shown, _data
    _root = Path(config.config_file_path).resolve().parent
    _shown = (
        config.extra.get("booking_file", BOOKING_FILE),
        config.extra.get("forms_file", FORMS_FILE),
    )
    _data = None
    return config


def _form_data() -> formpages.FormData:
    global _data
    if _data is None:
        assert _root is not None
        _data = formpages.load(_root / _shown[0], _root / _shown[1], *_shown)
    return _data


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not formpages.MARKER.search(markdown):
        return markdown
    lang = i18n.current_language(config)
    page.meta["forms_page"] = True
    return formpages.expand(markdown, _form_data, lang, f"content/pages/{page.file.src_uri}")


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    """``mkdocs serve`` rebuilds when the booking rules or form definitions change."""
    if _root is not None:
        for shown in _shown:
            server.watch(str(_root / shown))
    return server
