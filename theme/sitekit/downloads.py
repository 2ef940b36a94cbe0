"""The forms catalog (``content/data/downloads.yml``) and the 表單下載 page made from it.

Taiwan requires editable government downloads in ODF (CNS 15251) with a PDF beside them, so the
catalog is checked strictly at build time: every mistake stops the build with the catalog's
file and line, before a citizen can meet a broken download. Sizes and dates are read from the
files themselves, so the page never shows a figure typed by hand.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from theme.sitekit import rocdate
from theme.sitekit.errors import ContentError
from theme.sitekit.pagemeta import parse_front_matter
from theme.sitekit.yamlnodes import LANGUAGES, NodeReader, compose, line_of

MARKER = "<!-- forms-catalog -->"
ODF_FORMATS = ("odt", "ods")
FORMATS = (*ODF_FORMATS, "pdf")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
FORM_FIELDS = ("id", "title", "category", "description", "files")
FORMAT_LABELS = {
    "odt": {"zh-TW": "ODF 文件", "en": "ODF text document"},
    "ods": {"zh-TW": "ODF 試算表", "en": "ODF spreadsheet"},
    "pdf": {"zh-TW": "PDF", "en": "PDF"},
}
MEDIA_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
}
WORDS = {
    "zh-TW": {
        "guides": "相關申辦須知：",
        "format": "格式",
        "size": "檔案大小",
        "updated": "更新日期",
        "download": "下載",
        "list_sep": "、",
        "open": "（",
        "close": "）",
        "comma": "，",
    },
    "en": {
        "guides": "Related guides: ",
        "format": "Format",
        "size": "Size",
        "updated": "Last updated",
        "download": "Download",
        "list_sep": ", ",
        "open": " (",
        "close": ")",
        "comma": ", ",
    },
}


@dataclass(frozen=True)
class FormFile:
    path: str  # a file name inside the forms folder
    format: str
    line: int


@dataclass(frozen=True)
class Category:
    id: str
    title: dict[str, str]
    line: int


@dataclass(frozen=True)
class FormEntry:
    id: str
    title: dict[str, str]
    category: str
    guides: tuple[str, ...]
    description: dict[str, str]
    files: tuple[FormFile, ...]
    line: int


@dataclass(frozen=True)
class Catalog:
    categories: tuple[Category, ...]
    forms: tuple[FormEntry, ...]


def parse(text: str, src: str) -> Catalog:
    """Read the catalog text; structural mistakes raise ``ContentError`` with the line."""
    reader = NodeReader(src)
    root = compose(text, src)
    if root is None or not isinstance(root, yaml.MappingNode):
        raise ContentError(src, "must have `categories:` and `forms:` lists (需要分類與表單清單)")
    top = reader.mapping(root, "the catalog")
    if "categories" not in top or "forms" not in top:
        raise ContentError(src, "must have `categories:` and `forms:` lists (需要分類與表單清單)")
    categories = _categories(reader, top["categories"])
    known = {category.id for category in categories}
    forms: list[FormEntry] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for node in reader.sequence(top["forms"], "forms"):
        form = _form(reader, node)
        if form.id in seen_ids:
            raise ContentError(
                src,
                f"form id `{form.id}` is already used on line {seen_ids[form.id]} (表單代碼重複)",
                form.line,
            )
        seen_ids[form.id] = form.line
        if form.category not in known:
            raise ContentError(
                src,
                f"form `{form.id}`: category `{form.category}` is not one of the `categories:` "
                "ids (分類不存在)",
                form.line,
            )
        for file in form.files:
            if file.path in seen_files:
                raise ContentError(
                    src,
                    f"file `{file.path}` is listed twice, first on line {seen_files[file.path]} "
                    "(檔案重複列出)",
                    file.line,
                )
            seen_files[file.path] = file.line
        forms.append(form)
    return Catalog(tuple(categories), tuple(forms))


def _categories(reader: NodeReader, node: yaml.Node) -> list[Category]:
    categories: list[Category] = []
    seen: dict[str, int] = {}
    for item in reader.sequence(node, "categories"):
        fields = reader.mapping(item, "a category")
        reader.required(fields, ("id", "title"), item)
        category_id = _identifier(reader, fields["id"])
        line = item.start_mark.line + 1
        if category_id in seen:
            raise ContentError(
                reader.src,
                f"category id `{category_id}` is already used on line {seen[category_id]} "
                "(分類代碼重複)",
                line_of(fields["id"]),
            )
        seen[category_id] = line
        categories.append(Category(category_id, reader.bilingual(fields["title"], "title"), line))
    return categories


def _identifier(reader: NodeReader, node: yaml.Node) -> str:
    value = reader.text(node, "id")
    if not ID_PATTERN.match(value):
        raise ContentError(
            reader.src,
            f"id `{value}` must be lowercase ASCII letters, digits and hyphens, starting with a "
            "letter (代碼只能用小寫英文字母、數字與連字號)",
            line_of(node),
        )
    return value


def _form(reader: NodeReader, node: yaml.Node) -> FormEntry:
    fields = reader.mapping(node, "a form")
    reader.required(fields, FORM_FIELDS, node)
    form_id = _identifier(reader, fields["id"])
    guides_node = fields.get("guide")
    if guides_node is None:
        guides: tuple[str, ...] = ()
    elif isinstance(guides_node, yaml.SequenceNode):
        guides = tuple(reader.text(item, "guide") for item in guides_node.value)
    else:
        guides = (reader.text(guides_node, "guide"),)
    files = []
    for item in reader.sequence(fields["files"], "files"):
        file_fields = reader.mapping(item, "a file")
        reader.required(file_fields, ("path", "format"), item)
        path = reader.text(file_fields["path"], "path")
        fmt = reader.text(file_fields["format"], "format")
        if "/" in path or "\\" in path or path.startswith("."):
            raise ContentError(
                reader.src,
                f"file `{path}` must be a file name inside content/pages/files/forms/ (請只填檔名)",
                line_of(file_fields["path"]),
            )
        if fmt not in FORMATS or not path.lower().endswith(f".{fmt}"):
            raise ContentError(
                reader.src,
                f"file `{path}`: format `{fmt}` must be odt, ods or pdf and match the file's "
                "extension (格式須為 odt、ods 或 pdf，且與副檔名相同)",
                line_of(file_fields["format"]),
            )
        files.append(FormFile(path, fmt, file_fields["path"].start_mark.line + 1))
    line = node.start_mark.line + 1
    if not any(file.format in ODF_FORMATS for file in files):
        raise ContentError(
            reader.src,
            f"form `{form_id}` has no ODF version: add an `odt` or `ods` file (缺少 ODF 格式檔案)",
            line_of(fields["files"]),
        )
    if not any(file.format == "pdf" for file in files):
        raise ContentError(
            reader.src,
            f"form `{form_id}` has no PDF version: add a `pdf` file (缺少 PDF 格式檔案)",
            line_of(fields["files"]),
        )
    return FormEntry(
        id=form_id,
        title=reader.bilingual(fields["title"], "title"),
        category=reader.text(fields["category"], "category"),
        guides=guides,
        description=reader.bilingual(fields["description"], "description"),
        files=tuple(files),
        line=line,
    )


def check_targets(catalog: Catalog, src: str, files_dir: Path, docs_dir: Path) -> None:
    """Every listed file and guide page must exist: a broken download is a build error. Every
    file in the forms folder must be listed: one that is not is offered to nobody."""
    for form in catalog.forms:
        for file in form.files:
            if not (files_dir / file.path).is_file():
                raise ContentError(
                    src,
                    f"form `{form.id}`: the file `{file.path}` is not in "
                    "content/pages/files/forms/ (找不到檔案)",
                    file.line,
                )
        for guide in form.guides:
            if not guide.endswith(".md") or not (docs_dir / guide).is_file():
                raise ContentError(
                    src,
                    f"form `{form.id}`: the guide `{guide}` is not a page in content/pages/ "
                    "(找不到相關須知頁面)",
                    form.line,
                )

    listed = {file.path for form in catalog.forms for file in form.files}
    unlisted = sorted(
        path.name for path in files_dir.glob("*") if path.is_file() and path.name not in listed
    )
    if unlisted:
        raise ContentError(
            src,
            f"`{unlisted[0]}` is in content/pages/files/forms/ but no form lists it: add it to a "
            "form's `files:`, or delete it (表單目錄沒有列出此檔案)",
        )


def load(path: Path, src: str, files_dir: Path, docs_dir: Path) -> Catalog:
    """Read, check and return the catalog; ``src`` is the path shown in error messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(src, "the forms catalog file is missing (找不到表單目錄檔)") from None
    catalog = parse(text, src)
    check_targets(catalog, src, files_dir, docs_dir)
    return catalog


