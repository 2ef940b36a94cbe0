"""The live queue (線上叫號) in headless Chromium: a clerk presses "next" at the counter and a
citizen's open page shows the new number within one refresh, read out politely and without
anything on the page moving; polling stops while the page is hidden; the board without
JavaScript; axe on the citizens' pages.

Its own server, as make serve runs it (the site and the backend on one origin, with the shared
cache that stands in for CloudFront), on Friday 2026-11-27 10:00: inside calling hours.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from forms_lambda.api.queue_html import REFRESH_SECONDS
from forms_lambda.app import create_app
from forms_lambda.settings import Settings
from scripts.server.app import make_app
from tests.backend.conftest import STAFF_SECRET, with_staff
from tests.conftest import visit
from tests.e2e.conftest import NOW, Server, run_axe, running

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
# Only the board's own shifts count here: Material's header settles once at 360 px on every page.
BOARD_SHIFTS = "() => window.__shifts.filter(s => s.board)"
# Every layout shift the page makes, as Chromium measures them (Cumulative Layout Shift).
SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    const board = entry.sources.some(s => s.node && s.node.closest && s.node.closest(".hro-queue"));
    window.__shifts.push({value: entry.value, board: board});
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture(scope="module")
def office(e2e_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    instance = tmp_path_factory.mktemp("queue-instance")
    settings = Settings(
        instance_path=instance,
        sqlite_path=instance / "forms.sqlite3",
        rate_limit=0,
        admin_cookie_secure=False,  # plain http on 127.0.0.1 (see test_staff_console.py)
        secret_key="e2e-queue-secret",
    )
    app = make_app(e2e_site, with_staff(create_app(settings, now=lambda: NOW)))
    with running(app, threads=4) as url:
        yield Server(url)


def number_of(page: Any, counter: str) -> str:
    return page.inner_text(f'tr[data-counter="{counter}"] [data-q="number"]')


def test_a_clerk_s_next_number_reaches_an_open_page_within_one_refresh(
    browser, office: Server
) -> None:
    citizen = browser.new_context(viewport=PHONE)
    clerk = browser.new_context()
    citizen.set_default_timeout(10_000)
    clerk.set_default_timeout(10_000)
    counter_1 = '() => document.querySelector(\'tr[data-counter="1"] [data-q="number"]\')'
    try:
        citizen.add_init_script(SHIFTS)
        board = citizen.new_page()
        visit(board, office.url + "/queue/")
        board.wait_for_function(
            "() => document.querySelector('[data-q=\"state\"]').textContent.includes('叫號')"
        )
        assert number_of(board, "1") == "—"
        assert "1 號櫃台" in board.inner_text(".hro-queue")
        assert run_axe(board) == []

        desk = clerk.new_page()
        visit(desk, office.url + "/api/admin/sign-in")
        desk.fill("#login", "clerk")
        desk.fill("#secret", STAFF_SECRET)
        desk.click("button[type=submit]:not(.secondary)")
        desk.wait_for_url(office.url + "/api/admin/day")
        desk.click("nav >> text=叫號")
        desk.click("text=1 號櫃台")
        desk.click("button[name=next]")
        pressed = time.monotonic()
        assert desk.inner_text(".queue-now-number") == "1"
        assert "已叫 1 號" in desk.inner_text("[role=status]")

        # The page's next poll (15 s apart) asks for a copy at most 10 s old: it has the number.
        limit = REFRESH_SECONDS + 5  # plus room for a slow machine
        board.wait_for_function(f"{counter_1}.textContent === '1'", timeout=limit * 1000)
        assert time.monotonic() - pressed <= limit
        assert board.inner_text('[data-q="announce"]') == "1 號櫃台：1 號"
        assert board.get_attribute('[data-q="announce"]', "aria-live") == "polite"
        assert board.inner_text('[data-q="state"]') == "叫號中。"
        assert board.inner_text('[data-q="updated"]').startswith("最後更新：10:00")

        home = citizen.new_page()  # the home page's compact panel, in English
        visit(home, office.url + "/en/")
        home.wait_for_function(f"{counter_1}.textContent === '1'", timeout=limit * 1000)
        assert home.inner_text('.hro-queue [data-q="state"]') == "Calling numbers now."
        for page in (board, home):
            assert page.evaluate(BOARD_SHIFTS) == [], page.url
        assert run_axe(board) == [] and run_axe(home) == []
    finally:
        citizen.close()
        clerk.close()


def test_the_board_polls_only_while_the_page_is_visible(browser, office: Server) -> None:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.clock.install()
        polls: list[str] = []
        page.on("request", lambda r: polls.append(r.url) if r.url.endswith("/api/queue") else None)
        visit(page, office.url + "/queue/")
        page.wait_for_function("() => document.querySelector('[data-q=\"updated\"]')")
        page.wait_for_timeout(300)
        assert len(polls) == 1  # on load
        for expected in (2, 3):
            page.clock.run_for(REFRESH_SECONDS * 1000)
            page.wait_for_timeout(300)
            assert len(polls) == expected
        page.evaluate(
            "() => { Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
            " document.dispatchEvent(new Event('visibilitychange')); }"
        )
        page.clock.run_for(REFRESH_SECONDS * 4 * 1000)
        page.wait_for_timeout(300)
        assert len(polls) == 3  # nothing while hidden
        page.evaluate(
            "() => { Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
            " document.dispatchEvent(new Event('visibilitychange')); }"
        )
        page.wait_for_timeout(300)
        assert len(polls) == 4  # at once when shown again
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_without_javascript_the_board_is_a_plain_page_refreshed_by_reloading(
    browser, office: Server, lang: str
) -> None:
    status, _ = office.api(
        "POST",
        "/api/admin/queue/feed",
        {
            "counters": [{"counter": "3", "number": 42}],
            "waiting": [{"service": "id-card", "count": 0}],
        },
        staff=True,
    )
    assert status == 200
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(office.url + ("/en" if lang == "en" else "") + "/queue/")
        link = page.locator(".hro-queue noscript a, .hro-queue__nojs a").first
        link.click()
        expected = "/api/pages/en/queue/" if lang == "en" else "/api/pages/queue/"
        assert page.url == office.url + expected
        assert number_of(page, "3") == "42"
        assert page.locator("script").count() == 0
        page.click(".hro-queue__reload")
        assert page.url == office.url + expected and number_of(page, "3") == "42"
        waiting = page.inner_text('tr[data-service="id-card"] [data-q="estimate"]')
        assert waiting == ("無人等候" if lang == "zh-TW" else "no wait")
        # axe, the Nu Html Checker and a 360 px phone: test_accessibility.py's backend pages.
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/queue/", "/en/queue/", "/", "/en/"])
def test_every_state_fits_the_room_the_board_keeps_for_it(browser, office: Server, path) -> None:
    """At 360 px each state message fits the lines reserved for it, so no change of state moves
    the tables below (the e2e test above sees one change; this tries them all)."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        visit(page, office.url + path)
        page.wait_for_function("() => document.querySelector('[data-q=\"state\"]').textContent")
        too_tall = page.evaluate(
            """() => {
              const board = document.querySelector('.hro-queue');
              const words = JSON.parse(board.dataset.words);
              const state = board.querySelector('[data-q="state"]');
              const room = parseFloat(getComputedStyle(state).minHeight);
              const day = words.weekdays.split(' ')[3] || '三';
              const when = words.when.replace('{m}', '12').replace('{d}', '31')
                .replace('{date}', '2026-12-31').replace('{wd}', day).replace('{hm}', '17:00');
              const texts = [words.loading, words.open, words.no_data, words.failed, words.closed,
                             words.closed_next.replace('{when}', when)];
              return texts.filter(t => {
                state.textContent = t;
                return state.offsetHeight > room;
              });
            }"""
        )
        assert too_tall == []
    finally:
        context.close()


