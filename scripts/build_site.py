"""Build the site into build/site: ``mkdocs build --strict``, the Pagefind search index, the
theme's stylesheets and scripts under content-hashed names (scripts/fingerprint.py), and the
precompressed ``.br``/``.gz`` variants of every text file (scripts/precompress.py).

One command for ``make build``, ``make serve`` and CI, so every path builds the same site. The
index is built during the MkDocs build, each language's pages handed to Pagefind as they are
rendered (scripts/parallel_build.py ``--search-index``, scripts/search_index.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from scripts.fingerprint import fingerprint_site
from scripts.precompress import compress_site

ROOT = Path(__file__).resolve().parent.parent


def build(
    site_dir: Path,
    *,
    quiet: bool = False,
    config_file: Path | None = None,
    sequential: bool = False,
    search: bool = True,
    compress: bool = True,
) -> float:
    """Run the strict MkDocs build and, with ``search``, the search index; return the seconds.

    With ``compress``, every text file then gets its ``.br`` and ``.gz`` beside it.

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
    if search:
        command.append("--search-index")
    # Never pass --quiet to MkDocs: it hides warnings from --strict and the build "passes".
    # From the config's folder: the hooks import ``theme`` from next to the config they build.
    cwd = config_file.resolve().parent if config_file is not None else ROOT
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(result.returncode)
    fingerprint_site(site_dir)
    if compress:
        compress_site(site_dir)
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
    print(
        f"Site built into {args.site_dir} (with its search index and compressed copies) "
        f"in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
