"""MkDocs hooks for 最新消息 / News: thin glue over ``theme.sitekit.news`` and ``.atom``.

- ``on_config`` reads and checks every post in ``content/pages/news/posts/`` (once per build);
- ``on_files`` adds the list pages after the first (``news/page/2/`` …) as generated pages, with
  the i18n plugin's language data, so they get the whole theme, the language switch and their
  place in sitemap.xml. It runs after the i18n plugin, which cannot handle generated files;
- ``on_page_markdown`` puts the date and the "back to news" link on posts and expands the
  ``<!-- news-list -->``, ``<!-- news-archive -->`` and ``<!-- news-latest 3 -->`` markers;
- ``on_page_context`` gives news pages their feed link (``news_feed`` in main.html) and adds
  the posts under 最新消息 on the site map page;
- ``on_post_build`` writes this language's Atom feed to ``news/feed.xml`` (``en/news/feed.xml``).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from theme.sitekit import atom, i18n, news, office, pagemeta
from theme.sitekit.errors import ContentError

DEFAULT_LANGUAGE = news.DEFAULT_LANGUAGE
HTML_LANG = {"zh-TW": "zh-Hant-TW", "en": "en"}
OFFICE_FILE = "content/data/office.yml"
SITEMAP_SOURCES = ("sitemap.md", "sitemap.en.md")
_FALLBACK_WRAP = re.compile(r"\A(<div lang=\"[^\"]*\" markdown>\n\n)(.*)(\n\n</div>)\Z", re.DOTALL)
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>.*?</a>', re.DOTALL)


@dataclass
class _News:
    docs_dir: Path
    collection: news.Collection
    facts: dict[str, dict[str, Any]]
    has_index: bool  # news/index.md exists: list pages and feeds belong to it


_state: _News | None = None


def _language(config: MkDocsConfig) -> str:
    return i18n.current_language(config)


def _languages(config: MkDocsConfig) -> list[str]:
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return [DEFAULT_LANGUAGE]
    default = plugin.default_language
    return [default, *sorted(lang for lang in plugin.build_languages if lang != default)]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the posts once per build; the i18n plugin's per-language sub-builds reuse them."""
    global _state
    i18n = config.plugins.get("i18n")
    if _state is not None and getattr(i18n, "building", False):
        return config
    root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir).resolve()
    raw = office.load(root / config.extra.get("office_file", OFFICE_FILE))
    facts = {lang: office.localize(raw, lang) for lang in news.LANGUAGES}

    def expand(text: str, lang: str, shown: str, line: int) -> str:
        return office.expand_shortcodes(text, facts[lang], shown, line - 1)

    collection = news.load(docs_dir, "content/pages", expand)
    _state = _News(docs_dir, collection, facts, (docs_dir / news.NEWS_DIR / "index.md").is_file())
    return config


# --- list pages 2, 3, … as generated files ---------------------------------------------------


def _list_file(config: MkDocsConfig, state: _News, lang: str, number: int) -> File:
    suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
    index = state.docs_dir / news.NEWS_DIR / f"index{suffix}.md"
    if not index.is_file():
        index = state.docs_dir / news.NEWS_DIR / "index.md"
    source = index.read_text(encoding="utf-8-sig")
    front, _ = pagemeta.parse_front_matter(source, f"content/pages/{news.NEWS_DIR}/{index.name}")
    reviewed = front.get("last_reviewed")
    file = File.generated(
        config,
        f"{news.NEWS_DIR}/page/{number}/index{suffix}.md",
        content=news.list_page_markdown(lang, number, reviewed if reviewed else None),
    )
    file.dest_uri = f"{news.list_path(lang, number)}index.html"
    file.url = news.list_path(lang, number)
    file.name = "index"
    # The list follows the news index page: its date is the footer's "last updated".
    file.abs_src_path = str(index)
    file.locale = lang  # what mkdocs-static-i18n sets on the files it handles
    file.localization = None if lang == DEFAULT_LANGUAGE else lang
    file.locale_alternate_of = lang
    file.norm_src_uri = f"{news.NEWS_DIR}/page/{number}/index.md"
    return file


@event_priority(-200)  # after mkdocs-static-i18n's on_files (-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _state is None or not _state.has_index:
        return files
    lang = _language(config)
    languages = _languages(config)
    generated: dict[str, list[File]] = {code: [] for code in languages}
    for number in range(2, _state.collection.page_count + 1):
        pair = {code: _list_file(config, _state, code, number) for code in languages}
        for code, file in pair.items():
            file.alternates = {code: file, **{o: pair[o] for o in languages if o != code}}
            generated[code].append(file)
        files.append(pair[lang])
    _register_for_sitemap(config, lang, generated)
    return files


