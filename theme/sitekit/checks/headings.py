"""Every heading has an explicit English id, unique on its page (``## 規費 { #fees }``)."""

from __future__ import annotations

from collections.abc import Iterator

from theme.sitekit import headings
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Problem


def check(content: Content) -> Iterator[Problem]:
    for page in content.pages.values():
        found = headings.headings(page.body, page.front_lines + 1)
        yield from headings.own_problems(found, page.shown)
