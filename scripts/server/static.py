"""Serve the built site as S3 + CloudFront would: directory URLs, 404 page, right types.

A directory without ``index.html`` is a 404 (as on S3), ``/dir`` redirects to ``/dir/``, and the
English 404 page is used under ``/en/``. Only files inside the site folder are ever served.
A text file is sent as its precompressed ``.br`` or ``.gz`` (scripts/precompress.py) when the
browser accepts that encoding, as CloudFront's function picks them (docs/deploy.md).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote

from werkzeug.wsgi import wrap_file

from scripts.deploy.cache import cache_control
from scripts.precompress import ENCODINGS, is_compressible

StartResponse = Callable[..., object]

# Types some systems' mime tables lack; downloads and feeds must carry the right one.
EXTRA_TYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".ics": "text/calendar",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".csv": "text/csv",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pagefind": "application/octet-stream",
    ".gz": "application/gzip",  # sitemap.xml.gz is a gzip file, not gzip-encoded XML
    ".map": "application/json",
    ".wasm": "application/wasm",
}
TEXT_TYPES = (
    "text/",
    "application/xml",
    "application/json",
    "image/svg+xml",
    "application/manifest",
)


def content_type(path: Path) -> str:
    """The Content-Type for a file, with a charset for text."""
    kind = EXTRA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith(TEXT_TYPES) and "charset" not in kind:
        kind += "; charset=utf-8"
    return kind


class StaticSite:
    """A WSGI app over one folder of built files."""

    def __init__(self, root: Path, extra_headers: Iterable[tuple[str, str]] = ()) -> None:
        self.root = root.resolve()
        self.extra_headers = list(extra_headers)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self._plain(
                start_response,
                "405 Method Not Allowed",
                b"Method not allowed\n",
                [("Allow", "GET, HEAD")],
            )
        raw_path = environ.get("PATH_INFO", "/")
        try:
            path = unquote(raw_path.encode("latin-1").decode("utf-8"), errors="strict")
        except (UnicodeDecodeError, UnicodeEncodeError):
            return self._not_found(environ, start_response)
        target = self._resolve(path)
        if target is None:
            return self._not_found(environ, start_response)
        if target.is_dir():
            if not path.endswith("/"):
                query = environ.get("QUERY_STRING")
                location = raw_path + "/" + (f"?{query}" if query else "")
                return self._plain(
                    start_response, "301 Moved Permanently", b"", [("Location", location)]
                )
            target = target / "index.html"
            if not target.is_file():
                return self._not_found(environ, start_response)
        return self._send(environ, start_response, target, "200 OK")

    def _resolve(self, path: str) -> Path | None:
        if "\x00" in path:
            return None
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None
        return candidate if candidate.exists() else None

    def _send(self, environ: dict, start_response: StartResponse, file: Path, status: str):
        body, encoding = _encoded_variant(file, environ.get("HTTP_ACCEPT_ENCODING", ""))
        stat = body.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-" + encoding if encoding else ""}"'
        headers = [
            ("Content-Type", content_type(file)),
            ("Last-Modified", formatdate(stat.st_mtime, usegmt=True)),
            ("ETag", etag),
            ("Cache-Control", cache_control(file.relative_to(self.root).as_posix())),
            *self.extra_headers,
        ]
        if is_compressible(file.name):
            headers.append(("Vary", "Accept-Encoding"))
        if encoding:
            headers.append(("Content-Encoding", encoding))
        if status.startswith("200") and self._not_modified(environ, etag, stat.st_mtime):
            start_response("304 Not Modified", headers)
            return [b""]
        headers.append(("Content-Length", str(stat.st_size)))
        start_response(status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return [b""]
        return wrap_file(environ, open(body, "rb"))

    @staticmethod
    def _not_modified(environ: dict, etag: str, mtime: float) -> bool:
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            return etag in [tag.strip() for tag in if_none_match.split(",")]
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _not_found(self, environ: dict, start_response: StartResponse):
        path = environ.get("PATH_INFO", "/")
        for candidate in (self.root / "en" / "404.html", self.root / "404.html"):
            if candidate.is_file() and (path.startswith("/en/") or candidate.parent == self.root):
                return self._send(environ, start_response, candidate, "404 Not Found")
        return self._plain(start_response, "404 Not Found", "找不到網頁 Page not found\n".encode())

    def _plain(
        self, start_response: StartResponse, status: str, body: bytes, headers=()
    ) -> list[bytes]:
        start_response(
            status,
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                *headers,
                *self.extra_headers,
            ],
        )
        return [body]


def accepted_encodings(header: str) -> set[str]:
    """The codings an Accept-Encoding header allows (``br;q=0`` refuses br)."""
    accepted = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip() if params.strip() else "1"
        try:
            allowed = float(quality) > 0
        except ValueError:
            allowed = True
        if name and allowed:
            accepted.add(name.strip().lower())
    return accepted


def _encoded_variant(file: Path, accept_encoding: str) -> tuple[Path, str | None]:
    """The file to send and its Content-Encoding: the precompressed one the client takes."""
    if not is_compressible(file.name) or not accept_encoding:
        return file, None
    accepted = accepted_encodings(accept_encoding)
    for encoding, suffix in ENCODINGS:
        variant = file.with_name(file.name + suffix)
        if (encoding in accepted or "*" in accepted) and variant.is_file():
            return variant, encoding
    return file, None


def _ensure_types() -> None:
    for suffix, kind in EXTRA_TYPES.items():
        mimetypes.add_type(kind.split(";")[0], suffix)


_ensure_types()
