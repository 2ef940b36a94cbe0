"""Write a form as an ODF file (CNS 15251 / ISO/IEC 26300): ``.odt`` or ``.ods``.

The XML is written directly (no odfpy: it is unmaintained), with the CJK font set in the styles
so that the Chinese text renders in LibreOffice, the NDC ODF tools and the PDF made from it.
Zip entries carry a fixed date, so an unchanged form gives a byte-identical file and git sees no
change.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from scripts.formgen.model import Block, Cell, Form, Heading, Notes, Paragraph, Table, Text, Title

FONT = "Noto Sans CJK TC"
ODF_VERSION = "1.3"
MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
PAGE_WIDTH_CM = 21.0
MARGIN_CM = 1.5
BODY_PT = 10.5
SMALL_PT = 8
FIXED_DATE = (2026, 1, 1, 0, 0, 0)

NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
}
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
FONT_DECLS = (
    f'<office:font-face-decls><style:font-face style:name="{FONT}" '
    f'svg:font-family="\'{FONT}\'" style:font-family-generic="swiss" '
    'style:font-pitch="variable"/></office:font-face-decls>'
)
# Every script (Latin, CJK, complex) uses the CJK font, and the Asian language is zh-TW, so
# LibreOffice never substitutes a font without Chinese glyphs.
TEXT_FONT = (
    f'style:font-name="{FONT}" style:font-name-asian="{FONT}" style:font-name-complex="{FONT}" '
    'fo:language="en" fo:country="US" style:language-asian="zh" style:country-asian="TW"'
)
BORDER = "0.5pt solid #000000"
LABEL_BACKGROUND = "#eeeeee"


def rich(text: str) -> str:
    """Escape text for ODF; keep runs of spaces, tabs and line breaks (ODF collapses them)."""
    out = []
    for part in re.split(r"( {2,}|\t|\n)", text):
        if part == "\t":
            out.append("<text:tab/>")
        elif part == "\n":
            out.append("<text:line-break/>")
        elif part.startswith("  "):
            out.append(f'<text:s text:c="{len(part)}"/>')
        else:
            out.append(escape(part))
    return "".join(out)


def bilingual(text: Text, en_style: str = "English") -> str:
    """Chinese, a line break, then the English in the small style."""
    zh, en = rich(text.zh), rich(text.en)
    if zh and en:
        return f'{zh}<text:line-break/><text:span text:style-name="{en_style}">{en}</text:span>'
    return zh or f'<text:span text:style-name="{en_style}">{en}</text:span>'


def _meta_xml(form: Form, office_name: str) -> str:
    title = escape(f"{form.title.zh} {form.title.en}")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-meta {XMLNS} office:version="{ODF_VERSION}"><office:meta>'
        f"<dc:title>{title}</dc:title>"
        f"<dc:subject>{escape(office_name)}</dc:subject>"
        "<dc:language>zh-TW</dc:language>"
        "<meta:generator>hro-site scripts/make_forms.py</meta:generator>"
        "</office:meta></office:document-meta>"
    )


def _manifest_xml(kind: str) -> str:
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
        for name in ("content.xml", "styles.xml", "meta.xml")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        f'manifest:version="{ODF_VERSION}">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="{ODF_VERSION}" '
        f'manifest:media-type="{MIMETYPES[kind]}"/>{entries}</manifest:manifest>'
    )


def _page_layout(footer_text: str, *, spreadsheet: bool) -> str:
    """A4 portrait; the footer names the office so a printed page is traceable."""
    scale = ' style:scale-to-pages="1"' if spreadsheet else ""
    layout = (
        '<office:automatic-styles><style:page-layout style:name="A4">'
        '<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
        f'style:print-orientation="portrait" fo:margin-top="{MARGIN_CM}cm" '
        f'fo:margin-bottom="1cm" fo:margin-left="{MARGIN_CM}cm" fo:margin-right="{MARGIN_CM}cm"'
        f"{scale}/>"
        '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
        'fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>'
        "</office:automatic-styles>"
    )
    master_name = "Default" if spreadsheet else "Standard"
    footer = (
        f'<style:footer><text:p text:style-name="Footer">{escape(footer_text)}</text:p>'
        "</style:footer>"
    )
    return (
        f'{layout}<office:master-styles><style:master-page style:name="{master_name}" '
        f'style:page-layout-name="A4">{footer}</style:master-page></office:master-styles>'
    )


def _paragraph_style(name: str, size: float, extra: str = "", para: str = "") -> str:
    return (
        f'<style:style style:name="{name}" style:family="paragraph" '
        f'style:parent-style-name="Standard"><style:paragraph-properties {para}/>'
        f'<style:text-properties fo:font-size="{size}pt" style:font-size-asian="{size}pt" '
        f'style:font-size-complex="{size}pt" {extra}/></style:style>'
    )


def _styles_xml(footer_text: str, *, spreadsheet: bool) -> str:
    bold = 'fo:font-weight="bold" style:font-weight-asian="bold"'
    named = (
        '<style:default-style style:family="paragraph"><style:paragraph-properties '
        'fo:line-height="125%"/>'
        f'<style:text-properties {TEXT_FONT} fo:font-size="{BODY_PT}pt" '
        f'style:font-size-asian="{BODY_PT}pt"/></style:default-style>'
        f'<style:default-style style:family="table-cell"><style:text-properties {TEXT_FONT}/>'
        "</style:default-style>"
        '<style:style style:name="Standard" style:family="paragraph"/>'
        + _paragraph_style(
            "Title", 18, bold, 'fo:text-align="center" fo:margin-top="0.1cm" fo:margin-bottom="0cm"'
        )
        + _paragraph_style("Subtitle", 11, "", 'fo:text-align="center" fo:margin-bottom="0.3cm"')
        + _paragraph_style("Office", 11, "", 'fo:text-align="center"')
        + _paragraph_style(
            "Section", 11.5, bold, 'fo:margin-top="0.35cm" fo:margin-bottom="0.15cm"'
        )
        + _paragraph_style("Body", BODY_PT, "", 'fo:margin-bottom="0.1cm"')
        + _paragraph_style("Small", SMALL_PT, "", 'fo:margin-bottom="0.08cm"')
        + _paragraph_style("Cell", BODY_PT, "", 'fo:margin="0.05cm"')
        + _paragraph_style("Footer", SMALL_PT, 'fo:color="#444444"', 'fo:text-align="center"')
        + '<style:style style:name="English" style:family="text"><style:text-properties '
        f'fo:font-size="{SMALL_PT}pt" style:font-size-asian="{SMALL_PT}pt" fo:color="#333333"/>'
        "</style:style>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-styles {XMLNS} office:version="{ODF_VERSION}">{FONT_DECLS}'
        f"<office:styles>{named}</office:styles>"
        f"{_page_layout(footer_text, spreadsheet=spreadsheet)}</office:document-styles>"
    )


def _cell_style(name: str, *, label: bool, align: str) -> str:
    background = f' fo:background-color="{LABEL_BACKGROUND}"' if label else ""
    text_align = "center" if align == "center" else "start"
    return (
        f'<style:style style:name="{name}" style:family="table-cell">'
        f'<style:table-cell-properties fo:border="{BORDER}" fo:padding="0.08cm" '
        f'style:vertical-align="middle" fo:wrap-option="wrap"{background}/>'
        f'<style:paragraph-properties fo:text-align="{text_align}"/></style:style>'
    )


CELL_STYLES = {
    (label, align): f"C{'L' if label else 'B'}{align[0]}"
    for label in (True, False)
    for align in ("start", "center")
}


def _cell_styles() -> str:
    return "".join(
        _cell_style(name, label=label, align=align) for (label, align), name in CELL_STYLES.items()
    )


# --- text document (.odt) -----------------------------------------------------------------


def _odt_table(table: Table, number: int) -> tuple[str, str]:
    """(automatic styles, body XML) of one table."""
    name = f"Form{number}"
    total = sum(table.widths_cm)
    styles = [
        f'<style:style style:name="{name}" style:family="table"><style:table-properties '
        f'style:width="{total:.2f}cm" table:align="center" fo:margin-bottom="0.2cm" '
        'style:may-break-between-rows="false"/></style:style>'
    ]
    columns = []
    for index, width in enumerate(table.widths_cm):
        styles.append(
            f'<style:style style:name="{name}.C{index}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width:.2f}cm"/></style:style>'
        )
        columns.append(f'<table:table-column table:style-name="{name}.C{index}"/>')
    rows = []
    for index, row in enumerate(table.rows):
        styles.append(
            f'<style:style style:name="{name}.R{index}" style:family="table-row">'
            f'<style:table-row-properties style:min-row-height="{row.height_cm:.2f}cm"/>'
            "</style:style>"
        )
        cells = "".join(_odt_cell(cell) for cell in row.cells)
        rows.append(
            f'<table:table-row table:style-name="{name}.R{index}">{cells}</table:table-row>'
        )
    body = (
        f'<table:table table:name="{name}" table:style-name="{name}">'
        f"{''.join(columns)}{''.join(rows)}</table:table>"
    )
    return "".join(styles), body


def _odt_cell(cell: Cell) -> str:
    style = CELL_STYLES[(cell.label, cell.align)]
    span = f' table:number-columns-spanned="{cell.span}"' if cell.span > 1 else ""
    content = bilingual(Text(cell.zh, cell.en)) if (cell.zh or cell.en) else ""
    covered = "<table:covered-table-cell/>" * (cell.span - 1)
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="string"{span}>'
        f'<text:p text:style-name="Cell">{content}</text:p></table:table-cell>{covered}'
    )


def _odt_block(block: Block, number: int) -> tuple[str, str]:
    if isinstance(block, Title):
        return "", (
            f'<text:h text:style-name="Title" text:outline-level="1">{rich(block.text.zh)}</text:h>'
            f'<text:p text:style-name="Subtitle">{rich(block.text.en)}</text:p>'
        )
    if isinstance(block, Heading):
        text = f"{rich(block.text.zh)}　{rich(block.text.en)}".strip("　")
        return "", f'<text:h text:style-name="Section" text:outline-level="2">{text}</text:h>'
    if isinstance(block, Paragraph):
        style = "Small" if block.small else "Body"
        return "", f'<text:p text:style-name="{style}">{bilingual(block.text)}</text:p>'
    if isinstance(block, Notes):
        heading = f"{rich(block.heading.zh)}　{rich(block.heading.en)}"
        items = "".join(
            f'<text:p text:style-name="Small">{index}. {bilingual(item)}</text:p>'
            for index, item in enumerate(block.items, start=1)
        )
        return (
            "",
            f'<text:h text:style-name="Section" text:outline-level="2">{heading}</text:h>{items}',
        )
    return _odt_table(block, number)


def odt_content(form: Form, office_name: Text) -> str:
    styles, body = (
        [_cell_styles()],
        [f'<text:p text:style-name="Office">{rich(office_name.zh)}</text:p>'],
    )
    for number, block in enumerate(form.blocks, start=1):
        style, xml = _odt_block(block, number)
        styles.append(style)
        body.append(xml)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {XMLNS} office:version="{ODF_VERSION}">{FONT_DECLS}'
        f"<office:automatic-styles>{''.join(styles)}</office:automatic-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>"
    )


# --- spreadsheet (.ods) ---------------------------------------------------------------------


def _estimated_lines(text: str, width_cm: float, size_pt: float) -> int:
    """How many lines ``text`` wraps to: LibreOffice does not grow merged rows by itself."""
    em_cm = size_pt * 0.0353
    per_line = max(width_cm - 0.3, 1.0)
    lines = 0
    for piece in text.split("\n"):
        width = sum(em_cm if ord(ch) > 0x2E7F else em_cm * 0.55 for ch in piece)
        lines += max(1, math.ceil(width / per_line))
    return lines


def _ods_paragraphs(text: Text) -> str:
    """A cell's text: Calc ignores line breaks inside a paragraph, so one paragraph per line."""
    lines = [rich(line) for line in text.zh.split("\n") if line]
    if text.en:
        lines.append(f'<text:span text:style-name="En">{rich(text.en)}</text:span>')
    return "".join(f"<text:p>{line}</text:p>" for line in lines)


