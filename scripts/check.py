"""``make check``: the content checks of the build, for webmasters, in seconds.

Builds the site exactly as ``make build`` does (strict, every hook and check, both languages)
into a scratch folder, without the search index and without the browser tests of ``make test``,
and ends with the summary block: each problem as ``file:line``, what is wrong and what to do,
Chinese first, then the count. Warnings of the build are shown as they come.

Under GitHub Actions (or with ``--github``) every problem is also printed as an annotation
(``::error file=…,line=…::``), which GitHub shows on the pull request's diff.

    python -m scripts.check [-f mkdocs.yml] [--github]

Exit status: 0 when the content has no problem, 1 otherwise.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from scripts.parallel_build import BuildFailed, build_site, exit_without_cleanup, setup_logging
from theme.sitekit.checks import summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make check", description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=None)
    parser.add_argument(
        "--github",
        action="store_true",
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="also print GitHub annotations (the default under GitHub Actions)",
    )
    args = parser.parse_args(argv)
    setup_logging(quiet=True)  # warnings stay visible; INFO chatter does not
    scratch = Path(tempfile.mkdtemp(prefix="hro-check-"))
    started = time.perf_counter()
    try:
        build_site(args.config_file, scratch / "site", strict=True)
    except BuildFailed as error:
        problems = error.problems
        print(summary.render(problems, after="check") if problems else error, file=sys.stderr)
        if args.github and problems:
            print(summary.github_annotations(problems), flush=True)
            _to_step_summary(summary.render(problems, after="check"))
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(
        f"內容檢查通過，沒有問題（{seconds:.1f} 秒）。\n"
        f"The content check found no problem ({seconds:.1f} s)."
    )
    return 0


def _to_step_summary(block: str) -> None:
    """The block on the GitHub run's summary page too (Actions sets GITHUB_STEP_SUMMARY)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"## 內容檢查 · Content check\n\n```text\n{block}\n```\n")


if __name__ == "__main__":
    gc.disable()  # a short-lived process: see scripts/parallel_build.py
    code = main()
    exit_without_cleanup(code)
