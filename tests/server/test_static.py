"""The local server serves the site as S3/CloudFront would, and mounts the backend at /api."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest
from werkzeug.test import Client

from scripts.precompress import compress_site
from scripts.server.app import make_app
from scripts.server.static import content_type


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "guides" / "birth").mkdir(parents=True)
    (tmp_path / "guides" / "birth" / "index.html").write_text("<p>出生登記</p>", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "404.html").write_text("<p>找不到網頁</p>", encoding="utf-8")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "404.html").write_text("<p>Page not found</p>", encoding="utf-8")
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "申請書.odt").write_bytes(b"PK\x03\x04odt")
    return tmp_path


def fake_api(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json")])
    return [f'{{"path": "{environ["PATH_INFO"]}"}}'.encode()]


def test_directory_url_serves_index(site: Path) -> None:
    response = Client(make_app(site)).get("/guides/birth/")
    assert response.status_code == 200
    assert "出生登記" in response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


def test_directory_without_slash_redirects(site: Path) -> None:
    response = Client(make_app(site)).get("/guides/birth?x=1")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/guides/birth/?x=1")


def test_directory_without_index_is_404(site: Path) -> None:
    response = Client(make_app(site)).get("/empty/")
    assert response.status_code == 404
    assert "找不到網頁" in response.get_data(as_text=True)


def test_english_404_under_en(site: Path) -> None:
    response = Client(make_app(site)).get("/en/missing/")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/a%00b", "/%ff"])
def test_paths_outside_the_site_are_404(site: Path, path: str) -> None:
    assert Client(make_app(site)).get(path).status_code == 404


def test_percent_encoded_cjk_file_name(site: Path) -> None:
    response = Client(make_app(site)).get("/forms/%E7%94%B3%E8%AB%8B%E6%9B%B8.odt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.oasis.opendocument.text"


def test_conditional_get_gives_304(site: Path) -> None:
    client = Client(make_app(site))
    etag = client.get("/guides/birth/").headers["ETag"]
    assert client.get("/guides/birth/", headers={"If-None-Match": etag}).status_code == 304


def test_post_to_static_is_405(site: Path) -> None:
    assert Client(make_app(site)).post("/guides/birth/").status_code == 405


def test_api_paths_go_to_the_backend_unchanged(site: Path) -> None:
    client = Client(make_app(site, fake_api))
    assert client.get("/api/health").get_json() == {"path": "/api/health"}
    assert client.get("/apis/").status_code == 404  # only /api and /api/...


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("a.pdf", "application/pdf"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("a.ics", "text/calendar; charset=utf-8"),
        ("site.webmanifest", "application/manifest+json; charset=utf-8"),
    ],
)
def test_download_types(name: str, expected: str) -> None:
    assert content_type(Path(name)) == expected


@pytest.fixture
def compressed_site(site: Path) -> Path:
    """The test site with its .br and .gz copies, as the build writes them."""
    compress_site(site)
    return site


def test_precompressed_brotli_when_the_browser_takes_it(compressed_site: Path) -> None:
    response = Client(make_app(compressed_site)).get(
        "/guides/birth/", headers={"Accept-Encoding": "gzip, deflate, br, zstd"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body)
    assert brotli.decompress(body).decode() == "<p>出生登記</p>"


@pytest.mark.parametrize("accept", ["gzip, deflate", "br;q=0, gzip", "gzip;q=0.5"])
def test_gzip_when_brotli_is_not_taken(compressed_site: Path, accept: str) -> None:
    response = Client(make_app(compressed_site)).get(
        "/guides/birth/", headers={"Accept-Encoding": accept}
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.get_data()).decode() == "<p>出生登記</p>"


@pytest.mark.parametrize("accept", [None, "identity", "br;q=0, gzip;q=0"])
def test_identity_when_no_encoding_is_taken(compressed_site: Path, accept: str | None) -> None:
    headers = {"Accept-Encoding": accept} if accept else {}
    response = Client(make_app(compressed_site)).get("/guides/birth/", headers=headers)
    assert "Content-Encoding" not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.get_data(as_text=True) == "<p>出生登記</p>"


def test_404_page_is_compressed_too(compressed_site: Path) -> None:
    response = Client(make_app(compressed_site)).get("/en/nope/", headers={"Accept-Encoding": "br"})
    assert response.status_code == 404
    assert brotli.decompress(response.get_data()) == b"<p>Page not found</p>"


def test_each_encoding_has_its_own_etag(compressed_site: Path) -> None:
    client = Client(make_app(compressed_site))
    plain = client.get("/guides/birth/").headers["ETag"]
    br = client.get("/guides/birth/", headers={"Accept-Encoding": "br"}).headers["ETag"]
    assert plain != br
    again = client.get("/guides/birth/", headers={"Accept-Encoding": "br", "If-None-Match": br})
    assert again.status_code == 304


def test_binary_downloads_are_sent_as_they_are(compressed_site: Path) -> None:
    response = Client(make_app(compressed_site)).get(
        "/forms/%E7%94%B3%E8%AB%8B%E6%9B%B8.odt", headers={"Accept-Encoding": "br, gzip"}
    )
    assert "Content-Encoding" not in response.headers and "Vary" not in response.headers
    assert response.get_data() == b"PK\x03\x04odt"