# --- facts about the files ---------------------------------------------------------------


def size_kb(size_bytes: int) -> int:
    """Whole kilobytes, rounded up, so a small file never shows as 0 KB."""
    return max(1, math.ceil(size_bytes / 1024))


def guide_title(docs_dir: Path, guide: str, lang: str) -> str:
    """The guide page's ``title`` in ``lang`` (the Chinese page's when not translated)."""
    candidates = [guide]
    if lang != LANGUAGES[0]:
        candidates.insert(0, guide.removesuffix(".md") + f".{lang}.md")
    for candidate in candidates:
        path = docs_dir / candidate
        if path.is_file():
            try:
                front, _ = parse_front_matter(path.read_text(encoding="utf-8"), candidate)
            except ContentError:  # the page's own check reports it, naming its file and line
                continue
            if front.get("title"):
                return str(front["title"])
    return guide


# --- the page ----------------------------------------------------------------------------


def link_text(form: FormEntry, file: FormFile, kb: int, lang: str) -> str:
    """Says what the link downloads: title, format and size (WCAG 2.4.4 link purpose)."""
    w = WORDS[lang]
    label = FORMAT_LABELS[file.format][lang]
    return f"{form.title[lang]} {label}{w['open']}.{file.format}{w['comma']}{kb} KB{w['close']}"