def _ods_row(height_cm: float, cells: str) -> str:
    style = _row_style_name(height_cm)
    return f'<table:table-row table:style-name="{style}">{cells}</table:table-row>'


def _row_style_name(height_cm: float) -> str:
    return f"ro{round(height_cm * 100)}"


def _ods_text_row(
    text: Text, columns: int, width_cm: float, style: str, size: float, heights: set[float]
) -> str:
    lines = _estimated_lines(text.zh, width_cm, size) + (
        _estimated_lines(text.en, width_cm, SMALL_PT) if text.en else 0
    )
    height = round(0.25 + lines * size * 0.0353 * 1.45, 2)
    heights.add(height)
    cell = (
        f'<table:table-cell table:style-name="{style}" office:value-type="string" '
        f'table:number-columns-spanned="{columns}">{_ods_paragraphs(text)}'
        f"</table:table-cell>" + "<table:covered-table-cell/>" * (columns - 1)
    )
    return _ods_row(height, cell)


def _plain_style(name: str, size: float, *, bold: bool = False, center: bool = False) -> str:
    weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
    align = "center" if center else "start"
    return (
        f'<style:style style:name="{name}" style:family="table-cell">'
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="middle"/>'
        f'<style:paragraph-properties fo:text-align="{align}"/>'
        f'<style:text-properties fo:font-size="{size}pt" style:font-size-asian="{size}pt"{weight}/>'
        "</style:style>"
    )


