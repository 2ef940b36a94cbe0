"""最新消息 / News: dated posts read from ``news/posts/``, listed newest first, paged and archived.

Material's blog plugin does not work with mkdocs-static-i18n, so the collection is built here:
``load`` reads and checks every post (a mistake stops the build naming file and line), and the
``render_*`` functions turn the posts into the HTML the news pages, the home page and the site
map show. Everything here is plain Python, so it is unit-tested without a build; the MkDocs glue
is ``theme/hooks/news.py``.

Language rule: a Chinese post ``YYYY-MM-DD-slug.md`` has its English version beside it as
``YYYY-MM-DD-slug.en.md``, or says ``translation: none`` and is then listed (and fed) only in
Chinese. An English post without its Chinese post is an error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

from theme.sitekit import atom, i18n, pagemeta, rocdate
from theme.sitekit.errors import ContentError

DEFAULT_LANGUAGE = i18n.DEFAULT_LANGUAGE
LANGUAGES = ("zh-TW", "en")
NEWS_DIR = "news"
POSTS_DIR = "news/posts"
PER_PAGE = 10
FEED_NAME = "feed.xml"
SUMMARY_LENGTH = 120  # characters of the first paragraph when a post has no `summary:`
# Site search ranks a post below the guide it announces: a post's words repeat a guide's title
# (marriage, passport) in a few lines, so Pagefind would put it first at its default weights
# (h1 7, text 1). These weights apply to the post pages only.
SEARCH_WEIGHT_TITLE = "2"
SEARCH_WEIGHT_BODY = "0.5"

FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)(\.en)?\.md$")
LIST_MARKER = re.compile(r"<!--\s*news-list(?:\s+(\d+))?\s*-->")
LATEST_MARKER = re.compile(r"<!--\s*news-latest(?:\s+(\d+))?\s*-->")
ARCHIVE_MARKER = re.compile(r"<!--\s*news-archive\s*-->")

# Category keys and their names; front matter may give the key or either name.
CATEGORIES: dict[str, dict[str, str]] = {
    "service": {"zh-TW": "便民服務", "en": "Services"},
    "law": {"zh-TW": "法令宣導", "en": "Laws and regulations"},
    "event": {"zh-TW": "活動", "en": "Events"},
    "closure": {"zh-TW": "服務異動", "en": "Service changes"},
    "report": {"zh-TW": "施政成果", "en": "Reports"},
}

# Words of the news pages, per language.
TEXT: dict[str, dict[str, str]] = {
    "zh-TW": {
        "published": "發布日期：",
        "updated": "更新日期：",
        "category": "分類：",
        "back": "回最新消息列表",
        "archive": "依年份瀏覽所有消息",
        "subscribe": "訂閱 RSS/Atom 消息",
        "pages": "最新消息分頁",
        "previous": "上一頁",
        "next": "下一頁",
        "page_label": "第 {n} 頁",
        "page_title": "最新消息（第 {n} 頁）",
        "empty": "目前沒有消息。",
        "empty_page": "這一頁沒有消息，請看第 1 頁。",
        "more": "更多消息",
        "years": "年份",
        "year_heading": "民國{roc}年（{year}）",
        "year_empty": "這一年沒有消息。",
        "feed_title": "{office}最新消息",
        "feed_subtitle": "{office}的公告、活動與便民服務消息",
        "sitemap_posts": "消息",
    },
    "en": {
        "published": "Published: ",
        "updated": "Updated: ",
        "category": "Category: ",
        "back": "Back to News",
        "archive": "All news by year",
        "subscribe": "Subscribe (RSS/Atom feed)",
        "pages": "News pages",
        "previous": "Previous page",
        "next": "Next page",
        "page_label": "Page {n}",
        "page_title": "News (page {n})",
        "empty": "There is no news yet.",
        "empty_page": "There is no news on this page; see page 1.",
        "more": "More news",
        "years": "Years",
        "year_heading": "{year}",
        "year_empty": "No news this year.",
        "feed_title": "News: {office}",
        "feed_subtitle": "Announcements, events and service news from the {office}",
        "sitemap_posts": "Posts",
    },
}

_DATE_IN_YAML = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_ATTR = re.compile(r"\s*\{[:#.][^}]*\}")
_MD_MARKUP = re.compile(r"(\*\*|__|\*|`|~~)")
_HTML_TAG = re.compile(r"<[^>]+>")


def text(lang: str) -> dict[str, str]:
    """The news pages' words in ``lang`` (Chinese for any Chinese variant)."""
    return TEXT["zh-TW" if lang.startswith("zh") else "en"]


