"""Decode pages and stylesheets as a browser does (WHATWG Encoding and HTML standards).

A page's encoding is, in order: its byte order mark, the HTTP ``Content-Type`` charset (external
pages only), the ``<meta charset>`` or ``http-equiv`` declaration found by the HTML prescan of
the first 1,024 bytes, else UTF-8. Labels ("big5", "x-x-big5", "latin1", ...) map to encodings
by the WHATWG table (the ``webencodings`` package). Bytes the encoding cannot decode become
U+FFFD, as in a browser, and are reported: a page that mixes encodings shows mojibake to visitors.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

import webencodings

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
)
# WHATWG encodings whose standard index is wider than the Python codec webencodings picks:
# "GBK" decodes as gb18030. Big5 (webencodings: big5hkscs) also takes Microsoft's cp950 pairs
# (the euro sign, ...) through the gap filler below.
_CODECS = {"gbk": "gb18030"}
_WHITESPACE = b"\t\n\x0c\r "
_SPACE_OR_SLASH = _WHITESPACE + b"/"
_SPACE_OR_GT = _WHITESPACE + b">"
PRESCAN_BYTES = 1024


@dataclass(slots=True, frozen=True)
class Decoded:
    text: str
    encoding: str  # WHATWG name, e.g. "utf-8", "big5"
    problem: str = ""  # message key: "decode-error" | "unknown-encoding" | ""
    detail: str = ""
    line: int | None = None  # line of the first undecodable byte


@functools.lru_cache(maxsize=256)
def lookup(label: str) -> str | None:
    """The WHATWG encoding name for a label ("x-x-big5" → "big5"), or None if unknown."""
    encoding = webencodings.lookup(label.strip())
    return encoding.name if encoding is not None else None


def decode_html(data: bytes, transport_charset: str | None = None) -> Decoded:
    """Decode a page: BOM, then the HTTP charset, then the prescan, then UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return decode(data[len(bom) :], name)
    unknown = ""
    for label in (transport_charset, prescan(data)):
        if label:
            name = lookup(label)
            if name is not None:
                return decode(data, name)
            unknown = unknown or label
    decoded = decode(data, "utf-8")
    if unknown and not decoded.problem:
        return Decoded(decoded.text, "utf-8", "unknown-encoding", unknown)
    return decoded


def decode_css(data: bytes) -> Decoded:
    """Decode a stylesheet (CSS Syntax 3): BOM, then ``@charset "..."``, then UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return decode(data[len(bom) :], name)
    if data.startswith(b'@charset "'):
        end = data.find(b'";', 10)
        if end > 0:
            name = lookup(data[10:end].decode("ascii", "replace"))
            if name in ("utf-16be", "utf-16le"):
                name = "utf-8"
            if name is not None:
                return decode(data, name)
    return decode(data, "utf-8")


def decode(data: bytes, name: str) -> Decoded:
    """``data`` in WHATWG encoding ``name``; the first undecodable byte is reported."""
    if name == "replacement":
        return Decoded("\ufffd" if data else "", name, "decode-error", name, 1)
    codec = _python_codec(name)
    try:
        return Decoded(data.decode(codec, "site-linkcheck-gaps"), name)
    except UnicodeDecodeError as exc:
        text = data.decode(codec, "site-linkcheck-replace")
        line = data.count(b"\n", 0, exc.start) + 1
        detail = f"{name}, byte {data[exc.start : exc.start + 2].hex(' ')} at line {line}"
        return Decoded(text, name, "decode-error", detail, line)


@functools.lru_cache(maxsize=64)
def _python_codec(name: str) -> str:
    return _CODECS.get(name) or webencodings.lookup(name).codec_info.name


def _fill_gap(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes the WHATWG index decodes but the Python codec does not."""
    chunk = error.object[error.start : error.start + 2]
    if error.encoding == "charmap" and 0x80 <= chunk[0] <= 0x9F:
        # windows-125x bytes Python leaves undefined (1252: 81 8D 8F 90 9D) are C1 controls there
        return chr(chunk[0]), error.start + 1
    if error.encoding == "big5hkscs" and len(chunk) == 2:
        try:
            return chunk.decode("cp950"), error.start + 2
        except UnicodeDecodeError:
            pass
    raise error


def _fill_gap_or_replace(error: UnicodeDecodeError) -> tuple[str, int]:
    try:
        return _fill_gap(error)
    except UnicodeDecodeError:
        return "\ufffd", error.end


codecs.register_error("site-linkcheck-gaps", _fill_gap)
codecs.register_error("site-linkcheck-replace", _fill_gap_or_replace)


# The usual start of a page, <!doctype html><html ...><head><meta charset="...">, read in one
# step; anything else (comments, other tags first, quotes holding "<" or ">") takes the full
# prescan below, which gives the same answer for this form.
_COMMON_HEAD = re.compile(
    rb"\s*(?:<!doctype[^<>]*>\s*)?(?:<html(?:\s[^<>]*)?>\s*)?(?:<head>\s*)?"
    rb"<meta\s+charset\s*=\s*([\"']?)([a-z0-9_.:-]+)\1\s*/?>",
    re.IGNORECASE,
)


