"""One `make serve` composition for the whole e2e session: the built site and the form backend
on one origin (scripts.server.app.make_app), served by waitress on 127.0.0.1, with a temporary
SQLite file and a fixed Taipei clock (Friday 2026-11-27 10:00), so bookable dates are known.

Each test gets its own browser context(s); tests never share a slot or a phone number.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import waitress
import waitress.server

from forms_lambda.app import create_app
from forms_lambda.domain.rules import TAIPEI
from forms_lambda.settings import Settings
from scripts.server.app import make_app
from tests.backend.conftest import STAFF_TOKEN, with_staff

ROOT = Path(__file__).resolve().parent.parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TAIPEI)  # a Friday
# Household registration on these working days (the 1–7 day window from NOW): 15 slots a day,
# 08:30–11:30 and 13:00–16:30 (content/data/booking.yml).
HOUSEHOLD_DAYS = ("2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04")
TIMES = tuple(
    f"{h:02d}:{m:02d}" for h in (*range(8, 12), *range(13, 17)) for m in (0, 30) if (h, m) != (8, 0)
)
LANGS = ("zh-TW", "en")


def prefix(lang: str) -> str:
    return "/en" if lang == "en" else ""


@dataclass
class Server:
    url: str

    def api(
        self, method: str, path: str, body: Any = None, *, staff: bool = False
    ) -> tuple[int, Any]:
        """A JSON call to the backend (bounded by a timeout)."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data else {}
        if staff:
            headers["Authorization"] = f"Bearer {STAFF_TOKEN}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def remaining(self, service: str, slot: str) -> int:
        status, slots = self.api("GET", f"/api/slots?service={service}&date={slot[:10]}")
        assert status == 200
        return next(s["remaining"] for s in slots if s["start"] == slot)


class Allocator:
    """Hands out distinct household slots and phone numbers, so tests never collide."""

    def __init__(self) -> None:
        self._slots = itertools.product(HOUSEHOLD_DAYS, TIMES)
        self._phones = itertools.count(1)
        self._lock = threading.Lock()

    def slot(self) -> str:
        with self._lock:
            day, time = next(self._slots)
        return f"{day}T{time}"

    def phone(self) -> str:
        with self._lock:
            n = next(self._phones)
        return f"0912-{n // 1000:03d}-{n % 1000:03d}"


@pytest.fixture(scope="session")
def e2e_site(request: pytest.FixtureRequest) -> Path:
    """The built site (E2E_SITE_DIR may point at another build while developing)."""
    override = os.environ.get("E2E_SITE_DIR")
    return Path(override) if override else request.getfixturevalue("site_dir")


@pytest.fixture(scope="session")
def server(e2e_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    instance = tmp_path_factory.mktemp("forms-instance")
    settings = Settings(
        instance_path=instance,
        sqlite_path=instance / "forms.sqlite3",
        rate_limit=0,  # the fixed clock would put every request in one minute
        secret_key="e2e-secret",
    )
    backend = with_staff(create_app(settings, now=lambda: NOW))
    with running(make_app(e2e_site, backend), threads=8) as url:
        yield Server(url)


@contextlib.contextmanager
def running(app: Any, threads: int) -> Iterator[str]:
    """The app served by waitress on 127.0.0.1 (a free port) for the block; its base URL."""
    wsgi = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{wsgi.effective_port}"
    finally:
        _stop(wsgi)
        thread.join(timeout=10)


def _stop(wsgi: waitress.server.BaseWSGIServer) -> None:
    def close_all() -> None:
        for channel in list(wsgi._map.values()):
            channel.close()

    wsgi.trigger.pull_trigger(close_all)
    wsgi.task_dispatcher.shutdown()


@pytest.fixture(scope="session")
def allocate() -> Allocator:
    return Allocator()


@pytest.fixture
def context(browser):
    """A fresh browser context per test (JavaScript on)."""
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def nojs_context(browser):
    ctx = browser.new_context(java_script_enabled=False)
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8") + "\n;undefined"


def run_axe(page: Any) -> list[str]:
    """WCAG 2.1 A/AA violations on the page as it is now, one line per violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the site's Content-Security-Policy (no inline
        # scripts) stays on, so the pages are checked as visitors get them.
        page.evaluate(_axe_source())
    # Colours are measured as shown: let transitions (Material's back-to-top button) finish.
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000
    )
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
