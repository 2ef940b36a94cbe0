"""Render each closed menu entry once per group of pages, not once per page.

Why: Material renders the menu into every page, and ``navigation.sections`` keeps every
top-level section open, so even with ``navigation.prune`` a page of the 500-page corpus carries
about 120 menu entries. Rendering them was 40 % of a language's build.

Why it is exact: for an entry that does not hold the current page (its ``active`` flag is
false; MkDocs sets it on the page and all its ancestors), Material's ``nav-item.html`` macro
depends on the page only through the ``url`` filter, which makes each link relative to the page
(the entry's own ``page in nav_item.pages``, ``index == page`` and ``nav_item == page`` tests
are false, and so are those of everything below it). Besides the entry it reads its menu
``path``, its ``level`` and its parent's ``active`` flag, which are part of the key. MkDocs
computes a link (``mkdocs.utils.get_relative_url``) from the page's folder and the target alone:
one ``..`` for each folder of the page below the part it shares with the target, then the rest
of the target. Within one entry that shared part is the longest leading part of the page's
folder that starts some link of the entry. So two pages whose folders have the same depth and
the same such leading part get the same HTML for that entry; it is rendered once for the group
and reused. This holds at every level: the closed top-level sections, and inside the open one
the closed subsections and the links next to the current page.

How: ``{% import "partials/nav-item.html" as item with context %}`` in Material's ``nav.html``
makes a module per page; this wraps the function of that module's ``render`` macro, which the
macro also calls for the entries below (``render(item, path ~ "_" ~ loop.index, level + 1,
nav_item)``). No Material template is copied or changed. If Jinja or Material stop calling the
menu this way, the wrapper is simply not used and the build is as before, only slower.

Checked by tests/site/test_build_parallel.py: every page of a generated corpus is byte-identical
to a build without the cache (``HRO_NAV_CACHE=0``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.runtime import Macro, Undefined
from mkdocs.structure.pages import Page

NAV_ITEM_TEMPLATE = "partials/nav-item.html"
SWITCH = "HRO_NAV_CACHE"  # "0" renders every menu in full (for comparison)

Parts = tuple[str, ...]


def enabled() -> bool:
    return os.environ.get(SWITCH, "1") != "0"


class NavCache:
    """The rendered closed menu entries of one build (one language)."""

    def __init__(self) -> None:
        self._html: dict[tuple[Any, ...], Any] = {}
        self._prefixes: dict[int, tuple[object, frozenset[Parts]]] = {}
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        """Forget everything: a page was read again, so a title in the menu may have changed."""
        self._html.clear()
        self._prefixes.clear()

    def install(self, env: jinja2.Environment) -> bool:
        """Wrap Material's menu macro in ``env``; False if the theme has no such template."""
        try:
            template = env.get_template(NAV_ITEM_TEMPLATE)
        except jinja2.TemplateNotFound:
            return False
        make_module = template.make_module

        def make_module_cached(
            vars: dict[str, Any] | None = None, shared: bool = False, locals: Any = None
        ) -> Any:
            module = make_module(vars, shared, locals)
            page = (vars or {}).get("page")
            macro = getattr(module, "render", None)
            function = getattr(macro, "_func", None)
            if isinstance(page, Page) and isinstance(macro, Macro) and callable(function):
                macro._func = self._cached(function, _folder_of(page.url))  # type: ignore[attr-defined]
            return module

        template.make_module = make_module_cached  # type: ignore[method-assign]
        return True

    def _cached(self, render: Callable[..., Any], folder: Parts) -> Callable[..., Any]:
        """Wrap the macro's function: ``render(nav_item, path, level, parent)``."""

        def render_cached(*args: Any) -> Any:
            if len(args) != 4 or getattr(args[0], "active", True):
                return render(*args)
            nav_item, path, level, parent = args
            if isinstance(parent, Undefined):
                parent_key: tuple[Any, ...] = ()
            else:
                parent_key = (id(parent), bool(getattr(parent, "active", False)))
            shared = self._shared_part(nav_item, folder)
            key = (id(nav_item), str(path), level, parent_key, len(folder), shared)
            html = self._html.get(key)
            if html is None:
                self.misses += 1
                html = self._html[key] = render(*args)
            else:
                self.hits += 1
            return html

        return render_cached

    def _shared_part(self, nav_item: object, folder: Parts) -> Parts:
        """The longest leading part of ``folder`` that starts a link inside ``nav_item``."""
        entry = self._prefixes.get(id(nav_item))
        if entry is None:  # the item is kept in the entry, so its id is not reused
            prefixes = frozenset(
                parts[:n]
                for url in _urls(nav_item)
                for parts in [_parts(url)]
                for n in range(len(parts) + 1)
            )
            entry = self._prefixes[id(nav_item)] = (nav_item, prefixes)
        prefixes = entry[1]
        depth = 0
        while depth < len(folder) and folder[: depth + 1] in prefixes:
            depth += 1
        return folder[:depth]


def _urls(nav_item: object) -> Iterator[str]:
    """The URL of the item and of everything below it (pages, links)."""
    url = getattr(nav_item, "url", None)
    if isinstance(url, str):
        yield url
    for child in getattr(nav_item, "children", None) or ():
        yield from _urls(child)


def _parts(url: str) -> Parts:
    """A link's folders as MkDocs' ``get_relative_url`` sees them (``_norm_parts``)."""
    path = url.replace("\\", "/") or "."
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return tuple(path.split("/")) if path else ()


def _folder_of(page_url: str) -> Parts:
    """The folder links are made relative to: the page URL without a file name."""
    folder, _, name = page_url.rpartition("/")
    return _parts(folder if "." in name else page_url)
