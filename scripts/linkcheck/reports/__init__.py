"""Report writers: each turns a RunResult into one format's text."""

from scripts.linkcheck.reports.json_report import render_json
from scripts.linkcheck.reports.junit import render_junit
from scripts.linkcheck.reports.markdown import render_markdown
from scripts.linkcheck.reports.text import render_text

RENDERERS = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "markdown": render_markdown,
}

__all__ = ["RENDERERS", "render_json", "render_junit", "render_markdown", "render_text"]
