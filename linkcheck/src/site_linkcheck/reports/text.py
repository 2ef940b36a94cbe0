"""Human-readable report, grouped by page, with the source line of each link."""

from __future__ import annotations

from site_linkcheck.model import RunResult
from site_linkcheck.reports.common import (
    network_notice,
    problems_by_page,
    summary_line,
    verdict_line,
)


def render_text(result: RunResult) -> str:
    lines = [f"Link check of {result.site_dir} / 連結檢查", ""]
    for page, findings in problems_by_page(result).items():
        lines.append(f"{page}")
        for f in findings:
            where = f"{result.site_dir.rstrip('/')}/{page}:{f.line or '?'}"
            lines.append(f"  {f.severity.value.upper():8}{where}  {f.link.element} {f.link.url}")
            if f.target and f.target != f.link.url:
                lines.append(f"          → {f.target}")
            for hop in f.redirects:
                lines.append(f"          ↪ {hop}")
            if f.source:
                lines.append(f"          ✎ {f.source}:{f.source_line}")
            lines.append(f"          {f.reason} / {f.reason_zh}")
        lines.append("")
    lines.append(summary_line(result))
    notice = network_notice(result)
    if notice:
        lines.append(notice)
    lines.append(verdict_line(result))
    return "\n".join(lines) + "\n"
