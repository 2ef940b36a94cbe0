"""Build the site into build/site: ``mkdocs build --strict`` plus the post-build steps.

One command for ``make build``, ``make serve`` and CI, so every path builds the same site.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from scripts.search_index import SearchIndexError, index_site

ROOT = Path(__file__).resolve().parent.parent


def build(
    site_dir: Path,
    *,
    quiet: bool = False,
    config_file: Path | None = None,
    sequential: bool = False,
) -> float:
    """Run the strict MkDocs build; return the seconds it took.

    The languages build in parallel processes (scripts/parallel_build.py, same output as the
    i18n plugin's one-after-the-other flow, which ``sequential`` keeps for comparison).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    command = [sys.executable, "-m", "scripts.parallel_build", "--strict"]
    command += ["--site-dir", str(site_dir)]
    if config_file is not None:
        command += ["--config-file", str(config_file.resolve())]
    if sequential:
        command.append("--sequential")
    # Never pass --quiet to MkDocs: it hides warnings from --strict and the build "passes".
    # From the config's folder: the hooks import ``theme`` from next to the config they build.
    cwd = config_file.resolve().parent if config_file is not None else ROOT
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(result.returncode)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("-f", "--config-file", type=Path, default=None)
    parser.add_argument("--sequential", action="store_true", help="one language after another")
    args = parser.parse_args()
    seconds = build(
        args.site_dir, quiet=args.quiet, config_file=args.config_file, sequential=args.sequential
    )
    try:
        index_site(args.site_dir)  # Pagefind search index, right after the MkDocs build
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    print(f"Site built into {args.site_dir} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