@dataclass(frozen=True)
class Post:
    """One news post in one language."""

    src_uri: str  # below the docs folder: news/posts/2026-11-20-saturday-service.md
    shown: str  # as errors show it: content/pages/news/posts/...
    lang: str
    slug: str  # the file name without language and extension: 2026-11-20-saturday-service
    title: str
    date: dt.date
    updated: dt.date
    summary: str
    category: str | None  # a key of CATEGORIES

    @property
    def path(self) -> str:
        """Site path of the post without the language prefix: news/posts/<slug>/."""
        return f"{POSTS_DIR}/{self.slug}/"

    def category_name(self, lang: str) -> str | None:
        if self.category is None:
            return None
        return CATEGORIES[self.category]["zh-TW" if lang.startswith("zh") else "en"]


@dataclass(frozen=True)
class Collection:
    """Every post, per language, newest first."""

    posts: dict[str, tuple[Post, ...]]

    def of(self, lang: str) -> tuple[Post, ...]:
        return self.posts.get(lang, ())

    @property
    def page_count(self) -> int:
        """List pages per language: the same in every language, so each page has its pair."""
        longest = max((len(posts) for posts in self.posts.values()), default=0)
        return max(1, math.ceil(longest / PER_PAGE))

    def page(self, lang: str, number: int) -> tuple[Post, ...]:
        """The posts on list page ``number`` (1-based) in ``lang``."""
        start = (number - 1) * PER_PAGE
        return self.of(lang)[start : start + PER_PAGE]

    def years(self) -> list[int]:
        """Years with a post in any language, newest first (the archive's sections)."""
        return sorted({p.date.year for posts in self.posts.values() for p in posts}, reverse=True)

    def find(self, lang: str, src_uri: str) -> Post | None:
        for post in self.of(lang):
            if post.src_uri == src_uri:
                return post
        return None


# --- loading -------------------------------------------------------------------------------


def load(
    docs_dir: Path,
    shown_root: str = "content/pages",
    expand: Callable[[str, str, str, int], str] | None = None,
) -> Collection:
    """Read and check every post below ``docs_dir/news/posts``.

    ``expand(text, lang, shown, line)`` replaces shortcodes such as ``{{ office.name }}`` in
    titles and summaries (the hook passes the office facts); ``None`` leaves them as written.
    """
    folder = docs_dir / POSTS_DIR
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    meta_cache: dict[Path, dict[str, Any]] = {}
    by_lang: dict[str, list[Post]] = {lang: [] for lang in LANGUAGES}
    opted_out: dict[str, str] = {}  # Chinese slug -> shown path, for `translation: none`
    for path in files:
        src_uri = path.relative_to(docs_dir).as_posix()
        shown = f"{shown_root}/{src_uri}" if shown_root else src_uri
        text_ = path.read_text(encoding="utf-8-sig")
        defaults = pagemeta.folder_defaults(docs_dir, src_uri, meta_cache)
        post, opt_out = parse_post(text_, src_uri, shown, defaults, expand)
        by_lang[post.lang].append(post)
        if opt_out:
            opted_out[post.slug] = shown
    _check_pairs(by_lang, opted_out, shown_root)
    return Collection(
        {
            lang: tuple(sorted(posts, key=lambda p: (p.date, p.slug), reverse=True))
            for lang, posts in by_lang.items()
        }
    )


