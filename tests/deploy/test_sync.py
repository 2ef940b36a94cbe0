"""The deploy against moto's S3 and CloudFront, with the real built site."""

from __future__ import annotations

import hashlib
from pathlib import Path

import boto3
import pytest

from scripts.deploy.cache import IMMUTABLE, MODEST, REVALIDATE
from scripts.deploy.cli import deploy, main
from scripts.deploy.errors import DeployError
from scripts.deploy.settings import DeploySettings
from scripts.precompress import compress_file, encoding_of, identity_key
from scripts.server.static import content_type
from tests.deploy.conftest import BUCKET, invalidated_paths, objects

# One of each kind of file the site has, with the headers it must be served with.
EXPECTED = {
    "index.html": ("text/html; charset=utf-8", REVALIDATE),
    "404.html": ("text/html; charset=utf-8", REVALIDATE),
    "en/404.html": ("text/html; charset=utf-8", REVALIDATE),
    "guides/birth/index.html": ("text/html; charset=utf-8", REVALIDATE),
    "news/feed.xml": ("application/xml; charset=utf-8", REVALIDATE),
    "sitemap.xml": ("application/xml; charset=utf-8", REVALIDATE),
    # Precompressed copies keep the type and cache rule of the file they encode.
    "sitemap.xml.gz": ("application/xml; charset=utf-8", REVALIDATE),
    "index.html.br": ("text/html; charset=utf-8", REVALIDATE),
    "en/404.html.gz": ("text/html; charset=utf-8", REVALIDATE),
    "assets/stylesheets/gov.css.br": ("text/css; charset=utf-8", MODEST),
    "statistics/population.csv": ("text/csv; charset=utf-8", REVALIDATE),
    "statistics/population.json": ("application/json; charset=utf-8", REVALIDATE),
    "pagefind/pagefind-entry.json": ("application/json; charset=utf-8", REVALIDATE),
    "files/forms/transcript-application.odt": ("application/vnd.oasis.opendocument.text", MODEST),
    "files/forms/satisfaction-survey.ods": (
        "application/vnd.oasis.opendocument.spreadsheet",
        MODEST,
    ),
    "files/forms/transcript-application.pdf": ("application/pdf", MODEST),
    "assets/favicon.svg": ("image/svg+xml; charset=utf-8", MODEST),
    "assets/images/favicon.png": ("image/png", MODEST),
    "assets/stylesheets/gov.css": ("text/css; charset=utf-8", MODEST),
    "assets/javascripts/fontsize.js": ("text/javascript; charset=utf-8", MODEST),
    "pagefind/pagefind.js": ("text/javascript; charset=utf-8", MODEST),
    "pagefind/wasm.en.pagefind": ("application/octet-stream", MODEST),
}
PAGE = "guides/birth/index.html"


def by_kind(site: Path, pattern: str) -> str:
    """The key of the first built file matching ``pattern`` (names carry build hashes)."""
    match = next(iter(sorted(site.glob(pattern))), None)
    assert match is not None, f"the build has no {pattern}"
    return match.relative_to(site).as_posix()


def all_versions(aws: boto3.Session) -> list[dict]:
    """Every object version in the bucket (S3 answers 1,000 per page; with the .br and .gz
    copies the site has more objects than that)."""
    pages = aws.client("s3").get_paginator("list_object_versions").paginate(Bucket=BUCKET)
    return [version for page in pages for version in page.get("Versions", [])]


def test_first_deploy_puts_every_file_with_its_type_and_cache_header(
    aws: boto3.Session, target: DeploySettings, site: Path
) -> None:
    report = deploy(target, site, site_only=True, session=aws, out=lambda _: None)
    stored = objects(aws)
    built = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    assert set(stored) == set(built) and len(built) > 300
    assert sorted(report.uploaded) == sorted(built) and report.invalidated == []
    for key, head in stored.items():
        assert head["ContentType"] == content_type(Path(identity_key(key))), key
        assert head.get("ContentEncoding") == encoding_of(key), key
        assert head["Metadata"]["sha256"] == hashlib.sha256(built[key].read_bytes()).hexdigest()
    assert stored["index.html.br"]["ContentEncoding"] == "br"
    assert stored["sitemap.xml.gz"]["ContentEncoding"] == "gzip"
    expected = dict(EXPECTED)
    for pattern, kind in [
        ("assets/javascripts/bundle.*.min.js", "text/javascript; charset=utf-8"),
        ("assets/javascripts/bundle.*.min.js.br", "text/javascript; charset=utf-8"),
        ("assets/stylesheets/main.*.min.css", "text/css; charset=utf-8"),
        ("pagefind/fragment/*.pf_fragment", "application/octet-stream"),
        ("pagefind/index/*.pf_index", "application/octet-stream"),
        ("pagefind/pagefind.*.pf_meta", "application/octet-stream"),
    ]:
        expected[by_kind(site, pattern)] = (kind, IMMUTABLE)
    for key, (kind, cache) in expected.items():
        assert (stored[key]["ContentType"], stored[key]["CacheControl"]) == (kind, cache), key


