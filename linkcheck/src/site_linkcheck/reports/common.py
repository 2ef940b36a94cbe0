"""Helpers shared by the report writers."""

from __future__ import annotations

from collections import defaultdict

from site_linkcheck.model import Finding, RunResult, Severity


def problems_by_page(result: RunResult) -> dict[str, list[Finding]]:
    """Broken links and warnings grouped by page, pages in path order."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.severity in (Severity.BROKEN, Severity.WARNING):
            grouped[finding.link.page].append(finding)
    return dict(sorted(grouped.items()))


def summary_line(result: RunResult) -> str:
    external = f"{result.external_links} external to {result.external_urls} URLs"
    if not result.external_checked and result.external_links:
        external += " (not checked offline; use --external)"
    return (
        f"{result.pages} pages, {result.links} links: {result.internal_links} internal, "
        f"{external}, {result.skipped} skipped or excluded; "
        f"{len(result.broken)} broken, {len(result.warnings)} warnings "
        f"({result.seconds:.2f} s)"
    )
