"""The offline pass: read every page and stylesheet, resolve every URL, check internal targets
and anchors.

Pages are parsed in worker processes (one per core) in chunks, streaming: each worker keeps one
DOM at a time and sends back only compact results, so memory stays flat as the site grows.
"""

from __future__ import annotations

import gc
import os
import queue
import sys
from dataclasses import dataclass, field

from site_linkcheck.config import Config
from site_linkcheck.extract import PageScan, scan_css, scan_html, scan_sitemap
from site_linkcheck.messages import message
from site_linkcheck.model import Finding, Link, Severity
from site_linkcheck.site_files import CSS_SUFFIX, HTML_SUFFIXES, Lookup, SiteFiles, lookup
from site_linkcheck.urls import Resolver, document_base, fragment_found, page_url

# Below this many pages the cost of starting workers outweighs the parallel parse.
_PARALLEL_THRESHOLD = 300


@dataclass(slots=True)
class ExternalLink:
    link: Link
    url: str  # absolute, without fragment
    fragment: str | None


@dataclass(slots=True)
class ChunkResult:
    """What a worker sends back for a chunk of pages."""

    anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # (link, target page, fragment): anchors on other pages, checked once every page is read
    fragment_checks: list[tuple[Link, str, str]] = field(default_factory=list)
    external: list[ExternalLink] = field(default_factory=list)
    links: int = 0
    internal: int = 0
    skipped: int = 0
    excluded: int = 0


@dataclass(slots=True)
class InternalPass:
    pages: int
    stylesheets: int
    result: ChunkResult


_WORKER: dict[str, object] = {}
_LOOKUPS: dict[str, Lookup] = {}  # site path -> file served; the site does not change mid-run


def _init_worker(site: SiteFiles, config: Config, site_urls: tuple[str, ...]) -> None:
    _LOOKUPS.clear()
    _WORKER["site"] = site
    _WORKER["config"] = config
    _WORKER["resolver"] = Resolver(site_urls)


def _scan_chunk(pages: list[str]) -> ChunkResult:
    site: SiteFiles = _WORKER["site"]  # type: ignore[assignment]
    config: Config = _WORKER["config"]  # type: ignore[assignment]
    resolver: Resolver = _WORKER["resolver"]  # type: ignore[assignment]
    out = ChunkResult()
    for page in pages:
        with open(os.path.join(site.root, page), "rb") as handle:
            data = handle.read()
        if page in config.sitemaps:
            scan = scan_sitemap(data)
        elif page.endswith(CSS_SUFFIX):
            scan = scan_css(data)
        else:
            scan = scan_html(data)
        out.anchors[page] = scan.anchors
        if scan.decoded is not None and scan.decoded.problem:
            out.findings.append(_decoding_problem(page, scan))
        _check_page(page, scan, site, config, resolver, out)
    return out


def _check_page(
    page: str,
    scan: PageScan,
    site: SiteFiles,
    config: Config,
    resolver: Resolver,
    out: ChunkResult,
) -> None:
    base = document_base(page, scan.base_href)
    check_exclusions = bool(config.exclude)
    findings = out.findings
    memo = resolver.page_cache(base)
    lookups = _LOOKUPS
    for element, url, nth in scan.links:
        resolved = memo.get(url) if memo is not None else None
        if resolved is None:
            resolved = resolver.resolve(base, url)
            if memo is not None and resolver.folder_independent(url):
                memo[url] = resolved
        kind = resolved.kind
        if kind == "skipped":
            out.skipped += 1
            continue
        if kind == "invalid":
            en, zh = message("bad-url")
            link = Link(page, element, url, nth)
            findings.append(Finding(link, Severity.BROKEN, en, zh, resolved.target))
            continue
        if kind == "external":
            if check_exclusions and config.is_excluded(resolved.target):
                out.excluded += 1
            else:
                link = Link(page, element, sys.intern(url), nth)  # shared by repeated links
                out.external.append(ExternalLink(link, resolved.target, resolved.fragment))
            continue
        out.internal += 1
        if check_exclusions and config.is_excluded(page_url(resolved.target)):
            out.excluded += 1
            continue
        found = lookups.get(resolved.target)
        if found is None:
            found = lookups[resolved.target] = lookup(site, resolved.target)
        if found.file is None:
            en, zh = message(found.problem)
            link = Link(page, element, url, nth)
            findings.append(Finding(link, Severity.BROKEN, en, zh, "/" + resolved.target))
            continue
        if found.problem:
            en, zh = message(found.problem)
            link = Link(page, element, url, nth)
            findings.append(Finding(link, Severity.WARNING, en, zh, "/" + resolved.target))
        if resolved.fragment and found.file.endswith(HTML_SUFFIXES):
            link = Link(page, element, url, nth)
            if found.file == page:
                if not fragment_found(resolved.fragment, scan.anchors):
                    findings.append(_anchor_missing(link, found.file, resolved.fragment))
            else:
                out.fragment_checks.append((link, found.file, resolved.fragment))
    out.links += len(scan.links)


