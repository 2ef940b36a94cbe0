"""Link checker for a built static site.

Internal links and anchors are checked offline against the files on disk (as S3/CloudFront would
serve them); external links are checked over HTTP with asyncio. The CLI in ``cli.py`` is thin: the
logic lives in importable modules so tests can drive it directly.
"""

from site_linkcheck.model import Finding, Link, RunResult, Severity

__all__ = ["Finding", "Link", "RunResult", "Severity"]
