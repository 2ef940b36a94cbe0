"""AWS emulated by moto (never the real AWS), and a private copy of the real built site."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from scripts.deploy.settings import DeploySettings

REGION = "us-east-1"
BUCKET = "hro-site-test"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[boto3.Session]:
    """A boto3 session whose every call goes to moto, with fake credentials."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield boto3.Session(region_name=REGION)


def create_distribution(session: boto3.Session) -> str:
    config = {
        "CallerReference": "hro-test",
        "Comment": "test",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "site",
                    "DomainName": f"{BUCKET}.s3.{REGION}.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
    }
    answer = session.client("cloudfront").create_distribution(DistributionConfig=config)
    return answer["Distribution"]["Id"]


@pytest.fixture
def target(aws: boto3.Session) -> DeploySettings:
    """An empty versioned bucket and a distribution, as infra/site.yml makes them."""
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    return DeploySettings(bucket=BUCKET, distribution_id=create_distribution(aws), region=REGION)


# Files a complete build always has; a copy without them was taken during another rebuild.
COMPLETE_BUILD = ["index.html", "404.html", "en/404.html", "guides/birth/index.html"]
SMALL_SITE = ["index.html", "404.html", "en/404.html", "guides/birth", "files/forms", "assets"]


@pytest.fixture(scope="session")
def built_copy(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real build, copied once and whole (tests change their own copies of this copy)."""
    base = tmp_path_factory.mktemp("built")
    for attempt in range(10):  # build/site may be mid-rebuild by a parallel `make build`
        copy = base / f"site{attempt}"
        try:
            shutil.copytree(site_dir, copy)
        except (shutil.Error, FileNotFoundError):
            pass
        else:
            if all((copy / key).is_file() for key in COMPLETE_BUILD):
                return copy
        time.sleep(3)
    pytest.fail(f"{site_dir} stayed incomplete: run `make build`")


@pytest.fixture
def site(built_copy: Path, tmp_path: Path) -> Path:
    """A copy of the whole real built site this test may change."""
    copy = tmp_path / "site"
    shutil.copytree(built_copy, copy)
    return copy


@pytest.fixture
def small_site(built_copy: Path, tmp_path: Path) -> Path:
    """A few real pages, forms and assets: for tests that deploy several times."""
    copy = tmp_path / "small"
    for name in SMALL_SITE:
        source, target = built_copy / name, copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    return copy


def objects(session: boto3.Session) -> dict[str, dict[str, Any]]:
    """Key → HeadObject of every object in the test bucket."""
    s3 = session.client("s3")
    keys = [
        item["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        for item in page.get("Contents", [])
    ]
    return {key: s3.head_object(Bucket=BUCKET, Key=key) for key in keys}


def invalidated_paths(session: boto3.Session, distribution_id: str) -> list[list[str]]:
    """The paths of each invalidation of the distribution, oldest first."""
    cloudfront = session.client("cloudfront")
    listing = cloudfront.list_invalidations(DistributionId=distribution_id)["InvalidationList"]
    batches = []
    for summary in reversed(listing.get("Items", [])):
        detail = cloudfront.get_invalidation(DistributionId=distribution_id, Id=summary["Id"])
        batches.append(detail["Invalidation"]["InvalidationBatch"]["Paths"].get("Items", []))
    return batches
