"""Search engines get absolute hreflang addresses, each to the same page in the other language."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.site.conftest import BuiltPage, url_to_file
from theme.sitekit.hreflang import absolute_alternates

SITE_URL = "https://south-hro.example.gov.tw/"


def test_every_page_links_its_languages_by_absolute_address(
    built_pages: list[BuiltPage],
) -> None:
    problems = {}
    for page in built_pages:
        if page.is_special:
            continue
        links = page.soup.select('head link[rel="alternate"][hreflang]')
        found = {link["hreflang"]: link["href"] for link in links}
        expected = {lang: SITE_URL.rstrip("/") + page.url_in(lang) for lang in ("zh-TW", "en")}
        if found != expected:
            problems[page.rel] = found
            continue
        for href in found.values():
            assert url_to_file(page.site_dir, urlsplit(href).path).is_file(), href
    assert not problems, dict(list(problems.items())[:5])


@pytest.mark.parametrize(
    ("href", "page", "absolute"),
    [
        ("./", "https://x.gov.tw/en/guides/birth/", "https://x.gov.tw/en/guides/birth/"),
        (
            "../../../guides/birth/",
            "https://x.gov.tw/en/guides/birth/",
            "https://x.gov.tw/guides/birth/",
        ),
        ("/en/", "https://x.gov.tw/", "https://x.gov.tw/en/"),
    ],
)
def test_relative_alternates_become_absolute(href: str, page: str, absolute: str) -> None:
    html = f'<head><link rel="alternate" href="{href}" hreflang="en"></head><a href="{href}">'
    assert absolute_alternates(html, page) == (
        f'<head><link rel="alternate" href="{absolute}" hreflang="en"></head><a href="{href}">'
    )
