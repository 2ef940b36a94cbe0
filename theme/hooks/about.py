"""MkDocs hook for the 關於本所 pages: thin glue over ``theme.sitekit``.

- ``<!-- personal-data-files -->`` (privacy page) becomes the Article 17 list of personal-data
  files, read from the backend's form definitions ``content/data/forms.yml``;
- ``{{ forms.KEY }}`` becomes a number or text of that file (e.g. reply deadlines);
- ``<!-- era-table: roc|japanese|qing -->`` becomes the era conversion tables.

forms.yml is read on the first page that needs it, once per build and language process, so a
site without those markers does not need the file. ``extra.forms_file`` in mkdocs.yml can move it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from theme.sitekit import era_table, i18n, office, pagemeta, privacy_files

FORMS_FILE = "content/data/forms.yml"
OFFICE_FILE = "content/data/office.yml"

_root: Path | None = None
_forms_shown = FORMS_FILE
_office_shown = OFFICE_FILE
_forms: privacy_files.FormsData | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget what the last build read (``mkdocs serve`` rebuilds after every edit)."""
    global _root, _forms_shown, _office_shown, _forms
    _root = Path(config.config_file_path).resolve().parent
    _forms_shown = config.extra.get("forms_file", FORMS_FILE)
    _office_shown = config.extra.get("office_file", OFFICE_FILE)
    _forms = None
    return config


def _forms_data() -> privacy_files.FormsData:
    global _forms
    if _forms is None:
        assert _root is not None
        facts = office.load(_root / _office_shown)
        _forms = privacy_files.load(_root / _forms_shown, _forms_shown, facts)
    return _forms


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    has_files = privacy_files.MARKER in markdown
    has_codes = privacy_files.SHORTCODE.search(markdown) is not None
    has_eras = era_table.MARKER.search(markdown) is not None
    if not (has_files or has_codes or has_eras):
        return markdown
    lang = i18n.current_language(config)
    src = f"content/pages/{page.file.src_uri}"
    _, front_lines = pagemeta.parse_front_matter(page.file.content_string, src)
    if has_eras:
        markdown = era_table.expand(markdown, lang, src, front_lines)
    if has_codes:
        markdown = privacy_files.expand_shortcodes(markdown, _forms_data(), src, front_lines)
    if has_files:
        table = privacy_files.render(_forms_data(), lang)
        markdown = markdown.replace(privacy_files.MARKER, f"\n\n{table}\n\n")
    return markdown


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    """``mkdocs serve`` rebuilds when the form definitions change, as it does for pages."""
    if _root is not None:
        server.watch(str(_root / _forms_shown))
    return server
