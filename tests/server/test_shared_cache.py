"""make serve's shared cache (scripts/server/cache.py), which does for the public queue what
CloudFront does on AWS: 200 readers at once reach the backend once per cache period."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from pathlib import Path

from forms_lambda.api.queue_html import CACHED_PATHS
from forms_lambda.app import create_app
from scripts.server.app import make_app
from scripts.server.cache import SharedCache, shared_max_age
from tests.backend.conftest import Clock, make_settings
from tests.e2e.conftest import running

READERS = 200


def counted(app, calls: Counter, seen: list[dict]):
    def backend(environ, start_response):
        calls[environ["PATH_INFO"]] += 1
        seen.append(dict(environ))
        return app(environ, start_response)

    return backend


def test_two_hundred_readers_at_once_reach_the_backend_once_per_period(tmp_path: Path) -> None:
    calls: Counter = Counter()
    app = create_app(make_settings(tmp_path / "instance"), now=Clock())
    site = tmp_path / "site"
    site.mkdir()
    start = threading.Barrier(READERS, timeout=60)
    answers: list[tuple[int, bytes, str]] = []

    def read(port: int, n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            start.wait()
            # Query strings and cookies are not part of the key (CloudFront's policy neither).
            path = CACHED_PATHS[0] + ("?lang=en" if n % 3 == 0 else "")
            conn.request("GET", path, headers={"Cookie": f"lang=zh-TW; n={n}"})
            answer = conn.getresponse()
            answers.append((answer.status, answer.read(), answer.getheader("Cache-Control")))
        finally:
            conn.close()

    began = time.monotonic()
    # Four worker threads (THREADS=4 make serve), so readers really do arrive together.
    with running(make_app(site, counted(app, calls, []), headers={}), threads=4) as url:
        port = int(url.rsplit(":", 1)[1])
        readers = [threading.Thread(target=read, args=(port, n)) for n in range(READERS)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(timeout=90)
    elapsed = time.monotonic() - began
    assert len(answers) == READERS
    assert {status for status, _, _ in answers} == {200}
    assert len({body for _, body, _ in answers}) == 1  # every reader got the same board
    period = shared_max_age(answers[0][2])
    assert period == 10
    assert 1 <= calls[CACHED_PATHS[0]] <= 1 + int(elapsed // period), (calls, elapsed)


class Steps:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _get(app, path: str, method: str = "GET", **extra: str) -> tuple[str, dict[str, str], bytes]:
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(path=path, method=method).get_environ()
    environ.update(extra)
    answer: dict = {}

    def start(status: str, headers: list) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app(environ, start))
    return answer["status"], answer["headers"], body


def test_an_answer_is_kept_for_its_s_maxage_and_readers_extras_never_reach_the_backend(
    tmp_path: Path,
) -> None:
    calls: Counter = Counter()
    seen: list[dict] = []
    clock = Steps()
    backend = create_app(make_settings(tmp_path), now=Clock())
    cache = SharedCache(counted(backend, calls, seen), clock=clock)
    status, headers, first = _get(
        cache,
        "/api/queue",
        QUERY_STRING="lang=en",
        HTTP_COOKIE="lang=en",
        HTTP_AUTHORIZATION="Bearer x",
        HTTP_CACHE_CONTROL="no-cache",  # a reader cannot make the cache ask again
    )
    assert status.startswith("200") and headers["Age"] == "0"
    assert not {"QUERY_STRING", "HTTP_COOKIE", "HTTP_AUTHORIZATION"} & set(seen[0])
    clock.now += 9.9
    assert _get(cache, "/api/queue")[2] == first and calls["/api/queue"] == 1
    assert _get(cache, "/api/queue")[1]["Age"] == "9"
    etag = headers["ETag"]
    assert _get(cache, "/api/queue", HTTP_IF_NONE_MATCH=etag)[0].startswith("304")
    assert _get(cache, "/api/queue", method="HEAD")[2] == b""
    clock.now += 0.1  # the period is over: the next reader asks the backend again
    _get(cache, "/api/queue")
    assert calls["/api/queue"] == 2
    # Other paths, and anything but GET and HEAD, pass straight through every time.
    for _ in range(2):
        _get(cache, "/api/health")
        _get(cache, "/api/queue", method="POST")
    assert calls["/api/health"] == 2 and calls["/api/queue"] == 4


def test_an_answer_without_a_shared_max_age_is_not_kept() -> None:
    calls: Counter = Counter()

    def private(environ, start_response):
        calls["n"] += 1
        start_response("200 OK", [("Cache-Control", "no-store")])
        return [b"x"]

    cache = SharedCache(private, paths=["/api/queue"], clock=Steps())
    _get(cache, "/api/queue")
    _get(cache, "/api/queue")
    assert calls["n"] == 2
    assert shared_max_age("public, max-age=5, s-maxage=10") == 10
    assert shared_max_age("private, s-maxage=10") == 0
