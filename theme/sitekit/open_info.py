"""The 政府資訊公開 (open government information) checklist of Article 7.

Article 7 of the Freedom of Government Information Law (政府資訊公開法第7條) lists ten categories an
agency must publish proactively. ``content/data/open-info.yml`` says, for each of the ten, which
pages publish it or why it does not apply to this office. The file is checked strictly at build
time, so the list can never silently lose a category, count one twice, or point at a missing
page; every mistake stops the build naming the file and the line. The area's index page shows the
list where it holds the marker line.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from theme.sitekit.errors import ContentError
from theme.sitekit.pagemeta import parse_front_matter
from theme.sitekit.yamlnodes import LANGUAGES, NodeReader, compose, line_of

MARKER = "<!-- open-info-categories -->"
ARTICLE_7 = tuple(range(1, 11))  # the law's ten categories, numbered as its items 一 to 十
FIELDS = ("number", "title", "summary", "pages", "not_applicable")
LINK_FIELDS = ("page", "label")
NUMERALS = "一二三四五六七八九十"
# A space that YAML's line folding left between two CJK characters (or CJK punctuation).
CJK_GAP = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\uffef]) (?=[\u2e80-\u9fff\uf900-\uffef])")
WORDS = {
    "zh-TW": {
        "heading": "第{n}款　{title}",
        "published": "本所公開內容：",
        "not_applicable": "本所無此項資訊。",
    },
    "en": {
        "heading": "Item {n}: {title}",
        "published": "Published by this office:",
        "not_applicable": "Not applicable to this office.",
    },
}


@dataclass(frozen=True)
class Link:
    page: str  # a Chinese page below the docs folder, optionally with #anchor
    label: dict[str, str] | None  # None: the target page's title is the link text
    line: int


@dataclass(frozen=True)
class Category:
    number: int
    title: dict[str, str]
    summary: dict[str, str] | None
    pages: tuple[Link, ...]
    not_applicable: dict[str, str] | None
    line: int


def _joined(text: str) -> str:
    """One line, without the spaces YAML's folding leaves between Chinese characters."""
    return CJK_GAP.sub("", " ".join(text.split()))


