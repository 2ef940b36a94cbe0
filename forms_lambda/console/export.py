"""Staff exports as CSV and ODS (OpenDocument spreadsheet, the government standard CNS 15251).

Cells that a spreadsheet would read as a formula (starting with = + - @, or tab / CR) get a
leading apostrophe, so an exported complaint cannot run anything on a staff computer.
"""

# ruff: noqa: E501 - the ODF XML templates are kept on one line each
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""

CONTENT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="{name}">
"""
CONTENT_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>\n"
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def _cell(value: object) -> str:
    text = escape(neutralise(value))
    paragraphs = "".join(f"<text:p>{line}</text:p>" for line in text.split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def to_ods(sheet_name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    body = io.StringIO()
    body.write(CONTENT_HEAD.format(name=escape(sheet_name, {'"': "&quot;"})))
    for row in [header, *rows]:
        body.write("<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>\n")
    body.write(CONTENT_TAIL)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype entry must come first and be stored uncompressed (ODF 1.2 §3.3).
        archive.writestr(
            zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", body.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
