"""MkDocs hooks for the office site: thin glue over ``theme.sitekit``.

State lives in one ``BuildState`` object, made anew in ``on_config`` so that ``mkdocs serve``
rebuilds start clean (no hidden state between builds). The i18n plugin re-runs ``on_config`` for
each extra language inside the same build; those sub-builds keep the state.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from theme.sitekit import (
    fallback,
    faq,
    gitdates,
    hreflang,
    htmlfix,
    i18n,
    jinja_getattr,
    langspans,
    linklines,
    navcache,
    office,
    pagemeta,
    rocdate,
    sitemap_page,
    yamlload,
)

DEFAULT_LANGUAGE = i18n.DEFAULT_LANGUAGE
HTML_LANG = i18n.HTML_LANG
THEME_DIR = Path(__file__).resolve().parent.parent


@dataclass
class BuildState:
    """Everything the hooks learn during one build."""

    root: Path
    docs_dir: Path
    office_raw: dict[str, Any]
    strings_raw: dict[str, Any]
    git_dates: dict[Path, dt.date]
    meta_cache: dict[Path, dict[str, Any]] = field(default_factory=dict)
    not_found_pages: dict[str, str] = field(default_factory=dict)
    localized: dict[tuple[str, str], Any] = field(default_factory=dict)
    nav_cache: navcache.NavCache | None = None

    def facts(self, lang: str) -> dict[str, Any]:
        """Office facts in ``lang``, made once per language instead of once per page."""
        return self._localized("office", self.office_raw, lang)

    def strings(self, lang: str) -> dict[str, Any]:
        """Interface strings (theme/strings.yml) in ``lang``."""
        return self._localized("ui", self.strings_raw, lang)

    def _localized(self, name: str, raw: dict[str, Any], lang: str) -> Any:
        if (name, lang) not in self.localized:
            self.localized[name, lang] = office.localize(raw, lang)
        return self.localized[name, lang]


_state: BuildState | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start a fresh state per build; the i18n plugin's per-language sub-builds share it."""
    global _state
    if _state is not None and i18n.is_language_sub_build(config):
        return config
    hreflang.require_site_url(config.site_url)
    root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir).resolve()
    office_path = root / config.extra.get("office_file", "content/data/office.yml")
    office_raw = office.load(office_path)
    if i18n.current_language(config) == DEFAULT_LANGUAGE:  # not again in a language's process
        _warn_about_samples(office_raw, office_path, root)
    _state = BuildState(
        root=root,
        docs_dir=docs_dir,
        office_raw=office_raw,
        strings_raw=yamlload.safe_load((THEME_DIR / "strings.yml").read_text(encoding="utf-8")),
        git_dates=gitdates.last_commit_dates(root, docs_dir),
    )
    return config


