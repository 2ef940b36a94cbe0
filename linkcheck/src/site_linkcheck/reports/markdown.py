"""A short Markdown summary for ``$GITHUB_STEP_SUMMARY`` (first 50 problems, then a count)."""

from __future__ import annotations

from site_linkcheck.model import RunResult
from site_linkcheck.reports.common import network_notice, problems_by_page

MAX_ROWS = 50


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: RunResult) -> str:
    broken, warnings = len(result.broken), len(result.warnings)
    icon = "❌" if broken else ("⚠️" if result.unreachable else "✅")
    out = [
        f"## {icon} Link check / 連結檢查",
        "",
        "| | count / 數量 |",
        "|---|---:|",
        f"| pages / 頁面 | {result.pages} |",
        f"| links / 連結 | {result.links} |",
        f"| internal / 內部 | {result.internal_links} |",
        f"| external / 外部 | {result.external_links} ({result.external_urls} URLs"
        + ("" if result.external_checked or not result.external_links else ", not checked")
        + ") |",
        f"| broken / 失效 | **{broken}** |",
        f"| could not be checked / 無法檢查 | {len(result.unreachable)} |",
        f"| warnings / 警告 | {warnings} |",
        "",
    ]
    notice = network_notice(result)
    if notice:
        out += [f"> {notice}", ""]
    rows = [(page, f) for page, findings in problems_by_page(result).items() for f in findings]
    if rows:
        out += ["| page / 頁面 | line | link / 連結 | problem / 問題 |", "|---|---:|---|---|"]
        for page, f in rows[:MAX_ROWS]:
            out.append(
                f"| `{_cell(page)}` | {f.line or ''} | `{_cell(f.link.url)}` | "
                f"{f.severity.value}: {_cell(f.reason)} / {_cell(f.reason_zh)} |"
            )
        if len(rows) > MAX_ROWS:
            out.append(f"\n…and {len(rows) - MAX_ROWS} more / 另有 {len(rows) - MAX_ROWS} 筆")
    return "\n".join(out) + "\n"
