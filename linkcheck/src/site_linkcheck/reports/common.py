"""Helpers shared by the report writers."""

from __future__ import annotations

from collections import defaultdict

from site_linkcheck.model import Finding, RunResult, Severity

REPORTED = (Severity.BROKEN, Severity.UNREACHABLE, Severity.WARNING)


def problems_by_page(result: RunResult) -> dict[str, list[Finding]]:
    """Broken links, links that could not be checked and warnings grouped by page, pages in
    path order."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.severity in REPORTED:
            grouped[finding.link.page].append(finding)
    return dict(sorted(grouped.items()))


def summary_line(result: RunResult) -> str:
    external = f"{result.external_links} external to {result.external_urls} URLs"
    if not result.external_checked and result.external_links:
        external += " (not checked offline; use --external)"
    return (
        f"{result.pages} pages, {result.stylesheets} stylesheets, {result.links} links: "
        f"{result.internal_links} internal, {external}, {result.skipped} skipped or excluded; "
        f"{len(result.broken)} broken, {len(result.unreachable)} could not be checked, "
        f"{len(result.warnings)} warnings ({result.seconds:.2f} s)"
    )


def network_notice(result: RunResult) -> str | None:
    """The warning that most external checks failed for network reasons, or None."""
    if not result.mostly_offline:
        return None
    counts = f"{result.external_unreachable_urls}/{result.external_urls}"
    return (
        f"注意：多數外部網址（{counts}）因網路問題無法檢查，請確認網路連線、DNS 或 "
        "HTTPS_PROXY／NO_PROXY 設定；這些連結不算失效。 / "
        f"Note: most external URLs ({counts}) could not be checked for network reasons "
        "(offline, DNS or proxy trouble?): check the connection or HTTPS_PROXY/NO_PROXY. "
        "They are not counted as broken."
    )


def verdict_line(result: RunResult) -> str:
    """The last line of a report: what the exit code says."""
    broken, unreachable = len(result.broken), len(result.unreachable)
    if broken:
        return f"FAILED: {broken} broken links / {broken} 個失效連結"
    if unreachable:
        return (
            f"NOT CHECKED: {unreachable} links could not be checked (network) / "
            f"{unreachable} 個連結無法檢查（網路問題）"
        )
    return "OK / 全部正常"
