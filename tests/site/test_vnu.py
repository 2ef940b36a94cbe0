"""The Nu Html Checker (vnu-jar, the W3C validator) finds no error on any built page.

One JVM checks every page at once (starting Java per page would cost seconds each). A canary
page with a known error rides along, so a checker that silently checks nothing cannot pass.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.site.conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CANARY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>canary</title></head>
<body><p><div>a div inside a paragraph is fine, but</div><span tabindex="">this is an error</span>
</body></html>
"""


def _file_of(message: dict) -> Path:
    return Path(unquote(urlsplit(message.get("url", "")).path))


def _shown(path: Path, site_dir: Path) -> str:
    return str(path.relative_to(site_dir)) if path.is_relative_to(site_dir) else str(path)


def _run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `make sysdeps` (installs default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `make node`")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stderr[-2000:]}")


def test_every_built_page_is_valid_html(site_dir: Path, tmp_path: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert pages, f"no HTML pages in {site_dir}"
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")

    messages = _run_vnu([*pages, canary])

    canary_errors = [m for m in messages if _file_of(m) == canary and m.get("type") == "error"]
    assert canary_errors, "vnu did not flag the known-bad canary page: is it checking anything?"
    errors = [m for m in messages if _file_of(m) != canary and m.get("type") != "info"]
    lines = [
        f"{_shown(_file_of(m), site_dir)}:{m.get('lastLine', '?')}: {m.get('message')}"
        f"\n      {' '.join(m.get('extract', '').split())[:160]}"
        for m in errors
    ]
    if errors:
        pytest.fail(
            f"vnu found {len(errors)} error(s) in {len(pages)} pages:\n" + "\n".join(lines),
            pytrace=False,
        )
