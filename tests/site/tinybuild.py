"""Run the real MkDocs build, with one of our hooks, on a tiny project made by a test.

Hook tests use it to prove a marker expands and a data mistake stops the build, without
building the whole site.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EXTENSIONS = ("attr_list", "tables", "toc")


def build_with_hook(
    project: Path, hook: str, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
) -> subprocess.CompletedProcess:
    """Write ``mkdocs.yml`` for ``project/content/pages`` with ``theme/hooks/<hook>.py``; build."""
    (project / "mkdocs.yml").write_text(
        "site_name: Test\n"
        "docs_dir: content/pages\n"
        "site_dir: site\n"
        f"markdown_extensions: [{', '.join(extensions)}]\n"
        f"hooks: [{ROOT / 'theme' / 'hooks' / f'{hook}.py'}]\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
