"""Build every language of the site at once, one process per language, from one config load.

Why: mkdocs-static-i18n builds the extra languages one after the other inside the first build
(``on_post_build`` calls ``build()`` again), so a two-language site uses one core of two. Here
the config is loaded once, then the process forks: each child runs MkDocs' own ``build()`` for
one language with the i18n plugin's chaining switched off (``building = True``), exactly as the
plugin would for that language. What the plugin shares between its sequential builds is
recreated per process:

- the language switch and ``hreflang`` alternates come from ``on_files``, which already scans
  the files of every language for each build, so each process computes the same ones;
- ``sitemap.xml`` lists every language: the default-language process, which writes it, first
  resolves the other languages' page lists the way the plugin's own ``on_files`` does;
- the other languages build into a scratch folder whose ``<lang>/`` subtree is then moved into
  the site; their copies of root files (theme assets, ``404.html``, ``sitemap.xml``) are dropped,
  as the sequential build's overwrite leaves the default language's (see theme hooks).

Output equals the sequential build's (``tests/site/test_build_parallel.py`` compares them).
A config that needs the sequential flow (a search plugin merging per-language entries) falls
back to it.

With ``--search-index`` each language process also keeps its pages' searchable parts and runs
Pagefind on them as soon as its last page is written (scripts/search_index.py), while the other
language may still be rendering; the bundles are then merged into ``pagefind/``.

    python -m scripts.parallel_build [-f mkdocs.yml] [--site-dir build/site] [--sequential]
                                     [--search-index]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NoReturn, TypeVar

from mkdocs import utils
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from scripts.markdown_reuse import one_markdown_per_build
from scripts.search_index import BUNDLE_DIR, SearchFeed, SearchIndexError, SiteSearch
from theme.sitekit.checks import collect, summary
from theme.sitekit.checks.problem import Problem

log = logging.getLogger("mkdocs.parallel_build")
T = TypeVar("T")

# Plugins that gather per-language data across the sequential builds (search entries).
SEQUENTIAL_ONLY_PLUGINS = ("search", "material/search")


class BuildFailed(Exception):
    """A language's build stopped; ``problems`` say why (file and line), for the summary."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def setup_logging(quiet: bool) -> None:
    """MkDocs' CLI format. Quiet hides INFO only: warnings must stay visible in strict mode."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_parallel_build", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        handler._parallel_build = True  # type: ignore[attr-defined]
        handler.addFilter(collect.HideReported())  # problems wait for the summary block
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


def build_site(
    config_file: Path | None = None,
    site_dir: Path | None = None,
    *,
    strict: bool | None = None,
    parallel: bool = True,
    search: SiteSearch | None = None,
) -> float:
    """Build the whole site (and its search index with ``search``); return the seconds it took.

    Raises ``BuildFailed``, or ``SearchIndexError`` when the index cannot be built.
    """
    started = time.perf_counter()
    with without_gc(), one_markdown_per_build():
        _build_site(config_file, site_dir, strict, parallel, search)
    return time.perf_counter() - started


def _build_site(
    config_file: Path | None,
    site_dir: Path | None,
    strict: bool | None,
    parallel: bool,
    search: SiteSearch | None,
) -> None:
    options: dict[str, object] = {}
    if site_dir is not None:
        options["site_dir"] = str(site_dir)
    if strict is not None:
        options["strict"] = strict
    config = run_mkdocs(
        lambda: load_config(config_file=str(config_file) if config_file else None, **options)
    )
    config.plugins.on_startup(command="build", dirty=False)
    try:
        languages = languages_of(config)
        can_fork = hasattr(os, "fork") and not needs_sequential_build(config)
        if not parallel or len(languages) < 2 or not can_fork:
            try:
                run_mkdocs(lambda: build(config))
            except BuildFailed as error:
                raise BuildFailed(str(error), collect.take()) from None
            if search is not None:
                search.index_built_site(Path(config.site_dir))
        else:
            _build_all_languages(config, languages, search)
    finally:
        config.plugins.on_shutdown()


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection while building: 10% less CPU for a short-lived process.

    A build makes millions of small objects (Markdown trees, template contexts) and keeps most
    of them until it ends, so the collector's full passes find little; memory grows by about
    0.1 MB per page instead (measured: 150 MB instead of 60 MB for 1,000 pages).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def languages_of(config: MkDocsConfig) -> list[str]:
    """Build languages, default first; empty when the i18n plugin is not used."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return []
    default = i18n.default_language
    return [default] + [lang for lang in i18n.build_languages if lang != default]


