"""Both languages of a page: the English page exists, is marked as checked against the Chinese
text as it is now, and has the same heading ids, in the same order, at the same levels."""

from __future__ import annotations

from collections.abc import Iterator

from theme.sitekit import translations
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Problem


def check(content: Content) -> Iterator[Problem]:
    report = translations.build_report(content.page_set)
    for pair in report.pairs:
        yield from pair.problems(content.shown)
