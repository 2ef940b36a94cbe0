"""Plain data passed between the scanner, the checkers and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How a link fared. Only BROKEN fails the run; WARNING is reported but never wakes anyone."""

    OK = "ok"
    WARNING = "warning"
    BROKEN = "broken"
    SKIPPED = "skipped"


@dataclass(slots=True, frozen=True)
class Link:
    """One URL found in one page.

    ``nth`` is the element's position among the page's elements with the same tag and
    attribute, so the source line can be found later by re-reading only pages with problems.
    """

    page: str  # site-relative POSIX path of the page holding the link, e.g. "zh/about/index.html"
    element: str  # e.g. "a[href]", "img[srcset]", "sitemap[loc]"
    url: str  # the URL as written (whitespace trimmed)
    nth: int = 0


@dataclass(slots=True)
class Finding:
    """A verdict on one link that is worth reporting (anything but a plain OK)."""

    link: Link
    severity: Severity
    reason: str  # short English explanation
    reason_zh: str  # the same in Traditional Chinese
    target: str = ""  # what the URL resolved to: a site path or an absolute URL
    status: int | None = None  # final HTTP status, for external links
    redirects: list[str] = field(default_factory=list)
    line: int | None = None
    external: bool = False


@dataclass(slots=True)
class RunResult:
    """Everything a report needs: counts and the non-OK findings."""

    site_dir: str
    pages: int = 0
    links: int = 0
    internal_links: int = 0
    external_links: int = 0
    external_urls: int = 0
    external_checked: bool = False
    skipped: int = 0
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def broken(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.BROKEN]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def exit_code(self) -> int:
        return 1 if self.broken else 0