def _decoding_problem(page: str, scan: PageScan) -> Finding:
    """A page whose bytes do not fit its encoding: visitors see mojibake or U+FFFD there."""
    decoded = scan.decoded
    assert decoded is not None
    en, zh = message(decoded.problem, decoded.detail)
    finding = Finding(Link(page, "page", ""), Severity.WARNING, en, zh, decoded.encoding)
    finding.line = decoded.line or 1
    return finding


def _anchor_missing(link: Link, target: str, fragment: str) -> Finding:
    en, zh = message("anchor-missing", f"#{fragment}")
    return Finding(link, Severity.BROKEN, en, zh, f"/{target}#{fragment}")


def _chunks(items: list[str], count: int) -> list[list[str]]:
    size = max(1, -(-len(items) // count))
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_internal(site_dir: str, config: Config) -> InternalPass:
    """Scan the site under ``site_dir``: every HTML page and the sitemap."""
    site = SiteFiles.scan(site_dir)
    pages = [p for p in site.html_pages() if not config.page_excluded(p)]
    stylesheets = [p for p in site.stylesheets() if not config.page_excluded(p)]
    pages += stylesheets
    sitemaps = [name for name in config.sitemaps if name in site.files]
    pages += sitemaps
    site_urls = config.site_urls or _site_urls_from_sitemap(site, sitemaps)
    jobs = min(config.jobs, os.cpu_count() or 1)
    if jobs <= 1 or len(pages) < _PARALLEL_THRESHOLD:
        _init_worker(site, config, site_urls)
        parts = [_scan_chunk(pages)]
    else:
        parts = _scan_in_parallel(_chunks(pages, jobs * 8), jobs, site, config, site_urls)
    merged = _merge(parts)
    for link, target, fragment in merged.fragment_checks:
        anchors = merged.anchors.get(target)
        if anchors is not None and not fragment_found(fragment, anchors):
            merged.findings.append(_anchor_missing(link, target, fragment))
    merged.fragment_checks.clear()
    merged.anchors.clear()  # no longer needed: free it before the external pass
    html_count = len(pages) - len(stylesheets) - len(sitemaps)
    return InternalPass(html_count, len(stylesheets), merged)


def _scan_in_parallel(
    chunks: list[list[str]], jobs: int, site: SiteFiles, config: Config, site_urls: tuple[str, ...]
) -> list[ChunkResult]:
    """This process and ``jobs - 1`` forked helpers take chunks from a shared counter.

    The parent works too instead of idling while it waits: one process fewer in memory than a
    pool of ``jobs`` workers, for the same number of busy cores.
    """
    import multiprocessing  # only when parsing in parallel

    if "fork" not in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("spawn").Pool(
            jobs, _init_worker, (site, config, site_urls)
        ) as pool:
            return list(pool.imap_unordered(_scan_chunk, chunks))
    context = multiprocessing.get_context("fork")
    next_chunk = context.Value("i", 0)
    results = context.Queue()
    _init_worker(site, config, site_urls)

    def take_chunks(send: object) -> None:
        while True:
            with next_chunk.get_lock():
                index = next_chunk.value
                next_chunk.value += 1
            if index >= len(chunks):
                return
            send(_scan_chunk(chunks[index]))  # type: ignore[operator]

    def helper() -> None:
        take_chunks(results.put)
        results.put(None)

    helpers = [context.Process(target=helper, daemon=True) for _ in range(jobs - 1)]
    gc.freeze()  # keep the collector from touching (and so copying) the parent's objects
    try:
        for process in helpers:
            process.start()
    finally:
        gc.unfreeze()
    parts: list[ChunkResult] = []
    take_chunks(parts.append)
    finished = 0
    while finished < len(helpers):
        try:
            part = results.get(timeout=1.0)
        except queue.Empty:
            if any(p.exitcode not in (0, None) for p in helpers):
                raise RuntimeError("a link-check helper process died") from None
            continue
        if part is None:
            finished += 1
        else:
            parts.append(part)
    for process in helpers:
        process.join(timeout=30)
        if process.exitcode not in (0, None):
            raise RuntimeError(f"link-check helper process failed (exit {process.exitcode})")
    return parts


def _merge(parts: list[ChunkResult]) -> ChunkResult:
    merged = ChunkResult()
    for part in parts:
        merged.anchors.update(part.anchors)
        merged.findings.extend(part.findings)
        merged.fragment_checks.extend(part.fragment_checks)
        merged.external.extend(part.external)
        merged.links += part.links
        merged.internal += part.internal
        merged.skipped += part.skipped
        merged.excluded += part.excluded
    return merged


def _site_urls_from_sitemap(site: SiteFiles, sitemaps: list[str]) -> tuple[str, ...]:
    """Without ``site_url`` in the config, the origin of the sitemap's first URL is the site's."""
    for name in sitemaps:
        if name in site.files:
            with open(os.path.join(site.root, name), "rb") as handle:
                links = scan_sitemap(handle.read(65536)).links
            if links:
                url = links[0][1]
                scheme_end = url.find("://")
                if scheme_end > 0:
                    slash = url.find("/", scheme_end + 3)
                    return (url if slash < 0 else url[: slash + 1],)
    return ()