def parse_post(
    source: str,
    src_uri: str,
    shown: str,
    defaults: dict[str, Any] | None = None,
    expand: Callable[[str, str, str, int], str] | None = None,
) -> tuple[Post, bool]:
    """Check one post file; return it and whether it opts out of translation."""
    name = src_uri.rsplit("/", 1)[-1]
    match = FILE_NAME.match(name)
    if not match:
        raise ContentError(
            shown,
            "a news post's file name must be YYYY-MM-DD-slug.md (English: YYYY-MM-DD-slug.en.md), "
            "the slug in lowercase letters, digits and hyphens, "
            "e.g. 2026-11-20-saturday-service.md (消息檔名格式錯誤)",
        )
    lang = "en" if match[5] else DEFAULT_LANGUAGE
    front, _ = pagemeta.parse_front_matter(source, shown)
    meta = {**(defaults or {}), **front}
    lines = pagemeta.key_lines(source)
    body = _body(source)

    title = meta.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        raise ContentError(
            shown,
            "a news post needs a `title:` in its front matter (消息缺少標題 title)",
            lines.get("title", 1),
        )
    if not isinstance(title, str | int | float):
        raise ContentError(
            shown, "`title` must be one line of text (標題必須是一行文字)", lines["title"]
        )

    name_date = _name_date(match, shown)
    date = _date_field(meta, "date", shown, lines)
    if date is None:
        raise ContentError(
            shown,
            "a news post needs `date: YYYY-MM-DD` (the day it is published) in its front matter "
            "(消息缺少發布日期 date)",
            1,
        )
    if date != name_date:
        raise ContentError(
            shown,
            f"`date: {date.isoformat()}` differs from the date in the file name "
            f"({name_date.isoformat()}); they must be the same day (發布日期與檔名日期不一致)",
            lines.get("date", 1),
        )
    updated = _date_field(meta, "updated", shown, lines) or date
    if updated < date:
        raise ContentError(
            shown,
            f"`updated: {updated.isoformat()}` is before `date: {date.isoformat()}` "
            "(更新日期早於發布日期)",
            lines.get("updated", 1),
        )

    summary = meta.get("summary")
    if summary is not None and not isinstance(summary, str | int | float):
        raise ContentError(
            shown, "`summary` must be text (摘要必須是文字)", lines.get("summary", 1)
        )
    category = _category(meta.get("category"), shown, lines.get("category", 1))
    heading_line = _first_heading_line(source)
    if heading_line:
        raise ContentError(
            shown,
            "a news post's page heading is made from its `title:`; remove this `# ...` line "
            "or make it a `## ...` section (消息標題由 title 產生，請刪除此行)",
            heading_line,
        )

    title_text = str(title).strip()
    summary_text = " ".join(str(summary).split()) if summary is not None else first_paragraph(body)
    if expand is not None:
        title_text = expand(title_text, lang, shown, lines.get("title", 1))
        summary_line = lines.get("summary") or _body_start_line(source)
        summary_text = expand(summary_text, lang, shown, summary_line)
    post = Post(
        src_uri=src_uri,
        shown=shown,
        lang=lang,
        slug=name.removesuffix(".md").removesuffix(".en"),
        title=title_text,
        date=date,
        updated=updated,
        summary=summary_text,
        category=category,
    )
    return post, str(meta.get("translation", "")).strip() == "none"


def _name_date(match: re.Match[str], shown: str) -> dt.date:
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ContentError(
            shown,
            f"the file name's date {match[1]}-{match[2]}-{match[3]} does not exist "
            "(檔名中的日期不存在)",
        ) from None


def _date_field(
    meta: dict[str, Any], key: str, shown: str, lines: dict[str, int]
) -> dt.date | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_IN_YAML.match(value.strip()):
        try:  # a quoted date, "2026-11-20"
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ContentError(
        shown,
        f"`{key}: {value}` must be a date written YYYY-MM-DD, e.g. 2026-11-20, without a time "
        "(日期請以西元 YYYY-MM-DD 填寫，不加時間)",
        lines.get(key, 1),
    )


def _category(value: Any, shown: str, line: int) -> str | None:
    if value is None or value == "":
        return None
    wanted = str(value).strip()
    for key, names in CATEGORIES.items():
        if wanted == key or wanted in names.values():
            return key
    known = "、".join(names["zh-TW"] for names in CATEGORIES.values())
    raise ContentError(
        shown,
        f"unknown news category `{wanted}` (未知的消息分類); use one of: {known} "
        "or their English names",
        line,
    )


def _check_pairs(
    by_lang: dict[str, list[Post]], opted_out: dict[str, str], shown_root: str
) -> None:
    """Each English post has its Chinese post; each Chinese post its English one or an opt-out."""
    chinese = {post.slug: post for post in by_lang[DEFAULT_LANGUAGE]}
    english = {post.slug: post for post in by_lang["en"]}
    for slug, post in english.items():
        if slug not in chinese:
            raise ContentError(
                post.shown,
                f"this English post has no Chinese post {slug}.md beside it "
                "(英文消息缺少對應的中文消息)",
            )
    for slug, post in chinese.items():
        if slug in english and slug in opted_out:
            raise ContentError(
                post.shown,
                f"says `translation: none` but {slug}.en.md exists: remove one of them "
                "(設定免翻譯卻有英文檔)",
            )
        if slug not in english and slug not in opted_out:
            raise ContentError(
                post.shown,
                f"this Chinese post has no English version: add {slug}.en.md beside it, or put "
                "`translation: none` in its front matter to list it only in Chinese "
                "(中文消息缺少英文版，請新增英文檔或設定 translation: none)",
            )


