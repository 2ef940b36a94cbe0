"""``make new-page``: create a page in Chinese and English with what its type needs.

Usage (from the repository root):
    make new-page PAGE=about/parking TITLE_ZH=停車資訊 TITLE_EN=Parking          # a plain page
    make new-page PAGE=guides/example TITLE_ZH=範例 TITLE_EN=Example            # a guide
    make new-page TYPE=news PAGE=typhoon-closure TITLE_ZH=… TITLE_EN=…           # a news post
    make new-page TYPE=qa TOPIC=birth PAGE=q-birth-late TITLE_ZH=… TITLE_EN=…    # a Q&A entry

A page gets ``title``, ``last_reviewed`` (today) and an H1 carrying the shared id; a guide (any
page in guides/) also every standard section; a news post is named with today's date; a Q&A
entry is a question added under the topic in both languages. Each builds clean as created.
Refuses to overwrite anything. TYPE, TOPIC, PAGE, TITLE_ZH and TITLE_EN are read from the
environment (make passes them there), so titles with spaces or quotes need no shell quoting;
command-line options win over the environment.
Exit status: 0 when the files were written, 2 on bad input (nothing is written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from scripts.pagetools import scaffold
from theme.sitekit import pages


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make new-page",
        description="Create a page in both languages: make new-page PAGE=guides/example "
        "TITLE_ZH=範例 TITLE_EN=Example",
    )
    parser.add_argument("page", nargs="?", default=os.environ.get("PAGE", ""))
    parser.add_argument("--title-zh", default=os.environ.get("TITLE_ZH", ""))
    parser.add_argument("--title-en", default=os.environ.get("TITLE_EN", ""))
    parser.add_argument("--type", default=os.environ.get("TYPE", ""), help="page, guide, news, qa")
    parser.add_argument("--topic", default=os.environ.get("TOPIC", ""), help="qa: the topic id")
    parser.add_argument("--docs-dir", type=Path, default=pages.DEFAULT_DOCS_DIR)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    today = args.date or dt.date.today()
    try:
        created = scaffold.create(
            args.docs_dir, args.page, args.title_zh, args.title_en, today, args.type, args.topic
        )
    except scaffold.ScaffoldError as error:
        print(f"Error 錯誤: {error}", file=sys.stderr)
        print(
            "Usage 用法: make new-page PAGE=guides/example TITLE_ZH=範例 TITLE_EN=Example",
            file=sys.stderr,
        )
        return 2
    done = "added 已加入" if args.type.strip().lower() == "qa" else "created 已建立"
    print(f"{done} {pages.shown_path(created.source)}")
    print(f"{done} {pages.shown_path(created.translation)}")
    print("Next 接下來:")
    print("  1. replace the text in brackets （…） in both files; keep every `{ #id }`")
    if created.nav_entry:
        print(f"  2. add `- {created.nav_entry}` under `nav:` in mkdocs.yml (加入選單)")
    english = pages.shown_path(created.translation).removeprefix("content/pages/")
    print(f'  3. after translating: make i18n-status ARGS="--mark {english}"')
    print("  4. make preview to see it at http://127.0.0.1:8000, or make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
