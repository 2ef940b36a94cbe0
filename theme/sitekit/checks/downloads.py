"""Downloads are what their extension says, and open: a ``.pdf`` that is a renamed Word file, or
a truncated ``.odt``, reaches a citizen as "this file is damaged".

PDF: starts with ``%PDF-`` and pypdf reads its pages. ODF (CNS 15251): a ZIP whose first entry,
stored uncompressed, is ``mimetype`` naming the kind the extension promises, whose entries pass
their CRC check and whose ``content.xml`` parses. Results are kept per file size and time, so the
preview does not re-read unchanged files on every save.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Message, Problem

ODF_TYPES = {
    ".odt": ("application/vnd.oasis.opendocument.text", "文件", "text document"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "試算表", "spreadsheet"),
    ".odp": ("application/vnd.oasis.opendocument.presentation", "簡報", "presentation"),
    ".odg": ("application/vnd.oasis.opendocument.graphics", "繪圖", "drawing"),
}
EXTENSIONS = (".pdf", *ODF_TYPES)
# What the first bytes of a file show, for the message: (start, Chinese, English).
SIGNATURES = (
    (b"%PDF-", "PDF 檔", "a PDF"),
    (
        b"PK\x03\x04",
        "ZIP 壓縮檔（例如 Word .docx、Excel .xlsx）",
        "a ZIP file (such as .docx, .xlsx)",
    ),
    (b"\xd0\xcf\x11\xe0", "舊版 Office 檔（.doc、.xls）", "an old Office file (.doc, .xls)"),
    (b"\x89PNG", "PNG 圖片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 圖片", "a JPEG image"),
    (b"{\\rtf", "RTF 文件", "an RTF document"),
    (b"<", "網頁或 XML 文字", "web page or XML text"),
)

NOT_PDF = Message(
    "download-not-pdf",
    wrong=(
        "`{name}` 的副檔名是 .pdf，內容卻是{found_zh}",
        "`{name}` ends in .pdf but holds {found_en}",
    ),
    todo=(
        "用文書軟體「匯出為 PDF」重新產生這個檔案；只改副檔名不會變成 PDF",
        "export the document as PDF again from your office program; renaming does not convert",
    ),
)
NOT_ODF = Message(
    "download-not-odf",
    wrong=(
        "`{name}` 的副檔名是 {ext}，內容卻不是 ODF {kind_zh}，而是{found_zh}",
        "`{name}` ends in {ext} but is not an ODF {kind_en}: it holds {found_en}",
    ),
    todo=(
        "用 LibreOffice 或 Office「另存新檔」，選 ODF 格式（{ext}）；只改副檔名不會轉換格式",
        "save it again as ODF ({ext}) from LibreOffice or Office; renaming does not convert",
    ),
)
DOES_NOT_OPEN = Message(
    "download-broken",
    wrong=("`{name}` 無法開啟：{reason}", "`{name}` does not open: {reason}"),
    todo=(
        "重新匯出這個檔案，開啟確認內容無誤後再放回",
        "export the file again and check that it opens before putting it back",
    ),
)

_seen: dict[tuple[Path, int, int], list[Problem]] = {}


def check(content: Content) -> Iterator[Problem]:
    for path in content.files(*EXTENSIONS):
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in _seen:
            _seen[key] = list(
                check_file(path, content.shown(path.relative_to(content.docs_dir).as_posix()))
            )
        yield from _seen[key]


def check_file(path: Path, shown: str) -> Iterator[Problem]:
    ext = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if ext == ".pdf":
        if not head.startswith(b"%PDF-"):
            zh, en = _what(head)
            yield NOT_PDF.at(shown, None, name=path.name, found_zh=zh, found_en=en)
            return
        reason = _pdf_trouble(path)
    else:
        media_type, kind_zh, kind_en = ODF_TYPES[ext]
        found = _odf_type(path) if head.startswith(b"PK\x03\x04") else None
        if found != media_type:
            zh, en = _what(head) if found is None else (found, found)
            yield NOT_ODF.at(
                shown,
                None,
                name=path.name,
                ext=ext,
                kind_zh=kind_zh,
                kind_en=kind_en,
                found_zh=zh,
                found_en=en,
            )
            return
        reason = _odf_trouble(path)
    if reason:
        yield DOES_NOT_OPEN.at(shown, None, name=path.name, reason=reason)


def _what(head: bytes) -> tuple[str, str]:
    for start, zh, en in SIGNATURES:
        if head.startswith(start):
            return zh, en
    return ("無法辨識的資料" if head else "空檔案"), ("unrecognised data" if head else "nothing")


def _pdf_trouble(path: Path) -> str:
    import pypdf  # only when there is a PDF: the build imports it lazily

    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if len(reader.pages) == 0:
            return "no pages"
    except Exception as error:  # pypdf raises many kinds for a damaged file
        return f"{type(error).__name__}: {error}"
    return ""


def _odf_type(path: Path) -> str | None:
    """The ``mimetype`` an ODF package declares, or None if it is not an ODF package."""
    try:
        with zipfile.ZipFile(path) as package:
            first = package.infolist()[0] if package.infolist() else None
            if first is None or first.filename != "mimetype":
                return None
            return package.read(first).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError):
        return None


def _odf_trouble(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as package:
            broken = package.testzip()
            if broken:
                return f"{broken} is damaged"
            ElementTree.fromstring(package.read("content.xml"))
    except KeyError:
        return "content.xml is missing"
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError) as error:
        return f"{type(error).__name__}: {error}"
    return ""