def test_second_deploy_after_one_page_change_uploads_one_object_and_purges_it(
    aws: boto3.Session, target: DeploySettings, site: Path
) -> None:
    deploy(target, site, site_only=True, session=aws, out=lambda _: None)
    versions_before = len(all_versions(aws))
    page = site / PAGE
    page.write_text(page.read_text("utf-8").replace("</main>", "<p>更新</p></main>"), "utf-8")
    compress_file(page)  # as the build does

    report = deploy(target, site, site_only=True, session=aws, out=lambda _: None)

    assert sorted(report.uploaded) == [PAGE, f"{PAGE}.br", f"{PAGE}.gz"]
    assert report.deleted == []
    assert report.invalidated == [
        "/guides/birth/",
        "/guides/birth/index.html",
        "/guides/birth/index.html.br",
        "/guides/birth/index.html.gz",
    ]
    assert invalidated_paths(aws, target.distribution_id) == [report.invalidated]
    versions = all_versions(aws)
    assert len(versions) == versions_before + 3  # the old page stays as a version (rollback)
    body = aws.client("s3").get_object(Bucket=BUCKET, Key=PAGE)["Body"].read()
    assert "<p>更新</p>".encode() in body


def test_removed_page_is_deleted_and_purged(
    aws: boto3.Session, target: DeploySettings, small_site: Path
) -> None:
    deploy(target, small_site, site_only=True, session=aws, out=lambda _: None)
    removed = [PAGE, f"{PAGE}.br", f"{PAGE}.gz"]
    for key in removed:
        (small_site / key).unlink()
    report = deploy(target, small_site, site_only=True, session=aws, out=lambda _: None)
    assert report.uploaded == [] and report.deleted == removed
    assert not set(removed) & set(objects(aws))
    assert invalidated_paths(aws, target.distribution_id) == [
        [
            "/guides/birth/",
            "/guides/birth/index.html",
            "/guides/birth/index.html.br",
            "/guides/birth/index.html.gz",
        ]
    ]


def test_unchanged_site_uploads_nothing_and_purges_nothing(
    aws: boto3.Session, target: DeploySettings, small_site: Path
) -> None:
    deploy(target, small_site, site_only=True, session=aws, out=lambda _: None)
    report = deploy(target, small_site, site_only=True, session=aws, out=lambda _: None)
    assert report.uploaded == report.deleted == report.invalidated == []
    assert report.invalidation_id is None
    assert invalidated_paths(aws, target.distribution_id) == []


def test_dry_run_prints_the_plan_and_changes_nothing(
    aws: boto3.Session, target: DeploySettings, small_site: Path
) -> None:
    deploy(target, small_site, site_only=True, session=aws, out=lambda _: None)
    s3 = aws.client("s3")
    s3.put_object(Bucket=BUCKET, Key="old/index.html", Body=b"<p>old</p>")
    page = small_site / PAGE
    page.write_text(page.read_text("utf-8") + "\n", "utf-8")
    before = all_versions(aws)
    lines: list[str] = []
    commands: list[list[str]] = []

    report = deploy(
        DeploySettings(**{**target.__dict__, "site_url": "https://www.example.gov.tw"}),
        small_site,
        dry_run=True,
        session=aws,
        run=lambda command, **_: commands.append(command),
        out=lines.append,
    )

    assert all_versions(aws) == before
    assert not any(
        "DeleteMarkers" in page
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=BUCKET)
    )
    assert invalidated_paths(aws, target.distribution_id) == []
    assert commands == []  # serverless deploy is printed, never run
    assert report.uploaded == [PAGE] and report.deleted == ["old/index.html"]
    text = "\n".join(lines)
    assert f"[dry run] upload {PAGE}  [text/html; charset=utf-8; {REVALIDATE}]" in text
    assert "[dry run] delete old/index.html" in text
    assert "[dry run] 1 to upload, 1 to delete" in text
    assert "/old/index.html" in text and "/guides/birth/" in text
    assert "serverless deploy --stage prod" in text.replace("npx --no-install ", "")