def _register_for_sitemap(config: MkDocsConfig, lang: str, generated: dict[str, list[File]]):
    """Add the list pages to the i18n plugin's per-language page lists (its sitemap.xml).

    This language's list is the plugin's own, made in its ``on_files``. Another language's list
    is there already only when ``scripts/parallel_build`` resolved it up front; the pages of
    that language are then added here too, as that language's own build would.
    """
    i18n = config.plugins.get("i18n")
    per_language = getattr(i18n, "i18n_files_per_language", None)
    if per_language is None:
        return
    for code, created in generated.items():
        listed = per_language.get(code)
        if listed is None or not created:
            continue
        if code == lang:
            listed.extend(created)
        elif not any(file.src_uri == created[0].src_uri for file in listed):
            for file in created:
                Page(None, file, config)  # sets file.page: canonical URL for the sitemap
            listed.extend(created)


# --- pages ------------------------------------------------------------------------------------


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _state is None:
        return markdown
    lang = _language(config)
    src_uri = page.file.src_uri
    if news.is_post(src_uri):
        post_lang = "en" if src_uri.endswith(".en.md") else DEFAULT_LANGUAGE
        post = _state.collection.find(post_lang, src_uri)
        if post is not None:
            markdown = _frame_post(markdown, post, lang, page.url)
            page.meta["news_page"] = True
    if news.has_marker(markdown):
        markdown = news.expand_markers(markdown, _state.collection, lang, page.url)
        page.meta["news_page"] = True
    if news.is_news_page(src_uri):
        page.meta["news_page"] = True
    return markdown


def _frame_post(markdown: str, post: news.Post, lang: str, page_url: str) -> str:
    """Title, date and category above the body; the link back to the list below it.

    An untranslated post on the English site is wrapped in a Chinese block by the site hooks;
    the frame goes inside it, so the heading stays marked as Chinese.
    """
    wrapped = _FALLBACK_WRAP.match(markdown)
    if wrapped:
        return f"{wrapped[1]}{news.frame_post(wrapped[2], post, lang, page_url)}{wrapped[3]}"
    return news.frame_post(markdown, post, lang, page_url)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation):
    if _state is None or not _state.has_index:
        return context
    lang = _language(config)
    if page.meta.get("news_page"):
        office_name = _state.facts[lang if lang in _state.facts else DEFAULT_LANGUAGE]["name"]
        context["news_feed"] = {
            "href": news.link(news.feed_path(lang), page.url),
            "title": news.text(lang)["feed_title"].format(office=office_name),
        }
    if page.file.src_uri in SITEMAP_SOURCES and page.content:
        page.content = _add_posts_to_sitemap(page.content, lang, page.url)
    return context


def _add_posts_to_sitemap(content: str, lang: str, page_url: str) -> str:
    """Nest the archive and the posts under the news link of the generated page list."""
    start = content.find('class="gov-sitemap"')
    if start < 0 or _state is None:
        return content
    base = page_url if not page_url or page_url.endswith("/") else posixpath.dirname(page_url)
    for match in _LINK.finditer(content, start):
        target = posixpath.normpath(posixpath.join(base, match[1])) + "/"
        if target == news.index_path(lang):
            nested = news.render_sitemap_posts(_state.collection, lang, page_url)
            return content[: match.end()] + nested + content[match.end() :]
    return content


# --- feed ---------------------------------------------------------------------------------


def on_post_build(config: MkDocsConfig) -> None:
    """Write this language's feed (each language's build writes its own)."""
    if _state is None or not _state.has_index:
        return
    if not config.site_url:
        raise ContentError(
            "mkdocs.yml",
            "`site_url` is needed for the news feed's absolute links "
            "(訂閱消息需要網站網址 site_url)",
        )
    lang = _language(config)
    facts = _state.facts[lang if lang in _state.facts else DEFAULT_LANGUAGE]
    feed = news.build_feed(
        _state.collection,
        lang,
        config.site_url,
        facts["name"],
        HTML_LANG.get(lang, lang),
        facts.get("email"),
    )
    target = Path(config.site_dir) / news.feed_path(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(atom.to_xml(feed))
