"""JUnit XML: one test case per page with problems (internal and external suites), for CI UIs.

Pages without problems are counted in the suite's ``tests`` via one passing case per suite, so
the report stays small on a 5,000-page site.
"""

from __future__ import annotations

from html import escape

from site_linkcheck.model import RunResult, Severity
from site_linkcheck.reports.common import problems_by_page


def _attr(value: str) -> str:
    """A quoted XML attribute value (html.escape covers XML's five entities)."""
    return f'"{escape(value)}"'


def render_junit(result: RunResult) -> str:
    suites = []
    for external in (False, True):
        name = "linkcheck.external" if external else "linkcheck.internal"
        cases = []
        failures = skipped_cases = 0
        for page, findings in problems_by_page(result).items():
            mine = [f for f in findings if f.external == external]
            broken = [f for f in mine if f.severity is Severity.BROKEN]
            unreachable = [f for f in mine if f.severity is Severity.UNREACHABLE]
            warnings = [f for f in mine if f.severity is Severity.WARNING]
            if not mine:
                continue
            body = "\n".join(
                f"{page}:{f.line or '?'} {f.severity.value} {f.link.element} {f.link.url} "
                f"-> {f.target}: {f.reason} / {f.reason_zh}"
                for f in mine
            )
            inner = ""
            if broken:
                failures += 1
                message = f"{len(broken)} broken link(s) / {len(broken)} 個失效連結"
                inner = f"<failure message={_attr(message)}>{escape(body)}</failure>"
            elif unreachable:  # the network failed: neither passed nor failed
                skipped_cases += 1
                message = f"{len(unreachable)} link(s) could not be checked / 無法檢查"
                inner = (
                    f"<skipped message={_attr(message)}/><system-out>{escape(body)}</system-out>"
                )
            elif warnings:
                inner = f"<system-out>{escape(body)}</system-out>"
            cases.append(
                f'    <testcase classname="{name}" name={_attr(page)} '
                f"file={_attr(page)}>{inner}</testcase>"
            )
        checked = external is False or result.external_checked
        summary = "all other pages" if checked else "not checked (offline run)"
        skipped = "" if checked else "<skipped/>"
        cases.append(f'    <testcase classname="{name}" name={_attr(summary)}>{skipped}</testcase>')
        suites.append(
            f'  <testsuite name="{name}" tests="{len(cases)}" failures="{failures}" errors="0" '
            f'skipped="{skipped_cases + (0 if checked else 1)}" '
            f'time="{result.seconds:.3f}">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'
        + "\n".join(suites)
        + "\n</testsuites>\n"
    )
