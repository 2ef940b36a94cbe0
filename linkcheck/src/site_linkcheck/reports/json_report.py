"""Machine-readable report: counts plus every finding, including followed redirects."""

from __future__ import annotations

import json

from site_linkcheck.model import RunResult


def render_json(result: RunResult) -> str:
    payload = {
        "site_dir": result.site_dir,
        "summary": {
            "pages": result.pages,
            "links": result.links,
            "internal_links": result.internal_links,
            "external_links": result.external_links,
            "external_urls": result.external_urls,
            "external_checked": result.external_checked,
            "skipped": result.skipped,
            "stylesheets": result.stylesheets,
            "broken": len(result.broken),
            "unreachable": len(result.unreachable),
            "unreachable_urls": result.external_unreachable_urls,
            "mostly_offline": result.mostly_offline,
            "warnings": len(result.warnings),
            "seconds": round(result.seconds, 3),
            "exit_code": result.exit_code,
        },
        "findings": [
            {
                "page": f.link.page,
                "line": f.line,
                "source": f.source or None,
                "source_line": f.source_line,
                "element": f.link.element,
                "url": f.link.url,
                "target": f.target,
                "severity": f.severity.value,
                "external": f.external,
                "status": f.status,
                "redirects": f.redirects,
                "reason": f.reason,
                "reason_zh": f.reason_zh,
            }
            for f in result.findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