def test_a_failed_poll_says_so_shows_no_stale_numbers_and_tries_again(
    browser, office: Server
) -> None:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    try:
        status, _ = office.api(
            "POST",
            "/api/admin/queue/feed",
            {"counters": [{"counter": "2", "number": 7}]},
            staff=True,
        )
        assert status == 200
        page = context.new_page()
        page.clock.install()
        visit(page, office.url + "/en/queue/")
        deadline = time.monotonic() + 15  # the shared cache may hold an older copy for 10 s
        while number_of(page, "2") != "7" and time.monotonic() < deadline:
            page.wait_for_timeout(1000)
            page.clock.run_for(REFRESH_SECONDS * 1000)
        assert number_of(page, "2") == "7"
        page.route("**/api/queue", lambda route: route.fulfill(status=503, body="busy"))
        page.clock.run_for(REFRESH_SECONDS * 1000)
        page.wait_for_selector('[data-q="state"]:has-text("Could not load the queue")')
        assert number_of(page, "2") == "—"
        assert page.inner_text('tr[data-service="household"] [data-q="waiting"]') == "—"
        page.unroute("**/api/queue")
        page.clock.run_for(REFRESH_SECONDS * 1000)  # the next poll works again
        page.wait_for_selector('[data-q="state"]:has-text("Calling numbers now")')
        assert number_of(page, "2") == "7"
    finally:
        context.close()
