"""The monthly dead-link report offices file with their city, in Chinese, as HTML and ODS.

It states the check date (ROC calendar), pages and links checked, broken links found, the links
that could not be checked (無法檢查: the network failed, so they are neither broken nor fixed),
and how many of last report's broken links are fixed. The previous report's broken links live in
a small JSON state file, so "fixed since last report" survives between scheduled runs.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path

from site_linkcheck.model import RunResult
from site_linkcheck.ods import write_ods

DEFAULT_STATE = ".cache/linkcheck/monthly-state.json"


def office_name(configured: str, data_file: str | Path | None = None, key: str = "") -> str:
    """The office's name: from the config, else from a YAML data file of the site at a dotted
    ``key`` (e.g. ``name.zh-TW``), else none (the title then starts with 網站)."""
    if configured or not data_file:
        return configured
    try:
        import yaml

        value = yaml.safe_load(Path(data_file).read_text(encoding="utf-8"))
        for part in key.split(".") if key else ():
            value = value.get(part) if isinstance(value, dict) else None
    except (OSError, ValueError):
        value = None
    return value if isinstance(value, str) else ""


def roc_date(day: dt.date) -> str:
    """民國年月日, e.g. 2026-11-27 → 民國115年11月27日."""
    return f"民國{day.year - 1911}年{day.month}月{day.day}日"


@dataclass(slots=True)
class MonthlyReport:
    day: dt.date
    office: str
    pages: int
    links: int
    broken: list[tuple[str, int | None, str, str]]  # (page, line, url, reason in Chinese)
    unreachable: list[tuple[str, int | None, str, str]]  # could not be checked: same columns
    fixed: list[tuple[str, str]]  # (page, url)
    previous_day: str | None
    external_checked: bool

    @property
    def title(self) -> str:
        return f"{self.office}網站失效連結月報（{roc_date(self.day)}）"


def build_report(
    result: RunResult, state_file: str | Path, office: str, day: dt.date | None = None
) -> MonthlyReport:
    """Compare with the previous report's state; does not write anything."""
    day = day or dt.date.today()
    broken = [(f.link.page, f.line, f.link.url, f.reason_zh) for f in result.broken]
    unreachable = [(f.link.page, f.line, f.link.url, f.reason_zh) for f in result.unreachable]
    previous = _read_state(Path(state_file))
    # A link that could not be checked is not known to be fixed.
    now_keys = {(page, url) for page, _, url, _ in broken + unreachable}
    old_keys = [tuple(k) for k in previous.get("broken", [])]
    fixed = sorted({(p, u) for p, u in old_keys if (p, u) not in now_keys})
    return MonthlyReport(
        day,
        office,
        result.pages,
        result.links,
        broken,
        unreachable,
        fixed,
        previous.get("date"),
        result.external_checked,
    )


def write_monthly(report: MonthlyReport, out_dir: str | Path, state_file: str | Path) -> list[Path]:
    """Write ``dead-links-YYYY-MM.html`` and ``.ods``, then remember this report's broken links."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"dead-links-{report.day:%Y-%m}"
    html_path, ods_path = out / f"{stem}.html", out / f"{stem}.ods"
    html_path.write_text(render_html(report), encoding="utf-8")
    write_ods(ods_path, _sheets(report), report.title)
    state = Path(state_file)
    state.parent.mkdir(parents=True, exist_ok=True)
    # Links that could not be checked stay on the list: still broken until a check says not.
    previous = _previous(state)
    still_open = report.broken + [u for u in report.unreachable if (u[0], u[2]) in previous]
    payload = {
        "date": report.day.isoformat(),
        "broken": sorted({(p, u) for p, _, u, _ in still_open}),
    }
    state.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return [html_path, ods_path]


def _previous(state_file: Path) -> set[tuple[str, str]]:
    return {tuple(k) for k in _read_state(state_file).get("broken", [])}  # type: ignore[misc]


def _read_state(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _summary_rows(report: MonthlyReport) -> list[tuple[str, str | int]]:
    previous = "（首次報告）"
    if report.previous_day:
        previous = roc_date(dt.date.fromisoformat(report.previous_day))
    scope = "站內連結及外部連結" if report.external_checked else "站內連結（未檢查外部連結）"
    return [
        ("檢查日期", roc_date(report.day)),
        ("檢查範圍", scope),
        ("檢查頁數", report.pages),
        ("檢查連結數", report.links),
        ("失效連結數", len(report.broken)),
        ("無法檢查數（網路問題，不列為失效）", len(report.unreachable)),
        ("上次報告日期", previous),
        ("自上次報告已修復數", len(report.fixed)),
    ]


def _sheets(report: MonthlyReport) -> dict[str, list[list]]:
    return {
        "摘要": [[report.title], *[[k, v] for k, v in _summary_rows(report)]],
        "失效連結": [["頁面", "行號", "連結", "原因"], *[list(b) for b in report.broken]],
        "無法檢查": [["頁面", "行號", "連結", "原因"], *[list(u) for u in report.unreachable]],
        "已修復": [["頁面", "連結"], *[list(f) for f in report.fixed]],
    }


def render_html(report: MonthlyReport) -> str:
    esc = html.escape
    summary = "".join(
        f"<tr><th scope=row>{esc(k)}</th><td>{esc(str(v))}</td></tr>"
        for k, v in _summary_rows(report)
    )
    broken = _rows(report.broken, "無失效連結")
    unreachable = _rows(report.unreachable, "無")
    fixed = "".join(f"<tr><td>{esc(p)}</td><td>{esc(u)}</td></tr>" for p, u in report.fixed) or (
        '<tr><td colspan="2">無</td></tr>'
    )
    return f"""<!doctype html>
<html lang="zh-Hant-TW">
<head><meta charset="utf-8"><title>{esc(report.title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:1.5em}}
th,td{{border:1px solid #999;padding:.3em .6em;text-align:left}}</style></head>
<body>
<h1>{esc(report.title)}</h1>
<table><caption>摘要</caption>{summary}</table>
<h2>失效連結</h2>
<table><thead><tr><th>頁面</th><th>行號</th><th>連結</th><th>原因</th></tr></thead><tbody>{broken}</tbody></table>
<h2>無法檢查（網路問題，不列為失效）</h2>
<p>檢查時連不上這些網站（DNS、連線被拒、代理伺服器或網路中斷），無法判斷連結是否失效，下次檢查會再確認。</p>
<table><thead><tr><th>頁面</th><th>行號</th><th>連結</th><th>原因</th></tr></thead><tbody>{unreachable}</tbody></table>
<h2>自上次報告已修復</h2>
<table><thead><tr><th>頁面</th><th>連結</th></tr></thead><tbody>{fixed}</tbody></table>
</body></html>
"""


def _rows(items: list[tuple[str, int | None, str, str]], empty: str) -> str:
    esc = html.escape
    cells = "".join(
        f"<tr><td>{esc(p)}</td><td>{line or ''}</td><td>{esc(u)}</td><td>{esc(r)}</td></tr>"
        for p, line, u, r in items
    )
    return cells or f'<tr><td colspan="4">{empty}</td></tr>'
