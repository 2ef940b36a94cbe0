"""A minimal OpenDocument spreadsheet writer (zipfile + XML), enough for LibreOffice and Excel.

Offices file the monthly report with their city as ODS (the government's open format); a
dependency for three tables is not worth it.
"""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:0.1" '
    'office:version="1.3"'
)
Cell = str | int | float | None


def _cell(value: Cell) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def content_xml(sheets: dict[str, list[list[Cell]]]) -> str:
    tables = []
    for name, rows in sheets.items():
        width = max((len(r) for r in rows), default=1)
        body = "".join(
            "<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        tables.append(
            f'<table:table table:name="{escape(name)}">'
            f'<table:table-column table:number-columns-repeated="{width}"/>{body}</table:table>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )


_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="{_MANIFEST_NS}" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3"
  manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_STYLES = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS}/>'


def write_ods(path: str | Path, sheets: dict[str, list[list[Cell]]], title: str = "") -> None:
    """Write ``sheets`` ({sheet name: rows}) as an .ods file at ``path``."""
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_NS} '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
        f"<dc:title>{escape(title)}</dc:title><meta:generator>hro-site linkcheck</meta:generator>"
        "</office:meta></office:document-meta>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        # The mimetype entry must come first and be stored uncompressed (ODF 1.3 §3.3).
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        deflate = zipfile.ZIP_DEFLATED
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=deflate)
        archive.writestr("content.xml", content_xml(sheets), compress_type=deflate)
        archive.writestr("styles.xml", _STYLES, compress_type=deflate)
        archive.writestr("meta.xml", meta, compress_type=deflate)
