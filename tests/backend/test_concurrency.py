"""Through a real server: 50 simultaneous requests for one slot of capacity 3 never overbook it,
and simultaneous retries with one Idempotency-Key create one booking or case."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import waitress
import waitress.server

from forms_lambda.app import create_app

from .conftest import Clock, booking_payload, feedback_payload, make_settings, outbox

REQUESTS = 50


def post_json(url: str, payload: dict, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@contextmanager
def serving(app: object) -> Iterator[str]:
    """The app under waitress on 127.0.0.1 (16 threads); yields the base URL."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=16)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop(server)
        thread.join(timeout=10)
        assert not thread.is_alive()


def all_at_once(count: int, send: Callable[[int], tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Run send(0..count-1) in threads released together by a barrier; their answers."""
    start = threading.Barrier(count)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def one(n: int) -> None:
        start.wait(timeout=30)
        answer = send(n)
        with lock:
            answers.append(answer)

    workers = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return answers


def test_fifty_parallel_bookings_for_three_places(tmp_path: Path, clock: Clock) -> None:
    app = create_app(make_settings(tmp_path, staff_emails=()), now=clock)
    with serving(app) as base:
        answers = all_at_once(
            REQUESTS,
            lambda n: post_json(
                f"{base}/api/bookings",
                booking_payload(phone=f"09{n:08d}", email=f"p{n}@example.com"),
            ),
        )
        assert Counter(status for status, _ in answers) == Counter({201: 3, 409: REQUESTS - 3})
        with app.app_context():
            from forms_lambda.web import backend

            usage = backend().store.slot_usage("household", "2026-11-30")
            assert usage == {"2026-11-30T09:00": 3}
            assert len(backend().store.list_bookings("2026-11-30")) == 3


def test_simultaneous_retries_with_one_key_book_once(tmp_path: Path, clock: Clock) -> None:
    """A double click or a client's retry racing the first try: one booking, one e-mail,
    and every answer is the first one (the receipt is committed with the booking)."""
    app = create_app(make_settings(tmp_path, staff_emails=()), now=clock)
    with serving(app) as base:
        answers = all_at_once(
            20,
            lambda n: post_json(
                f"{base}/api/bookings", booking_payload(), {"Idempotency-Key": "double-click"}
            ),
        )
        assert {status for status, _ in answers} == {201}
        assert len({body["reference"] for _, body in answers}) == 1
        with app.app_context():
            from forms_lambda.web import backend

            assert len(backend().store.list_bookings("2026-11-30")) == 1
        answers = all_at_once(
            20,
            lambda n: post_json(
                f"{base}/api/feedback", feedback_payload(), {"Idempotency-Key": "double-click"}
            ),
        )
        assert {status for status, _ in answers} == {201}
        assert len({body["case_number"] for _, body in answers}) == 1
        with app.app_context():
            assert len(backend().store.list_feedback()) == 1
    assert len(outbox(tmp_path)) == 2  # one booking confirmation, one feedback receipt


def stop(server: waitress.server.BaseWSGIServer) -> None:
    """Close every channel from inside waitress's own loop thread, so its loop ends cleanly."""

    def close_all() -> None:
        for channel in list(server._map.values()):
            channel.close()

    server.trigger.pull_trigger(close_all)
    server.task_dispatcher.shutdown()