def _warn_about_samples(office_raw: dict[str, Any], office_path: Path, root: Path) -> None:
    """Each office fact still holding the site's made-up value, as a warning with its line.

    Printed, not logged through MkDocs: a MkDocs warning stops the strict build, and a sample
    site must build. Once per build: by the default language's build.
    """
    try:
        shown = office_path.relative_to(root).as_posix()
    except ValueError:
        shown = str(office_path)
    for where in office.sample_facts(office_raw, office_path, shown):
        location, _, name = where.rpartition(": ")
        print(
            f"WARNING -  {location}: 範例資料 `{name}` 尚未換成本所的資料：請填入實際內容，再刪除 "
            f"samples: 清單中的這一行 (sample fact `{name}`: put your office's own value, "
            "then delete its line under `samples:`)",
            file=sys.stderr,
        )


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Faster templates, same HTML: cheaper attribute misses and the menu cache (see modules)."""
    assert _state is not None
    jinja_getattr.install(env)
    _state.nav_cache = None
    if navcache.enabled():
        cache = navcache.NavCache()
        if cache.install(env):
            _state.nav_cache = cache
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _state is not None
    if _state.nav_cache is not None:  # a page read again (make preview): titles may change
        _state.nav_cache.clear()
    lang = i18n.current_language(config)
    src = f"content/pages/{page.file.src_uri}"
    source = page.file.content_string
    front, front_lines = pagemeta.parse_front_matter(source, src)
    defaults = pagemeta.folder_defaults(_state.docs_dir, page.file.src_uri, _state.meta_cache)
    meta = {**defaults, **front}
    lines = pagemeta.key_lines(source)
    review = pagemeta.review_of(meta, src, lines)
    page.meta.update({k: v for k, v in meta.items() if k not in page.meta})
    page.meta["review"] = review
    title_en = fallback.english_title(meta)
    facts = _state.facts(lang)
    is_fallback = lang != DEFAULT_LANGUAGE and not page.file.src_uri.endswith(f".{lang}.md")
    markdown = langspans.expand(office.expand_shortcodes(markdown, facts, src, front_lines))
    if is_fallback:
        if title_en:  # the English site's title; the Chinese one goes beside it (on_post_page)
            page.meta["title_zh"] = page.meta.get("title")
            page.meta["title"] = title_en
        page.meta["fallback_from"] = DEFAULT_LANGUAGE
        markdown = f'<div lang="{HTML_LANG[DEFAULT_LANGUAGE]}" markdown>\n\n{markdown}\n\n</div>'
    return markdown


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation):
    assert _state is not None
    lang = i18n.current_language(config)
    if page.content and sitemap_page.MARKER in page.content:
        # Here, not in on_page_content: every page's title is known only once all are read.
        tree = sitemap_page.render_tree(nav.items, _relative_root(page))
        page.content = page.content.replace(sitemap_page.MARKER, tree)
    if page.meta.get("faq") and page.content:
        context["faq_json_ld"] = faq.faq_json_ld(page.content, HTML_LANG.get(lang, lang))
    context["office"] = _state.facts(lang)
    context["ui"] = _state.strings(lang)
    context["html_lang"] = HTML_LANG.get(lang, lang)
    context["page_lang"] = lang
    context["lang_prefix"] = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    updated = gitdates.last_updated(Path(page.file.abs_src_path), _state.git_dates)
    context["last_updated"] = rocdate.format_date(updated, lang)
    context["last_updated_iso"] = updated.isoformat()
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig):
    """Static templates (404.html) get the office facts too."""
    if _state is not None:
        lang = i18n.current_language(config)
        context["office"] = _state.facts(lang)
        context["ui"] = _state.strings(lang)
        context["html_lang"] = HTML_LANG.get(lang, lang)
        context["page_lang"] = lang
        context["lang_prefix"] = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    return context


_HTML_LANG_ATTR = re.compile(r'<html lang="([^"]*)"', re.IGNORECASE)
_ENGLISH_MENU_ITEM = 'hreflang="en" class="md-select__link"'
_ENGLISH_MENU_ITEM_MARKED = 'hreflang="en" lang="en" class="md-select__link"'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Material writes the UI language code (zh-TW); the page's language is zh-Hant-TW.

    The head's hreflang links become absolute (theme/sitekit/hreflang.py), the content's
    link lines get thumb-sized targets (theme/sitekit/linklines.py), and on the English site
    the Chinese words no one could mark get their ``lang`` (theme/sitekit/langspans.py).
    """
    lang = HTML_LANG.get(i18n.current_language(config))
    if lang:
        output = _HTML_LANG_ATTR.sub(f'<html lang="{lang}"', output, count=1)
    output = hreflang.absolute_alternates(output, page.canonical_url or config.site_url)
    output = linklines.mark_article(output)
    if page.meta.get("title_zh"):
        output = fallback.title_beside(output, page.meta["title"])
    if lang != HTML_LANG[DEFAULT_LANGUAGE]:  # Chinese words in titles, menus, generated lists
        output = langspans.mark_chinese_text(output)
    else:  # the language menu's "English" on a Chinese page
        output = output.replace(_ENGLISH_MENU_ITEM, _ENGLISH_MENU_ITEM_MARKED)
    return htmlfix.fix_material_markup(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep one 404 page per language: the i18n plugin writes every language's to /404.html."""
    if template_name != "404.html" or _state is None:
        return output
    lang = i18n.current_language(config)
    output = _HTML_LANG_ATTR.sub(f'<html lang="{HTML_LANG.get(lang, lang)}"', output, count=1)
    output = hreflang.absolute_alternates(output, config.site_url)
    if lang != DEFAULT_LANGUAGE:
        output = langspans.mark_chinese_text(output)
    output = htmlfix.fix_material_markup(output)
    _state.not_found_pages[lang] = output
    if lang == DEFAULT_LANGUAGE:
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _state.not_found_pages.get(DEFAULT_LANGUAGE, output)


def _relative_root(page: Page) -> str:
    depth = page.url.count("/")
    return "../" * depth if depth else "./"
