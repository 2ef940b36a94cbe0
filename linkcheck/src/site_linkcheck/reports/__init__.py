"""Report writers: each turns a RunResult into one format's text."""

from site_linkcheck.reports.json_report import render_json
from site_linkcheck.reports.junit import render_junit
from site_linkcheck.reports.markdown import render_markdown
from site_linkcheck.reports.sarif import render_sarif
from site_linkcheck.reports.text import render_text

RENDERERS = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "markdown": render_markdown,
    "sarif": render_sarif,
}

__all__ = [
    "RENDERERS",
    "render_json",
    "render_junit",
    "render_markdown",
    "render_sarif",
    "render_text",
]
