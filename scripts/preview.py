"""Live preview for webmasters (``make preview``): a saved page shows up in well under a second.

``mkdocs serve`` rebuilds the whole site, both languages one after the other, on every save:
seconds on a few hundred pages. Its ``--dirty`` mode skips unchanged pages but then leaves their
titles out of every menu, and strict mode rejects dirty builds. This preview instead keeps one
process per language alive (forked after one config load, as ``scripts/parallel_build.py`` does
for ``make build``); each holds its built site in memory and, when a page is saved, re-renders
only that page (the Markdown, the hooks, the template) with the full menu. A changed title
re-renders that language's pages so every menu shows it. Anything else (``mkdocs.yml``, theme,
``content/data``, a page added or deleted) rebuilds everything, like ``mkdocs serve``.

Served by MkDocs' own live-reload server (browsers reload after each rebuild), watching files
with inotify instead of its half-second polling. Listens on 127.0.0.1 by default.

    python -m scripts.preview [--dev-addr 127.0.0.1:8000] [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from scripts.parallel_build import (
    BuildFailed,
    build_one_language,
    languages_of,
    run_mkdocs,
    setup_logging,
    without_gc,
)

log = logging.getLogger("mkdocs.preview")
ROOT = Path(__file__).resolve().parent.parent
Snapshot = dict[str, tuple[int, int]]


class _Server(LiveReloadServer):
    """MkDocs' live-reload server on inotify, rebuilding on writes only.

    Its polling observer sees a change up to half a second late; inotify sees it at once but
    also reports files being opened and read (by the build itself), which must not rebuild.
    """

    CHANGES = (
        watchdog.events.EVENT_TYPE_CREATED,
        watchdog.events.EVENT_TYPE_MODIFIED,
        watchdog.events.EVENT_TYPE_DELETED,
        watchdog.events.EVENT_TYPE_MOVED,
        watchdog.events.EVENT_TYPE_CLOSED,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observer = watchdog.observers.Observer()
        self.build_delay = 0.02  # editors write a file in one go; no need to wait long

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        def changed(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in self.CHANGES:
                return
            if "__pycache__" in str(event.src_path) or _is_scratch(Path(str(event.src_path)).name):
                return
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        self._watched_paths[os.path.abspath(path)] = 1
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)


class _KeepBuildState(BasePlugin):
    """Keeps the files, menu and template environment of the build for later page rebuilds."""

    def __init__(self) -> None:
        super().__init__()
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None

    @event_priority(-1000)  # after every other plugin (static-i18n translates the menu at -100)
    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    @event_priority(-1000)
    def on_env(self, env, config, files):
        self.files, self.env = files, env
        return env


def _worker(conn: Connection, config: MkDocsConfig, lang: str, site_dir: Path, langs: list[str]):
    """One language: full build, then page rebuilds on request until told to stop."""
    state = _KeepBuildState()
    config.plugins["preview-state"] = state
    started = time.perf_counter()
    try:
        with without_gc():  # the first build is a cold build; the process then lives on
            build_one_language(config, lang, site_dir, langs, serve_url=config.site_url)
    except BuildFailed as error:
        conn.send(("failed", str(error)))
    else:
        conn.send(("ready", time.perf_counter() - started))
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the preview server is gone
            return
        if message[0] == "stop":
            return
        if state.files is None:
            conn.send(("failed", "the first build failed; fix it and save again"))
            continue
        try:
            count = _rebuild_pages(config, state, set(message[1]))
            conn.send(("done", count))
        except Exception as error:  # a webmaster's mistake: say it, keep serving
            log.error(f"{error}")
            conn.send(("failed", str(error)))


def _rebuild_pages(config: MkDocsConfig, state: _KeepBuildState, paths: set[str]) -> int:
    """Re-render the pages whose source is in ``paths``; every page if a title changed."""
    inclusion = InclusionLevel.is_in_serve
    doc_files = state.files.documentation_pages(inclusion=inclusion)
    changed = [f.page for f in doc_files if f.page is not None and f.abs_src_path in paths]
    titles = [page.title for page in changed]
    for page in changed:
        _populate_page(page, config, state.files)
    retitled = any(page.title != title for page, title in zip(changed, titles, strict=True))
    targets = [f.page for f in doc_files if f.page is not None] if retitled else changed
    for page in targets:
        _build_page(page, config, doc_files, state.nav, state.env)
    for page in changed:
        page.validate_anchor_links(files=state.files, log_level=logging.WARNING)
    return len(targets)


@dataclass
class _Language:
    lang: str
    pid: int
    conn: Connection


class Preview:
    """The language processes and the files they were built from."""

    def __init__(self, config_file: Path | None, host: str, port: int) -> None:
        self.config_file = config_file
        self.host, self.port = host, port
        self.site_dir = Path(tempfile.mkdtemp(prefix="preview_"))
        self.workers: list[_Language] = []
        self.watched: list[Path] = []
        self.docs_dir = Path()
        self.snapshot: Snapshot = {}

    def start(self) -> MkDocsConfig:
        """Load the config, fork one process per language and wait for their first builds."""
        config = run_mkdocs(
            lambda: load_config(
                config_file=str(self.config_file) if self.config_file else None,
                site_dir=str(self.site_dir / "site"),
            )
        )
        mount_path = urlsplit(config.site_url or "/").path
        config.site_url = _serve_url(self.host, self.port, mount_path)
        self.docs_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent
        self.watched = [
            p
            for p in (self.docs_dir, root / "theme", root / "content" / "data", root / "mkdocs.yml")
            if p.exists()
        ]
        self.snapshot = _snapshot(self.watched)
        site = self.site_dir / "site"
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir(parents=True)
        langs = languages_of(config) or [""]
        started = time.perf_counter()
        for lang in langs:
            target = site
            if lang != langs[0]:  # built aside, its <lang>/ folder linked into the site
                target = self.site_dir / "languages" / lang
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True)
                (site / lang).symlink_to(target / lang, target_is_directory=True)
            ours, theirs = Pipe()
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    ours.close()
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    _worker(theirs, config, lang, target, langs)
                except BaseException:
                    log.exception(f"preview worker for '{lang}' failed")
                    code = 1
                finally:
                    os._exit(code)
            theirs.close()
            self.workers.append(_Language(lang, pid, ours))
        for worker in self.workers:
            status, detail = worker.conn.recv()
            if status != "ready":
                log.error(f"'{worker.lang}' did not build: {detail}")
        log.info(f"Preview built in {time.perf_counter() - started:.1f} s")
        return config

    def stop(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(("stop",))
        for worker in self.workers:
            os.waitpid(worker.pid, 0)
            worker.conn.close()
        self.workers.clear()

    def rebuild(self) -> None:
        """Called by the live-reload server after files changed: pages only, or everything."""
        started = time.perf_counter()
        before, now = self.snapshot, _snapshot(self.watched)
        self.snapshot = now
        changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
        if not changed:
            return
        docs = str(self.docs_dir) + os.sep
        # Edited pages only; a new or deleted page changes the menu: full build.
        if all(
            p.startswith(docs) and p.endswith(".md") and p in before and p in now for p in changed
        ):
            for worker in self.workers:
                worker.conn.send(("pages", sorted(changed)))
            replies = [worker.conn.recv() for worker in self.workers]
            built = sum(reply[1] for reply in replies if reply[0] == "done")
            log.info(f"Rebuilt {built} page(s) in {time.perf_counter() - started:.2f} s")
            return
        log.info("Settings, theme or the list of pages changed: rebuilding everything")
        self.stop()
        self.start()


def _snapshot(paths: list[Path]) -> Snapshot:
    """Modification time and size of every file below ``paths``: what changed since last time."""
    seen: Snapshot = {}
    for base in paths:
        if base.is_file():
            st = base.stat()
            seen[str(base)] = (st.st_mtime_ns, st.st_size)
            continue
        for folder, folders, names in os.walk(base):
            folders[:] = [f for f in folders if f != "__pycache__"]
            for name in names:
                if _is_scratch(name):
                    continue
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                seen[path] = (st.st_mtime_ns, st.st_size)
    return seen


def _is_scratch(name: str) -> bool:
    """Editor swap files and Python bytecode: never a reason to rebuild."""
    return name.endswith((".pyc", ".swp", ".swx", "~", ".tmp")) or name.startswith(".#")


def serve(config_file: Path | None, host: str, port: int) -> None:
    preview = Preview(config_file, host, port)
    config = preview.start()
    server = _Server(
        builder=preview.rebuild,
        host=host,
        port=port,
        root=str(preview.site_dir / "site"),
        mount_path=urlsplit(config.site_url).path,
    )

    def not_found(code: int) -> bytes | None:
        page = preview.site_dir / "site" / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = not_found
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    for path in preview.watched:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
        preview.stop()
        shutil.rmtree(preview.site_dir, ignore_errors=True)


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="IP:PORT")
    parser.add_argument("-f", "--config-file", type=Path, default=None)
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    host, _, port = args.dev_addr.rpartition(":")
    setup_logging(args.quiet)
    try:
        serve(args.config_file, host or "127.0.0.1", int(port))
    except BuildFailed as error:
        print(f"Preview failed: {error}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
