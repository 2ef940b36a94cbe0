"""The backend's deploy: pin its requirements for Lambda, then ``serverless deploy``.

Only the command lines are built here; the CLI runs them (never in tests, never in a dry run).
"""

from __future__ import annotations

import shutil
import sys

from scripts.deploy.settings import ROOT, DeploySettings


def requirements_command() -> list[str]:
    """serverless-wsgi packages requirements.txt: pin it from requirements/backend.in."""
    uv = shutil.which("uv")
    base = [uv] if uv else [sys.executable, "-m", "uv"]
    return [
        *base,
        "pip",
        "compile",
        "--quiet",
        "--python-version",
        "3.12",
        "requirements/backend.in",
        "-o",
        "requirements.txt",
    ]


def serverless_command(settings: DeploySettings) -> list[str]:
    """``serverless deploy`` with the stage, region and the site URL the backend needs."""
    runner = shutil.which("serverless") or shutil.which("sls")
    base = [runner] if runner else ["npx", "--no-install", "serverless"]
    command = [*base, "deploy", "--stage", settings.stage, "--region", settings.backend_region]
    if settings.profile:
        command += ["--aws-profile", settings.profile]
    if settings.site_url:
        command += ["--param", f"siteUrl={settings.site_url}"]
    if settings.staff_emails:
        command += ["--param", f"staffEmails={settings.staff_emails}"]
    if settings.sender:
        command += ["--param", f"sender={settings.sender}"]
    return command


def commands(settings: DeploySettings) -> list[list[str]]:
    return [requirements_command(), serverless_command(settings)]


WORKDIR = ROOT
