"""Which pages are past their review date, as government content rules require regular review.

A page is due ``review_in`` after ``last_reviewed``; both may come from the folder's
``.meta.yml``. The rule is ``theme.sitekit.pagemeta.review_of``, the one the build uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from theme.sitekit import pagemeta
from theme.sitekit.errors import ContentError
from theme.sitekit.pages import PageSet

DEFAULT_WARN_DAYS = 30
NO_OWNER = "—"


@dataclass(frozen=True)
class ReviewItem:
    page: str  # path a webmaster recognises, e.g. content/pages/guides/birth.md
    owner: str
    last_reviewed: dt.date
    review_in: str
    due: dt.date
    days_overdue: int  # negative: days left


@dataclass
class ReviewReport:
    as_of: dt.date
    warn_days: int
    overdue: list[ReviewItem]
    due_soon: list[ReviewItem]
    page_count: int
    errors: list[ContentError]


def build_report(
    page_set: PageSet, as_of: dt.date, warn_days: int = DEFAULT_WARN_DAYS
) -> ReviewReport:
    """Overdue pages, most overdue first, and pages due within ``warn_days``, soonest first."""
    overdue: list[ReviewItem] = []
    due_soon: list[ReviewItem] = []
    errors = list(page_set.errors)
    for page in page_set.pages.values():
        try:
            review = pagemeta.review_of(page.meta, page.shown, pagemeta.key_lines(page.text))
        except ContentError as error:
            errors.append(error)
            continue
        owner = str(page.meta.get("owner") or NO_OWNER)
        days = (as_of - review.due).days
        item = ReviewItem(
            page.shown, owner, review.last_reviewed, review.review_in, review.due, days
        )
        if days > 0:
            overdue.append(item)
        elif -days <= warn_days:
            due_soon.append(item)
    overdue.sort(key=lambda item: (-item.days_overdue, item.page))
    due_soon.sort(key=lambda item: (item.due, item.page))
    return ReviewReport(as_of, warn_days, overdue, due_soon, len(page_set.pages), errors)
