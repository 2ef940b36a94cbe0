"""``make deploy``: build, sync build/site to S3, purge CloudFront, then ``serverless deploy``.

    python -m scripts.deploy [--dry-run] [--site-only] [--skip-build] [--force]
    python -m scripts.deploy headers     # the security headers of build/site, as JSON
    python -m scripts.deploy template    # regenerate infra/site.yml

Settings: HRO_DEPLOY_* variables or deploy.toml (scripts/deploy/settings.py, docs/deploy.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.deploy import backend
from scripts.deploy.errors import DeployError
from scripts.deploy.headers import security_headers
from scripts.deploy.settings import ROOT, DeploySettings

SITE_DIR = ROOT / "build" / "site"


@dataclass
class Report:
    """What a deploy did (or, in a dry run, would do)."""

    bucket: str = ""
    distribution_id: str = ""
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    invalidated: list[str] = field(default_factory=list)
    invalidation_id: str | None = None
    csp_changed: bool = False
    backend_commands: list[list[str]] = field(default_factory=list)


def deploy(
    settings: DeploySettings,
    site_dir: Path,
    *,
    dry_run: bool = False,
    site_only: bool = False,
    force: bool = False,
    session: Any = None,
    run: Callable[..., Any] = subprocess.run,
    out: Callable[[str], None] = print,
) -> Report:
    """Deploy ``site_dir`` (already built) and, unless ``site_only``, the backend."""
    from scripts.deploy import invalidate, plan, s3sync, stack  # boto3 only when deploying

    if not (site_dir / "index.html").is_file():
        raise DeployError(
            f"{site_dir} 沒有 index.html：請先執行 make build",
            f"{site_dir} has no index.html: run `make build` first",
        )
    settings.check_site_target()
    if not site_only:
        settings.check_backend_target()
    if session is None:
        import boto3

        session = boto3.Session(profile_name=settings.profile or None, region_name=settings.region)
    s3 = session.client("s3")
    report = Report()
    prefix = "[dry run] " if dry_run else ""

    csp = security_headers(site_dir)["Content-Security-Policy"]
    site_stack = None
    if settings.stack:
        cloudformation = session.client("cloudformation")
        site_stack = stack.describe(cloudformation, settings.stack)
    report.bucket = settings.bucket or _output(site_stack, "BucketName")
    report.distribution_id = settings.distribution_id or _output(site_stack, "DistributionId")
    out(f"{prefix}site → s3://{report.bucket} (CloudFront {report.distribution_id})")

    if site_stack is not None and site_stack.csp != csp:
        report.csp_changed = True
        out(f"{prefix}Content-Security-Policy of stack {site_stack.name} changes to: {csp}")
        if not dry_run:
            stack.update_csp(cloudformation, site_stack, csp)
    elif site_stack is None:
        out("no HRO_DEPLOY_STACK: the CloudFront CSP is not checked; it must be: " + csp)

    local = plan.scan_site(site_dir)
    remote = s3sync.list_objects(s3, report.bucket)
    todo = plan.make_plan(
        local, remote, s3sync.stored_sha256_reader(s3, report.bucket), force=force
    )
    report.uploaded = [f.key for f in todo.uploads]
    report.deleted = list(todo.deletes)
    report.unchanged = todo.unchanged
    report.invalidated = todo.invalidation_paths
    for file in todo.uploads:
        out(f"{prefix}upload {file.key}  [{file.content_type}; {file.cache_control}]")
    for key in todo.deletes:
        out(f"{prefix}delete {key}")
    out(
        f"{prefix}{len(todo.uploads)} to upload, {len(todo.deletes)} to delete, "
        f"{todo.unchanged} unchanged; invalidate {len(report.invalidated)} paths"
        + (f": {' '.join(report.invalidated[:20])}" if report.invalidated else "")
    )
    if not dry_run:
        s3sync.upload_all(s3, report.bucket, todo.uploads)
        s3sync.delete_all(s3, report.bucket, todo.deletes)
        cloudfront = session.client("cloudfront")
        report.invalidation_id = invalidate.invalidate(
            cloudfront, report.distribution_id, report.invalidated
        )

    if not site_only:
        report.backend_commands = backend.commands(settings)
        for command in report.backend_commands:
            out(f"{prefix}$ {' '.join(command)}")
            if not dry_run:
                run(command, check=True, cwd=ROOT)
    return report


def _output(site_stack: Any, name: str) -> str:
    value = site_stack.outputs.get(name, "") if site_stack is not None else ""
    if not value:
        raise DeployError(
            f"堆疊沒有輸出 {name}：請設定 HRO_DEPLOY_{name.upper()}",
            f"the stack has no output {name}: set it in the settings",
        )
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.deploy", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "command", nargs="?", default="deploy", choices=["deploy", "headers", "template"]
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--site-only", action="store_true", help="skip serverless deploy")
    parser.add_argument("--skip-build", action="store_true", help="use build/site as it is")
    parser.add_argument("--force", action="store_true", help="upload every file again")
    parser.add_argument("--site", type=Path, default=SITE_DIR, help="the built site folder")
    parser.add_argument("--config", type=Path, default=None, help="settings file (TOML)")
    args = parser.parse_args(argv)
    try:
        if args.command == "template":
            from scripts.deploy.template import write_template

            print(f"wrote {write_template()}")
            return 0
        if not args.skip_build:
            subprocess.run([sys.executable, "-m", "scripts.build_site"], check=True, cwd=ROOT)
        if args.command == "headers":
            print(json.dumps(security_headers(args.site), indent=2, ensure_ascii=False))
            return 0
        settings = DeploySettings.load(args.config)
        deploy(
            settings, args.site, dry_run=args.dry_run, site_only=args.site_only, force=args.force
        )
    except DeployError as error:
        print(f"deploy: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        print(f"deploy: 指令失敗 / command failed: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        if not type(error).__module__.startswith(("botocore", "boto3")):
            raise
        print(f"deploy: AWS 拒絕或無法連線 / AWS refused or unreachable: {error}", file=sys.stderr)
        return 1
    return 0
