"""``make review-due``: pages whose review date has passed, most overdue first, with their owner.

Usage (from the repository root):
    make review-due                               # overdue pages, and pages due within 30 days
    make review-due ARGS="--strict"               # exit 1 when any page is overdue
    make review-due ARGS="--as-of 2027-06-01"     # as if today were that day
    make review-due ARGS="--json"

A page is due ``review_in`` after ``last_reviewed`` (front matter or the folder's .meta.yml).
After checking a page, set ``last_reviewed:`` in its front matter to the day you checked it.
Exit status: 0 normally; 1 with ``--strict`` when a page is overdue; 2 when a page's review
fields cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.pagetools import review, table
from theme.sitekit import pages


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{text}` is not a date written YYYY-MM-DD (日期請以西元 YYYY-MM-DD 填寫)"
        ) from None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make review-due",
        description="List pages whose last_reviewed + review_in has passed, with their owner.",
    )
    parser.add_argument("--docs-dir", type=Path, default=pages.DEFAULT_DOCS_DIR)
    parser.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    parser.add_argument(
        "--warn-days",
        type=int,
        default=review.DEFAULT_WARN_DAYS,
        metavar="N",
        help=f"also list pages due within N days (default {review.DEFAULT_WARN_DAYS})",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when any page is overdue")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    as_of = args.as_of or dt.date.today()
    report = review.build_report(pages.load(args.docs_dir), as_of, args.warn_days)
    for error in report.errors:
        print(f"Error 錯誤: {error}", file=sys.stderr)
    if args.json:
        print(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    else:
        print(render(report))
    if report.errors:
        return 2
    return 1 if args.strict and report.overdue else 0


HEADERS = ["Page 頁面", "Owner 負責單位", "Last reviewed 上次檢視", "Every 週期", "Due 到期日"]


def render(report: review.ReviewReport) -> str:
    lines = [
        f"複查到期 Review dates as of {report.as_of.isoformat()}: {report.page_count} pages 頁",
        "",
    ]
    if report.overdue:
        lines.append(f"Overdue 已逾期 ({len(report.overdue)}):")
        rows = [
            [*_cells(item), f"{item.days_overdue} days overdue 逾期 {item.days_overdue} 天"]
            for item in report.overdue
        ]
        lines += [table.render([*HEADERS, "Overdue 逾期"], rows), ""]
    else:
        lines += ["No page is overdue. 沒有逾期未複查的頁面。", ""]
    if report.due_soon:
        lines.append(
            f"Warning 提醒: due within {report.warn_days} days "
            f"{report.warn_days} 天內到期 ({len(report.due_soon)}):"
        )
        rows = [
            [*_cells(item), f"in {-item.days_overdue} days 剩 {-item.days_overdue} 天"]
            for item in report.due_soon
        ]
        lines += [table.render([*HEADERS, "Left 剩餘"], rows), ""]
    if report.overdue or report.due_soon:
        lines.append(
            "After checking a page, set `last_reviewed:` in its front matter to today. "
            "檢視頁面內容後，請將頁首的 last_reviewed 改為檢視當天日期。"
        )
    return "\n".join(lines).rstrip()


def _cells(item: review.ReviewItem) -> list[str]:
    return [
        item.page,
        item.owner,
        item.last_reviewed.isoformat(),
        item.review_in,
        item.due.isoformat(),
    ]


def to_json(report: review.ReviewReport) -> dict[str, Any]:
    def item_json(item: review.ReviewItem) -> dict[str, Any]:
        return {
            "page": item.page,
            "owner": item.owner,
            "last_reviewed": item.last_reviewed.isoformat(),
            "review_in": item.review_in,
            "due": item.due.isoformat(),
            "days_overdue": item.days_overdue,
        }

    return {
        "as_of": report.as_of.isoformat(),
        "warn_days": report.warn_days,
        "pages": report.page_count,
        "overdue": [item_json(item) for item in report.overdue],
        "due_soon": [item_json(item) for item in report.due_soon],
        "errors": [str(error) for error in report.errors],
    }


if __name__ == "__main__":
    sys.exit(main())
