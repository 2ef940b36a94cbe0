"""The pull-request workflow runs the content check and every test, reports problems on the
diff, keeps the built site, and uses pinned actions with read-only permissions."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "pull-request.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_runs_on_every_pull_request_with_read_only_permissions() -> None:
    flow = _workflow()
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as True
    assert flow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in flow["jobs"].values())


def test_checks_then_tests_then_keeps_the_site() -> None:
    [job] = _workflow()["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert any(run.strip() == "make check" for run in runs)
    assert any(run.strip() == "make test" for run in runs)
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "build/site"
    assert upload["if"] == "always()"


def test_every_action_is_pinned_by_full_commit() -> None:
    uses = [s["uses"] for job in _workflow()["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses, "no actions found"
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), use
    checkout = next(
        s
        for j in _workflow()["jobs"].values()
        for s in j["steps"]
        if "checkout" in s.get("uses", "")
    )
    assert checkout["with"]["persist-credentials"] is False
