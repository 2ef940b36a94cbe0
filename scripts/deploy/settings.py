"""Where to deploy: from ``HRO_DEPLOY_*`` environment variables or a small TOML file.

The environment wins over the file, so CI can override one value. No secret lives here: AWS
credentials come from the usual AWS places (a named profile, SSO, or the role CI runs as).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from scripts.deploy.errors import DeployError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = ROOT / "deploy.toml"
ENV_PREFIX = "HRO_DEPLOY_"


@dataclass(frozen=True)
class DeploySettings:
    """One deploy target. Either ``stack`` or both ``bucket`` and ``distribution_id``."""

    stack: str = ""  # the site's CloudFormation stack (infra/site.yml): outputs + CSP
    bucket: str = ""  # overrides the stack's BucketName output
    distribution_id: str = ""  # overrides the stack's DistributionId output
    region: str = "us-east-1"  # the site stack's region (Lambda@Edge needs us-east-1)
    profile: str = ""  # AWS named profile; empty: the default credential chain
    stage: str = "prod"  # serverless stage of the backend
    backend_region: str = "ap-northeast-1"  # the backend's region (Tokyo: near Taiwan)
    site_url: str = ""  # https://… : FORMS_SITE_URL of the backend (links in e-mails)
    staff_emails: str = ""  # comma-separated, FORMS_STAFF_EMAILS
    sender: str = ""  # FORMS_SENDER (verified in SES); empty: serverless.yml's default

    @classmethod
    def load(
        cls, config: Path | None = None, environ: Mapping[str, str] | None = None
    ) -> DeploySettings:
        """File values, then ``HRO_DEPLOY_<NAME>`` variables on top."""
        env = os.environ if environ is None else environ
        named = config or (
            Path(env[ENV_PREFIX + "CONFIG"]) if env.get(ENV_PREFIX + "CONFIG") else None
        )
        path = named or DEFAULT_CONFIG
        values: dict[str, str] = {}
        if path.is_file():
            values.update(_read_file(path))
        elif named is not None:
            raise DeployError(f"找不到設定檔 {path}", f"config file {path} not found")
        names = {f.name for f in fields(cls)}
        for name in names:
            if (ENV_PREFIX + name.upper()) in env:
                values[name] = env[ENV_PREFIX + name.upper()].strip()
        return cls(**values)

    def check_site_target(self) -> None:
        if not self.stack and not (self.bucket and self.distribution_id):
            raise DeployError(
                "請設定 HRO_DEPLOY_STACK（網站的 CloudFormation 堆疊），或同時設定 "
                "HRO_DEPLOY_BUCKET 與 HRO_DEPLOY_DISTRIBUTION_ID（見 docs/deploy.md）",
                "set HRO_DEPLOY_STACK (the site's CloudFormation stack), or both "
                "HRO_DEPLOY_BUCKET and HRO_DEPLOY_DISTRIBUTION_ID (see docs/deploy.md)",
            )

    def check_backend_target(self) -> None:
        """serverless.yml requires the site URL (links in e-mails never trust the Host)."""
        if not self.site_url.startswith("https://"):
            raise DeployError(
                "部署後端需要 HRO_DEPLOY_SITE_URL（https:// 開頭的網站網址），"
                "或用 --site-only 只部署網站",
                "deploying the backend needs HRO_DEPLOY_SITE_URL (the site's https:// URL), "
                "or use --site-only to deploy the site alone",
            )


def _read_file(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DeployError(
            f"設定檔 {path} 格式錯誤：{error}", f"config file {path} is not valid TOML: {error}"
        ) from error
    table = data.get("deploy", data)
    names = {f.name for f in fields(DeploySettings)}
    unknown = sorted(set(table) - names)
    if unknown:
        raise DeployError(
            f"設定檔 {path} 有不認得的設定：{', '.join(unknown)}",
            f"config file {path} has unknown settings: {', '.join(unknown)}",
        )
    return {key: str(value) for key, value in table.items()}
