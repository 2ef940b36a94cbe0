"""MkDocs hook: the live queue board (線上叫號), thin glue over ``theme.sitekit.queue``.

``content/data/queue.yml`` is read and checked at every build (``on_config``), so a mistake
stops the build with its file and line even when no page shows the board. A page asks for the
board with ``<!-- hro-queue: board -->`` or ``<!-- hro-queue: panel -->``; such pages get
``queue_page: true``, which makes ``main.html`` include ``partials/queue-assets.html`` (the
style sheet and the script, started after the first paint). ``extra.queue_file`` in mkdocs.yml
can move the file.

``content/data/queue-waits.csv`` (the monthly average waits ``python -m forms_lambda.queue_stats
MONTH --save`` writes) is read and checked here too, against queue.yml's services; a page shows
it with ``{{ queue.waits }}`` (theme/sitekit/queue_waits.py). ``extra.queue_waits_file`` moves it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from forms_lambda.domain.queue_config import QueueConfig
from theme.sitekit import i18n, pagemeta, queue, queue_waits

QUEUE_FILE = "content/data/queue.yml"
WAITS_FILE = "content/data/queue-waits.csv"

_path: Path | None = None
_waits_path: Path | None = None
_config: QueueConfig | None = None
_waits: queue_waits.Waits | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _path, _waits_path, _config, _waits
    root = Path(config.config_file_path).resolve().parent
    shown = config.extra.get("queue_file", QUEUE_FILE)
    waits_shown = config.extra.get("queue_waits_file", WAITS_FILE)
    _path, _waits_path = root / shown, root / waits_shown
    _config = queue.load(_path, shown)
    _waits = queue_waits.load(_waits_path, waits_shown, _config, shown)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _config is None:
        return markdown
    src = f"content/pages/{page.file.src_uri}"
    lang = i18n.current_language(config)
    if queue_waits.MARKER.search(markdown):
        page.meta["population_css"] = True  # the statistics tables' style sheet
        source = page.file.content_string
        markdown = queue_waits.expand(markdown, _waits, _config, lang, src, source)
    if queue.MARKER.search(markdown):
        _, front_lines = pagemeta.parse_front_matter(page.file.content_string, src)
        page.meta["queue_page"] = True
        markdown = queue.expand(markdown, _config, lang, src, front_lines)
    return markdown


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    """``make preview`` rebuilds when the queue file or the monthly waits change (a waits file
    made while the preview runs needs a restart: a missing path cannot be watched)."""
    for path in (_path, _waits_path):
        if path is not None and path.exists():
            server.watch(str(path))
    return server
