"""Run every benchmark in bench/ and print its figures.

Each module in this folder exposes ``main() -> None`` and prints its own results; a benchmark
never fails on a slow machine, it only reports.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    wanted = set(argv)
    here = Path(__file__).parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(here)])):
        if module.startswith("_") or (wanted and module not in wanted):
            continue
        print(f"\n=== bench/{module}.py ===", flush=True)
        importlib.import_module(f"bench.{module}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
