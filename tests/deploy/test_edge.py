"""The two functions at the edge: directory URLs (CloudFront Function) and the 404 page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import boto3
import pytest

from scripts import precompress
from scripts.deploy import edge_404
from tests.deploy.conftest import BUCKET, REGION

FUNCTION = Path(edge_404.__file__).parent / "directory_index.js"


def run_function(
    uri: str, querystring: dict[str, Any] | None = None, accept_encoding: str | None = None
) -> dict[str, Any]:
    """Run directory_index.js in Node on a viewer-request event, as CloudFront would."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing (needed by the npm tools too): run `make sysdeps`")
    headers = {"accept-encoding": {"value": accept_encoding}} if accept_encoding else {}
    event = {"request": {"uri": uri, "querystring": querystring or {}, "headers": headers}}
    script = (
        FUNCTION.read_text()
        + f"\nprocess.stdout.write(JSON.stringify(handler({json.dumps(event)})));"
    )
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("uri", "rewritten"),
    [
        ("/", "/index.html"),
        ("/guides/birth/", "/guides/birth/index.html"),
        ("/en/", "/en/index.html"),
        ("/assets/javascripts/fontsize.js", "/assets/javascripts/fontsize.js"),
        ("/sitemap.xml.gz", "/sitemap.xml.gz"),
    ],
)
def test_directory_urls_reach_index_html(uri: str, rewritten: str) -> None:
    assert run_function(uri)["uri"] == rewritten


CHROME = "gzip, deflate, br, zstd"


@pytest.mark.parametrize(
    ("uri", "accept", "rewritten"),
    [
        ("/", CHROME, "/index.html.br"),
        ("/en/guides/birth/", CHROME, "/en/guides/birth/index.html.br"),
        ("/assets/stylesheets/gov.css", "gzip, deflate", "/assets/stylesheets/gov.css.gz"),
        ("/sitemap.xml", "br;q=0, gzip", "/sitemap.xml.gz"),
        ("/news/feed.xml", "BR", "/news/feed.xml.br"),
        ("/guides/birth/", None, "/guides/birth/index.html"),
        ("/guides/birth/", "identity", "/guides/birth/index.html"),
        (
            "/files/forms/transcript-application.pdf",
            CHROME,
            "/files/forms/transcript-application.pdf",
        ),
        ("/pagefind/index/en_3ed8cdf.pf_index", CHROME, "/pagefind/index/en_3ed8cdf.pf_index"),
        ("/sitemap.xml.gz", CHROME, "/sitemap.xml.gz"),
    ],
)
def test_text_files_are_sent_as_their_precompressed_copy(
    uri: str, accept: str | None, rewritten: str
) -> None:
    assert run_function(uri, accept_encoding=accept)["uri"] == rewritten


def test_the_function_compresses_what_the_build_compresses() -> None:
    listed = re.search(r"var COMPRESSIBLE = \[(.*?)\];", FUNCTION.read_text(), re.S)
    assert listed is not None
    assert tuple(re.findall(r'"([^"]+)"', listed.group(1))) == precompress.COMPRESSIBLE_SUFFIXES


def test_directory_without_slash_redirects_with_its_query() -> None:
    answer = run_function(
        "/en/search",
        {
            "q": {"value": "birth"},
            "x": {"value": "1", "multiValue": [{"value": "1"}, {"value": "2"}]},
        },
    )
    assert answer["statusCode"] == 301
    assert answer["headers"]["location"]["value"] == "/en/search/?q=birth&x=1&x=2"
    assert run_function("/guides/birth")["headers"]["location"]["value"] == "/guides/birth/"


def origin_response(uri: str, status: str) -> dict[str, Any]:
    domain = f"{BUCKET}.s3.{REGION}.amazonaws.com"
    return {
        "Records": [
            {
                "cf": {
                    "request": {"uri": uri, "origin": {"s3": {"domainName": domain}}},
                    "response": {"status": status, "statusDescription": "x", "headers": {}},
                }
            }
        ]
    }


@pytest.fixture
def bucket_with_404_pages(aws: boto3.Session) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="404.html", Body="<h1>找不到網頁</h1>".encode())
    s3.put_object(Bucket=BUCKET, Key="en/404.html", Body=b"<h1>Page not found</h1>")
    edge_404._pages.clear()


@pytest.mark.usefixtures("bucket_with_404_pages")
@pytest.mark.parametrize(
    ("uri", "status", "text"),
    [
        ("/no-such-page/index.html", "403", "找不到網頁"),
        ("/guides/gone/index.html", "404", "找不到網頁"),
        ("/en/no-such-page/index.html", "403", "Page not found"),
        ("/en", "404", "Page not found"),
        ("/en/gone/index.html.br", "403", "Page not found"),  # the function asked for a copy
    ],
)
def test_missing_page_gets_its_languages_404_page_with_status_404(
    uri: str, status: str, text: str
) -> None:
    answer = edge_404.handler(origin_response(uri, status), None)
    assert answer["status"] == "404"
    assert text in answer["body"]
    assert answer["headers"]["content-type"][0]["value"] == "text/html; charset=utf-8"


@pytest.mark.usefixtures("bucket_with_404_pages")
def test_found_objects_pass_untouched() -> None:
    event = origin_response("/index.html", "200")
    assert edge_404.handler(event, None) is event["Records"][0]["cf"]["response"]


def test_unreadable_404_page_still_answers_a_bilingual_404(aws: boto3.Session) -> None:
    edge_404._pages.clear()
    answer = edge_404.handler(origin_response("/x/index.html", "403"), None)  # no bucket
    assert answer["status"] == "404"
    assert "找不到網頁" in answer["body"] and "Page not found" in answer["body"]


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("site.s3.ap-northeast-1.amazonaws.com", ("site", "ap-northeast-1")),
        ("site.s3.us-east-1.amazonaws.com", ("site", "us-east-1")),
        ("site.s3.amazonaws.com", ("site", "us-east-1")),
        ("a.b.s3.dualstack.eu-west-1.amazonaws.com", ("a.b", "eu-west-1")),
    ],
)
def test_bucket_and_region_from_the_origin_domain(domain: str, expected: tuple) -> None:
    assert edge_404.bucket_and_region(domain) == expected
