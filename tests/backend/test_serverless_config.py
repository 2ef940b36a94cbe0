"""serverless.yml deploys what the code expects: handler, route, tables, least privilege."""

from __future__ import annotations

import re

import yaml

from forms_lambda.settings import REPO_ROOT, SETTINGS


class _CloudFormationLoader(yaml.SafeLoader):
    """Reads !GetAtt and friends as plain values."""


_CloudFormationLoader.add_multi_constructor(
    "!", lambda loader, suffix, node: f"!{suffix} {loader.construct_scalar(node)}"
)

CONFIG = yaml.load((REPO_ROOT / "serverless.yml").read_text(), Loader=_CloudFormationLoader)


def test_our_handler_and_the_api_route() -> None:
    function = CONFIG["functions"]["api"]
    assert function["handler"] == "forms_lambda.handler.handler"
    assert function["events"] == [{"httpApi": {"method": "*", "path": "/api/{proxy+}"}}]
    assert "app" not in CONFIG["custom"]["wsgi"], "the plugin's wsgi_handler must not be used"


def test_settings_in_the_environment_are_real_settings() -> None:
    environment = CONFIG["provider"]["environment"]
    assert set(environment) <= set(SETTINGS)
    assert environment["FORMS_STORE"] == "dynamodb" and environment["FORMS_NOTIFY"] == "ses"
    assert "ssm:" in environment["FORMS_SECRET_KEY"]


def test_tables_have_recovery_and_ttl_on_expires_at() -> None:
    for table in CONFIG["resources"]["Resources"].values():
        properties = table["Properties"]
        assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
        assert properties["TimeToLiveSpecification"] == {
            "AttributeName": "expires_at",
            "Enabled": True,
        }
        assert [k["AttributeName"] for k in properties["KeySchema"]] == ["pk", "sk"]


def test_iam_allows_only_the_calls_the_code_makes() -> None:
    statements = CONFIG["provider"]["iam"]["role"]["statements"]
    actions = {a for s in statements for a in s["Action"]}
    assert not any("*" in a for a in actions)
    source = (REPO_ROOT / "forms_lambda/store/dynamodb.py").read_text()
    calls = set(re.findall(r"self\.client\.(\w+)\(", source)) - {"scan"}
    expected = {"dynamodb:" + "".join(p.title() for p in c.split("_")) for c in calls}
    expected = {a.replace("TransactWriteItems", "PutItem") for a in expected}
    assert expected <= actions
    assert "dynamodb:Scan" not in actions
    assert "ses:SendRawEmail" in actions


def test_package_holds_the_code_and_the_rules() -> None:
    patterns = CONFIG["package"]["patterns"]
    assert "forms_lambda/**" in patterns
    assert "content/data/booking.yml" in patterns and "content/data/forms.yml" in patterns
    assert "content/data/queue.yml" in patterns


def _packaged_files() -> list[str]:
    """The repository files serverless.yml's package patterns keep (last matching pattern wins,
    as in the Serverless Framework)."""
    import fnmatch
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    kept = []
    for name in tracked:
        keep = False
        for pattern in CONFIG["package"]["patterns"]:
            negate = pattern.startswith("!")
            glob = pattern.removeprefix("!")
            if fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(name, glob.replace("/**", "/*")):
                keep = not negate
        if keep:
            kept.append(name)
    return kept


def test_the_package_alone_starts_and_answers(tmp_path) -> None:
    """Copy only what the package holds, then cold-start the handler there with the settings
    serverless.yml gives it: a file the code reads but the package lacks fails here first."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    for name in _packaged_files():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMS_")}
    env.update(FORMS_INSTANCE_PATH=str(tmp_path / "instance"), FORMS_SECRET_KEY="package-test")
    env["PYTHONPATH"] = str(tmp_path)
    paths = [
        "/api/health",
        "/api/openapi.json",
        "/api/services",
        "/api/pages/booking/refused/?reason=slot_full",
        "/api/pages/en/feedback/status/",
        "/api/admin/sign-in",
        "/api/admin/assets/admin.css",
        "/api/queue",
        "/api/pages/en/queue/",
    ]
    probe = (
        "import json, sys; from forms_lambda.handler import app; c = app.test_client();"
        f"codes = [c.get(p).status_code for p in {paths!r}];"
        "print(json.dumps([codes, c.get('/api/forms').get_json()]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    codes, forms = json.loads(result.stdout.splitlines()[-1])
    assert dict(zip(paths, codes, strict=True)) == dict.fromkeys(paths, 200)
    agency = forms["forms"]["booking"]["notice"]["agency"]
    assert "臺中市南區戶政事務所" in agency["zh-TW"]
