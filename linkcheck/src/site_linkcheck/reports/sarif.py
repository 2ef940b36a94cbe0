"""SARIF 2.1.0, so broken links show in GitHub code scanning on the file and line to fix.

A link written in Markdown (MkDocs sites, ``mkdocs:`` in the config) points at that Markdown line;
any other (the theme's menu or footer, a plain static site) at the built page and its line, with
the paths as given on the command line (relative to the repository when run from its root).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote

from site_linkcheck.model import Finding, RunResult, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# One rule per verdict: (id, name, level, English, 中文)
RULES = {
    Severity.BROKEN: (
        "broken-link",
        "BrokenLink",
        "error",
        "Broken link: the target does not exist or answers an error.",
        "失效連結：連結目標不存在或回應錯誤。",
    ),
    Severity.UNREACHABLE: (
        "link-not-checked",
        "LinkCouldNotBeChecked",
        "note",
        "The link could not be checked: the network failed (DNS, refused, proxy, offline).",
        "無法檢查：網路問題（DNS、連線被拒、代理伺服器或離線），不代表連結失效。",
    ),
    Severity.WARNING: (
        "link-warning",
        "LinkWarning",
        "warning",
        "The link works but should be updated (permanent redirect, missing trailing slash, "
        "rate limited, page encoding).",
        "連結可用但應更新（永久轉址、缺少結尾斜線、被限流或網頁編碼問題）。",
    ),
}


def _tool_version() -> str:
    try:
        return version("site-linkcheck")
    except PackageNotFoundError:
        return "0"


def _artifact(path: str) -> dict:
    """A path under the working folder (the repository root in CI) is relative to %SRCROOT%,
    as GitHub code scanning expects; any other is an absolute file URI."""
    absolute = Path(path).absolute()
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _location(path: str, line: int | None) -> dict:
    physical: dict = {"artifactLocation": _artifact(path)}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _result(finding: Finding, site_dir: str, rule_index: int) -> dict:
    rule_id = RULES[finding.severity][0]
    built = posixpath.join(site_dir.rstrip("/"), finding.link.page)
    target = f" → {finding.target}" if finding.target and finding.target != finding.link.url else ""
    text = (
        f"{finding.link.element} {finding.link.url}{target}: {finding.reason} / {finding.reason_zh}"
    )
    result: dict = {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": RULES[finding.severity][2],
        "message": {"text": text},
        "partialFingerprints": {
            "linkOnPage/v1": hashlib.sha256(
                f"{finding.link.page}\n{finding.link.url}".encode()
            ).hexdigest()
        },
    }
    if finding.source:
        result["locations"] = [_location(finding.source, finding.source_line)]
        built_location = _location(built, finding.line)
        built_location["message"] = {"text": "built page / 建置後的網頁"}
        result["relatedLocations"] = [{"id": 0, **built_location}]
    else:
        result["locations"] = [_location(built, finding.line)]
    return result


def render_sarif(result: RunResult) -> str:
    severities = list(RULES)
    rules = [
        {
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": en},
            "fullDescription": {"text": f"{en} / {zh}"},
            "defaultConfiguration": {"level": level},
            "help": {"text": f"{en}\n{zh}"},
        }
        for rule_id, name, level, en, zh in RULES.values()
    ]
    results = [
        _result(f, result.site_dir, severities.index(f.severity))
        for f in result.findings
        if f.severity in RULES
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "site-linkcheck",
                        "version": _tool_version(),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"exitCode": result.exit_code},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"
