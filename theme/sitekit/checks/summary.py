"""The one summary block a failed build ends with, and the same list for GitHub and the preview.

Chinese first, then English; each problem as ``file:line``, what is wrong, what to do; the
count last, so it is the last thing on the screen.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from theme.sitekit.checks.problem import GUIDE, Problem

RULE = "═" * 72


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once (a page checked in two language builds says it twice), by file/line."""
    return sorted(set(problems))


def render(problems: Iterable[Problem], *, after: str = "build") -> str:
    """The terminal block. ``after`` says what stopped: "build", "check" or "preview"."""
    found = unique(problems)
    count = len(found)
    lines = [RULE, f"內容檢查：{count} 個問題 · Content check: {count} problem(s)", RULE]
    for number, problem in enumerate(found, start=1):
        lines.append(f"{number}. {problem.where}")
        if problem.wrong_zh:
            lines.append(f"   錯誤 {problem.wrong_zh}")
        if problem.wrong_en:
            lines.append(f"   Wrong {problem.wrong_en}")
        if problem.todo_zh:
            lines.append(f"   處理 {problem.todo_zh}")
        if problem.todo_en:
            lines.append(f"   To do {problem.todo_en}")
        lines.append("")
    lines.append("─" * 72)
    lines.append(_ending(count, after))
    lines.append(f"說明 Help: {GUIDE}#build-errors")
    return "\n".join(lines)


def _ending(count: int, after: str) -> str:
    if after == "preview":
        return (
            f"共 {count} 個問題。預覽仍顯示上一次成功的頁面；修正後存檔即會更新。\n"
            f"{count} problem(s). The preview keeps the last good pages; fix and save to update."
        )
    if after == "check":
        return (
            f"共 {count} 個問題，請修正後再執行 make check。\n"
            f"{count} problem(s); fix them, then run make check again."
        )
    return (
        f"共 {count} 個問題，網站沒有建置完成，請修正後再建置。\n"
        f"{count} problem(s); the site was not built. Fix them and build again."
    )


def github_annotations(problems: Iterable[Problem]) -> str:
    """``::error file=…,line=…,title=…::message`` lines: shown on the pull request's diff."""
    out = []
    for problem in unique(problems):
        where = f"file={_property(problem.path)}," if problem.path else ""
        if problem.path and problem.line:
            where += f"line={problem.line},"
        text = "\n".join(
            part
            for part in (
                problem.wrong_zh,
                problem.wrong_en,
                problem.todo_zh and f"處理：{problem.todo_zh}",
                problem.todo_en and f"To do: {problem.todo_en}",
            )
            if part
        )
        out.append(f"::error {where}title={_property(problem.code)}::{_data(text)}")
    return "\n".join(out)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def banner_html(problems: Iterable[Problem]) -> str:
    """The preview's error banner: the summary block over the page, no script needed."""
    found = unique(problems)
    if not found:
        return ""
    items = []
    for problem in found:
        parts = [f"<strong>{html.escape(problem.where)}</strong>"]
        for label, text, lang in (
            ("錯誤", problem.wrong_zh, "zh-Hant-TW"),
            ("Wrong", problem.wrong_en, "en"),
            ("處理", problem.todo_zh, "zh-Hant-TW"),
            ("To do", problem.todo_en, "en"),
        ):
            if text:
                parts.append(f'<span lang="{lang}">{label} {html.escape(text)}</span>')
        items.append("<li>" + "<br>".join(parts) + "</li>")
    count = len(found)
    return (
        '<aside id="hro-preview-errors" role="alert" aria-labelledby="hro-preview-errors-title" '
        'style="position:fixed;z-index:10000;inset:auto 0 0 0;max-height:60vh;overflow:auto;'
        "margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#1a1a1a;"
        "border-top:4px solid #b00020;font:16px/1.5 system-ui,sans-serif;"
        'box-shadow:0 -4px 16px rgba(0,0,0,.25)">'
        f'<h2 id="hro-preview-errors-title" style="margin:0 0 .5rem;font-size:1.1rem;'
        f'color:#b00020">內容有 {count} 個問題 · {count} problem(s) in the content</h2>'
        f'<ol style="margin:0 0 .5rem;padding-left:1.5rem">{"".join(items)}</ol>'
        f'<p style="margin:0">{html.escape(_ending(count, "preview"))}</p>'
        "</aside>"
    )
