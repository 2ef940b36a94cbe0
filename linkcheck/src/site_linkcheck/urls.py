"""URL handling that follows the WHATWG URL and HTML specs where the tools in the field differ.

Pure functions: no file system, no network, so they are cheap to test and safe in worker
processes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

# A made-up origin for the site being checked, so relative URLs resolve with the same rules a
# browser uses (RFC 3986 / WHATWG): "../" past the root clamps at the root.
SITE_ORIGIN = "https://site.invalid"

SKIPPED_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "sms", "callto", "about"})
HTTP_SCHEMES = frozenset({"http", "https"})

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
# WHATWG: leading and trailing C0 controls and spaces are stripped before parsing.
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def clean_url(raw: str) -> str:
    """Strip what the URL parser strips: outer C0/space, and any tab or newline inside."""
    url = raw.strip(_C0_AND_SPACE)
    if "\t" in url or "\n" in url or "\r" in url:
        url = _TAB_OR_NEWLINE.sub("", url)
    return url


def scheme_of(url: str) -> str:
    """The lower-cased scheme, or "" for a relative URL."""
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else ""


def parse_srcset(value: str) -> list[str]:
    """The candidate URLs of a ``srcset`` attribute (HTML "parse a srcset attribute").

    A URL runs to the next whitespace; trailing commas end it; descriptors run to the next
    comma outside parentheses.
    """
    urls: list[str] = []
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        if i >= n:
            break
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        ended_by_comma = url.endswith(",")
        url = url.rstrip(",")
        if url:
            urls.append(url)
        if ended_by_comma:
            continue
        depth = 0
        while i < n:
            ch = value[i]
            if ch == "(":
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
            elif ch == "," and not depth:
                i += 1
                break
            i += 1
    return urls


_REFRESH = re.compile(
    r"^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?(.*)$", re.IGNORECASE | re.DOTALL
)


def meta_refresh_url(content: str) -> str | None:
    """The URL in ``<meta http-equiv="refresh" content="0; url=...">``, or None."""
    match = _REFRESH.match(content)
    if not match:
        return None
    url = match.group(1).strip()
    if len(url) >= 2 and url[0] in "'\"":
        quote_char = url[0]
        end = url.find(quote_char, 1)
        url = url[1:end] if end > 0 else url[1:]
    return url or None


def strip_fragment_directive(fragment: str) -> str:
    """Drop a text fragment directive (``#:~:text=...``), which never names an element."""
    index = fragment.find(":~:")
    return fragment if index < 0 else fragment[:index]


def fragment_found(fragment: str, anchors: frozenset[str] | set[str]) -> bool:
    """HTML "find a potential indicated element", then the "top" rule.

    The fragment is tried as written, then percent-decoded; an empty fragment and "top"
    (any case) always scroll to the top of the document.
    """
    fragment = strip_fragment_directive(fragment)
    if not fragment or fragment in anchors:
        return True
    decoded = unquote(fragment, errors="replace") if "%" in fragment else fragment
    if decoded in anchors:
        return True
    return decoded.lower() == "top"


@dataclass(slots=True, frozen=True)
class Resolved:
    """Where a URL points: "internal" (site path), "external" (absolute URL), "skipped" or
    "invalid" (unparseable)."""

    kind: str
    target: str  # site-relative path ("" = site root) or absolute URL without fragment
    fragment: str | None  # None when the URL has no "#"
    scheme: str = ""


def page_url(page: str) -> str:
    """The virtual absolute URL of a site page, percent-encoded like a browser would."""
    return f"{SITE_ORIGIN}/{quote(page, safe='/')}"


def document_base(page: str, base_href: str | None) -> str:
    """The document base URL: ``<base href>`` resolved against the page, else the page."""
    url = page_url(page)
    if base_href:
        href = clean_url(base_href)
        if scheme_of(href) not in SKIPPED_SCHEMES:
            url = urljoin(url, _backslashes_to_slashes(href))
    return url


def _backslashes_to_slashes(url: str) -> str:
    """WHATWG treats "\\" like "/" in http(s) and relative URLs (before query and fragment)."""
    if "\\" not in url:
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:cut].replace("\\", "/") + url[cut:]