def _first_heading_line(source: str) -> int | None:
    """Line number of a level-1 ``# heading`` in the body (outside code fences), if any."""
    match = pagemeta.FRONT_MATTER.match(source)
    start = source.count("\n", 0, match.end()) if match else 0
    fenced = False
    for number, line in enumerate(source.splitlines()[start:], start=start + 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"#(?!#)\s", line):
            return number
    return None


def _body_start_line(source: str) -> int:
    """Line number of the body's first non-blank line (where a derived summary comes from)."""
    match = pagemeta.FRONT_MATTER.match(source)
    start = source.count("\n", 0, match.end()) if match else 0
    for number, line in enumerate(source.splitlines()[start:], start=start + 1):
        if line.strip():
            return number
    return start + 1


def _body(source: str) -> str:
    match = pagemeta.FRONT_MATTER.match(source)
    return source[match.end() :] if match else source


def first_paragraph(body: str, limit: int = SUMMARY_LENGTH) -> str:
    """Plain text of the body's first paragraph, for a post without a `summary:`."""
    paragraph: list[str] = []
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            if paragraph:
                break
            continue
        if line.startswith(("#", "<!--", "!!!", "???", "|", ">", "---")):
            if paragraph:
                break
            continue
        paragraph.append(re.sub(r"^([-*+]|\d+\.)\s+", "", line))
    plain = " ".join(paragraph)
    plain = _MD_LINK.sub(r"\1", plain)
    plain = _MD_ATTR.sub("", plain)
    plain = _HTML_TAG.sub("", _MD_MARKUP.sub("", plain))
    plain = " ".join(plain.split())
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


# --- URLs ----------------------------------------------------------------------------------


