"""Application guides (申辦須知, every page in ``guides/`` but its index) share one outline, so a
citizen finds the fees or the documents at the same place in every guide, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator

from theme.sitekit import headings
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.markdown_text import prose_lines
from theme.sitekit.checks.problem import Message, Problem
from theme.sitekit.pages import Page

FOLDER = "guides/"
# (id, Chinese heading, English heading), in order; "booking" only for bookable services.
SECTIONS = (
    ("who-and-when", "申請人與期限", "Who applies and by when"),
    ("where-and-when", "辦理地點與時間", "Where and when"),
    ("what-to-bring", "應備文件", "What to bring"),
    ("fees", "規費", "Fees"),
    ("processing-time", "處理時間", "Processing time"),
    ("legal-basis", "法令依據", "Legal basis"),
    ("forms", "表單下載", "Forms"),
    ("booking", "預約申辦", "Book an appointment"),
    ("related-qa", "相關問答", "Related Q&A"),
)
OPTIONAL = {"booking"}
ARTICLE = {
    "zh-TW": re.compile(r"第\s*[0-9０-９一二三四五六七八九十百]+\s*條"),
    "en": re.compile(r"\bArt(?:icles?|\.)"),
}
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)")

SECTION_MISSING = Message(
    "guide-section-missing",
    wrong=(
        "申辦須知缺少「{zh}」段落（錨點 `{id}`）",
        "the guide has no `{id}` section ({en})",
    ),
    todo=(
        "在「{after_zh}」之後加上 `## {zh} {{ #{id} }}`（英文版 `## {en} {{ #{id} }}`）",
        "add `## {en} {{ #{id} }}` after `{after_en}` (Chinese page: `## {zh} {{ #{id} }}`)",
    ),
)
SECTION_ORDER = Message(
    "guide-section-order",
    wrong=(
        "「{zh}」段落（`{id}`）應在「{after_zh}」之後",
        "the `{id}` section ({en}) must come after `{after}`",
    ),
    todo=(
        "依序排列：{order}",
        "put the sections in this order: {order}",
    ),
)
NO_ARTICLE = Message(
    "guide-legal-basis",
    wrong=("「法令依據」段落沒有寫出條文", "the legal basis names no article of law"),
    todo=(
        "寫出法規名稱與條號，例如「戶籍法第 29 條」",
        "name the law and its article, e.g. Household Registration Act, Article 29",
    ),
)
FORM_LINK_WITHOUT_ANCHOR = Message(
    "guide-form-anchor",
    wrong=(
        "「表單下載」的連結 `{link}` 沒有指到哪一份表單",
        "the link `{link}` under Forms does not say which form",
    ),
    todo=(
        "在連結後加上表單的錨點，例如 `../forms/index.md#household-registration-application`"
        "（錨點是 content/data/downloads.yml 的 `id`）",
        "add the form's id, e.g. `../forms/index.md#household-registration-application` "
        "(the `id` in content/data/downloads.yml)",
    ),
)


def is_guide(uri: str) -> bool:
    name = uri.rsplit("/", 1)[-1]
    return uri.startswith(FOLDER) and name not in ("index.md", f"index.{_lang_of(uri)}.md")


def _lang_of(uri: str) -> str:
    match = re.search(r"\.([a-z]{2})\.md$", uri)
    return match.group(1) if match else "zh-TW"


def check(content: Content) -> Iterator[Problem]:
    for uri, page in content.pages.items():
        if is_guide(uri):
            yield from check_guide(page, "en" if _lang_of(uri) == "en" else "zh-TW")


def check_guide(page: Page, lang: str) -> Iterator[Problem]:
    found = [h for h in headings.headings(page.body, page.front_lines + 1) if h.level == 2]
    line_of = {h.id: h.line for h in found if h.id}
    order = [section[0] for section in SECTIONS]
    present = list(
        dict.fromkeys(h.id for h in found if h.id in order)
    )  # a repeated id: see headings
    previous = ("", "", "")
    for section in SECTIONS:
        section_id, zh, en = section
        if section_id not in line_of and section_id not in OPTIONAL:
            anchor_line = line_of.get(previous[0]) or _title_line(found, page)
            yield SECTION_MISSING.at(
                page.shown,
                anchor_line,
                id=section_id,
                zh=zh,
                en=en,
                after_zh=previous[1] or "頁面標題",
                after_en=previous[2] or "the page title",
            )
        if section_id in line_of:
            previous = section
    yield from _order(page, present, [s for s in order if s in present], line_of)
    yield from _legal_basis(page, lang, found)
    yield from _form_links(page, found)


def _order(
    page: Page, present: list[str], expected: list[str], line_of: dict[str, int]
) -> Iterator[Problem]:
    """The first section out of place, if any."""
    names = {section[0]: section for section in SECTIONS}
    for have, want in zip(present, expected, strict=True):
        if have == want:
            continue
        before = expected[expected.index(have) - 1] if expected.index(have) else ""
        yield SECTION_ORDER.at(
            page.shown,
            line_of[have],
            id=have,
            zh=names[have][1],
            en=names[have][2],
            after_zh=names[before][1] if before else "頁面標題",
            after=before or "the page title",
            order=", ".join(expected),
        )
        return


def _title_line(found: list[headings.Heading], page: Page) -> int:
    return found[0].line if found else page.front_lines + 1


def _section_lines(
    page: Page, found: list[headings.Heading], section_id: str
) -> list[tuple[int, str]]:
    """The prose lines of one level-2 section, up to the next level-2 heading."""
    starts = [h.line for h in found]
    start = next((h.line for h in found if h.id == section_id), None)
    if start is None:
        return []
    end = next((line for line in starts if line > start), 10**9)
    return [
        (number, text)
        for number, text in prose_lines(page.body, page.front_lines + 1)
        if start < number < end
    ]


def _legal_basis(page: Page, lang: str, found: list[headings.Heading]) -> Iterator[Problem]:
    start = next((h.line for h in found if h.id == "legal-basis"), None)
    if start is None:
        return
    text = " ".join(line for _, line in _section_lines(page, found, "legal-basis"))
    if not ARTICLE[lang].search(text):
        yield NO_ARTICLE.at(page.shown, start)


def _form_links(page: Page, found: list[headings.Heading]) -> Iterator[Problem]:
    for number, line in _section_lines(page, found, "forms"):
        for link in MARKDOWN_LINK.findall(line):
            if "forms/" in link and "#" not in link and "://" not in link:
                yield FORM_LINK_WITHOUT_ANCHOR.at(page.shown, number, link=link)