def test_backend_deploy_runs_after_the_site_unless_site_only(
    aws: boto3.Session, target: DeploySettings, small_site: Path
) -> None:
    settings = DeploySettings(
        **{**target.__dict__, "site_url": "https://www.example.gov.tw", "stage": "prod"}
    )
    commands: list[list[str]] = []
    deploy(
        settings,
        small_site,
        session=aws,
        run=lambda command, **_: commands.append(command),
        out=lambda _: None,
    )
    assert len(commands) == 2
    assert commands[0][-3:] == ["requirements/backend.in", "-o", "requirements.txt"]
    serverless = commands[1]
    assert serverless[serverless.index("deploy") :][:5] == [
        "deploy",
        "--stage",
        "prod",
        "--region",
        "ap-northeast-1",
    ]
    assert "siteUrl=https://www.example.gov.tw" in serverless


def test_multipart_objects_are_compared_by_stored_sha256(
    aws: boto3.Session, target: DeploySettings, small_site: Path
) -> None:
    """A multipart ETag is no MD5: the stored SHA-256 decides, so no needless upload."""
    deploy(target, small_site, site_only=True, session=aws, out=lambda _: None)
    s3 = aws.client("s3")
    key = "files/forms/transcript-application.pdf"
    data = (small_site / key).read_bytes()
    for sha256, expect_upload in [(hashlib.sha256(data).hexdigest(), False), ("0" * 64, True)]:
        upload = s3.create_multipart_upload(
            Bucket=BUCKET, Key=key, ContentType="application/pdf", Metadata={"sha256": sha256}
        )
        part = s3.upload_part(
            Bucket=BUCKET, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=data
        )
        s3.complete_multipart_upload(
            Bucket=BUCKET,
            Key=key,
            UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
        )
        assert "-" in s3.head_object(Bucket=BUCKET, Key=key)["ETag"]
        report = deploy(target, small_site, site_only=True, session=aws, out=lambda _: None)
        assert report.uploaded == ([key] if expect_upload else [])


def test_cli_dry_run_reads_settings_from_the_environment(
    aws: boto3.Session,
    target: DeploySettings,
    small_site: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HRO_DEPLOY_BUCKET", target.bucket)
    monkeypatch.setenv("HRO_DEPLOY_DISTRIBUTION_ID", target.distribution_id)
    monkeypatch.setenv("HRO_DEPLOY_SITE_URL", "https://www.example.gov.tw")
    monkeypatch.chdir(small_site.parent)  # no deploy.toml is read from the repository
    monkeypatch.setattr("scripts.deploy.settings.DEFAULT_CONFIG", small_site.parent / "none.toml")
    assert main(["--dry-run", "--skip-build", "--site", str(small_site)]) == 0
    printed = capsys.readouterr().out
    assert f"[dry run] site → s3://{BUCKET}" in printed
    assert "to upload, 0 to delete, 0 unchanged" in printed
    assert "--param siteUrl=https://www.example.gov.tw" in printed  # printed, not run
    assert objects(aws) == {}


def test_missing_target_is_a_bilingual_error_and_changes_nothing(
    aws: boto3.Session, small_site: Path
) -> None:
    with pytest.raises(DeployError) as caught:
        deploy(DeploySettings(), small_site, session=aws, out=lambda _: None)
    assert "HRO_DEPLOY_STACK" in caught.value.zh and "HRO_DEPLOY_STACK" in caught.value.en
    assert "請設定" in str(caught.value) and "set " in str(caught.value)


def test_backend_deploy_without_site_url_stops_before_any_change(
    aws: boto3.Session, target: DeploySettings, small_site: Path
) -> None:
    with pytest.raises(DeployError, match="HRO_DEPLOY_SITE_URL"):
        deploy(target, small_site, session=aws, out=lambda _: None)
    assert objects(aws) == {}


def test_unbuilt_site_is_refused(
    aws: boto3.Session, target: DeploySettings, tmp_path: Path
) -> None:
    with pytest.raises(DeployError, match="make build"):
        deploy(target, tmp_path, session=aws, out=lambda _: None)
