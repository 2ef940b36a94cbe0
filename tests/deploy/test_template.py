"""infra/site.yml: generated from scripts/deploy, valid for cfn-lint, with the required setup."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.deploy import headers
from scripts.deploy.template import (
    ALL_VIEWER_EXCEPT_HOST_HEADER,
    CACHING_DISABLED,
    TEMPLATE_PATH,
    edge_version_id,
    render,
)

TEMPLATE: dict[str, Any] = yaml.safe_load(TEMPLATE_PATH.read_text(encoding="utf-8"))
RESOURCES = TEMPLATE["Resources"]
CONFIG = RESOURCES["Distribution"]["Properties"]["DistributionConfig"]


def test_committed_template_is_the_generated_one() -> None:
    assert TEMPLATE_PATH.read_text(encoding="utf-8") == render(), (
        "infra/site.yml is stale: run `python -m scripts.deploy template`"
    )


def test_cfn_lint_finds_nothing() -> None:
    lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent))
    assert lint, "cfn-lint is missing: `make venv` (requirements/deploy.in)"
    result = subprocess.run([lint, str(TEMPLATE_PATH)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bucket_is_private_versioned_and_read_only_by_this_distribution() -> None:
    bucket = RESOURCES["SiteBucket"]
    properties = bucket["Properties"]
    assert bucket["DeletionPolicy"] == "Retain"
    assert set(properties["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(properties["PublicAccessBlockConfiguration"]) == 4
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    statements = RESOURCES["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    read = next(s for s in statements if s["Effect"] == "Allow")
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert read["Action"] == "s3:GetObject"
    source = read["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    assert source.endswith(":distribution/${Distribution}")
    oac = RESOURCES["OriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (oac["OriginAccessControlOriginType"], oac["SigningBehavior"]) == ("s3", "always")


def test_distribution_https_http3_compression_root_object() -> None:
    assert CONFIG["HttpVersion"] == "http2and3"
    assert CONFIG["DefaultRootObject"] == "index.html"
    default = CONFIG["DefaultCacheBehavior"]
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["Compress"] is True
    site_origin = next(o for o in CONFIG["Origins"] if o["Id"] == "site")
    assert site_origin["OriginAccessControlId"] == {"Fn::GetAtt": ["OriginAccessControl", "Id"]}
    assert site_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    functions = default["FunctionAssociations"]
    assert functions[0]["EventType"] == "viewer-request"
    edge = default["LambdaFunctionAssociations"][0]
    assert edge == {"EventType": "origin-response", "LambdaFunctionARN": {"Ref": edge_version_id()}}


def test_api_behaviour_is_uncached_and_forwards_what_the_api_needs() -> None:
    *_queue, api = CONFIG["CacheBehaviors"]  # the last one: more specific paths come first
    assert api["PathPattern"] == "/api/*"
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert {"POST", "GET", "OPTIONS"} <= set(api["AllowedMethods"])
    assert api["ViewerProtocolPolicy"] == "https-only"
    origin = next(o for o in CONFIG["Origins"] if o["Id"] == api["TargetOriginId"])
    assert origin["DomainName"] == {"Ref": "ApiDomainName"}
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    # No custom error responses: they would turn the API's JSON 403/404 into an HTML page.
    assert "CustomErrorResponses" not in CONFIG


def test_the_public_queue_is_cached_for_what_its_answers_allow(tmp_path: Path) -> None:
    """CloudFront keeps /api/queue and its no-JavaScript pages for at most 10 s, with a key of
    the path alone; the backend's answers ask for exactly that (s-maxage), so a thousand
    polling phones reach the function at most once per 10 s per edge location."""
    from forms_lambda.api.queue_html import CACHED_PATHS
    from forms_lambda.app import create_app
    from forms_lambda.settings import Settings
    from scripts.server.cache import shared_max_age

    *queue, api = CONFIG["CacheBehaviors"]
    assert [b["PathPattern"] for b in queue] == list(CACHED_PATHS)
    for behaviour in queue:
        assert behaviour["TargetOriginId"] == api["TargetOriginId"] == "api"
        assert behaviour["CachePolicyId"] == {"Ref": "QueueCachePolicy"}
        assert behaviour["AllowedMethods"] == ["GET", "HEAD"]
        assert "OriginRequestPolicyId" not in behaviour  # nothing of the reader's forwarded
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"}
    policy = RESOURCES["QueueCachePolicy"]["Properties"]["CachePolicyConfig"]
    assert policy["MinTTL"] == 0 and policy["MaxTTL"] == policy["DefaultTTL"] == 10
    key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"}
    assert key["CookiesConfig"] == {"CookieBehavior": "none"}
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "none"}
    client = create_app(Settings(instance_path=tmp_path)).test_client()
    for path in CACHED_PATHS:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert shared_max_age(answer.headers["Cache-Control"]) == policy["MaxTTL"], path
        assert "Set-Cookie" not in answer.headers  # a cookie would make CloudFront's copy private


def test_response_headers_policy_carries_the_shared_header_values() -> None:
    policy = RESOURCES["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    security = policy["SecurityHeadersConfig"]
    assert security["ContentSecurityPolicy"] == {
        "ContentSecurityPolicy": {"Ref": "ContentSecurityPolicy"},
        "Override": False,  # the staff console's own stricter CSP wins, as in make serve
    }
    hsts = security["StrictTransportSecurity"]
    expected = headers.static_headers()
    assert expected["Strict-Transport-Security"] == (
        f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts["IncludeSubdomains"] else "")
    )
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == expected["Referrer-Policy"]
    assert security["FrameOptions"]["FrameOption"] == expected["X-Frame-Options"]
    assert "ContentTypeOptions" in security  # X-Content-Type-Options: nosniff
    custom = {h["Header"]: h["Value"] for h in policy["CustomHeadersConfig"]["Items"]}
    assert custom == {
        "Permissions-Policy": expected["Permissions-Policy"],
        "Cross-Origin-Opener-Policy": expected["Cross-Origin-Opener-Policy"],
        "Vary": "Accept-Encoding",  # S3 cannot say the function picked a .br/.gz copy
    }
    for behaviour in [CONFIG["DefaultCacheBehavior"], *CONFIG["CacheBehaviors"]]:
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"}


def test_edge_function_code_fits_inline_and_is_the_tested_module() -> None:
    code = RESOURCES["NotFoundFunction"]["Properties"]["Code"]["ZipFile"]
    assert len(code) <= 4096  # CloudFormation's limit for inline Lambda code
    assert code == (Path(headers.__file__).parent / "edge_404.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["BucketName", "DistributionId"])
def test_outputs_the_deploy_reads(name: str) -> None:
    assert name in TEMPLATE["Outputs"]
