"""The counter's day list on paper: a day with 40 bookings printed by headless Chromium on A4
portrait (page.pdf, the browser's own print path), with no column cut off at the page edge.

Its own server and SQLite file (the console's cookie cannot be Secure over http, see
test_staff_console.py), with 40 bookings made through the API on Friday 2026-11-27 for
Monday 2026-11-30, when the clock then stands at 16:45 (every "mark as missed" button shown).
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import waitress
from pypdf import PdfReader

from forms_lambda.app import create_app
from forms_lambda.domain.rules import TAIPEI
from forms_lambda.settings import Settings
from scripts.server.app import make_app
from tests.backend.conftest import with_staff
from tests.e2e.conftest import NOW, TIMES, _stop
from tests.e2e.test_staff_console import Console, MovableClock, _book, signed_in_page

pytestmark = pytest.mark.browser

DAY = "2026-11-30"
A4_POINTS = (595.3, 841.9)  # 210 x 297 mm
PRINTABLE_PX = round((210 - 2 * 12) / 25.4 * 96)  # A4 less admin.css's 12 mm margins: 703 px
NAMES = ("王小明", "歐陽娜娜", "Sakinu Ahronglong", "Anne-Marie O'Brien", "瓦歷斯·諾幹")


@pytest.fixture(scope="module")
def busy_day(e2e_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    instance = tmp_path_factory.mktemp("print-instance")
    clock = MovableClock(NOW)
    settings = Settings(
        instance_path=instance,
        rate_limit=0,
        admin_cookie_secure=False,
        secret_key="e2e-print-secret",
    )
    wsgi = waitress.create_server(
        make_app(e2e_site, with_staff(create_app(settings, now=clock))),
        host="127.0.0.1",
        port=0,
        threads=2,
    )
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    try:
        server = Console(f"http://127.0.0.1:{wsgi.effective_port}")
        slots = [time for time in TIMES for _place in range(3)][:40]  # 3 places a slot
        server.bookings = [
            _book(server, time, f"0912-{n:03d}-{n * 7 % 1000:03d}", NAMES[n % len(NAMES)])
            for n, time in enumerate(slots)
        ]
        clock.moment = datetime(2026, 11, 30, 16, 45, tzinfo=TAIPEI)
        yield server
    finally:
        _stop(wsgi)
        thread.join(timeout=10)


def test_a_day_of_40_bookings_prints_on_a4_portrait_with_every_column(
    context, busy_day: Console
) -> None:
    page = signed_in_page(context, busy_day)
    page.goto(f"{busy_day.admin}/day?date={DAY}")
    assert page.locator("table.day-list tbody tr").count() == 40
    # Laid out as on paper: print styles at the width A4 leaves inside the margins.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINTABLE_PX, "height": 1000})
    overflow = page.evaluate(
        """(width) => [...document.querySelectorAll('table.day-list th, table.day-list td')]
            .filter(cell => getComputedStyle(cell).display !== 'none')
            .filter(cell => cell.getBoundingClientRect().right > width + 0.5)
            .map(cell => cell.textContent.trim())""",
        PRINTABLE_PX,
    )
    assert overflow == [], "cells past the right edge of the printed page"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PRINTABLE_PX
    # The browser's own print to PDF, as the print button does it.
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    assert 1 < len(pdf.pages) <= 3
    text = ""
    for sheet in pdf.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (width, height) == pytest.approx(A4_POINTS, abs=1), "A4 portrait"
        # NFKC: the PDF's text map gives some characters as their Kangxi radicals (⼀ for 一).
        page_text = unicodedata.normalize("NFKC", sheet.extract_text())
        assert "預約編號" in page_text and "狀態" in page_text, "the header on every page"
        text += page_text + "\n"
    for booking in busy_day.bookings:
        assert booking["reference"] in text
    # Each row's phone and status (the last printed column) whole, side by side; no buttons.
    assert len(re.findall(r"0912-\d{3}-\d{3} 網路 已預約\n", text)) == 40
    assert "標記未到" not in text
