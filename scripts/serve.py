"""``make serve``: the built site and the form backend on http://127.0.0.1:PORT (waitress)."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path
from typing import Any

import waitress

from scripts.server.app import load_backend, make_app

ROOT = Path(__file__).resolve().parent.parent
# One worker thread. Waitress reads and buffers each request and sends each response
# (static files too, through wsgi.file_wrapper) in its own loop thread, so a slow client never
# holds the worker; the worker only runs the app, which holds the GIL for most of a request.
# Every call that releases the GIL (each SQLite statement, a file or socket write) is a
# hand-off when another worker waits: strace counted ~97 futex calls per booking with 4
# threads, ~69 with 2, 13 with 1, and with several threads each SQLite connection re-reads the
# pages the others changed (27 preads per booking against 3). Interleaved bench/api.py runs on
# this 2-core machine (2026-11-27, 15 rounds each): 1 thread p99 37 ms median, 674 bookings/s,
# 1.52 ms server CPU each; 2 threads 41 ms, 565/s, 1.95 ms; 3 threads worse again. With one
# core kept busy by another process: 53 against 62 ms.
# The price: a request that waits without working holds up every other one, pages included.
# SQLite waits up to 30 s for a write lock another process holds (the purge command holds it
# for milliseconds; an open sqlite3 shell in a transaction holds it until it ends), and with
# FORMS_STORE=dynamodb or FORMS_NOTIFY=ses each request waits on the network: for those, run
# `THREADS=4 make serve` (python -m scripts.serve --threads 4).
THREADS = 1


def create_server(app: Any, host: str, port: int, threads: int = THREADS) -> Any:
    """The waitress server make serve runs (bench/api.py measures the same one)."""
    # "Task queue depth is N" on every page with a few assets (one worker takes them in turn)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return waitress.create_server(app, host=host, port=port, threads=threads, ident=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--threads", type=int, default=THREADS)
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site} has no index.html: run `make build` first")
    # make serve is plain HTTP on this machine: Chromium drops Secure cookies over http, so the
    # staff console's session cookie is sent without Secure here unless the environment says so.
    os.environ.setdefault("FORMS_ADMIN_COOKIE_SECURE", "false")
    backend = load_backend()
    app = make_app(args.site, backend)
    print(f"Serving {args.site} at http://{args.host}:{args.port}/")
    print(
        "Form backend: "
        + ("mounted at /api" if backend else "not available (forms_lambda missing)")
    )
    create_server(app, args.host, args.port, args.threads).run()


if __name__ == "__main__":
    main()
