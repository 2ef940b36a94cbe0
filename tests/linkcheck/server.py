"""A local HTTP server on 127.0.0.1 that plays every external-link case the checker must handle.

Each path is one behaviour. Stateful cases (503 then 200, 429 then 200) count requests per path,
so a test uses a fresh path suffix (``/flaky-503/<anything>``) to start from zero. Every request
is recorded (method, path, time) so tests can assert what the checker sent.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE_WITH_ANCHORS = (
    "<!doctype html><html><head><title>t</title></head><body>"
    '<h2 id="present">here</h2><a name="old-style"></a><p id="%E4%B8%AD">x</p>'
    '<h3 id="中文">cjk</h3></body></html>'
).encode()
SLOW_SECONDS = 2.0


@dataclass
class Recorder:
    requests: list[tuple[str, str, float]] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    max_in_flight: int = 0

    def methods(self, path: str) -> list[str]:
        return [m for m, p, _ in self.requests if p == path]

    def times(self, path: str) -> list[float]:
        return [t for _, p, t in self.requests if p == path]


class _Handler(BaseHTTPRequestHandler):
    recorder: Recorder
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _send(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        head: bool = False,
        content_type: str = "text/html; charset=utf-8",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        path = self.path.split("?", 1)[0]
        with self.recorder.lock:
            self.recorder.requests.append((self.command, path, time.monotonic()))
            self.recorder.counts[path] += 1
            count = self.recorder.counts[path]
            self.recorder.in_flight += 1
            self.recorder.max_in_flight = max(self.recorder.max_in_flight, self.recorder.in_flight)
        try:
            self._play(path, count, head)
        finally:
            with self.recorder.lock:
                self.recorder.in_flight -= 1

    def _play(self, path: str, count: int, head: bool) -> None:
        first = path.split("/")[1] if path.count("/") else ""
        page = b"<!doctype html><title>ok</title><p>ok</p>"
        if path in ("/ok", "/page") or first == "ok":
            self._send(200, PAGE_WITH_ANCHORS if path == "/page" else page, head=head)
        elif path == "/file.pdf":
            self._send(200, b"%PDF-1.4", head=head, content_type="application/pdf")
        elif path == "/chain/1":
            self._send(302, headers={"Location": "/chain/2"}, head=head)
        elif path == "/chain/2":
            absolute = f"http://{self.headers['Host']}/chain/3"  # an absolute Location
            self._send(307, headers={"Location": absolute}, head=head)
        elif path == "/chain/3":
            self._send(302, headers={"Location": "/page"}, head=head)
        elif path == "/moved":
            self._send(301, headers={"Location": "/ok"}, head=head)
        elif path == "/moved-308":
            self._send(308, headers={"Location": "/page"}, head=head)
        elif path == "/loop/a":
            self._send(302, headers={"Location": "/loop/b"}, head=head)
        elif path == "/loop/b":
            self._send(302, headers={"Location": "/loop/a"}, head=head)
        elif first == "endless":
            self._send(
                302, headers={"Location": f"/endless/{count}{path.replace('/', '-')}"}, head=head
            )
        elif path == "/not-found":
            self._send(404, b"gone", head=head)
        elif path == "/gone":
            self._send(410, b"gone", head=head)
        elif first == "error":
            self._send(500, b"error", head=head)
        elif first == "flaky-503":
            self._send(503 if count == 1 else 200, page, head=head)
        elif first == "busy-429":
            self._send(429 if count == 1 else 200, page, {"Retry-After": "1"}, head=head)
        elif first == "always-429":
            self._send(429, b"slow down", {"Retry-After": "1"}, head=head)
        elif first == "slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, page, head=head)
        elif first == "slowish":
            time.sleep(0.2)
            self._send(200, page, head=head)
        elif first == "no-head":
            if head:
                self._send(405, headers={"Allow": "GET"}, head=True)
            else:
                self._send(200, page)
        else:
            self._send(404, b"unknown case", head=head)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the checker's timeout) is part of the test, not an error."""


class CaseServer:
    """Start with ``with CaseServer() as server:``; ``server.url("/ok")`` gives an address."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        handler = type("Handler", (_Handler,), {"recorder": self.recorder})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> CaseServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def site_with_links(root: Path, urls: list[str]) -> Path:
    """A one-page site at ``root`` linking to ``urls``."""
    root.mkdir(parents=True, exist_ok=True)
    links = "\n".join(f'<a href="{url}">{i}</a>' for i, url in enumerate(urls))
    (root / "index.html").write_text(f"<!doctype html><title>x</title>\n{links}\n", "utf-8")
    return root
