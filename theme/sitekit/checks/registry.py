"""The build's content checks, in one list: add a check here and the build, ``make check``, the
preview banner and the GitHub annotations all report it.

A check is a function ``(Content) -> Iterable[Problem]`` whose messages are ``Message``
constants (``problem.py``), each explained in docs/webmaster.md (a test asks). The checks read
the Markdown and the files themselves; links and anchors are checked on the rendered pages
(``links.py``, fed by MkDocs), and the data files by the hooks that turn them into pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from theme.sitekit.checks import (
    downloads,
    english_title,
    english_words,
    front_matter,
    guides,
    headings,
    images,
    office_facts,
    translations,
)
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Problem


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Content], Iterable[Problem]]
    what: str  # one line for developers (docs/webmaster.md has the webmaster's words)


CHECKS: tuple[Check, ...] = (
    Check("front-matter", front_matter.check, "valid front matter, title, review date"),
    Check("headings", headings.check, "every heading has a unique ASCII id"),
    Check("translations", translations.check, "English page present, marked, same heading ids"),
    Check("english-title", english_title.check, "a Chinese-only page names its English title"),
    Check("english-words", english_words.check, "Chinese in an English page is marked {zh}"),
    Check("guides", guides.check, "guides: the standard sections, legal basis, form anchors"),
    Check("images", images.check, "images have alternative text"),
    Check("downloads", downloads.check, "PDF and ODF files are what they say and open"),
    Check("office-facts", office_facts.check, "office facts written as shortcodes"),
)


def run(content: Content, names: Iterable[str] | None = None) -> list[Problem]:
    """Every problem the (named) checks find, sorted by file and line."""
    wanted = set(names) if names is not None else None
    found: set[Problem] = set()
    for check in CHECKS:
        if wanted is None or check.name in wanted:
            found.update(check.run(content))
    return sorted(found)
