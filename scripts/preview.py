"""Live preview for webmasters (``make preview``): a saved page shows up in well under a second.

``mkdocs serve`` rebuilds the whole site, both languages one after the other, on every save:
seconds on a few hundred pages. Its ``--dirty`` mode skips unchanged pages but then leaves their
titles out of every menu, and strict mode rejects dirty builds. This preview instead keeps one
process per language alive (forked after one config load, as ``scripts/parallel_build.py`` does
for ``make build``); each holds its built site in memory and, when a page is saved, re-renders
only that page (the Markdown, the hooks, the template) with the full menu. A changed title
re-renders that language's pages so every menu shows it. Anything else (``mkdocs.yml``, theme,
``content/data``, a page added or deleted) rebuilds everything, like ``mkdocs serve``.

Mistakes never blank the preview. A full rebuild goes into a new folder that is served only once
every language built; until then the last good pages stay. A page whose Markdown cannot be
rendered keeps its last good version; a page that renders with a problem (a broken link) is
shown. Every page then carries an error banner with the same summary block as the build (file,
line, what is wrong, what to do), which goes away with the next save that fixes the problems.
After a failed full rebuild the next save rebuilds everything again: no restart is needed.

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
from collections.abc import Callable
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

from scripts import cms
from scripts.parallel_build import (
    BuildFailed,
    build_one_language,
    languages_of,
    run_mkdocs,
    setup_logging,
    without_gc,
)
from theme.sitekit import pages
from theme.sitekit.checks import collect, in_build, links, summary
from theme.sitekit.checks.problem import SEE_GUIDE, Problem, from_error
from theme.sitekit.errors import ContentError

log = logging.getLogger("mkdocs.preview")
ROOT = Path(__file__).resolve().parent.parent
Snapshot = dict[str, tuple[int, int]]
AdminHandler = Callable[[str, str, bytes, dict[str, str]], tuple[int, str, bytes]]
MAX_ADMIN_BODY = 50 * 2**20  # an image uploaded from the web editor, base64


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

    def __init__(
        self, *args: Any, banner: Callable[[], str], admin: AdminHandler, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.observer = watchdog.observers.Observer()
        self.build_delay = 0.02  # editors write a file in one go; no need to wait long
        self.banner = banner
        self.admin = admin

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        """``/admin/``: the web editor and its file API (scripts/cms.py); the rest: the site."""
        path = environ["PATH_INFO"]
        if path != "/admin" and not path.startswith("/admin/"):
            return super().serve_request(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(min(length, MAX_ADMIN_BODY)) if length else b""
        given = {
            "origin": environ.get("HTTP_ORIGIN"),
            "host": environ.get("HTTP_HOST"),
            "content-type": environ.get("CONTENT_TYPE"),
        }
        headers = {name: value for name, value in given.items() if value}
        status, content_type, answer = self.admin(environ["REQUEST_METHOD"], path, body, headers)
        start_response(
            f"{status} {'OK' if status == 200 else 'Error'}",
            [("Content-Type", content_type), ("Content-Length", str(len(answer)))],
        )
        return [answer]

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        """MkDocs' reload script, and the error banner while there are problems."""
        content = super()._inject_js_into_html(content, epoch)
        banner = self.banner().encode()
        if not banner:
            return content
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + banner + content[end:]

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        def changed(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in self.CHANGES:
                return
            # A file saved by renaming a scratch file over it (the web editor, many editors)
            # arrives as a move whose destination is the page.
            path = str(getattr(event, "dest_path", "") or event.src_path)
            if "__pycache__" in path or _is_scratch(Path(path).name):
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
    """One language: full build, then page rebuilds on request until told to stop.

    Every reply ends with the language's problems as they stand (``_PageProblems``).
    """
    collect.reset()  # nothing of the parent's log is this build's problem
    state = _KeepBuildState()
    config.plugins["preview-state"] = state
    problems = _PageProblems(Path(config.docs_dir))
    started = time.perf_counter()
    try:
        with without_gc():  # the first build is a cold build; the process then lives on
            build_one_language(config, lang, site_dir, langs, serve_url=config.site_url)
    except BuildFailed as error:
        problems.replace_all(collect.take() or [_problem_of(error, "")])
        conn.send(("failed", str(error), problems.all()))
    else:
        problems.replace_all(collect.take())
        conn.send(("ready", time.perf_counter() - started, problems.all()))
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the preview server is gone
            return
        if message[0] == "stop":
            return
        if state.files is None:
            conn.send(("failed", "the first build failed; fix it and save again", problems.all()))
            continue
        try:
            count = _rebuild_pages(config, state, set(message[1]), problems)
            conn.send(("done", count, problems.all()))
        except Exception as error:  # a webmaster's mistake: say it, keep serving
            conn.send(("failed", str(error), [*problems.all(), _problem_of(error, "")]))


class _PageProblems:
    """A language's problems, by the page they are on, so that re-rendering one page replaces
    that page's problems only. Anchors are checked again on every page at each rebuild (a
    heading removed on one page breaks links on others)."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.by_path: dict[str, list[Problem]] = {}
        self.anchors: list[Problem] = []

    def shown(self, src_uri: str) -> str:
        return pages.shown_path(self.docs_dir / src_uri)

    def replace_all(self, found: list[Problem]) -> None:
        self.by_path.clear()
        self.anchors = []
        self.add(found)

    def replace(self, paths: set[str], found: list[Problem]) -> None:
        for path in paths:
            self.by_path.pop(path, None)
        self.anchors = []
        self.add(found)

    def add(self, found: list[Problem]) -> None:
        for problem in found:
            if problem.code == links.ANCHOR_MISSING.code:
                self.anchors.append(problem)
            else:
                self.by_path.setdefault(problem.path, []).append(problem)

    def all(self) -> list[Problem]:
        return [*(p for found in self.by_path.values() for p in found), *self.anchors]


def _problem_of(error: BaseException, path: str) -> Problem:
    """An error that stopped a page (or a build) as a problem for the banner."""
    if isinstance(error, ContentError):
        return from_error(error)
    text = str(error) or type(error).__name__
    return Problem(path, 0, "build-error", "", text, *SEE_GUIDE)


def _rebuild_pages(
    config: MkDocsConfig, state: _KeepBuildState, paths: set[str], problems: _PageProblems
) -> int:
    """Re-render the pages whose source is in ``paths``; every page if a title changed.

    A page whose Markdown fails to render keeps its last good HTML; its error is a problem.
    """
    inclusion = InclusionLevel.is_in_serve
    doc_files = state.files.documentation_pages(inclusion=inclusion)
    changed = [f.page for f in doc_files if f.page is not None and f.abs_src_path in paths]
    collect.take()
    collect.take_link_warnings()
    errors: list[Problem] = []
    titles = {id(page): page.title for page in changed}
    rendered = []
    for page in changed:
        try:
            _populate_page(page, config, state.files)
            rendered.append(page)
        except Exception as error:  # logged by MkDocs; the old HTML stays
            errors.append(_problem_of(error, problems.shown(page.file.src_uri)))
    retitled = any(page.title != titles[id(page)] for page in rendered)
    targets = [f.page for f in doc_files if f.page is not None] if retitled else rendered
    for page in targets:
        try:
            _build_page(page, config, doc_files, state.nav, state.env)
        except Exception as error:
            errors.append(_problem_of(error, problems.shown(page.file.src_uri)))
    for file in doc_files:
        if file.page is not None:
            file.page.validate_anchor_links(files=state.files, log_level=logging.WARNING)
    found = in_build.link_problems(config, state.files) + collect.take() + errors
    problems.replace({problems.shown(page.file.src_uri) for page in changed}, found)
    return len(targets)


@dataclass
class _Language:
    lang: str
    pid: int
    conn: Connection


class Preview:
    """The language processes, the site they built, and the problems found.

    Each full build goes into a new folder (a "generation"); the server's root is a link that
    is moved to the new folder only when every language built, so an error never turns pages
    into 404s. After a failed full build the next save builds everything again.
    """

    def __init__(self, config_file: Path | None, host: str, port: int) -> None:
        self.config_file = config_file
        self.host, self.port = host, port
        self.root_dir = Path(tempfile.mkdtemp(prefix="preview_"))
        self.current = self.root_dir / "current"  # link to the generation being served
        self.generation = 0
        self.workers: list[_Language] = []
        self.config: MkDocsConfig | None = None
        self.watched: list[Path] = []
        self.docs_dir = Path()
        self.snapshot: Snapshot = {}
        self.needs_full_build = True
        self.content_problems: list[Problem] = []
        self.render_problems: dict[str, list[Problem]] = {}
        self.failure: list[Problem] = []  # why the last full build is not the one shown
        self._reported: list[Problem] = []

    @property
    def site(self) -> Path:
        """What the server serves (through the ``current`` link)."""
        return self.current / "site"

    @property
    def problems(self) -> list[Problem]:
        renders = [p for found in self.render_problems.values() for p in found]
        return summary.unique([*self.content_problems, *renders, *self.failure])

    def banner(self) -> str:
        return summary.banner_html(self.problems)

    def admin(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, str, bytes]:
        """Decap CMS at /admin/, editing this computer's content/ (preview only)."""
        if self.config is None:
            return 503, "text/plain; charset=utf-8", "網站設定有誤 · mkdocs.yml is broken".encode()
        host = headers.get("host", "")
        if host not in {f"{name}:{self.port}" for name in (self.host, "127.0.0.1", "localhost")}:
            return 403, "text/plain; charset=utf-8", b"this preview answers on 127.0.0.1 only"
        return cms.admin_response(
            method,
            path,
            body,
            headers,
            root=Path(self.config.config_file_path).parent,
            docs_dir=self.docs_dir,
            settings=dict(self.config.extra.get("cms") or {}),
            origin=f"http://{host}",
        )

    def start(self) -> MkDocsConfig | None:
        """The first full build; the preview serves whatever it made, with its problems."""
        self._full_build()
        self._report()
        return self.config

    def _full_build(self) -> None:
        started = time.perf_counter()
        try:
            config = self._load_config()
        except BuildFailed as error:
            self.failure = error.problems or [
                Problem(self._config_name(), 0, "build-error", "", str(error), *SEE_GUIDE)
            ]
            self.needs_full_build = True
            return
        self.generation += 1
        generation = self.root_dir / f"gen-{self.generation}"
        workers = self._fork_workers(config, generation)
        self.content_problems = in_build.content_problems(config)  # while the workers build
        replies = {worker.lang: worker.conn.recv() for worker in workers}
        failed = [lang for lang, reply in replies.items() if reply[0] != "ready"]
        if failed and self.workers:  # keep the last good pages and their processes
            _stop(workers)
            shutil.rmtree(generation, ignore_errors=True)
            self.failure = [p for lang in failed for p in replies[lang][-1]]
            self.needs_full_build = True
            log.info(f"'{', '.join(failed)}' did not build; the preview keeps the last good pages")
            return
        self._show(generation)
        _stop(self.workers)
        self.workers, self.config = workers, config
        self.render_problems = {lang: reply[-1] for lang, reply in replies.items()}
        self.failure = []
        self.needs_full_build = bool(failed)
        log.info(f"Preview built in {time.perf_counter() - started:.1f} s")

    def _load_config(self) -> MkDocsConfig:
        config = run_mkdocs(
            lambda: load_config(
                config_file=str(self.config_file) if self.config_file else None,
                site_dir=str(self.root_dir / "unused"),
            )
        )
        config.strict = False  # a page with a problem is still shown, under the banner
        config.extra[in_build.PREVIEW_RUNS_CONTENT_CHECKS] = True
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
        return config

    def _config_name(self) -> str:
        return str(self.config_file) if self.config_file else "mkdocs.yml"

    def _fork_workers(self, config: MkDocsConfig, generation: Path) -> list[_Language]:
        site = generation / "site"
        site.mkdir(parents=True)
        langs = languages_of(config) or [""]
        workers = []
        for lang in langs:
            target = site
            if lang != langs[0]:  # built aside, its <lang>/ folder linked into the site
                target = generation / "languages" / lang
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
            workers.append(_Language(lang, pid, ours))
        return workers

    def _show(self, generation: Path) -> None:
        """Serve ``generation`` from now on (one atomic rename), and drop the older ones."""
        link = self.root_dir / "current.new"
        link.unlink(missing_ok=True)
        link.symlink_to(generation, target_is_directory=True)
        os.replace(link, self.current)
        for old in self.root_dir.glob("gen-*"):
            if old != generation:
                shutil.rmtree(old, ignore_errors=True)

    def stop(self) -> None:
        _stop(self.workers)
        self.workers.clear()

    def rebuild(self) -> None:
        """Called by the live-reload server after files changed: pages only, or everything.

        Never raises: whatever goes wrong becomes a problem in the banner, and the browsers
        reload to show it.
        """
        started = time.perf_counter()
        before, now = self.snapshot, _snapshot(self.watched)
        self.snapshot = now
        changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
        if not changed:
            return
        docs = str(self.docs_dir) + os.sep
        # Edited pages only; a new or deleted page changes the menu: full build.
        pages_only = all(
            p.startswith(docs) and p.endswith(".md") and p in before and p in now for p in changed
        )
        if self.needs_full_build or not pages_only or self.config is None:
            log.info("Settings, theme or the list of pages changed: rebuilding everything")
            self._full_build()
        else:
            for worker in self.workers:
                worker.conn.send(("pages", sorted(changed)))
            self.content_problems = in_build.content_problems(self.config)  # meanwhile
            replies = {worker.lang: worker.conn.recv() for worker in self.workers}
            self.render_problems = {lang: reply[-1] for lang, reply in replies.items()}
            built = sum(reply[1] for reply in replies.values() if reply[0] == "done")
            log.info(f"Rebuilt {built} page(s) in {time.perf_counter() - started:.2f} s")
        self._report()

    def _report(self) -> None:
        """The summary block in the terminal whenever the problems change."""
        problems = self.problems
        if problems == self._reported:
            return
        if problems:
            print(summary.render(problems, after="preview"), file=sys.stderr, flush=True)
        else:
            log.info("沒有問題了 · No problems left: the preview shows every change")
        self._reported = problems


def _stop(workers: list[_Language]) -> None:
    for worker in workers:
        with contextlib.suppress(OSError):
            worker.conn.send(("stop",))
    for worker in workers:
        os.waitpid(worker.pid, 0)
        worker.conn.close()


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
        root=str(preview.site),
        mount_path=urlsplit(config.site_url if config else "/").path,
        banner=preview.banner,
        admin=preview.admin,
    )

    def not_found(code: int) -> bytes | None:
        page = preview.site / f"{code}.html"
        body = page.read_bytes() if code in (404, 500) and page.is_file() else None
        if body is None:
            body = f"<!doctype html><html><body><h1>{code}</h1></body></html>".encode()
        return server._inject_js_into_html(body, server._visible_epoch)  # reloads when fixed

    server.error_handler = not_found
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    for path in preview.watched or [Path(config_file or "mkdocs.yml").resolve().parent]:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
        preview.stop()
        shutil.rmtree(preview.root_dir, ignore_errors=True)


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
