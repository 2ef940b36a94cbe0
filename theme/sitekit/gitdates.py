"""When each content file last changed: its last commit date, read for a whole folder at once.

One ``git log`` call for the folder instead of one per file keeps large sites fast; files not yet
committed fall back to their modification time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_commit_dates(root: Path, folder: Path) -> dict[Path, dt.date]:
    """Last commit date of every file under ``folder``, keyed by resolved absolute path."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", str(folder)],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    top = _toplevel(root)
    dates: dict[Path, dt.date] = {}
    current: dt.date | None = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current:
            dates.setdefault((top / line).resolve(), current)
    return dates


def last_updated(path: Path, dates: dict[Path, dt.date]) -> dt.date:
    """The file's last commit date, or its modification time when it is not committed yet."""
    resolved = path.resolve()
    return dates.get(resolved) or dt.date.fromtimestamp(resolved.stat().st_mtime)


def _toplevel(root: Path) -> Path:
    """git log names files from the repository's top folder, which may be above ``root``."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return root
    return Path(out) if out else root
