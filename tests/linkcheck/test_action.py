"""The composite GitHub Action (linkcheck/action.yml) and the workflow that uses it: pinned
actions, the cache restored and saved even when links are broken, and the check step's own
shell script run here with the real checker to see what it does with each exit code."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "linkcheck" / "action.yml").read_text(encoding="utf-8"))
WORKFLOW = yaml.safe_load(
    (REPO / ".github" / "workflows" / "link-check.yml").read_text(encoding="utf-8")
)
STEPS = ACTION["runs"]["steps"]
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _step(name_start: str) -> dict:
    return next(step for step in STEPS if step["name"].startswith(name_start))


def test_every_action_is_pinned_by_full_commit_sha() -> None:
    uses = [step["uses"] for step in STEPS if "uses" in step]
    for job in WORKFLOW["jobs"].values():
        uses += [step["uses"] for step in job["steps"] if "uses" in step]
    remote = [u for u in uses if not u.startswith("./")]
    assert remote and all(PINNED.match(u) for u in remote), remote
    assert "./linkcheck" in uses  # the workflow uses this repository's action


def test_cache_is_restored_before_and_saved_after_even_on_failure() -> None:
    names = [step["name"] for step in STEPS]
    restore, check = _step("Restore"), _step("Check links")
    save = _step("Save")
    assert restore["uses"].startswith("actions/cache/restore@")
    assert save["uses"].startswith("actions/cache/save@")
    assert names.index(restore["name"]) < names.index(check["name"]) < names.index(save["name"])
    assert save["if"].startswith("always()")  # runs when the check step failed
    assert save["with"]["key"] == restore["with"]["key"]  # a new entry each run ...
    assert restore["with"]["restore-keys"].endswith("-")  # ... restored by prefix


@pytest.fixture
def runner(tmp_path: Path) -> dict[str, str]:
    """The environment GitHub gives a composite step, with the checker 'installed'."""
    bin_dir = tmp_path / "runner" / "site-linkcheck" / "bin"
    bin_dir.mkdir(parents=True)
    checker = shutil.which("site-linkcheck", path=str(Path(sys.executable).parent))
    assert checker, "site-linkcheck console script (pip install -e ./linkcheck)"
    (bin_dir / "site-linkcheck").symlink_to(checker)
    return {
        **os.environ,
        "RUNNER_TEMP": str(tmp_path / "runner"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "REPORTS": str(tmp_path / "reports"),
        "CONFIG": "/dev/null",
        "FAIL_ON_UNREACHABLE": "false",
    }


def _run_check_step(env: dict[str, str], site: Path, args: str = "") -> tuple[int, str, str]:
    script = _step("Check links")["run"]
    run = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        env={**env, "SITE": str(site), "ARGS": args},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = Path(env["GITHUB_OUTPUT"]).read_text()
    return run.returncode, output, run.stdout


def test_check_step_keeps_the_exit_code(runner: dict[str, str], fixture_site: Path) -> None:
    code, output, stdout = _run_check_step(runner, fixture_site)
    assert code == 1 and "exit-code=1" in output
    assert "::error::Broken links" in stdout
    reports = Path(runner["REPORTS"])
    assert {p.name for p in reports.iterdir()} == {
        "links.json",
        "links.xml",
        "links.md",
        "links.txt",
        "links.sarif",
    }


def test_could_not_check_is_a_warning_unless_asked(runner: dict[str, str], tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="http://127.0.0.1:9/">down</a>')
    config = tmp_path / "linkcheck.yml"
    config.write_text("external: {retries: 0}\n")
    runner = {**runner, "CONFIG": str(config)}
    code, output, stdout = _run_check_step(runner, site, "--external --no-cache")
    assert (code, output.strip()) == (0, "exit-code=3")
    assert "::warning::Some links could not be checked" in stdout
    runner["FAIL_ON_UNREACHABLE"] = "true"
    assert _run_check_step(runner, site, "--external --no-cache")[0] == 3


def test_bad_config_is_exit_2(runner: dict[str, str], fixture_site: Path) -> None:
    code, output, _ = _run_check_step({**runner, "CONFIG": "/no/such.yml"}, fixture_site)
    assert code == 2 and "exit-code=2" in output
