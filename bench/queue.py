"""The live queue's speed: p50 and p99 of the public read (GET /api/queue) and of the staff write
(a ticket machine's report, POST /api/admin/queue/feed with a device token), at concurrency 16
against make serve's composition (the site, the backend at /api and the shared cache that
stands in for CloudFront; waitress, one worker thread, a temporary SQLite file), and of the
public read at the backend alone (what a cache miss, i.e. one Lambda call, costs).

Bounded like bench/api.py, whose load generator it uses: each phase stops after REQUESTS
requests or SECONDS seconds; ROUNDS rounds, the median-p99 round shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.api import (
    REPO,
    SERVER,
    SITE,
    _environment,
    _load,
    _report,
    _rounds,
    _rules_with_room,
)
from scripts.serve import THREADS

BACKEND_ONLY = """
import sys
from forms_lambda.app import create_app
from scripts.serve import create_server
server = create_server(create_app(), "127.0.0.1", 0, int(sys.argv[1]))  # no shared cache
print(server.effective_port, flush=True)
server.run()
"""
COUNTERS = ("1", "2", "3", "4", "6")  # one service each: a report needs no service name
SERVICES = ("household", "id-card", "certificates", "booked")


def _device_token(env: dict[str, str]) -> str:
    """A device account in the bench's SQLite file, made as the staff command makes one."""
    code = (
        "from forms_lambda.app import create_app\n"
        "from forms_lambda.web import backend\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    print(backend().staff.add(name='bench', role='device', login='bench').secret)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def _start(script: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    server = subprocess.Popen(
        [sys.executable, "-c", script, str(THREADS), str(SITE)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    return server, int(server.stdout.readline())  # type: ignore[union-attr]


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


def main() -> None:
    if not (SITE / "index.html").is_file():
        subprocess.run(
            [sys.executable, "-m", "scripts.build_site", "--quiet"], cwd=REPO, check=True
        )
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as name:
        folder = Path(name)
        _rules_with_room(folder)
        env = _environment(folder)
        token = _device_token(env)
        device = {"Authorization": f"Bearer {token}"}
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"make serve's composition (shared cache) and the backend alone, waitress with"
            f" {THREADS} worker thread(s), SQLite in {folder}; machine load average {load}"
            f" on {os.cpu_count()} cores"
        )

        def report(n: int) -> tuple[str, str, bytes, dict[str, str]]:
            """A ticket machine's report: the next number at one counter, a waiting count.
            Sent one after another, as one machine sends them (in order: a counter's number
            never goes down)."""
            body = {
                "counters": [{"counter": COUNTERS[n % len(COUNTERS)], "number": n // 5 + 1}],
                "waiting": [{"service": SERVICES[n % len(SERVICES)], "count": n % 30}],
            }
            return "POST", "/api/admin/queue/feed", json.dumps(body).encode(), device

        def waiting(n: int) -> tuple[str, str, bytes, dict[str, str]]:
            """Waiting counts from 16 senders at once: each a full write of the day's record
            (compare-and-set) whatever the order."""
            body = {"waiting": [{"service": SERVICES[n % len(SERVICES)], "count": n % 30}]}
            return "POST", "/api/admin/queue/feed", json.dumps(body).encode(), device

        server, port = _start(SERVER, env)
        try:
            read = lambda n: ("GET", "/api/queue", None)  # noqa: E731
            _rounds(
                "GET /api/queue through the shared cache", server.pid, lambda n: _load(port, read)
            )
            _rounds(
                "POST /api/admin/queue/feed, one machine (a number and a waiting count)",
                server.pid,
                lambda n: _load(port, report, 1, 500, first=n * 500),
            )
            _rounds(
                "POST /api/admin/queue/feed, 16 senders at once (waiting counts)",
                server.pid,
                lambda n: _load(port, waiting),
            )
        finally:
            _stop(server)
        server, port = _start(BACKEND_ONLY, env)
        try:
            _rounds(
                "GET /api/queue at the backend alone (a cache miss)",
                server.pid,
                lambda n: _load(port, lambda _: ("GET", "/api/queue", None)),
            )
            _report(
                "GET /api/queue at the backend alone, one at a time (service time)",
                *_load(port, lambda _: ("GET", "/api/queue", None), 1, 200),
            )
        finally:
            _stop(server)


if __name__ == "__main__":
    main()