def prefix(lang: str) -> str:
    """The language's folder in the site: '' for Chinese, 'en/' for English."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def index_path(lang: str) -> str:
    return f"{prefix(lang)}{NEWS_DIR}/"


def list_path(lang: str, number: int) -> str:
    """Site path of list page ``number``: news/ for the first, news/page/2/ and on after."""
    return index_path(lang) if number <= 1 else f"{prefix(lang)}{NEWS_DIR}/page/{number}/"


def archive_path(lang: str) -> str:
    return f"{prefix(lang)}{NEWS_DIR}/archive/"


def feed_path(lang: str) -> str:
    return f"{prefix(lang)}{NEWS_DIR}/{FEED_NAME}"


def post_path(post: Post, lang: str) -> str:
    return f"{prefix(lang)}{post.path}"


def link(target: str, page_url: str) -> str:
    """``target`` (a site path) as seen from the page at ``page_url`` (MkDocs' page.url)."""
    return get_relative_url(target, page_url or ".") if page_url else target or "./"


def page_number(page_url: str) -> int | None:
    """The list page a site path is (1 for news/, 2 for news/page/2/), or None."""
    bare = page_url.split("/", 1)[1] if page_url.startswith("en/") else page_url
    if bare == f"{NEWS_DIR}/":
        return 1
    match = re.fullmatch(rf"{NEWS_DIR}/page/(\d+)/", bare)
    return int(match[1]) if match else None


# --- rendering -----------------------------------------------------------------------------


def _time(day: dt.date, lang: str) -> str:
    return f'<time datetime="{day.isoformat()}">{escape(rocdate.format_date(day, lang))}</time>'


def _post_link(post: Post, lang: str, page_url: str) -> str:
    href = escape(link(post_path(post, lang), page_url))
    return f'<a href="{href}">{escape(post.title)}</a>'


def _item(post: Post, lang: str, page_url: str, heading: str) -> str:
    words = text(lang)
    meta = _time(post.date, lang)
    category = post.category_name(lang)
    if category:
        meta += f'<span class="news-item__category">{words["category"]}{escape(category)}</span>'
    summary = f'<p class="news-item__summary">{escape(post.summary)}</p>' if post.summary else ""
    return (
        f'<li class="news-item"><{heading} class="news-item__title" id="{post.slug}">'
        f"{_post_link(post, lang, page_url)}</{heading}>"
        f'<p class="news-item__meta">{meta}</p>{summary}</li>'
    )


def render_list(collection: Collection, lang: str, number: int, page_url: str) -> str:
    """List page ``number``: links to the archive and feed, the posts, the page links."""
    words = text(lang)
    posts = collection.page(lang, number)
    parts = [_links_line(lang, page_url)]
    if posts:
        items = "".join(_item(post, lang, page_url, "h2") for post in posts)
        parts.append(f'<ul class="news-list">{items}</ul>')
    else:
        message = words["empty"] if number == 1 else words["empty_page"]
        parts.append(f'<p class="news-empty">{message}</p>')
    parts.append(render_pagination(lang, number, collection.page_count, page_url))
    return "\n".join(part for part in parts if part)


def _links_line(lang: str, page_url: str, *, on_archive: bool = False) -> str:
    """Links to the archive (or, on the archive, back to the list) and to the feed."""
    words = text(lang)
    if on_archive:
        other = f'<a href="{escape(link(index_path(lang), page_url))}">{words["back"]}</a>'
    else:
        other = f'<a href="{escape(link(archive_path(lang), page_url))}">{words["archive"]}</a>'
    feed = escape(link(feed_path(lang), page_url))
    return (
        f'<p class="news-links">{other}'
        f'<a href="{feed}" type="application/atom+xml">{words["subscribe"]}</a></p>'
    )


def render_pagination(lang: str, number: int, count: int, page_url: str) -> str:
    """Links to every list page; the current one carries aria-current="page"."""
    if count <= 1:
        return ""
    words = text(lang)

    def href(n: int) -> str:
        return escape(link(list_path(lang, n), page_url))

    items = []
    if number > 1:
        items.append(f'<li><a href="{href(number - 1)}" rel="prev">{words["previous"]}</a></li>')
    for n in range(1, count + 1):
        label = words["page_label"].format(n=n)
        current = ' aria-current="page"' if n == number else ""
        items.append(f'<li><a href="{href(n)}" aria-label="{label}"{current}>{n}</a></li>')
    if number < count:
        items.append(f'<li><a href="{href(number + 1)}" rel="next">{words["next"]}</a></li>')
    label = words["pages"]
    return f'<nav class="news-pagination" aria-label="{label}"><ul>{"".join(items)}</ul></nav>'


def render_archive(collection: Collection, lang: str, page_url: str) -> str:
    """Every post of ``lang``, one section per year (newest year first), with a year index."""
    words = text(lang)
    years = collection.years()
    if not years:
        return f'<p class="news-empty">{words["empty"]}</p>'
    jump = "".join(f'<li><a href="#y{year}">{year}</a></li>' for year in years)
    parts = [
        _links_line(lang, page_url, on_archive=True),
        f'<nav class="news-years" aria-label="{words["years"]}"><ul>{jump}</ul></nav>',
    ]
    posts = collection.of(lang)
    for year in years:
        heading = words["year_heading"].format(year=year, roc=rocdate.roc_year(year))
        parts.append(f'<h2 id="y{year}">{escape(heading)}</h2>')
        rows = [
            f"<li>{_time(post.date, lang)} {_post_link(post, lang, page_url)}</li>"
            for post in posts
            if post.date.year == year
        ]
        if rows:
            parts.append(f'<ul class="news-archive">{"".join(rows)}</ul>')
        else:
            parts.append(f'<p class="news-empty">{words["year_empty"]}</p>')
    return "\n".join(parts)


def render_latest(collection: Collection, lang: str, count: int, page_url: str) -> str:
    """The newest ``count`` posts for the home page, and a link to all news."""
    words = text(lang)
    posts = collection.of(lang)[:count]
    more = escape(link(index_path(lang), page_url))
    if not posts:
        return f'<p class="news-empty">{words["empty"]}</p>'
    rows = "".join(
        f"<li>{_time(post.date, lang)} {_post_link(post, lang, page_url)}</li>" for post in posts
    )
    more_link = f'<p class="news-more"><a href="{more}">{words["more"]}</a></p>'
    return f'<ul class="news-latest">{rows}</ul>\n{more_link}'


def render_post_header(post: Post, lang: str) -> str:
    """Markdown put above a post's body: its title as the page heading, date and category."""
    words = text(lang)
    meta = f"{words['published']}{_time(post.date, lang)}"
    if post.updated != post.date:
        meta += (
            f'<span class="news-post__updated">{words["updated"]}{_time(post.updated, lang)}</span>'
        )
    category = post.category_name(lang)
    if category:
        meta += f'<span class="news-post__category">{words["category"]}{escape(category)}</span>'
    weight = f'data-pagefind-weight="{SEARCH_WEIGHT_TITLE}"'
    return f'# {post.title} {{ #news-post {weight} }}\n\n<p class="news-post__meta">{meta}</p>\n\n'


def frame_post(body: str, post: Post, lang: str, page_url: str) -> str:
    """A post's page: heading and date, the body (weighted down for search), the back link."""
    header = render_post_header(post, post.lang)
    footer = render_post_footer(lang, page_url, text_lang=post.lang)
    weighted = (
        f'<div class="news-post__body" data-pagefind-weight="{SEARCH_WEIGHT_BODY}" markdown>'
        f"\n\n{body.strip()}\n\n</div>"
    )
    return f"{header}{weighted}{footer}"


def render_post_footer(lang: str, page_url: str, text_lang: str | None = None) -> str:
    """The "back to news" link under a post (in the post's words, to this language's list)."""
    words = text(text_lang or lang)
    href = escape(link(index_path(lang), page_url))
    return f'\n\n<p class="news-post__back"><a href="{href}">{words["back"]}</a></p>\n'


def render_sitemap_posts(collection: Collection, lang: str, page_url: str) -> str:
    """A nested list for the site map page: the archive and every post of ``lang``."""
    words = text(lang)
    rows = [f'<li><a href="{escape(link(archive_path(lang), page_url))}">{words["archive"]}</a>']
    posts = collection.of(lang)
    if posts:
        items = "".join(f"<li>{_post_link(post, lang, page_url)}</li>" for post in posts)
        rows.append(f"<ul>{items}</ul>")
    rows.append("</li>")
    return f"<ul>{''.join(rows)}</ul>"


def list_page_markdown(lang: str, number: int, last_reviewed: dt.date | None) -> str:
    """Source of a generated list page (2, 3, …): front matter, heading and list marker."""
    title = text(lang)["page_title"].format(n=number)
    reviewed = f"last_reviewed: {last_reviewed.isoformat()}\n" if last_reviewed else ""
    return (
        f"---\ntitle: {title}\n{reviewed}search:\n  exclude: true\n---\n\n"
        f"# {title} {{ #news }}\n\n<!-- news-list {number} -->\n"
    )


def expand_markers(markdown: str, collection: Collection, lang: str, page_url: str) -> str:
    """Replace the news markers of a page's Markdown with their HTML."""

    def list_page(match: re.Match[str]) -> str:
        number = int(match[1]) if match[1] else (page_number(page_url) or 1)
        return render_list(collection, lang, number, page_url)

    def latest(match: re.Match[str]) -> str:
        return render_latest(collection, lang, int(match[1] or 3), page_url)

    markdown = LIST_MARKER.sub(list_page, markdown)
    markdown = LATEST_MARKER.sub(latest, markdown)
    return ARCHIVE_MARKER.sub(lambda _: render_archive(collection, lang, page_url), markdown)


def has_marker(markdown: str) -> bool:
    return bool(
        LIST_MARKER.search(markdown)
        or LATEST_MARKER.search(markdown)
        or ARCHIVE_MARKER.search(markdown)
    )


def is_news_page(src_uri: str) -> bool:
    """Pages that link the feed in their head: everything below news/."""
    return src_uri.startswith(f"{NEWS_DIR}/")


def is_post(src_uri: str) -> bool:
    return src_uri.startswith(f"{POSTS_DIR}/") and src_uri.count("/") == 2


# --- feed ----------------------------------------------------------------------------------

FEED_SIZE = 20  # newest posts in each feed


def build_feed(
    collection: Collection,
    lang: str,
    site_url: str,
    office_name: str,
    html_lang: str,
    office_email: str | None = None,
    limit: int = FEED_SIZE,
) -> atom.Feed:
    """The Atom feed of ``lang``: only that language's posts, newest first, absolute URLs."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    words = text(lang)
    posts = collection.of(lang)[:limit]
    entries = [
        atom.Entry(
            id=base + post_path(post, lang),
            title=post.title,
            link=base + post_path(post, lang),
            published=post.date,
            updated=post.updated,
            summary=post.summary,
            category_term=post.category,
            category_label=post.category_name(lang),
        )
        for post in posts
    ]
    return atom.Feed(
        id=base + index_path(lang),
        title=words["feed_title"].format(office=office_name),
        subtitle=words["feed_subtitle"].format(office=office_name),
        lang=html_lang,
        self_url=base + feed_path(lang),
        page_url=base + index_path(lang),
        author_name=office_name,
        author_email=office_email,
        entries=entries,
    )