def render(
    catalog: Catalog,
    lang: str,
    page_src: str,
    files_dir: Path,
    files_url_dir: str,
    updated: Callable[[Path], dt.date],
    title_of: Callable[[str], str],
) -> str:
    """Markdown for the forms page: one section per category, one per form with its files."""
    w = WORDS[lang]
    page_dir = posixpath.dirname(page_src)
    out: list[str] = []
    for category in catalog.categories:
        forms = [form for form in catalog.forms if form.category == category.id]
        if not forms:
            continue
        out.append(f"## {_md(category.title[lang])} {{ #{category.id} }}\n")
        for form in forms:
            out.append(f"### {_md(form.title[lang])} {{ #{form.id} }}\n")
            out.append(f"{_md(form.description[lang])}\n")
            if form.guides:
                links = w["list_sep"].join(
                    f"[{_md(title_of(guide))}]({posixpath.relpath(guide, page_dir)})"
                    for guide in form.guides
                )
                out.append(f"{w['guides']}{links}\n")
            out.append(
                f"| {w['download']} | {w['format']} | {w['size']} | {w['updated']} |\n"
                "| --- | --- | --- | --- |"
            )
            for file in form.files:
                path = files_dir / file.path
                kb = size_kb(path.stat().st_size)
                label = FORMAT_LABELS[file.format][lang]
                href = posixpath.relpath(f"{files_url_dir}/{file.path}", page_dir)
                text = _md(link_text(form, file, kb, lang))
                date = rocdate.format_date(updated(path), lang)
                out.append(
                    f'| [{text}]({href}){{ type="{MEDIA_TYPES[file.format]}" }} '
                    f"| {label}{w['open']}.{file.format}{w['close']} | {kb} KB | {date} |"
                )
            out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or link text."""
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def expand(markdown: str, rendered: Callable[[], str]) -> str:
    """Replace the marker line with the catalog; pages without the marker are untouched."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, rendered(), 1)
