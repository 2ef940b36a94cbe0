"""The deploy's rules on their own: cache headers, types, CSP hashes, invalidation paths,
settings, and the stack's CSP parameter (moto CloudFormation)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from scripts.deploy import headers
from scripts.deploy.cache import IMMUTABLE, MODEST, REVALIDATE, cache_control
from scripts.deploy.cli import deploy
from scripts.deploy.errors import DeployError
from scripts.deploy.plan import invalidation_paths
from scripts.deploy.settings import DeploySettings
from scripts.server.static import content_type
from tests.deploy.conftest import BUCKET, create_distribution


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("index.html", REVALIDATE),
        ("en/news/feed.xml", REVALIDATE),
        ("sitemap.xml.gz", REVALIDATE),
        ("site.webmanifest", REVALIDATE),
        ("booking/ABC.ics", REVALIDATE),
        ("assets/javascripts/bundle.a5f9d56c.min.js", IMMUTABLE),
        ("assets/javascripts/bundle.a5f9d56c.min.js.map", IMMUTABLE),
        ("assets/stylesheets/palette.fb2fffe2.min.css", IMMUTABLE),
        ("pagefind/fragment/en_3ed8cdf.pf_fragment", IMMUTABLE),
        ("pagefind/pagefind.en_8bed78598a.pf_meta", IMMUTABLE),
        ("pagefind/pagefind.js", MODEST),
        ("pagefind/wasm.en.pagefind", MODEST),
        ("assets/javascripts/forms.js", MODEST),
        ("files/forms/population-20260101.pdf", MODEST),  # digits are no fingerprint
        ("files/forms/a.odt", MODEST),
    ],
)
def test_cache_control(key: str, expected: str) -> None:
    assert cache_control(key) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.odt", "application/vnd.oasis.opendocument.text"),
        ("a.ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("a.ics", "text/calendar; charset=utf-8"),
        ("site.webmanifest", "application/manifest+json; charset=utf-8"),
        ("x.wasm", "application/wasm"),
        ("sitemap.xml.gz", "application/gzip"),
    ],
)
def test_content_types_the_build_may_have(name: str, expected: str) -> None:
    assert content_type(Path(name)) == expected


def test_only_executable_inline_scripts_are_hashed() -> None:
    html = (
        '<script src="a.js"></script><script id="__config" type="application/json">{}</script>'
        '<script type="application/ld+json">{"@type": "FAQPage"}</script>'
        "<script>var a=1</script><SCRIPT type=module>b()</SCRIPT>"
    )
    assert list(headers.inline_scripts(html)) == ["var a=1", "b()"]
    # `printf 'var a=1' | openssl dgst -sha256 -binary | base64`, as browsers compute it.
    assert headers.script_hash("var a=1") == "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"


def test_csp_allows_own_scripts_wasm_and_the_api_only() -> None:
    policy = headers.content_security_policy(["'sha256-x'"])
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval' 'sha256-x'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy


def test_csp_longer_than_cloudfront_accepts_is_refused() -> None:
    with pytest.raises(DeployError, match="1783") as caught:
        headers.content_security_policy([f"'sha256-{n:044d}'" for n in range(40)])
    assert "行內 script" in caught.value.zh


def test_built_site_csp_fits_cloudfront(site_dir: Path) -> None:
    policy = headers.security_headers(site_dir)["Content-Security-Policy"]
    assert len(policy) <= headers.CSP_MAX_LENGTH
    assert policy.count("'sha256-") >= 2  # Material's inline scripts are hashed


def test_page_keys_map_to_both_their_urls() -> None:
    assert invalidation_paths(["index.html", "en/guides/birth/index.html", "a b.pdf"]) == [
        "/",
        "/a%20b.pdf",
        "/en/guides/birth/",
        "/en/guides/birth/index.html",
        "/index.html",
    ]


def test_many_paths_become_one_wildcard() -> None:
    keys = [f"news/{n}/index.html" for n in range(300)]
    assert invalidation_paths(keys) == ["/*"]
    assert len(invalidation_paths(keys[:100])) == 200


def test_environment_overrides_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "deploy.toml"
    config.write_text('[deploy]\nbucket = "from-file"\nstage = "test"\n', encoding="utf-8")
    settings = DeploySettings.load(config, {"HRO_DEPLOY_BUCKET": "from-env"})
    assert (settings.bucket, settings.stage, settings.region) == ("from-env", "test", "us-east-1")


def test_config_file_errors_are_bilingual(tmp_path: Path) -> None:
    config = tmp_path / "deploy.toml"
    config.write_text('[deploy]\nbuckit = "typo"\n', encoding="utf-8")
    with pytest.raises(DeployError, match="buckit") as caught:
        DeploySettings.load(config, {})
    assert "不認得" in caught.value.zh and "unknown" in caught.value.en
    with pytest.raises(DeployError, match="not found"):
        DeploySettings.load(tmp_path / "missing.toml", {})
    with pytest.raises(DeployError, match="not found"):
        DeploySettings.load(None, {"HRO_DEPLOY_CONFIG": str(tmp_path / "missing.toml")})


# A stand-in for infra/site.yml with the same parameter and outputs (moto cannot create
# CloudFront resources through CloudFormation).
STACK = {
    "Parameters": {
        "ContentSecurityPolicy": {"Type": "String", "Default": "default-src 'self'"},
        "DistributionId": {"Type": "String"},
    },
    "Resources": {"SiteBucket": {"Type": "AWS::S3::Bucket"}},
    "Outputs": {
        "BucketName": {"Value": {"Ref": "SiteBucket"}},
        "DistributionId": {"Value": {"Ref": "DistributionId"}},
    },
}


def test_stack_gives_the_target_and_its_csp_follows_the_build(
    aws: boto3.Session, small_site: Path
) -> None:
    cloudformation = aws.client("cloudformation")
    cloudformation.create_stack(
        StackName="hro-site",
        TemplateBody=json.dumps(STACK),
        Parameters=[{"ParameterKey": "DistributionId", "ParameterValue": create_distribution(aws)}],
    )
    settings = DeploySettings(stack="hro-site", region="us-east-1")
    lines: list[str] = []
    dry = deploy(settings, small_site, dry_run=True, site_only=True, session=aws, out=lines.append)
    assert dry.csp_changed and any("Content-Security-Policy" in line for line in lines)

    def stack_csp() -> str:
        stack = cloudformation.describe_stacks(StackName="hro-site")["Stacks"][0]
        return {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}[
            "ContentSecurityPolicy"
        ]

    assert stack_csp() == "default-src 'self'"  # the dry run changed nothing
    report = deploy(settings, small_site, site_only=True, session=aws, out=lambda _: None)
    assert report.csp_changed and report.bucket.startswith("hro-site-sitebucket")
    assert stack_csp() == headers.security_headers(small_site)["Content-Security-Policy"]
    assert report.uploaded and BUCKET not in report.bucket
    again = deploy(settings, small_site, site_only=True, session=aws, out=lambda _: None)
    assert not again.csp_changed and again.uploaded == []


def test_every_setting_is_documented_for_it_staff() -> None:
    from dataclasses import fields

    guide = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text("utf-8")
    for field in fields(DeploySettings):
        assert f"HRO_DEPLOY_{field.name.upper()}" in guide, field.name
    example = Path(__file__).resolve().parents[2] / "infra" / "deploy.example.toml"
    assert DeploySettings.load(example, {}).stack == "hro-site"


def test_local_server_adds_the_headers_and_keeps_an_apps_own(tmp_path: Path) -> None:
    """As CloudFront with Override false: the staff console's stricter CSP wins."""
    from werkzeug.test import Client

    from scripts.server.app import make_app

    (tmp_path / "index.html").write_text("<script>var a=1</script>", encoding="utf-8")

    def console(environ, start_response):
        start_response("200 OK", [("Content-Security-Policy", "default-src 'none'")])
        return [b"console"]

    client = Client(make_app(tmp_path, console))
    page = client.get("/")
    expected = headers.security_headers(tmp_path)
    assert {name: page.headers[name] for name in expected} == expected
    assert (
        "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"
        in expected["Content-Security-Policy"]
    )
    api = client.get("/api/admin/")
    assert api.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]
    assert api.headers["Strict-Transport-Security"] == expected["Strict-Transport-Security"]
