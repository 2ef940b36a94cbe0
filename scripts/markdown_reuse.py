"""Convert every page of a build with one Python-Markdown instance instead of one per page.

Why: MkDocs' ``Page.render`` builds a new ``markdown.Markdown`` for each page, loading and
configuring every extension again: about 5 % of a language's build on the 500-page corpus.
Python-Markdown is made to be reused: ``Markdown.reset()`` clears the document state (HTML
stash, link references) and calls each extension's ``reset`` (toc, footnotes, abbreviations,
superfences' stash, tabbed's group counter). ``render`` below is MkDocs 1.6's ``Page.render``
with that one change. MkDocs' four per-page processors are registered anew on every page; a name
registered again replaces the old processor and, like on a new instance, comes after the
extensions' processors of the same priority.

One thing ``reset`` changes instead of clearing: the footnotes extension counts its resets
(``unique_prefix``, used in ids only with ``UNIQUE_IDS``), so it is set back to the value of a
new instance.

Checked by tests/site/test_markdown_reuse.py (pages converted one after another with one
instance equal those converted each with a new one) and by comparing whole builds.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import markdown
import mkdocs
from markdown.extensions.footnotes import FootnoteExtension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# The MkDocs versions whose ``Page.render`` this module's ``render`` repeats.
CHECKED_MKDOCS = ("1.6.",)


class MarkdownPool:
    """One reusable Markdown instance for the current extension settings."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._settings: tuple[Any, Any] | None = None
        self._footnote_prefixes: list[tuple[FootnoteExtension, int]] = []

    def get(self, config: MkDocsConfig) -> markdown.Markdown:
        """A Markdown ready for a new page, as ``markdown.Markdown(...)`` would return it."""
        settings = (config["markdown_extensions"], config["mdx_configs"] or {})
        md = self._md
        if md is None or settings != self._settings:
            md = markdown.Markdown(extensions=settings[0], extension_configs=settings[1])
            self._md, self._settings = md, copy.deepcopy(settings)
            self._footnote_prefixes = [
                (ext, ext.unique_prefix)
                for ext in md.registeredExtensions
                if isinstance(ext, FootnoteExtension)
            ]
            return md
        md.reset()
        for ext, prefix in self._footnote_prefixes:
            ext.unique_prefix = prefix
        return md


def render(pool: MarkdownPool, page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` of MkDocs 1.6, with the Markdown instance taken from ``pool``."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")

    md = pool.get(config)

    raw_html_ext = pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)

    extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)

    relative_path_ext = pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)

    extract_title_ext = pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = (
        extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    )
    if pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def supported() -> bool:
    """True for the MkDocs versions ``render`` was checked against; others keep their own."""
    return mkdocs.__version__.startswith(CHECKED_MKDOCS)


@contextmanager
def one_markdown_per_build() -> Iterator[None]:
    """Within the block, MkDocs renders pages with one reused Markdown instance."""
    if not supported():
        yield
        return
    pool = MarkdownPool()
    original = Page.render

    def pooled_render(self: Page, config: MkDocsConfig, files: Files) -> None:
        render(pool, self, config, files)

    Page.render = pooled_render  # type: ignore[method-assign]
    try:
        yield
    finally:
        Page.render = original  # type: ignore[method-assign]
