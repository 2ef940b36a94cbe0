"""Pages decoded as browsers decode them: BOM, declared charset (Big5 and the other WHATWG
encodings), then UTF-8; undecodable bytes reported with the page name."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from site_linkcheck.config import Config
from site_linkcheck.encoding import decode_css, decode_html, lookup, prescan
from site_linkcheck.extract import scan_html
from site_linkcheck.model import Severity
from site_linkcheck.runner import check_site


@pytest.mark.parametrize(
    ("head", "label"),
    [
        (b'<meta charset="big5">', "big5"),
        (b"<meta charset=BIG5>", "big5"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=big5">', "big5"),
        (b"<META CONTENT='text/html;charset=x-x-big5' HTTP-EQUIV='content-type'>", "big5"),
        (b'<meta content="text/html; charset=big5">', None),  # content without the pragma
        (b'<!-- <meta charset="big5"> --><meta charset="shift_jis">', "shift_jis"),
        (b'<title>x</title><meta name="x" content="charset=koi8-r"><meta charset=gbk>', "gbk"),
        (b'<meta charset="utf-16le">', "utf-8"),  # a meta never declares UTF-16
        (b'<div title="<meta charset=big5>">', None),  # inside an attribute value
        (b'<html data-x=\'<meta charset="big5">\'><meta charset="shift_jis">', "shift_jis"),
        (b'<meta charset="klingon">', "klingon"),  # unknown: kept, reported by decode_html
        (b"", None),
    ],
)
def test_prescan(head: bytes, label: str | None) -> None:
    """The encoding a <meta> declares, by its WHATWG name."""
    assert prescan(b"<!doctype html><html><head>" + head + b"</head>") == label


def test_prescan_reads_only_the_first_1024_bytes() -> None:
    late = b"<!doctype html>" + b" " * 1100 + b'<meta charset="big5">'
    assert prescan(late) is None


def test_labels_follow_the_whatwg_table() -> None:
    assert lookup("x-x-big5") == "big5"
    assert lookup(" CN-BIG5 ") == "big5"
    assert lookup("latin1") == "windows-1252"  # not ISO-8859-1: browsers read windows-1252
    assert lookup("sjis") == "shift_jis"
    assert lookup("no-such-encoding") is None


BIG5_PAGE = (
    '<!doctype html><html><head><meta charset="big5"><title>舊網頁</title></head><body>\n'
    '<h2 id="須知">須知</h2>\n'
    '<a href="申請.html">申請（存在）</a>\n'
    '<a href="不存在.html">不存在的頁面</a>\n'
    '<a href="#須知">本頁錨點</a>\n'
    "</body></html>\n"
).encode("big5")


def test_big5_page_links_are_read_as_chinese(tmp_path: Path) -> None:
    (tmp_path / "old.html").write_bytes(BIG5_PAGE)
    (tmp_path / "申請.html").write_text("<p>ok</p>", encoding="utf-8")
    result = check_site(str(tmp_path), Config())
    assert [(f.link.url, f.line) for f in result.broken] == [("不存在.html", 4)]
    assert not result.warnings  # the page decodes cleanly


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (codecs.BOM_UTF8 + '<meta charset="big5"><a id="中">'.encode(), "utf-8", "中"),
        (codecs.BOM_UTF16_LE + '<a id="中">'.encode("utf-16-le"), "utf-16le", "中"),
        ('<meta charset="windows-1252"><a id="caf\x81">'.encode("latin-1"), "windows-1252", "\x81"),
        ('<meta charset="big5"><a id="€">'.encode("cp950"), "big5", "€"),  # cp950 pairs too
        ('<meta charset="gbk"><a id="中文">'.encode("gb18030"), "gbk", "中文"),
    ],
)
def test_bom_and_declared_encodings(data: bytes, encoding: str, text: str) -> None:
    decoded = decode_html(data)
    assert (decoded.encoding, decoded.problem) == (encoding, "")
    assert text in decoded.text


def test_http_charset_wins_over_meta() -> None:
    page = '<meta charset="utf-8"><h1 id="申請">x</h1>'.encode("big5")
    assert scan_html(page, "text/html; charset=Big5").anchors == {"申請"}


def test_bad_bytes_are_reported_with_the_page_and_line(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(
        b'<!doctype html><meta charset="utf-8"><title>t</title>\n<p>ok</p>\n'
        b"<p>\xa5\xd3\xbd\xd0</p>\n"  # Big5 bytes in a page that says UTF-8
    )
    (tmp_path / "unknown.html").write_bytes(b'<meta charset="klingon"><p>ok</p>')
    result = check_site(str(tmp_path), Config())
    problems = {(f.link.page, f.line, f.reason) for f in result.warnings}
    assert problems == {
        (
            "index.html",
            3,
            "bytes not valid in the page's encoding: utf-8, byte a5 d3 at line 3",
        ),
        ("unknown.html", 1, "unknown encoding label, read as UTF-8: klingon"),
    }
    assert all(f.severity is Severity.WARNING for f in result.findings)
    assert result.exit_code == 0


def test_css_charset_rule() -> None:
    css = '@charset "big5";\na{background:url(申請.png)}'.encode("big5")
    assert decode_css(css).text.endswith("url(申請.png)}")
    assert decode_css(b"a{}").encoding == "utf-8"
