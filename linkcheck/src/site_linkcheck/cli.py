"""Command line: ``site-linkcheck SITE_DIR [--external] [--format ...] ...``
(or ``python -m site_linkcheck``).

Exit codes: 0 all links good (warnings allowed), 1 broken links found, 2 usage, config or
internal error, 3 no broken link but some could not be checked (network failures).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import traceback
from pathlib import Path

from site_linkcheck.config import Config, ConfigError, load_config
from site_linkcheck.model import EXIT_ERROR, EXIT_OK
from site_linkcheck.reports import RENDERERS
from site_linkcheck.reports.common import network_notice
from site_linkcheck.runner import check_site

DEFAULT_CONFIG = "linkcheck.yml"
DEFAULT_STATE = ".cache/linkcheck/monthly-state.json"  # same as monthly.DEFAULT_STATE
REPORT_FORMATS = ("json", "junit", "markdown", "sarif", "text")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # bilingual usage errors, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"參數錯誤 / usage error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="site-linkcheck",
        description="Check the links of a built site / 檢查已建置網站的連結. "
        "Exit 0 ok, 1 broken links, 2 usage, config or internal error, "
        "3 some links could not be checked (network) and none is broken.",
    )
    parser.add_argument("site_dir", metavar="SITE_DIR", help="built site folder, e.g. build/site")
    parser.add_argument(
        "--external", action="store_true", help="also check external links over HTTP"
    )
    parser.add_argument("--config", help=f"config file (default: {DEFAULT_CONFIG} if present)")
    parser.add_argument(
        "--format", choices=sorted(RENDERERS), default="text", help="stdout/--output format"
    )
    parser.add_argument("--output", help="write the --format report to this file instead of stdout")
    for name in REPORT_FORMATS:
        parser.add_argument(
            f"--{name}-report", metavar="FILE", help=f"also write a {name} report here"
        )
    parser.add_argument(
        "--monthly-report", metavar="DIR", help="write the monthly dead-link report (HTML, ODS)"
    )
    parser.add_argument("--state", default=DEFAULT_STATE, help="monthly report state file")
    parser.add_argument(
        "--site-url",
        action="append",
        help="public address(es) of the site: links to it are internal",
    )
    parser.add_argument(
        "--mkdocs",
        metavar="MKDOCS_YML",
        help="the site's mkdocs.yml: point findings at the Markdown source (SARIF, JSON, text)",
    )
    parser.add_argument("--jobs", type=int, help="parser processes (default from config: 2)")
    parser.add_argument("--no-cache", action="store_true", help="ignore the external result cache")
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print nothing on stdout unless links are broken"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = _config(args)
        if not os.path.isdir(args.site_dir):
            raise ConfigError(f"網站資料夾不存在 / site folder not found: {args.site_dir}")
        result = check_site(
            args.site_dir, config, external=args.external, use_cache=not args.no_cache
        )
        report = RENDERERS[args.format](result)
        if args.output:
            _write(args.output, report)
        elif not (args.quiet and result.exit_code == EXIT_OK):
            sys.stdout.write(report)
        for name in REPORT_FORMATS:
            path = getattr(args, f"{name}_report")
            if path:
                _write(path, RENDERERS[name](result))
        notice = network_notice(result)
        if notice and (args.output or args.format != "text"):
            print(notice, file=sys.stderr)  # the text report holds it already
        if args.monthly_report:
            from site_linkcheck.monthly import build_report, office_name, write_monthly

            office = office_name(config.office, config.office_file, config.office_key)
            monthly = build_report(result, args.state, office)
            for path in write_monthly(monthly, args.monthly_report, args.state):
                print(f"wrote {path}", file=sys.stderr)
        return result.exit_code
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    except Exception:  # an internal error must never look like "broken links" (1) or "ok" (0)
        traceback.print_exc()
        print("連結檢查程式內部錯誤 / internal error in the link checker", file=sys.stderr)
        return EXIT_ERROR


def _config(args: argparse.Namespace) -> Config:
    path = args.config or (DEFAULT_CONFIG if os.path.exists(DEFAULT_CONFIG) else None)
    config = load_config(path)
    if args.site_url:
        config = dataclasses.replace(config, site_urls=tuple(args.site_url))
    if args.mkdocs:
        config = dataclasses.replace(config, mkdocs=args.mkdocs)
    if args.jobs is not None:
        if args.jobs < 1:
            raise ConfigError("--jobs 至少為 1 / --jobs must be at least 1")
        config = dataclasses.replace(config, jobs=args.jobs)
    return config


def _write(path: str, text: str) -> None:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"無法寫入報告 / cannot write report {path}: {exc}") from None


def run() -> None:
    """The ``site-linkcheck`` console script."""
    sys.exit(main(sys.argv[1:]))
