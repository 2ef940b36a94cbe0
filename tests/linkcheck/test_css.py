"""Links in stylesheets: ``.css`` files, ``<style>`` blocks and ``style`` attributes."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_linkcheck.config import Config
from site_linkcheck.css import declarations_urls, stylesheet_urls
from site_linkcheck.runner import check_site


@pytest.mark.parametrize(
    ("css", "urls"),
    [
        ("a{background:url(x.png)}", [("url()", "x.png", 1)]),
        ("a{background:URL( 'y z.png' )}", [("url()", "y z.png", 1)]),
        ('a{b:url("q.svg#icon")}', [("url()", "q.svg#icon", 1)]),
        (
            '@import "base.css";\n@import url(print.css) print;',
            [
                ("@import", "base.css", 1),
                ("@import", "print.css", 2),
            ],
        ),
        ('@import url("x.css") layer(a);', [("@import", "x.css", 1)]),
        ("@namespace svg url(http://www.w3.org/2000/svg);", []),  # a name, not a resource
        ("/* url(in-comment.png) */ a{content:'url(in-string.png)'}", []),
        (
            "a{b:image-set('a.avif' type('image/avif'), url(b.png) 2x)}",
            [
                ("url()", "a.avif", 1),
                ("url()", "b.png", 1),
            ],
        ),
        (
            "@font-face{src:url(f.woff2) format('woff2'),\n url(f.woff)}",
            [
                ("url()", "f.woff2", 1),
                ("url()", "f.woff", 2),
            ],
        ),
        ("@media print{a{b:url(p.png)}}", [("url()", "p.png", 1)]),
        ("a{b:u\\72l(escaped.png)}", [("url()", "escaped.png", 1)]),  # an escaped "url("
        ("a{b:url(data:image/png;base64,AAA=)}", [("url()", "data:image/png;base64,AAA=", 1)]),
        ("a{color:red}", []),
    ],
)
def test_stylesheet_urls(css: str, urls: list[tuple[str, str, int]]) -> None:
    assert stylesheet_urls(css) == urls


def test_style_attribute_urls() -> None:
    assert [u for _, u, _ in declarations_urls("background: url(a.png) , url('b.png')")] == [
        "a.png",
        "b.png",
    ]
    assert declarations_urls("color: red") == []


def _site(root: Path) -> Path:
    (root / "css" / "parts").mkdir(parents=True)
    (root / "img").mkdir()
    (root / "img" / "ok.svg").write_text("<svg/>")
    (root / "fonts").mkdir()
    (root / "fonts" / "ok.woff2").write_bytes(b"wOF2")
    (root / "css" / "parts" / "ok.css").write_text("a{}")
    (root / "css" / "site.css").write_text(
        '@charset "utf-8";\n'
        '@import "parts/ok.css";\n'
        '@import url("parts/missing.css");\n'
        "body { background: url(../img/ok.svg); }\n"
        "/* url(../img/commented-out.svg) */\n"
        ".x { background-image: url('../img/missing.svg'); }\n"
        "@font-face { src: url(/fonts/ok.woff2) format('woff2'), url(/fonts/gone.woff); }\n"
        ".y { mask: url(data:image/svg+xml;base64,PHN2Zy8+); }\n",
        encoding="utf-8",
    )
    (root / "index.html").write_text(
        "<!doctype html><html><head><title>t</title>\n"
        '<link rel="stylesheet" href="css/site.css">\n'
        "<style>\n"
        ".a { background: url(img/ok.svg) }\n"
        ".b { background: url(img/style-block-missing.png) }\n"
        "</style></head><body>\n"
        '<div style="background:url(img/ok.svg)">ok</div>\n'
        '<p style="color:red">no url</p>\n'
        "<div style=\"background-image:url('img/attr-missing.png')\">broken</div>\n"
        "<pre>background: url(img/in-pre.png)</pre>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    (root / "sub").mkdir()
    (root / "sub" / "page.html").write_text(
        '<!doctype html><title>t</title><base href="/css/">'
        '<p style="background:url(../img/ok.svg)">resolved against the base</p>',
        encoding="utf-8",
    )
    return root


def test_stylesheet_links_are_checked_against_their_own_url(tmp_path: Path) -> None:
    result = check_site(str(_site(tmp_path)), Config())
    broken = {(f.link.page, f.link.element, f.link.url, f.target, f.line) for f in result.broken}
    assert broken == {
        ("css/site.css", "@import", "parts/missing.css", "/css/parts/missing.css", 3),
        ("css/site.css", "url()", "../img/missing.svg", "/img/missing.svg", 6),
        ("css/site.css", "url()", "/fonts/gone.woff", "/fonts/gone.woff", 7),
        (
            "index.html",
            "style url()",
            "img/style-block-missing.png",
            "/img/style-block-missing.png",
            5,
        ),
        ("index.html", "div[style]", "img/attr-missing.png", "/img/attr-missing.png", 9),
    }
    assert result.stylesheets == 2 and result.pages == 2  # site.css and parts/ok.css
    assert result.exit_code == 1