def needs_sequential_build(config: MkDocsConfig) -> bool:
    return any(name in config.plugins for name in SEQUENTIAL_ONLY_PLUGINS)


def _build_all_languages(
    config: MkDocsConfig, languages: list[str], search: SiteSearch | None
) -> None:
    site_dir = Path(config.site_dir)
    scratch = site_dir.parent / f".{site_dir.name}.languages"
    shutil.rmtree(scratch, ignore_errors=True)
    utils.clean_directory(str(site_dir))
    site_dir.mkdir(parents=True, exist_ok=True)
    default, others = languages[0], languages[1:]
    children: dict[int, tuple[str, Connection]] = {}
    bundles = [_bundle_dir(site_dir, scratch, lang, languages) for lang in languages]
    feeds = [search.feed(bundle) if search is not None else None for bundle in bundles]
    cpu: dict[str, float] = {"config load": _own_cpu_seconds()}
    try:
        for lang, feed in zip(others, feeds[1:], strict=True):
            lang_dir = scratch / lang
            lang_dir.mkdir(parents=True)
            reader, writer = Pipe(duplex=False)
            pid = os.fork()
            if pid == 0:  # child: build one language, never return into the caller
                reader.close()
                code = 1
                try:
                    build_one_language(config, lang, lang_dir, languages, search=feed)
                    code = 0
                except BuildFailed:
                    pass
                except SearchIndexError as error:
                    print(error, file=sys.stderr)
                except BaseException:
                    log.exception(f"Building '{lang}' failed")
                finally:
                    _send_problems(writer)
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            writer.close()
            children[pid] = (lang, reader)
        failed: list[str] = []
        try:
            build_one_language(config, default, site_dir, languages, search=feeds[0])
        except BuildFailed:
            failed.append(default)
        except SearchIndexError as error:
            print(error, file=sys.stderr)
            failed.append(default)
        # Its Pagefind run is over (counted in RUSAGE_CHILDREN); the other languages not yet.
        cpu[default] = _own_cpu_seconds(with_children=True) - cpu["config load"]
        problems = collect.take()
        for pid, (lang, reader) in children.items():
            problems += _receive_problems(reader)
            _, status, usage = os.wait4(pid, 0)
            cpu[lang] = usage.ru_utime + usage.ru_stime
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(lang)
        children.clear()
        # On an idle machine the build takes about: config load + the slowest language.
        log.info("CPU seconds: " + ", ".join(f"{name} {s:.2f}" for name, s in cpu.items()))
        if failed:
            names = ", ".join(failed)
            raise BuildFailed(
                f"網站建置失敗（{names}），原因見上方訊息。\n"
                f"The build failed for {names}; the messages above name the file and line.",
                problems,
            )
        for lang in others:
            target = site_dir / lang
            shutil.rmtree(target, ignore_errors=True)
            built = scratch / lang / lang
            if built.is_dir():
                os.replace(built, target)
        if search is not None:
            search.finish(site_dir, bundles)
    finally:
        for pid in children:  # only when the parent itself crashed mid-way
            os.waitpid(pid, 0)
        shutil.rmtree(scratch, ignore_errors=True)


def _send_problems(writer: Connection) -> None:
    """A language process hands its problems to the parent, which prints one summary."""
    with contextlib.suppress(OSError, ValueError):
        writer.send(collect.take())
    writer.close()


def _receive_problems(reader: Connection) -> list[Problem]:
    try:
        return list(reader.recv())
    except (EOFError, OSError):  # the child died before it could say
        return []
    finally:
        reader.close()


def _bundle_dir(site_dir: Path, scratch: Path, lang: str, languages: list[str]) -> Path:
    """Where a language's search bundle is written: in the site for the default language."""
    return site_dir / BUNDLE_DIR if lang == languages[0] else scratch / f"{lang}.{BUNDLE_DIR}"