def load(path: Path, src: str, docs_dir: Path) -> tuple[Category, ...]:
    """Read and check the file; a missing file is an error (the area cannot be left empty)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(
            src, "the open-information file is missing (找不到政府資訊公開資料檔)"
        ) from None
    return parse(text, src, docs_dir)


def parse(text: str, src: str, docs_dir: Path) -> tuple[Category, ...]:
    """The ten categories in law order; any mistake raises ``ContentError`` with its line."""
    reader = NodeReader(src, tidy=_joined)
    root = compose(text, src)
    node = _categories_node(root)
    if node is None:
        raise ContentError(
            src,
            "must have a `categories:` list (需要 categories 清單)",
            line_of(root) if root is not None else None,
        )
    seen: dict[int, int] = {}
    categories: list[Category] = []
    for entry in node.value:
        category = _category(reader, entry, docs_dir)
        if category.number in seen:
            raise ContentError(
                reader.src,
                f"category {category.number} is already given on line "
                f"{seen[category.number]} (款次重複)",
                line_of(entry),
            )
        seen[category.number] = category.line
        categories.append(category)
    key_line = next(line_of(key) for key, _ in root.value if key.value == "categories")
    for number in ARTICLE_7:
        if number not in seen:
            raise ContentError(
                src,
                f"Article 7 category {number} is missing: add it with `pages:` or "
                f"`not_applicable:` (缺少第 {number} 款)",
                key_line,
            )
    return tuple(sorted(categories, key=lambda c: c.number))


def _categories_node(root: yaml.Node | None) -> yaml.SequenceNode | None:
    """The ``categories:`` list, or None when the file does not have one."""
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "categories" and isinstance(value, yaml.SequenceNode):
            return value
    return None


def _category(reader: NodeReader, node: yaml.Node, docs_dir: Path) -> Category:
    fields = reader.mapping(node, allowed=FIELDS)
    number_node = fields.get("number")
    if number_node is None:
        raise ContentError(reader.src, "this entry has no `number` (缺少款次)", line_of(node))
    raw = str(number_node.value).strip() if isinstance(number_node, yaml.ScalarNode) else ""
    if not raw.isdigit() or int(raw) not in ARTICLE_7:
        raise ContentError(
            reader.src,
            "`number` must be a whole number from 1 to 10, the item of Article 7 "
            "(款次須為 1 至 10 的整數)",
            line_of(number_node),
        )
    number = int(raw)
    if "title" not in fields:
        raise ContentError(
            reader.src, f"category {number} has no `title` (缺少款目名稱)", line_of(node)
        )
    title = reader.bilingual(fields["title"], "title")
    summary = reader.bilingual(fields["summary"], "summary") if "summary" in fields else None
    has_pages, has_reason = "pages" in fields, "not_applicable" in fields
    if has_pages and has_reason:
        raise ContentError(
            reader.src,
            f"category {number} has both `pages:` and `not_applicable:`; keep one "
            "(頁面與不適用理由只能擇一)",
            line_of(fields["not_applicable"]),
        )
    if not has_pages and not has_reason:
        raise ContentError(
            reader.src,
            f"category {number} has neither `pages:` nor `not_applicable:` "
            "(須列出公開頁面或說明不適用的理由)",
            line_of(node),
        )
    pages: tuple[Link, ...] = ()
    reason = None
    if has_pages:
        pages = _links(reader, number, fields["pages"], docs_dir)
    else:
        reason = reader.bilingual(fields["not_applicable"], "not_applicable")
    return Category(number, title, summary, pages, reason, line_of(node))


def _links(reader: NodeReader, number: int, node: yaml.Node, docs_dir: Path) -> tuple[Link, ...]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise ContentError(
            reader.src,
            f"category {number}: `pages` must be a list of `- ` page paths (應為頁面清單)",
            line_of(node),
        )
    links = []
    for item in node.value:
        label = None
        if isinstance(item, yaml.MappingNode):
            fields = reader.mapping(item, allowed=LINK_FIELDS)
            if "page" not in fields:
                raise ContentError(
                    reader.src,
                    f"category {number}: this link has no `page` (缺少頁面)",
                    line_of(item),
                )
            page = reader.text(fields["page"], "page")
            if "label" in fields:
                label = reader.bilingual(fields["label"], "label")
        else:
            page = reader.text(item, "page")
        _check_page(reader, number, page, item, docs_dir)
        links.append(Link(page, label, line_of(item)))
    return tuple(links)


def _check_page(
    reader: NodeReader, number: int, page: str, node: yaml.Node, docs_dir: Path
) -> None:
    path = page.split("#", 1)[0]
    if "://" in page or path.startswith("/") or not path.endswith(".md"):
        raise ContentError(
            reader.src,
            f"category {number}: `{page}` must be a `.md` page path under content/pages/, "
            "such as `open-info/laws.md` (請填 content/pages/ 之下的頁面檔名)",
            line_of(node),
        )
    if path.endswith(".en.md"):
        raise ContentError(
            reader.src,
            f"category {number}: link the Chinese page `{path.removesuffix('.en.md')}.md`; "
            "the site picks the reader's language (請填中文頁檔名)",
            line_of(node),
        )
    target = (docs_dir / path).resolve()
    if not target.is_relative_to(docs_dir.resolve()) or not target.is_file():
        raise ContentError(
            reader.src,
            f"category {number}: the page `{path}` is not a page in content/pages/ (找不到頁面)",
            line_of(node),
        )


# --- the page ----------------------------------------------------------------------------


def page_title(docs_dir: Path, page: str, lang: str) -> str:
    """The linked page's ``title`` in ``lang`` (the Chinese page's when not translated)."""
    path = page.split("#", 1)[0]
    candidates = [path]
    if lang != LANGUAGES[0]:
        candidates.insert(0, path.removesuffix(".md") + f".{lang}.md")
    for candidate in candidates:
        file = docs_dir / candidate
        if file.is_file():
            front, _ = parse_front_matter(file.read_text(encoding="utf-8"), candidate)
            if front.get("title"):
                return str(front["title"])
    return path


def render(categories: tuple[Category, ...], lang: str, page_uri: str, docs_dir: Path) -> str:
    """Markdown for the list: one heading per category (id ``article-7-N``), then its content.

    Links are relative to the page holding the marker and name the Chinese ``.md`` file, so
    MkDocs checks them in strict mode and the i18n plugin points them at the reader's language.
    """
    words = WORDS[lang]
    here = posixpath.dirname(page_uri)
    parts = []
    for category in categories:
        n = NUMERALS[category.number - 1] if lang == "zh-TW" else str(category.number)
        heading = words["heading"].format(n=n, title=category.title[lang])
        lines = [f"### {heading} {{ #article-7-{category.number} }}", ""]
        if category.summary:
            lines += [category.summary[lang], ""]
        if category.not_applicable:
            lines += [f"**{words['not_applicable']}** {category.not_applicable[lang]}", ""]
        else:
            lines += [words["published"], ""]
            for link in category.pages:
                label = link.label[lang] if link.label else page_title(docs_dir, link.page, lang)
                target = posixpath.relpath(link.page.split("#", 1)[0], here or ".")
                anchor = "#" + link.page.split("#", 1)[1] if "#" in link.page else ""
                lines.append(f"- [{label}]({target}{anchor})")
            lines.append("")
        parts.append("\n".join(lines))
    return "\n".join(parts)


def expand(markdown: str, categories: tuple[Category, ...], lang: str, page_uri: str, docs_dir):
    """Replace the marker line with the rendered list (once; other text is left alone)."""
    return markdown.replace(MARKER, render(categories, lang, page_uri, docs_dir), 1)
