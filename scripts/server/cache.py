"""What CloudFront does for the public queue, for ``make serve``: a shared cache in front of the
backend for the paths the CloudFront template caches (``CACHED_PATHS``).

An answer marked ``Cache-Control: public, s-maxage=N`` is kept N seconds and replayed to every
reader, so 200 phones polling the queue reach the backend at most once per N seconds. As the
CloudFront cache policy for these paths does: the query string, cookies and Authorization are
neither forwarded nor part of the key, the reader's own Cache-Control is ignored, and a reader's
If-None-Match is answered 304 from the kept ETag. One lock per path: while one reader fetches,
the others wait for its answer instead of all going to the backend.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from forms_lambda.api.queue_html import CACHED_PATHS

WSGIApp = Callable[[dict, Callable[..., object]], Iterable[bytes]]
S_MAXAGE = re.compile(r"(?:^|,)\s*s-maxage=(\d+)")
NOT_FORWARDED = (
    "QUERY_STRING",
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_CACHE_CONTROL",
    "HTTP_PRAGMA",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
)


@dataclass(frozen=True)
class Kept:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    stored: float
    expires: float

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


def shared_max_age(cache_control: str) -> int:
    """Seconds a shared cache may keep an answer: s-maxage of a public answer, else 0."""
    match = S_MAXAGE.search(cache_control)
    return int(match.group(1)) if match and "public" in cache_control else 0


class SharedCache:
    def __init__(
        self,
        app: WSGIApp,
        paths: Iterable[str] = CACHED_PATHS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.clock = clock
        self._locks = {path: threading.Lock() for path in paths}
        self._kept: dict[str, Kept] = {}

    def __call__(self, environ: dict, start_response: Callable[..., object]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        lock = self._locks.get(path)
        if lock is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        kept = self._fresh(path)
        if kept is None:
            with lock:
                kept = self._fresh(path) or self._fetch(path, environ)
        return self._answer(kept, environ, start_response)

    def _fresh(self, path: str) -> Kept | None:
        kept = self._kept.get(path)
        return kept if kept is not None and self.clock() < kept.expires else None

    def _fetch(self, path: str, environ: dict) -> Kept:
        """Ask the backend as CloudFront would (a GET without the reader's extras); keep a
        cacheable 200."""
        forwarded = {k: v for k, v in environ.items() if k not in NOT_FORWARDED}
        forwarded["REQUEST_METHOD"] = "GET"
        answer: dict[str, object] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
            answer["status"], answer["headers"] = status, list(headers)

        chunks = self.app(forwarded, start)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        now = self.clock()
        kept = Kept(str(answer["status"]), answer["headers"], body, now, now)  # type: ignore[arg-type]
        age = shared_max_age(kept.header("Cache-Control"))
        if kept.status.startswith("200") and age:
            kept = Kept(kept.status, kept.headers, body, now, now + age)
            self._kept[path] = kept
        return kept

    def _answer(
        self, kept: Kept, environ: dict, start_response: Callable[..., object]
    ) -> Iterable[bytes]:
        age = ("Age", str(int(self.clock() - kept.stored)))
        etag = kept.header("ETag")
        if etag and kept.status.startswith("200") and environ.get("HTTP_IF_NONE_MATCH") == etag:
            unchanged = [(k, v) for k, v in kept.headers if k.lower() in ("etag", "cache-control")]
            start_response("304 Not Modified", [*unchanged, age])
            return [b""]
        start_response(kept.status, [*kept.headers, age])
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [kept.body]
