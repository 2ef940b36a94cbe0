"""Plain data passed between the scanner, the checkers and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How a link fared. BROKEN fails the run; UNREACHABLE (the network failed, not the link)
    ends it with its own exit code; WARNING is reported but never wakes anyone."""

    OK = "ok"
    WARNING = "warning"
    UNREACHABLE = "unreachable"
    BROKEN = "broken"
    SKIPPED = "skipped"


# Exit codes of the command line, also in the JSON report's summary.
EXIT_OK, EXIT_BROKEN, EXIT_ERROR, EXIT_UNREACHABLE = 0, 1, 2, 3


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
    source: str = ""  # the Markdown file the link is written in (MkDocs sites), if found
    source_line: int | None = None


@dataclass(slots=True)
class RunResult:
    """Everything a report needs: counts and the non-OK findings."""

    site_dir: str
    pages: int = 0
    stylesheets: int = 0
    links: int = 0
    internal_links: int = 0
    external_links: int = 0
    external_urls: int = 0
    external_checked: bool = False
    external_unreachable_urls: int = 0  # distinct URLs that failed for network reasons
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
    def unreachable(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.UNREACHABLE]

    @property
    def mostly_offline(self) -> bool:
        """Most external URLs failed for network reasons: offline, DNS or proxy trouble."""
        checked = self.external_urls if self.external_checked else 0
        return checked > 0 and self.external_unreachable_urls * 2 > checked

    @property
    def exit_code(self) -> int:
        if self.broken:
            return EXIT_BROKEN
        return EXIT_UNREACHABLE if self.unreachable else EXIT_OK
