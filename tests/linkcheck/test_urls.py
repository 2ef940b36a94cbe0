"""URL rules from the WHATWG URL and HTML specs, where link checkers in the field disagree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_linkcheck.extract import scan_html, scan_sitemap
from site_linkcheck.urls import (
    Resolver,
    clean_url,
    document_base,
    fragment_found,
    meta_refresh_url,
    parse_srcset,
)


@pytest.mark.parametrize(
    ("value", "urls"),
    [
        ("a.png", ["a.png"]),
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("a.png 100w,b.png 200w", ["a.png", "b.png"]),
        ("a,b.png 1x, c.png 2x", ["a,b.png", "c.png"]),  # commas inside a URL stay
        ("a.png, b.png", ["a.png", "b.png"]),  # trailing comma ends the URL
        ("data:image/png;base64,AAA= 1x, c.png 2x", ["data:image/png;base64,AAA=", "c.png"]),
        (" , ", []),
    ],
)
def test_srcset_candidates(value: str, urls: list[str]) -> None:
    assert parse_srcset(value) == urls


@pytest.mark.parametrize(
    ("content", "url"),
    [
        ("0; url=/next/", "/next/"),
        ("5;URL='a b.html'", "a b.html"),
        ('0; url="/q"', "/q"),
        ("0", None),
        ("3, next.html", "next.html"),
    ],
)
def test_meta_refresh(content: str, url: str | None) -> None:
    assert meta_refresh_url(content) == url


def test_fragment_rules() -> None:
    anchors = frozenset({"intro", "中文", "%E4%B8%AD"})
    assert fragment_found("intro", anchors)
    assert fragment_found("", anchors)  # "#" scrolls to the top
    assert fragment_found("top", anchors) and fragment_found("ToP", anchors)
    assert fragment_found("%E4%B8%AD%E6%96%87", anchors)  # decoded form matches
    assert fragment_found("%E4%B8%AD", anchors)  # as written matches first
    assert fragment_found(":~:text=hello", anchors)  # text fragment directive only
    assert fragment_found("intro:~:text=x", anchors)
    assert not fragment_found("Intro", anchors)  # ids are case-sensitive
    assert not fragment_found("%FF%FE", anchors)  # invalid UTF-8 is a miss, not a crash
    assert not fragment_found("missing", anchors)


def test_clean_url_strips_like_the_url_parser() -> None:
    assert clean_url(" \t/a\n/b \x00") == "/a/b"


def test_resolution() -> None:
    resolver = Resolver(("https://www.example.gov.tw/site/",))
    base = document_base("zh/about/index.html", None)
    r = resolver.resolve(base, "../../../../x.html?q=1#frag")
    assert (r.kind, r.target, r.fragment) == ("internal", "x.html", "frag")
    assert resolver.resolve(base, "mailto:a@b").kind == "skipped"
    assert resolver.resolve(base, "JavaScript:void(0)").kind == "skipped"
    assert resolver.resolve(base, "#").fragment == ""
    assert resolver.resolve(base, "").target == "zh/about/index.html"
    own = resolver.resolve(base, "http://WWW.example.gov.tw/site/%E6%9C%8D%E5%8B%99/#a")
    assert (own.kind, own.target, own.fragment) == ("internal", "服務/", "a")
    other = resolver.resolve(base, "//cdn.example.org/x.js#f")
    assert (other.kind, other.target, other.fragment) == (
        "external",
        "https://cdn.example.org/x.js",
        "f",
    )
    assert resolver.resolve(base, "https://www.example.gov.tw/elsewhere").kind == "external"
    assert resolver.resolve(base, "..\\..\\img.png").target == "img.png"


def test_base_href_is_honoured() -> None:
    resolver = Resolver()
    base = document_base("docs/page.html", "https://cdn.example.org/assets/")
    assert resolver.resolve(base, "a.css").target == "https://cdn.example.org/assets/a.css"
    base = document_base("docs/page.html", "../other/")
    assert resolver.resolve(base, "x.html").target == "other/x.html"


def test_scan_html_reads_attributes_not_text() -> None:
    html = b"""<html><head><base href="/b/"><link rel="dns-prefetch" href="//x.example">
    <link rel="alternate" hreflang="en" href="/en/"></head><body>
    <a href="one.html">1</a><a>no href</a><a name="n1"></a><div id="d1"></div>
    <pre>https://example.org/in-pre <a href="in-pre-link.html">real link</a></pre>
    <code>href="code.html"</code>
    <img src="i.png" srcset="i2.png 2x"><source srcset="s.webp"><iframe src="f.html"></iframe>
    <object data="o.svg"></object><embed src="e.swf"><area href="m.html">
    </body></html>"""
    scan = scan_html(html)
    urls = [(element, url) for element, url, _ in scan.links]
    assert urls == [
        ("link[href]", "/en/"),
        ("a[href]", "one.html"),
        ("a[href]", "in-pre-link.html"),
        ("img[src]", "i.png"),
        ("img[srcset]", "i2.png"),
        ("source[srcset]", "s.webp"),
        ("iframe[src]", "f.html"),
        ("object[data]", "o.svg"),
        ("embed[src]", "e.swf"),
        ("area[href]", "m.html"),
    ]
    assert scan.anchors == {"n1", "d1"}
    assert scan.base_href == "/b/"


def test_scan_sitemap_decodes_entities() -> None:
    xml = b"<urlset><url><loc> https://a.example/?x=1&amp;y=2 </loc></url></urlset>"
    assert [url for _, url, _ in scan_sitemap(xml).links] == ["https://a.example/?x=1&y=2"]


@pytest.mark.parametrize(
    "url",
    [
        "a.html",
        "../a.html",
        "../../../../x/y.html#f",
        "./",
        "../",
        "./a/../b/",
        ".",
        "..",
        "/abs/x.html?q=1#z",
        "a/./b/.",
        "/",
        "x/..",
        "%E4%B8%AD.html#%E4",
        "服務/申請.html#須知",
        "a?b#c",
        "a#",
        "../a/b/../../c",
        "/..",
        "/../x",
        "#",
        "#frag",
        "#%E4%B8%AD",
        "?q=1",
    ],
)
@pytest.mark.parametrize("page", ["index.html", "zh/about/index.html", "a/b/c/d.html"])
def test_fast_path_agrees_with_urljoin(url: str, page: str) -> None:
    """The fast path for plain relative URLs gives what the general (urljoin) path gives."""
    resolver = Resolver()
    base = document_base(page, None)
    assert resolver.resolve(base, url) == resolver._resolve(base, url)


def test_fast_path_keeps_empty_segments_like_browsers() -> None:
    # WHATWG/RFC 3986 keep "a//c"; urllib's urljoin would drop the empty segment.
    resolver = Resolver()
    assert resolver.resolve(document_base("index.html", None), "a//b/../c").target == "a//c"


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_resolve_never_raises(url: str) -> None:
    resolver = Resolver(("https://www.example.gov.tw/",))
    for base in (document_base("a/b.html", None), document_base("x.html", "https://cdn.example/")):
        assert resolver.resolve(base, url).kind in {"internal", "external", "skipped", "invalid"}
        assert resolver.resolve(base, "http://" + url).kind in {
            "internal",
            "external",
            "skipped",
            "invalid",
        }


def test_unparseable_url_is_reported_not_fatal(tmp_path) -> None:
    from site_linkcheck.config import Config
    from site_linkcheck.runner import check_site

    (tmp_path / "index.html").write_text('<a href="http://[::1/x">bad</a><a href="#">ok</a>')
    result = check_site(str(tmp_path), Config())
    assert [(f.link.url, f.reason) for f in result.broken] == [("http://[::1/x", "malformed URL")]