def prescan(data: bytes) -> str | None:
    """The encoding a ``<meta>`` declares in the first 1,024 bytes (HTML "prescan a byte
    stream to determine its encoding"): its WHATWG name, the label itself if unknown, or None."""
    data = data[:PRESCAN_BYTES]
    common = _COMMON_HEAD.match(data)
    if common is not None:
        return _declared(common.group(2).decode("ascii"))
    n, i = len(data), data.find(b"<")
    while 0 <= i < n:
        if data.startswith(b"<!--", i):
            end = data.find(b"-->", i + 2)
            if end < 0:
                return None
            i = end + 3
            continue
        if data[i : i + 5].lower() == b"<meta" and i + 5 < n and data[i + 5] in _SPACE_OR_SLASH:
            label, i = _meta_charset(data, i + 5)
            if label:
                return label
            continue
        if data[i] == 0x3C and (
            data[i + 1 : i + 2].isalpha()
            or (data[i + 1 : i + 2] == b"/" and data[i + 2 : i + 3].isalpha())
        ):
            while i < n and data[i] not in _SPACE_OR_GT:
                i += 1
            attribute, i = _attribute(data, i)
            while attribute is not None:
                attribute, i = _attribute(data, i)
            continue
        if data.startswith((b"<!", b"</", b"<?"), i):
            end = data.find(b">", i + 2)
            if end < 0:
                return None
            i = end + 1
            continue
        i = data.find(b"<", i + 1)
    return None


def _meta_charset(data: bytes, i: int) -> tuple[str | None, int]:
    """The charset of one ``<meta>`` (attributes from ``i``), with the position after them."""
    seen: set[str] = set()
    got_pragma, need_pragma, charset = False, None, None
    while True:
        attribute, i = _attribute(data, i)
        if attribute is None:
            break
        name, value = attribute
        if name in seen:
            continue
        seen.add(name)
        if name == "http-equiv" and value == "content-type":
            got_pragma = True
        elif name == "content" and charset is None:
            charset = charset_from_content(value)
            need_pragma = True if charset else need_pragma
        elif name == "charset":
            charset, need_pragma = value, False
    if need_pragma is None or (need_pragma and not got_pragma) or not charset:
        return None, i
    return _declared(charset), i


def _declared(label: str) -> str:
    """What a <meta> declaration means: UTF-16 is read as UTF-8, x-user-defined as
    windows-1252; an unknown label is kept as it is (decode_html reports it)."""
    name = lookup(label)
    if name is None:
        return label
    if name in ("utf-16be", "utf-16le"):
        return "utf-8"
    return "windows-1252" if name == "x-user-defined" else name


def _attribute(data: bytes, i: int) -> tuple[tuple[str, str] | None, int]:
    """HTML "get an attribute": ((name, value) lower-cased, next position), or (None, pos)."""
    n = len(data)
    while i < n and data[i] in _SPACE_OR_SLASH:
        i += 1
    if i >= n or data[i] == 0x3E:
        return None, i
    name = bytearray()
    while True:
        if i >= n:
            return None, i
        byte = data[i]
        if byte == 0x3D and name:
            i += 1
            break
        if byte in _WHITESPACE:
            while i < n and data[i] in _WHITESPACE:
                i += 1
            if i >= n or data[i] != 0x3D:
                return (_text(name), ""), i
            i += 1
            break
        if byte in b"/>":
            return (_text(name), ""), i
        name.append(byte)
        i += 1
    while i < n and data[i] in _WHITESPACE:
        i += 1
    if i >= n:
        return None, i
    value = bytearray()
    quote = data[i]
    if quote in b"\"'":
        end = data.find(bytes([quote]), i + 1)
        if end < 0:
            return None, n
        return (_text(name), _text(data[i + 1 : end])), end + 1
    if quote == 0x3E:
        return (_text(name), ""), i
    while i < n and data[i] not in _SPACE_OR_GT:
        value.append(data[i])
        i += 1
    if i >= n:
        return None, i
    return (_text(name), _text(value)), i


def _text(raw: bytes | bytearray) -> str:
    return bytes(raw).decode("latin-1").lower()


def charset_from_content(value: str) -> str | None:
    """HTML "extract a character encoding from a meta element" (also for ``Content-Type``)."""
    value = value.lower()
    position = 0
    while True:
        index = value.find("charset", position)
        if index < 0:
            return None
        position = index + 7
        while position < len(value) and value[position] in " \t\n\f\r":
            position += 1
        if position >= len(value) or value[position] != "=":
            continue
        position += 1
        while position < len(value) and value[position] in " \t\n\f\r":
            position += 1
        if position >= len(value):
            return None
        if value[position] in "\"'":
            end = value.find(value[position], position + 1)
            return value[position + 1 : end] if end > 0 else None
        end = position
        while end < len(value) and value[end] not in " \t\n\f\r;":
            end += 1
        return value[position:end] or None