def ods_content(form: Form, office_name: Text) -> str:
    """One sheet; every table of the form must use the same column widths (the sheet's grid)."""
    tables = [block for block in form.blocks if isinstance(block, Table)]
    widths = tables[0].widths_cm
    if any(table.widths_cm != widths for table in tables):
        raise ValueError(f"{form.id}: every table of a spreadsheet form needs the same columns")
    columns, total = len(widths), sum(widths)
    heights: set[float] = set()
    rows = [_ods_text_row(office_name, columns, total, "Office", 11, heights)]
    for block in form.blocks:
        if isinstance(block, Title):
            rows.append(_ods_text_row(Text(block.text.zh), columns, total, "Title", 18, heights))
            rows.append(_ods_text_row(Text(block.text.en), columns, total, "Office", 11, heights))
        elif isinstance(block, Heading):
            text = Text(f"{block.text.zh}　{block.text.en}")
            rows.append(_ods_text_row(text, columns, total, "Section", 11.5, heights))
        elif isinstance(block, Paragraph):
            size = SMALL_PT if block.small else BODY_PT
            rows.append(_ods_text_row(block.text, columns, total, "Body", size, heights))
        elif isinstance(block, Notes):
            text = Text(f"{block.heading.zh}　{block.heading.en}")
            rows.append(_ods_text_row(text, columns, total, "Section", 11.5, heights))
            for index, item in enumerate(block.items, start=1):
                numbered = Text(f"{index}. {item.zh}", item.en)
                rows.append(_ods_text_row(numbered, columns, total, "Body", SMALL_PT, heights))
        else:
            for row in block.rows:
                biggest, start = 0, 0
                for c in row.cells:
                    width = sum(widths[start : start + c.span])
                    start += c.span
                    en_lines = _estimated_lines(c.en, width, SMALL_PT) if c.en else 0
                    biggest = max(biggest, _estimated_lines(c.zh, width, BODY_PT) + en_lines)
                height = round(max(row.height_cm, 0.3 + biggest * BODY_PT * 0.0353 * 1.45), 2)
                heights.add(height)
                rows.append(_ods_row(height, "".join(_ods_cell(cell) for cell in row.cells)))
    column_styles = "".join(
        f'<style:style style:name="co{index}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width:.2f}cm"/></style:style>'
        for index, width in enumerate(widths)
    )
    row_styles = "".join(
        f'<style:style style:name="{_row_style_name(height)}" style:family="table-row">'
        f'<style:table-row-properties style:row-height="{height:.2f}cm" '
        'style:use-optimal-row-height="false"/></style:style>'
        for height in sorted(heights)
    )
    automatic = (
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="true"/></style:style>'
        + column_styles
        + row_styles
        + _cell_styles()
        + _plain_style("Title", 18, bold=True, center=True)
        + _plain_style("Office", 11, center=True)
        + _plain_style("Section", 11.5, bold=True)
        + _plain_style("Body", BODY_PT)
        + '<style:style style:name="En" style:family="text"><style:text-properties '
        f'fo:font-size="{SMALL_PT}pt" style:font-size-asian="{SMALL_PT}pt" fo:color="#333333"/>'
        "</style:style>"
    )
    sheet_columns = "".join(
        f'<table:table-column table:style-name="co{index}"/>' for index in range(columns)
    )
    sheet = (
        f'<table:table table:name="{escape(form.title.zh)}" table:style-name="ta1">'
        f"{sheet_columns}{''.join(rows)}</table:table>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {XMLNS} office:version="{ODF_VERSION}">{FONT_DECLS}'
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{sheet}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )


