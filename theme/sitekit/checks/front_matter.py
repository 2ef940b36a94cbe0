"""Front matter every page needs: valid YAML, a title, a review date and period."""

from __future__ import annotations

from collections.abc import Iterator

from theme.sitekit import pagemeta
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Problem, from_error
from theme.sitekit.errors import ContentError


def check(content: Content) -> Iterator[Problem]:
    for error in content.page_set.errors:
        yield from_error(error)
    for page in content.pages.values():
        try:
            pagemeta.review_of(page.meta, page.shown, pagemeta.key_lines(page.text))
        except ContentError as error:
            yield from_error(error)
