"""One check of a built site: the offline pass, then (optionally) the external pass."""

from __future__ import annotations

import os
import time

from site_linkcheck.cache import ResultCache
from site_linkcheck.config import Config
from site_linkcheck.lines import add_lines
from site_linkcheck.model import RunResult, Severity
from site_linkcheck.scan import run_internal


def check_site(
    site_dir: str,
    config: Config,
    external: bool = False,
    use_cache: bool = True,
) -> RunResult:
    """Check every page under ``site_dir``; the network is touched only when ``external``."""
    started = time.perf_counter()
    internal = run_internal(site_dir, config)
    part = internal.result
    result = RunResult(
        site_dir=os.fspath(site_dir),
        pages=internal.pages,
        stylesheets=internal.stylesheets,
        links=part.links,
        internal_links=part.internal,
        external_links=len(part.external),
        external_urls=len({item.url for item in part.external}),
        skipped=part.skipped + part.excluded,
        findings=part.findings,
    )
    if external and part.external:
        from site_linkcheck.external import run_external  # aiohttp only when needed

        cache = ResultCache(config.cache_dir, config.cache_ttl_hours) if use_cache else None
        findings, unreachable, _checker = run_external(part.external, config, cache)
        result.findings.extend(findings)
        result.external_unreachable_urls = unreachable
        result.external_checked = True
    result.external_checked = result.external_checked or (external and not part.external)
    add_lines(site_dir, [f for f in result.findings if f.severity is not Severity.OK])
    result.findings.sort(key=lambda f: (f.link.page, f.line or 0, f.link.url))
    if config.mkdocs:
        from site_linkcheck.sources import MkDocsSources, add_sources

        add_sources(result.findings, MkDocsSources(config.mkdocs))
    result.seconds = time.perf_counter() - started
    return result
