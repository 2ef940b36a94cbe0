"""API speed: requests/s, p50 and p99 of GET /api/slots and POST /api/bookings at concurrency 16
against make serve's app (the built site with the backend at /api, scripts/server) served by
waitress on 127.0.0.1 with a temporary SQLite file (and how long a new file takes in its
folder: the disk's state, see _file_creation_us); and the cold import time of
forms_lambda.handler (python -X importtime), with whether boto3 was imported.

Target (docs/backend.md): p99 under 50 ms on SQLite here; import under 300 ms. Bounded: each
load phase stops after REQUESTS requests or SECONDS seconds, whichever comes first.

This machine shares its cores with other virtual machines: the same CPU-bound loop takes
anywhere from 0.36 to 0.63 s from one second to the next. So each load phase runs ROUNDS
times and the round with the median p99 is reported, with every round's p99 and the server's
CPU time per request (read from /proc, the figure least moved by the neighbours' load) shown.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from scripts.serve import THREADS  # the same waitress worker count as make serve

REPO = Path(__file__).resolve().parent.parent
CONCURRENCY = 16
REQUESTS = 2000
SECONDS = 20.0
ROUNDS = 3
SERVER = """
import sys
from pathlib import Path
from forms_lambda.app import create_app
from scripts.serve import create_server
from scripts.server.app import make_app
app = make_app(Path(sys.argv[2]), create_app())  # what make serve runs: site + /api
server = create_server(app, "127.0.0.1", 0, int(sys.argv[1]))
print(server.effective_port, flush=True)
server.run()
"""
SITE = REPO / "build" / "site"


def _environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMS_")}
    env.update(
        FORMS_INSTANCE_PATH=str(folder),
        FORMS_SECRET_KEY="bench",
        FORMS_RATE_LIMIT="0",
        FORMS_BOOKING_RULES=str(folder / "booking.yml"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _rules_with_room(folder: Path) -> None:
    """The real rules, with capacity large enough that the load never fills a slot."""
    rules = yaml.safe_load((REPO / "content/data/booking.yml").read_text(encoding="utf-8"))
    for service in rules["services"]:
        service["capacity"] = 1_000_000
    (folder / "booking.yml").write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")


def _request(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None
) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    answer = conn.getresponse()
    return answer.status, answer.read()


def _load(
    port: int,
    make: callable,
    concurrency: int = CONCURRENCY,
    requests: int = REQUESTS,
    first: int = 0,
) -> tuple[list[float], Counter, float]:  # type: ignore[valid-type]
    """Keep ``concurrency`` keep-alive connections busy from one asyncio thread.

    One event loop instead of one Python thread per connection: with threads, a response that
    has arrived waits for the client's GIL, and that wait was counted as server latency.
    """
    return asyncio.run(_load_async(port, make, concurrency, requests, first))


async def _load_async(
    port: int, make: callable, concurrency: int, requests: int, first: int
) -> tuple[list[float], Counter, float]:  # type: ignore[valid-type]
    latencies: list[float] = []
    statuses: Counter = Counter()
    counter = iter(range(first, first + requests))
    deadline = time.perf_counter() + SECONDS

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                number = next(counter, None)
                if number is None:
                    return
                method, path, body, *extra = make(number)
                started = time.perf_counter()
                writer.write(_raw_request(method, path, body, port, *extra))
                status = await asyncio.wait_for(_read_response(reader), timeout=30)
                latencies.append(time.perf_counter() - started)
                statuses[status] += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, statuses, time.perf_counter() - started


def _raw_request(
    method: str, path: str, body: bytes | None, port: int, headers: dict[str, str] | None = None
) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + (body or b"")


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length framed, as waitress sends); its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


def _report(name: str, latencies: list[float], statuses: Counter, wall: float) -> None:
    if not latencies:
        print(f"{name}: no requests completed")
        return
    p50, p99 = _percentiles(latencies)
    print(
        f"{name}: {len(latencies)} requests, {len(latencies) / wall:.0f} req/s, "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, statuses {dict(statuses)}"
    )


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rounds(name: str, server_pid: int, run: Callable[[int], tuple]) -> None:
    """ROUNDS runs of one load phase; print the median-p99 round and every round's p99."""
    results = []
    for number in range(ROUNDS):
        before = _cpu_seconds(server_pid)
        latencies, statuses, wall = run(number)
        cpu = (_cpu_seconds(server_pid) - before) / max(1, len(latencies)) * 1000
        results.append(
            (
                _percentiles(latencies)[1] if latencies else float("inf"),
                cpu,
                latencies,
                statuses,
                wall,
            )
        )
    results.sort(key=lambda r: r[0])
    _p99, cpu, latencies, statuses, wall = results[len(results) // 2]
    _report(name, latencies, statuses, wall)
    print(
        f"  rounds' p99: {', '.join(f'{r[0]:.1f}' for r in results)} ms (median shown);"
        f" server CPU {cpu:.2f} ms per request"
    )


def _file_creation_us(folder: Path, count: int = 200) -> float:
    """Median microseconds to create and write one small file in ``folder``: the disk's state.

    ext4 without a journal steps over recently freed inodes when it allocates one, so for a
    few minutes after thousands of files were deleted (a test run, a build, the previous
    bench run's own outbox) each new file costs up to ~1 ms instead of ~0.05 ms.
    """
    folder.mkdir()
    times = []
    for number in range(count):
        started = time.perf_counter()
        fd = os.open(folder / f"{number}.eml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, b"x" * 2048)
        os.close(fd)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1_000_000


def _bookable(port: int) -> tuple[str, list[str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    _, body = _request(conn, "GET", "/api/services")
    services = {s["id"]: s for s in json.loads(body)}
    for day in services["household"]["bookable_dates"]:
        _, body = _request(conn, "GET", f"/api/slots?service=household&date={day}")
        starts = [slot["start"] for slot in json.loads(body)]
        if starts:
            conn.close()
            return day, starts
    conn.close()
    raise RuntimeError("no bookable household slot in the coming week")


def start_server(folder: Path) -> tuple[subprocess.Popen, int]:
    """make serve's app (site + /api) in its own process on a free port, data in ``folder``."""
    _rules_with_room(folder)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(THREADS), str(SITE)],
        cwd=REPO,
        env=_environment(folder),
        stdout=subprocess.PIPE,
        text=True,
    )
    return server, int(server.stdout.readline())  # type: ignore[union-attr]


def load_figures() -> None:
    if not (SITE / "index.html").is_file():  # make bench builds it first; a bare run may not
        subprocess.run(
            [sys.executable, "-m", "scripts.build_site", "--quiet"], cwd=REPO, check=True
        )
    with tempfile.TemporaryDirectory(prefix="bench-api-") as name:
        folder = Path(name)
        server, port = start_server(folder)
        try:
            day, starts = _bookable(port)
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(
                f"server: waitress on 127.0.0.1:{port}, {THREADS} worker thread"
                f"{'s' if THREADS != 1 else ''}, SQLite file in"
                f" {folder}; concurrency {CONCURRENCY}; machine load average {load}"
                f" on {os.cpu_count()} cores; a new file there takes"
                f" {_file_creation_us(folder / 'probe'):.0f} µs"
            )
            slots_path = f"/api/slots?service=household&date={day}"
            _rounds(
                "GET /api/slots",
                server.pid,
                lambda n: _load(port, lambda _: ("GET", slots_path, None)),
            )
            _report(
                "GET /api/slots, one at a time (service time)",
                *_load(port, lambda n: ("GET", slots_path, None), 1, 200),
            )

            def booking(n: int) -> tuple[str, str, bytes, dict[str, str]]:
                """As the booking page's script posts it: JSON with an Idempotency-Key."""
                payload = {
                    "service": "household",
                    "slot": starts[n % len(starts)],
                    "name": "測試者",
                    "phone": f"09{n:08d}",
                    "email": f"b{n}@example.com",
                    "consent": True,
                    "lang": "zh-TW",
                }
                key = {"Idempotency-Key": f"bench-{os.getpid()}-{n}"}
                return "POST", "/api/bookings", json.dumps(payload).encode(), key

            _rounds(
                "POST /api/bookings",
                server.pid,
                lambda n: _load(port, booking, first=n * REQUESTS),
            )
            _report(
                "POST /api/bookings, one at a time (service time)",
                *_load(port, booking, 1, 200, first=ROUNDS * REQUESTS),
            )
        finally:
            server.terminate()
            server.wait(timeout=10)


def import_figures() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as name:
        env = _environment(Path(name))
        env["FORMS_BOOKING_RULES"] = str(REPO / "content/data/booking.yml")
        cumulative = []
        for _ in range(3):
            result = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", "import forms_lambda.handler"],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            for line in result.stderr.splitlines():
                parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
                if len(parts) == 3 and parts[2] == "forms_lambda.handler":
                    cumulative.append(int(parts[1]) / 1000)
        probe = (
            "import sys, time; t = time.perf_counter(); c = time.process_time(); "
            "import forms_lambda.handler; "
            "print(f'{(time.perf_counter() - t) * 1000:.0f}', "
            "f'{(time.process_time() - c) * 1000:.0f}', 'boto3' in sys.modules)"
        )
        walls = []
        cpus = []
        boto3_seen = set()
        for _ in range(3):
            result = subprocess.run(
                [sys.executable, "-c", probe],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            wall, cpu, boto3 = result.stdout.split()
            walls.append(float(wall))
            cpus.append(float(cpu))
            boto3_seen.add(boto3)
        print(
            f"cold import of forms_lambda.handler (includes create_app and reading the rules):"
            f" -X importtime cumulative median {statistics.median(cumulative):.0f} ms,"
            f" wall median {statistics.median(walls):.0f} ms, CPU time median"
            f" {statistics.median(cpus):.0f} ms (3 runs each; CPU time is the figure least"
            f" disturbed by other load);"
            f" boto3 imported: {', '.join(sorted(boto3_seen))}"
        )


def main() -> None:
    import_figures()
    load_figures()


if __name__ == "__main__":
    main()