class Resolver:
    """Resolves the URLs of pages against the site.

    Most links on a static site are plain relative paths, so those take a fast path (RFC 3986
    reference resolution written out for this one case, cached per folder); everything else
    goes through ``urljoin``.
    """

    def __init__(self, site_urls: tuple[str, ...] = ()) -> None:
        # Absolute links to the site's own public address are internal: (host, path prefix).
        self.site_prefixes = tuple(_site_prefix(u) for u in site_urls if u)
        self._cache: dict[str, Resolved] = {}
        self._folder = ""
        self._absolute: dict[str, Resolved] = {}

    def page_cache(self, base: str) -> dict[str, Resolved] | None:
        """Memo for a page's URLs whose result depends only on the base's folder, or None.

        Pages come folder by folder, so one folder's memo at a time is enough; it is returned
        again (not cleared) while the folder stays the same.
        """
        if not base.startswith(_SITE_PREFIX):
            return None
        folder = base[: base.rfind("/") + 1]
        if folder != self._folder:
            self._folder = folder
            self._cache = {}
        return self._cache

    @staticmethod
    def folder_independent(raw_url: str) -> bool:
        """False for "", "#x" and "?q", which resolve against the full page URL."""
        return bool(raw_url) and raw_url[0] not in "#?"

    def resolve(self, base: str, raw_url: str) -> Resolved:
        # Absolute http(s) URLs do not depend on the base: cache them by themselves.
        if raw_url.startswith(("https://", "http://")):
            hit = self._absolute.get(raw_url)
            if hit is None:
                if len(self._absolute) > 50_000:
                    self._absolute.clear()
                hit = self._absolute[raw_url] = self._resolve(base, raw_url)
            return hit
        if base.startswith(_SITE_PREFIX):
            if raw_url.startswith("#") and _PLAIN_FRAGMENT.match(raw_url):
                return Resolved("internal", unquote(base[len(_SITE_PREFIX) :]), raw_url[1:])
            if _is_plain_relative(raw_url):
                # Pages come folder by folder, so a cache for the current folder is enough.
                folder = base[: base.rfind("/") + 1]
                if folder != self._folder:
                    self._folder = folder
                    self._cache.clear()
                hit = self._cache.get(raw_url)
                if hit is None:
                    hit = self._cache[raw_url] = _resolve_plain(folder, raw_url)
                return hit
        return self._resolve(base, raw_url)

    def _resolve(self, base: str, raw_url: str) -> Resolved:
        url = clean_url(raw_url)
        scheme = scheme_of(url)
        if scheme and scheme not in HTTP_SCHEMES:
            return Resolved("skipped", url, None, scheme)
        try:
            absolute = urljoin(base, _backslashes_to_slashes(url))
            parts = urlsplit(absolute)
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:  # e.g. "http://[::1" (bad IPv6 host): no browser could follow it
            return Resolved("invalid", url, None, scheme)
        fragment = parts.fragment if "#" in url else None
        if f"{parts.scheme}://{parts.netloc}" == SITE_ORIGIN:
            return Resolved("internal", unquote(parts.path).lstrip("/"), fragment)
        for host, prefix in self.site_prefixes:
            if parts.netloc.lower() == host and (parts.path or "/").startswith(prefix):
                rel = unquote(parts.path or "/")[len(prefix) :]
                return Resolved("internal", rel.lstrip("/"), fragment)
        if parts.scheme not in HTTP_SCHEMES or not parts.hostname:
            return Resolved("skipped", url, None, parts.scheme)
        without_fragment = urlunsplit(
            (parts.scheme, parts.netloc, parts.path or "/", parts.query, "")
        )
        return Resolved("external", without_fragment, fragment)


_SITE_PREFIX = SITE_ORIGIN + "/"
_PLAIN_FRAGMENT = re.compile(r"^#[^\x00-\x20]*$")
# A relative path reference with nothing the fast path would get wrong: no scheme (":" before
# any "/"), no "//" network path, no backslash, whitespace or control characters.
_PLAIN_RELATIVE = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.\-]*:)(?!//)[^\\\x00-\x20]+$")


def _is_plain_relative(url: str) -> bool:
    return bool(url) and url[0] not in "#?" and _PLAIN_RELATIVE.match(url) is not None


def _resolve_plain(folder: str, url: str) -> Resolved:
    """RFC 3986 §5.2 for a path reference against a base in the site's own origin."""
    rest, hashmark, fragment = url.partition("#")
    path = rest.split("?", 1)[0]
    if not path.startswith("/"):
        path = folder[len(SITE_ORIGIN) :] + path
    path = remove_dot_segments(path)
    return Resolved("internal", unquote(path).lstrip("/"), fragment if hashmark else None)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4: "." and ".." segments removed, ".." never climbing above the root."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/".join(output) if output != [""] else "/"


def _site_prefix(site_url: str) -> tuple[str, str]:
    """(host[:port], path prefix ending in "/") of a public site address; http and https alike."""
    parts = urlsplit(site_url if "//" in site_url else f"https://{site_url}")
    prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
    return parts.netloc.lower(), prefix
