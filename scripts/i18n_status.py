"""``make i18n-status``: pages without an English version, outdated translations, heading ids.

Usage (from the repository root):
    make i18n-status                                   # list what needs translating
    make i18n-status ARGS="--strict"                   # exit 1 when anything needs work (CI)
    make i18n-status ARGS="--mark guides/birth.en.md"  # the translation is checked: record it
    make i18n-status ARGS="--mark-all"                 # first run: record every translation
    make i18n-status ARGS="--diff guides/birth.en.md"  # what changed in Chinese since then
    make i18n-status ARGS="--json"                     # machine-readable

Exit status: 0 normally; 1 with ``--strict`` when a page is missing, outdated, never marked or
has heading ids that differ; 2 when a page cannot be read or a ``--mark`` path is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.pagetools import history, marking, table
from theme.sitekit import pages
from theme.sitekit import translations as tr
from theme.sitekit.errors import ContentError


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make i18n-status",
        description="List pages without an English version, translations made from an older "
        "Chinese page, and heading ids that differ between the two languages.",
    )
    parser.add_argument("--docs-dir", type=Path, default=pages.DEFAULT_DOCS_DIR)
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything needs work")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--all", action="store_true", help="list up-to-date pages too")
    parser.add_argument(
        "--mark",
        action="append",
        default=[],
        metavar="PAGE",
        help="record that PAGE (e.g. guides/birth.en.md) translates the Chinese page as it is now",
    )
    parser.add_argument(
        "--mark-all",
        action="store_true",
        help="record every existing translation as up to date (first run, bulk import)",
    )
    parser.add_argument(
        "--diff",
        metavar="PAGE",
        help="show what changed in the Chinese page since PAGE was translated (from git history)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    page_set = pages.load(args.docs_dir)
    if page_set.errors:
        _print_errors(page_set.errors)
        return 2
    if args.mark or args.mark_all:
        return _mark(page_set, args.mark, args.mark_all)
    if args.diff:
        return _diff(page_set, args.diff)
    report = tr.build_report(page_set)
    print(
        json.dumps(to_json(report), ensure_ascii=False, indent=2)
        if args.json
        else render(report, show_all=args.all)
    )
    return 1 if args.strict and report.has_problems else 0


def _mark(page_set: pages.PageSet, given: list[str], mark_all: bool) -> int:
    try:
        targets = [marking.resolve_pair(page_set.docs_dir, name) for name in given]
    except ContentError as error:
        _print_errors([error])
        print("Nothing was marked. 未標記任何頁面。", file=sys.stderr)
        return 2
    previous = {pair.translation: pair.status for pair in tr.build_report(page_set).pairs}
    if mark_all:
        targets += [
            (pair.source, pair.translation)
            for pair in tr.build_report(page_set).pairs
            if pair.status in (tr.UNRECORDED, tr.OUTDATED)
        ]
    done: set[str] = set()
    for source, translation in targets:
        if translation in done:
            continue
        done.add(translation)
        fingerprint = marking.mark(page_set, source, translation)
        was = tr.LABELS[previous.get(translation, tr.OK)]
        print(f"marked {translation} as the translation of {source} ({fingerprint}); was: {was}")
    if not done:
        print("Every translation was already marked. 所有譯文皆已標記。")
    missing = [p.source for p in tr.build_report(page_set).pairs if p.status == tr.MISSING]
    if missing:
        print(f"Still without English 仍缺英文版: {', '.join(missing)}")
    return 0


def _diff(page_set: pages.PageSet, given: str) -> int:
    try:
        source, translation = marking.resolve_pair(page_set.docs_dir, given)
    except ContentError as error:
        _print_errors([error])
        return 2
    pair = next(p for p in tr.build_report(page_set).pairs if p.translation == translation)
    if pair.status != tr.OUTDATED or pair.recorded_hash is None:
        print(
            f"{translation}: {tr.LABELS[pair.status]}; "
            "there is no older Chinese version to compare."
        )
        return 0
    page = page_set.pages[source]
    diff = history.changes_since_translation(page, page_set.docs_dir / source, pair.recorded_hash)
    if diff is None:
        print(
            f"The Chinese version that {translation} was translated from ({pair.recorded_hash}) "
            "is not in the git history, so the changes cannot be shown; compare the two pages "
            "side by side. (在版本紀錄中找不到翻譯時的中文版，請直接對照兩頁。)"
        )
        return 0
    print(f"Changes to {source} since {translation} was translated (翻譯後中文版的修改):")
    print(diff, end="" if diff.endswith("\n") else "\n")
    return 0


def render(report: tr.Report, *, show_all: bool = False) -> str:
    """The report as a summary line, a table of pages and a list of heading problems."""
    counts = [f"{tr.LABELS[status]} {report.count(status)}" for status in tr.LABELS]
    counts.append(f"heading id problems 標題錨點問題 {report.heading_issue_count}")
    lines = [
        f"翻譯狀態 Translation status: {pages.shown_path(report.docs_dir)}",
        " · ".join(counts),
        "",
    ]
    rows = [
        [
            pair.translation if pair.status != tr.MISSING else pair.source,
            tr.LABELS[pair.status],
            pair.advice,
        ]
        for pair in report.pairs
        if show_all or pair.status in tr.PROBLEMS
    ]
    if rows:
        lines += [table.render(["Page 頁面", "Status 狀態", "What to do 處理方式"], rows), ""]
    issues = [issue for pair in report.pairs for issue in pair.heading_issues]
    if issues:
        lines.append("Heading ids that differ 標題錨點不一致:")
        for issue in issues:
            lines.append(f"  {issue.one_line()}")
        lines.append("")
    if not report.has_problems:
        lines.append("Every page is translated and up to date. 所有頁面皆已翻譯且為最新。")
    return "\n".join(lines).rstrip()


def to_json(report: tr.Report) -> dict[str, Any]:
    return {
        "docs_dir": pages.shown_path(report.docs_dir),
        "ok": not report.has_problems,
        "summary": {status: report.count(status) for status in tr.LABELS}
        | {"heading_issues": report.heading_issue_count},
        "pages": [
            {
                "source": pair.source,
                "translation": pair.translation,
                "status": pair.status,
                "current_hash": pair.current_hash,
                "recorded_hash": pair.recorded_hash,
                "advice": pair.advice,
                "heading_issues": [
                    {
                        "kind": i.code.removeprefix("heading-"),
                        "file": i.path,
                        "line": i.line or None,
                        "message": i.one_line(),
                    }
                    for i in pair.heading_issues
                ],
            }
            for pair in report.pairs
        ],
    }


def _print_errors(errors: Sequence[ContentError]) -> None:
    for error in errors:
        print(f"Error 錯誤: {error}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
