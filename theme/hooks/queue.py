"""MkDocs hook: the live queue board (線上叫號), thin glue over ``theme.sitekit.queue``.

``content/data/queue.yml`` is read and checked at every build (``on_config``), so a mistake
stops the build with its file and line even when no page shows the board. A page asks for the
board with ``<!-- hro-queue: board -->`` or ``<!-- hro-queue: panel -->``; such pages get
``queue_page: true``, which makes ``main.html`` include ``partials/queue-assets.html`` (the
style sheet and the deferred script). ``extra.queue_file`` in mkdocs.yml can move the file.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from forms_lambda.domain.queue_config import QueueConfig
from theme.sitekit import i18n, pagemeta, queue

QUEUE_FILE = "content/data/queue.yml"

_path: Path | None = None
_config: QueueConfig | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _path, _config
    shown = config.extra.get("queue_file", QUEUE_FILE)
    _path = Path(config.config_file_path).resolve().parent / shown
    _config = queue.load(_path, shown)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _config is None or not queue.MARKER.search(markdown):
        return markdown
    src = f"content/pages/{page.file.src_uri}"
    _, front_lines = pagemeta.parse_front_matter(page.file.content_string, src)
    page.meta["queue_page"] = True
    return queue.expand(markdown, _config, i18n.current_language(config), src, front_lines)


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    """``make preview`` rebuilds when the queue file changes."""
    if _path is not None:
        server.watch(str(_path))
    return server
