"""The security headers, in one place: CloudFront's response headers policy and ``make serve``.

The Content-Security-Policy allows scripts only from the site itself, WebAssembly for Pagefind
(``'wasm-unsafe-eval'``), and the few small inline scripts Material writes into every page,
each by its SHA-256 hash read from the built HTML (JSON data blocks such as Material's
``__config`` and JSON-LD are not executed, so they need no hash). A new inline script that
slips into a template therefore shows up as a new hash in the deploy's output, not as a
hole in the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from scripts.deploy.errors import DeployError

# CloudFront's quota for the Content-Security-Policy value of a response headers policy.
CSP_MAX_LENGTH = 1783

HSTS_MAX_AGE = 63_072_000  # two years
HSTS_INCLUDE_SUBDOMAINS = True
REFERRER_POLICY = "strict-origin-when-cross-origin"
FRAME_OPTION = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Every directive except script-src, whose hashes come from the build.
CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),  # Material's icons are data: URIs in its CSS
    ("font-src", "'self'"),
    ("connect-src", "'self'"),  # /api and Pagefind's index files
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),  # the no-JavaScript forms post to /api
    ("frame-ancestors", "'none'"),
)
SCRIPT_SOURCES = "'self' 'wasm-unsafe-eval'"

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_scripts(html: str) -> Iterable[str]:
    """The text of each inline script the browser would run (not src=, not data blocks)."""
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in EXECUTABLE_TYPES:
            continue
        yield match.group("body")


def script_hash(text: str) -> str:
    """A CSP source expression for one inline script: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The sorted, distinct hashes of every inline script in the built pages."""
    hashes = {
        script_hash(body)
        for page in site_dir.rglob("*.html")
        for body in inline_scripts(page.read_text(encoding="utf-8"))
    }
    return sorted(hashes)


def content_security_policy(hashes: Iterable[str]) -> str:
    """The CSP header value; refuses one longer than CloudFront accepts."""
    script_src = " ".join([SCRIPT_SOURCES, *hashes])
    directives = [("script-src", script_src), *CSP_DIRECTIVES]
    policy = "; ".join(f"{name} {value}" for name, value in directives)
    if len(policy) > CSP_MAX_LENGTH:
        raise DeployError(
            f"Content-Security-Policy 有 {len(policy)} 字元，超過 CloudFront 上限 "
            f"{CSP_MAX_LENGTH}：請把頁面裡的行內 script 移到 .js 檔",
            f"the Content-Security-Policy has {len(policy)} characters, more than CloudFront's "
            f"limit of {CSP_MAX_LENGTH}: move inline scripts of the pages into .js files",
        )
    return policy


def strict_transport_security() -> str:
    value = f"max-age={HSTS_MAX_AGE}"
    return value + ("; includeSubDomains" if HSTS_INCLUDE_SUBDOMAINS else "")


def static_headers() -> dict[str, str]:
    """Every security header except the CSP (which depends on the build)."""
    return {
        "Strict-Transport-Security": strict_transport_security(),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": FRAME_OPTION,
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": CROSS_ORIGIN_OPENER_POLICY,
    }


def security_headers(site_dir: Path) -> dict[str, str]:
    """All security headers for this build, as ``make serve`` and CloudFront send them."""
    policy = content_security_policy(inline_script_hashes(site_dir))
    return {"Content-Security-Policy": policy, **static_headers()}


def cloudfront_headers_config(csp: object) -> dict:
    """``ResponseHeadersPolicyConfig`` parts for CloudFormation from the same values.

    ``csp`` is the template's value for the policy (a ``{"Ref": ...}`` to its parameter).
    A header the origin already sends is kept (``Override: false``), as ``make serve`` does:
    S3 sends none, and the staff console under /api/admin sends a stricter CSP of its own.
    """
    return {
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": {"ContentSecurityPolicy": csp, "Override": False},
            "ContentTypeOptions": {"Override": False},
            "FrameOptions": {"FrameOption": FRAME_OPTION, "Override": False},
            "ReferrerPolicy": {"ReferrerPolicy": REFERRER_POLICY, "Override": False},
            "StrictTransportSecurity": {
                "AccessControlMaxAgeSec": HSTS_MAX_AGE,
                "IncludeSubdomains": HSTS_INCLUDE_SUBDOMAINS,
                "Preload": False,
                "Override": False,
            },
        },
        "CustomHeadersConfig": {
            "Items": [
                {"Header": "Permissions-Policy", "Value": PERMISSIONS_POLICY, "Override": False},
                {
                    "Header": "Cross-Origin-Opener-Policy",
                    "Value": CROSS_ORIGIN_OPENER_POLICY,
                    "Override": False,
                },
                # The function picks a .br/.gz copy by Accept-Encoding; S3 cannot say so.
                {"Header": "Vary", "Value": "Accept-Encoding", "Override": False},
            ]
        },
    }
