"""``make new-page``: create a page in Chinese and English with the right front matter.

Usage (from the repository root):
    make new-page PAGE=guides/example TITLE_ZH=範例 TITLE_EN=Example

Writes content/pages/guides/example.md and example.en.md, each with ``title``, ``last_reviewed``
(today) and an H1 carrying the shared id ``{ #example }``. Refuses to overwrite an existing page.
PAGE, TITLE_ZH and TITLE_EN are read from the environment (make passes them there), so titles
with spaces or quotes need no shell quoting; command-line options win over the environment.
Exit status: 0 when both files were created, 2 on bad input (nothing is written).
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
    parser.add_argument("--docs-dir", type=Path, default=pages.DEFAULT_DOCS_DIR)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    today = args.date or dt.date.today()
    try:
        created = scaffold.create(args.docs_dir, args.page, args.title_zh, args.title_en, today)
    except scaffold.ScaffoldError as error:
        print(f"Error 錯誤: {error}", file=sys.stderr)
        print(
            "Usage 用法: make new-page PAGE=guides/example TITLE_ZH=範例 TITLE_EN=Example",
            file=sys.stderr,
        )
        return 2
    print(f"created 已建立 {pages.shown_path(created.source)}")
    print(f"created 已建立 {pages.shown_path(created.translation)}")
    print("Next 接下來:")
    print("  1. write both pages; give every heading an id: ## 應備文件 { #what-to-bring }")
    print(f"  2. add `- {created.nav_entry}` under `nav:` in mkdocs.yml (加入選單)")
    print(f'  3. after translating: make i18n-status ARGS="--mark {created.nav_entry[:-3]}.en.md"')
    print("  4. make preview to see it at http://127.0.0.1:8000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
