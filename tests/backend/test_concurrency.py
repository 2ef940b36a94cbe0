"""Never overbooked: 50 simultaneous requests for one slot of capacity 3 through a real server."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import waitress
import waitress.server

from forms_lambda.app import create_app

from .conftest import Clock, booking_payload, make_settings

REQUESTS = 50


def post_json(url: str, payload: dict) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_fifty_parallel_bookings_for_three_places(tmp_path: Path, clock: Clock) -> None:
    app = create_app(make_settings(tmp_path, staff_emails=()), now=clock)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=16)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.effective_port}/api/bookings"
        start = threading.Barrier(REQUESTS)
        statuses: list[int] = []
        lock = threading.Lock()

        def one(n: int) -> None:
            payload = booking_payload(phone=f"09{n:08d}", email=f"p{n}@example.com")
            start.wait(timeout=30)
            status = post_json(url, payload)
            with lock:
                statuses.append(status)

        workers = [threading.Thread(target=one, args=(n,)) for n in range(REQUESTS)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert Counter(statuses) == Counter({201: 3, 409: REQUESTS - 3})
        with app.app_context():
            from forms_lambda.web import backend

            usage = backend().store.slot_usage("household", "2026-11-30")
            assert usage == {"2026-11-30T09:00": 3}
            assert len(backend().store.list_bookings("2026-11-30")) == 3
    finally:
        stop(server)
        thread.join(timeout=10)
        assert not thread.is_alive()


def stop(server: waitress.server.BaseWSGIServer) -> None:
    """Close every channel from inside waitress's own loop thread, so its loop ends cleanly."""

    def close_all() -> None:
        for channel in list(server._map.values()):
            channel.close()

    server.trigger.pull_trigger(close_all)
    server.task_dispatcher.shutdown()