def _ods_cell(cell: Cell) -> str:
    style = CELL_STYLES[(cell.label, cell.align)]
    span = f' table:number-columns-spanned="{cell.span}"' if cell.span > 1 else ""
    content = _ods_paragraphs(Text(cell.zh, cell.en))
    covered = "<table:covered-table-cell/>" * (cell.span - 1)
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="string"{span}>'
        f"{content}</table:table-cell>{covered}"
    )


# --- the package ----------------------------------------------------------------------------


def _entry(name: str, *, stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write(form: Form, office_name: Text, target: Path) -> None:
    """Write ``form`` as ODF to ``target``: ``mimetype`` first and uncompressed, as ODF requires."""
    spreadsheet = form.kind == "ods"
    content = ods_content(form, office_name) if spreadsheet else odt_content(form, office_name)
    footer = f"{office_name.zh}　{form.title.zh}　{form.title.en}"
    parts = {
        "content.xml": content,
        "styles.xml": _styles_xml(footer, spreadsheet=spreadsheet),
        "meta.xml": _meta_xml(form, office_name.zh),
        "META-INF/manifest.xml": _manifest_xml(form.kind),
    }
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(_entry("mimetype", stored=True), MIMETYPES[form.kind])
        for name, xml in parts.items():
            archive.writestr(_entry(name), xml.encode("utf-8"))