def build_one_language(
    config: MkDocsConfig,
    lang: str,
    site_dir: Path,
    languages: list[str],
    serve_url: str | None = None,
    search: SearchFeed | None = None,
) -> None:
    """Run MkDocs' build for one language, as the i18n plugin's own sub-build would.

    With ``search``, the language's search index is built as soon as its pages are.
    """
    i18n = config.plugins["i18n"]
    i18n.building = True  # the plugin must not chain the other languages itself
    i18n.current_language = lang
    config.site_dir = str(site_dir)
    if lang != languages[0]:  # its root files are dropped; sitemap.xml is the costly one
        config.theme.static_templates.discard("sitemap.xml")
    if lang == languages[0]:
        prefill_sitemap_languages(config, languages)
    if search is None:
        with no_clean():
            run_mkdocs(lambda: build(config, serve_url=serve_url))
        return
    config.plugins["search-feed"] = search
    try:
        with no_clean():
            run_mkdocs(lambda: build(config, serve_url=serve_url))
        search.write()
    finally:
        search.close()


def prefill_sitemap_languages(config: MkDocsConfig, languages: list[str]) -> None:
    """Give the i18n sitemap template every language's pages, as its last sequential build has.

    The plugin's ``on_files`` records each language's pages when that language builds; here the
    other languages build elsewhere, so their pages are resolved the same way up front. The
    default language's slot is reserved first to keep the sequential build's order.
    """
    i18n = config.plugins["i18n"]
    current = i18n.current_language
    pages = i18n.i18n_files_per_language
    pages.setdefault(languages[0], [])
    try:
        for lang in languages[1:]:
            i18n.current_language = lang
            files = i18n.reconfigure_files(get_files(config), config)
            documents = files.documentation_pages()
            for file in documents:
                Page(None, file, config)  # sets file.page (canonical URL, update date)
            pages[lang] = documents
    finally:
        i18n.current_language = current


def _own_cpu_seconds(*, with_children: bool = False) -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    seconds = usage.ru_utime + usage.ru_stime
    if with_children:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds += children.ru_utime + children.ru_stime
    return seconds


@contextmanager
def no_clean() -> Iterator[None]:
    """The site folder is cleaned once before the languages build, never by each of them."""
    original = utils.clean_directory
    utils.clean_directory = lambda path: None
    try:
        yield
    finally:
        utils.clean_directory = original


def run_mkdocs(step: Callable[[], T]) -> T:
    """Turn MkDocs' exits (strict-mode abort, config and build errors) into ``BuildFailed``."""
    try:
        return step()
    except MkDocsException as error:  # Abort included; its message is the summary line
        log.error(error.format_message())
        raise BuildFailed(error.format_message()) from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=None)
    parser.add_argument("--site-dir", type=Path, default=None)
    parser.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--sequential", action="store_true", help="the i18n plugin's own flow")
    parser.add_argument("-q", "--quiet", action="store_true", help="hide INFO, keep warnings")
    parser.add_argument(
        "--search-index", action="store_true", help="also build the Pagefind index (pagefind/)"
    )
    args = parser.parse_args(argv)
    setup_logging(args.quiet)
    try:
        search = None
        if args.search_index:
            search = SiteSearch()  # a bad variant table stops the build before it starts
        seconds = build_site(
            args.config_file,
            args.site_dir,
            strict=args.strict,
            parallel=not args.sequential,
            search=search,
        )
    except BuildFailed as error:
        print(summary.render(error.problems) if error.problems else error, file=sys.stderr)
        raise SystemExit(1) from None
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    if not args.quiet:
        print(f"Built in {seconds:.1f} s", file=sys.stderr)


def exit_without_cleanup(code: int = 0) -> NoReturn:
    """End the process without taking the build's objects apart one by one first.

    A build leaves millions of small objects (Markdown trees, template contexts) with the cyclic
    collector off. Switched back on, the collector went through all of them (0.27 s on the
    500-page corpus), and the interpreter then freed them one by one at exit (0.18 s): after the
    site is written, in a process that is ending anyway. Output is flushed first.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    gc.disable()  # stays off: the process ends right after the build
    main()
    exit_without_cleanup()
