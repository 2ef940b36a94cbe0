"""The URLs a stylesheet makes the browser fetch: ``url()``, ``src()``, ``image-set()`` strings
and ``@import``, read with tinycss2 (a CSS Syntax Level 3 tokenizer), so comments, strings and
escapes are handled as browsers handle them.

``@namespace url(...)`` names a namespace, not a resource, and is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import tinycss2
import tinycss2.ast

# A cheap test before tokenizing: text without these has no URL a browser would fetch (a CSS
# escape, "u\72l(", could hide one: stylesheets with a backslash are always tokenized).
_HINTS = ("url(", "src(", "image-set(", "@import")
_BYTE_HINTS = tuple(hint.encode() for hint in _HINTS)
_URL_FUNCTIONS = frozenset({"url", "src"})
_STRING_URL_FUNCTIONS = frozenset({"image-set", "-webkit-image-set"})

# (kind, url, line): kind is "url()" or "@import"; line counts from 1 in the CSS text.
CssUrl = tuple[str, str, int]


def may_hold_urls(text: str, escapes: bool = True) -> bool:
    """Whether ``text`` may hold a CSS URL; ``escapes=False`` ignores escaped ones (pages)."""
    lowered = text.lower()
    return any(hint in lowered for hint in _HINTS) or (escapes and "\\" in text)


def page_may_hold_urls(page: bytes) -> bool:
    """The same test on a page's bytes in an ASCII-compatible encoding (cheaper than text)."""
    lowered = page.lower()
    return any(hint in lowered for hint in _BYTE_HINTS)


def stylesheet_urls(css: str) -> list[CssUrl]:
    """URLs of a whole stylesheet (a ``.css`` file or a ``<style>`` element)."""
    if not may_hold_urls(css):
        return []
    found: list[CssUrl] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if keyword == "import":
                found.extend(_import_url(rule.prelude))
            elif keyword != "namespace":
                found.extend(_urls(rule.prelude))
            found.extend(_urls(rule.content or ()))
        elif rule.type == "qualified-rule":
            found.extend(_urls(rule.prelude))
            found.extend(_urls(rule.content))
    return found


def declarations_urls(css: str) -> list[CssUrl]:
    """URLs of a ``style`` attribute (a declaration list)."""
    if not may_hold_urls(css):
        return []
    return list(_urls(tinycss2.parse_component_value_list(css, skip_comments=True)))


def _import_url(prelude: list[tinycss2.ast.Node]) -> Iterator[CssUrl]:
    for token in prelude:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type in ("string", "url"):
            yield "@import", token.value, token.source_line
        elif token.type == "function" and token.lower_name in _URL_FUNCTIONS:
            for url in _function_url(token):
                yield "@import", url, token.source_line
        return


def _urls(tokens: Iterable[tinycss2.ast.Node]) -> Iterator[CssUrl]:
    for token in tokens:
        kind = token.type
        if kind == "url":
            yield "url()", token.value, token.source_line
        elif kind == "function":
            name = token.lower_name
            if name in _URL_FUNCTIONS:
                for url in _function_url(token):
                    yield "url()", url, token.source_line
            elif name in _STRING_URL_FUNCTIONS:
                for argument in token.arguments:
                    if argument.type == "string":
                        yield "url()", argument.value, argument.source_line
                yield from _urls(token.arguments)
            else:
                yield from _urls(token.arguments)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _urls(token.content)


def _function_url(token: tinycss2.ast.FunctionBlock) -> Iterator[str]:
    """``url("x")`` / ``src("x")``: the first string argument."""
    for argument in token.arguments:
        if argument.type == "string":
            yield argument.value
            return
