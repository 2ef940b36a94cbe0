"""The counter queue (線上叫號): the estimate, queue.yml, the domain on both stores, the public
read and its no-JavaScript page, the ticket machine's API (and its bad input), the counters'
console buttons, the device role. The clock starts on Friday 2026-11-27 10:00 (conftest), inside
calling hours (content/data/queue.yml: working days 08:00–17:00, Tue and Thu to 20:00).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from forms_lambda.api.queue_html import BOARD_PAGES, board_html, when_text
from forms_lambda.app import create_app
from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.domain.queue import MAX_NUMBER, QueueConflict, QueueDesk
from forms_lambda.domain.queue_config import QueueConfigError, config_from_text
from forms_lambda.domain.queue_estimate import estimate_minutes, monthly_figures, pace_per_minute
from forms_lambda.domain.rules import TAIPEI, load_rules
from forms_lambda.settings import REPO_ROOT
from forms_lambda.store.base import Store
from forms_lambda.web import backend

from .conftest import (
    COUNTER_HEADERS,
    MAILBOX_HEADERS,
    STAFF_HEADERS,
    Clock,
    make_settings,
    with_staff,
)
from .test_admin_console import csrf_of, sign_in, text_of
from .test_staff_operations import _command, as_staff, log_of

QUEUE_FILE = REPO_ROOT / "content/data/queue.yml"
CALENDAR = load_rules(REPO_ROOT / "content/data/booking.yml").calendar
T0 = 1_790_000_000  # any moment; the estimate works in epoch seconds


# --- the estimate ---------------------------------------------------------------------------
def test_pace_is_the_last_hour_s_calls_per_minute() -> None:
    calls = [T0 - 3600 - 60, *(T0 - 300 * n for n in range(12))]  # one older than the hour
    assert pace_per_minute(calls, T0, first_call=T0 - 5 * 3600) == pytest.approx(12 / 60)


def test_pace_counts_from_the_first_call_when_calling_began_less_than_an_hour_ago() -> None:
    calls = [T0 - 1200, T0 - 900, T0 - 600, T0 - 300]
    assert pace_per_minute(calls, T0, first_call=T0 - 1200) == pytest.approx(4 / 20)


@pytest.mark.parametrize(
    ("calls", "first"),
    [
        ([], 0),  # nothing called today
        ([T0 - 300, T0 - 200, T0 - 100], T0 - 300),  # only five minutes of calling
        ([T0 - 1800, T0 - 60], T0 - 1800),  # two numbers are too few
    ],
)
def test_too_little_to_go_on_gives_no_pace(calls: list[int], first: int) -> None:
    assert pace_per_minute(calls, T0, first) is None


@pytest.mark.parametrize(
    ("waiting", "pace", "minutes"),
    [
        (6, 0.2, 30),  # 12 an hour, 6 waiting: the page's own example
        (7, 0.2, 35),
        (7, 0.25, 30),  # 28 minutes, rounded up to 5
        (1, 2.0, 5),  # never "0 minutes" for someone waiting
        (0, 0.2, 0),  # nobody waits
        (0, None, 0),
        (5, None, None),  # no pace: no guess
        (None, 0.5, None),  # no waiting count
    ],
)
def test_estimate_is_waiting_over_pace_rounded_up_to_five(
    waiting: int | None, pace: float | None, minutes: int | None
) -> None:
    assert estimate_minutes(waiting, pace) == minutes


def test_monthly_average_wait_is_person_minutes_over_people_called_while_counted() -> None:
    days = [
        {"09": {"household": {"called": 10, "missed": 1, "observed": 10, "waiting_minutes": 200}}},
        {
            "10": {"household": {"called": 5, "missed": 0, "observed": 0, "waiting_minutes": 0}},
            "11": {
                "household": {"called": 10, "missed": 2, "observed": 10, "waiting_minutes": 100}
            },
        },
    ]
    assert monthly_figures(days, "household") == {
        "called": 25,
        "missed": 3,
        "average_wait_minutes": 15.0,
    }
    assert monthly_figures(days, "id-card")["average_wait_minutes"] is None


# --- queue.yml ------------------------------------------------------------------------------
GOOD = QUEUE_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("services: [household]", "services: [houshold]"), 42, "houshold"),
        (('start: "08:00", end: "17:00"', 'start: "8 am", end: "17:00"'), 17, "HH:MM"),
        (("days: [tue, thu]", "days: [tue, thursday]"), 18, "thursday"),
        (('  - id: "2"', '  - id: "1"'), 43, "used twice"),
        (("keep_days: 1", "keep_days: 100"), 27, "0 to 31"),
        (("stale_after_minutes: 15", "stale_minutes: 15"), 22, "stale_minutes"),
        (("name: {zh-TW: 3 號櫃台, en: Counter 3}", "name: {zh-TW: 3 號櫃台}"), 47, "`en`"),
        (("    services: [booked]", "    services: [household]"), 30, "booked"),
    ],
)
def test_mistakes_in_queue_yml_name_their_line(
    change: tuple[str, str], line: int, words: str
) -> None:
    assert change[0] in GOOD
    with pytest.raises(QueueConfigError) as raised:
        config_from_text(GOOD.replace(change[0], change[1], 1))
    assert raised.value.line == line, raised.value
    assert words in raised.value.message
    assert " / " in raised.value.message  # Chinese, then English


def test_queue_yml_syntax_errors_and_empty_files_are_reported() -> None:
    with pytest.raises(QueueConfigError) as raised:
        config_from_text(GOOD.replace("keep_days: 1", "keep_days: [1"))
    assert raised.value.line and "YAML" in raised.value.message
    with pytest.raises(QueueConfigError):
        config_from_text("")


def test_calling_hours_follow_the_government_calendar() -> None:
    config = config_from_text(GOOD)
    friday = datetime(2026, 11, 27, 16, 59, tzinfo=TAIPEI)
    assert config.is_open(friday, CALENDAR)
    assert not config.is_open(friday.replace(hour=17, minute=0), CALENDAR)
    assert config.is_open(datetime(2026, 12, 1, 19, 30, tzinfo=TAIPEI), CALENDAR)  # Tuesday
    assert config.next_opening(friday.replace(hour=18), CALENDAR) == datetime(
        2026, 11, 30, 8, 0, tzinfo=TAIPEI
    )
    holiday = next(iter(sorted(d for d in CALENDAR.closed_days if d.weekday() < 5)))
    assert config.periods_on(holiday, CALENDAR) == []
    saturday = date(2026, 12, 5)
    assert config.periods_on(saturday, CALENDAR) == []
    makeup = GovernmentCalendar.of([], [saturday])  # 補班: a working Saturday
    assert [(s.hour, e.hour) for s, e in config.periods_on(saturday, makeup)] == [(8, 17)]


# --- the domain (the store's part is in test_store.py, on both stores) -----------------------
@pytest.fixture
def sqlite_store(tmp_path: Path) -> Store:
    from forms_lambda.store.sqlite import SqliteStore

    return SqliteStore(tmp_path / "queue.sqlite3")


@pytest.fixture
def desk(sqlite_store: Store, clock: Clock) -> QueueDesk:
    return QueueDesk(config_from_text(GOOD), CALENDAR, sqlite_store, clock)


@pytest.fixture
def any_desk(store: Store, clock: Clock) -> QueueDesk:
    """The desk on each store in turn."""
    return QueueDesk(config_from_text(GOOD), CALENDAR, store, clock)


def later(clock: Clock, **delta: float) -> None:
    clock.moment = clock.moment + timedelta(**delta)


def test_counters_sharing_a_service_take_its_numbers_in_turn(any_desk: QueueDesk) -> None:
    desk = any_desk
    assert desk.call("1", "next").number == 1
    assert desk.call("2", "next").number == 2
    assert desk.call("1", "next").number == 3
    assert desk.call("3", "next").number == 1  # another service, its own numbers
    shown = {c["id"]: c["number"] for c in desk.board()["counters"]}
    assert shown == {"1": 3, "2": 2, "3": 1, "4": None, "5": None, "6": None}


def test_a_double_tap_calls_one_number(desk: QueueDesk) -> None:
    first = desk.call("1", "next", seen=0)
    again = desk.call("1", "next", seen=0)  # the same page, pressed twice
    assert (first.number, first.changed) == (1, True)
    assert (again.number, again.changed) == (1, False)
    assert desk.board()["services"][0]["last"] == 1


def test_recall_and_skip(desk: QueueDesk, sqlite_store: Store) -> None:
    store = sqlite_store
    with pytest.raises(Refused, match="queue_nothing_called"):
        desk.call("1", "recall")
    desk.call("1", "next")
    recalled = desk.call("1", "recall", seen=1)
    assert (recalled.number, recalled.changed) == (1, True)
    skipped = desk.call("1", "skip", seen=1)
    assert skipped.number == 2
    board = desk.board()
    household = next(s for s in board["services"] if s["id"] == "household")
    assert household["missed"] == [1]
    assert household["called_last_hour"] == 2  # a recall is not a new call
    day = store.get_queue_day("2026-11-27")
    assert day is not None
    assert day.hours["10"]["household"]["called"] == 2
    assert day.hours["10"]["household"]["missed"] == 1


def test_a_counter_with_several_services_is_told_which(desk: QueueDesk) -> None:
    with pytest.raises(InvalidInput) as raised:
        desk.call("5", "next")
    assert raised.value.fields == {"service": "queue_service_not_at_counter"}
    with pytest.raises(InvalidInput):
        desk.call("5", "next", service="id-card")  # counter 5 does not call it
    assert desk.call("5", "next", service="certificates").service == "certificates"
    with pytest.raises(NotFound):
        desk.call("99", "next")


def test_device_reports_move_counters_and_set_waiting_counts(desk: QueueDesk) -> None:
    fed = desk.feed(
        {
            "counters": [{"counter": "1", "number": 101}, {"counter": 3, "number": 7}],
            "waiting": [{"service": "household", "count": 6}],
        }
    )
    assert fed.moved == ["1", "3"]
    assert desk.feed({"counters": [{"counter": "1", "number": 101}]}).moved == []  # repeated
    board = desk.board()
    assert {c["id"]: c["number"] for c in board["counters"]}["1"] == 101
    household = next(s for s in board["services"] if s["id"] == "household")
    assert household["waiting"] == 6 and household["called_last_hour"] == 1
    assert desk.call("2", "next").number == 102  # the console goes on from the machine's number


def snapshot(store: Store) -> dict | None:
    day = store.get_queue_day("2026-11-27")
    return day.to_item() if day else None


@pytest.mark.parametrize(
    ("report", "fields"),
    [
        ({"counters": [{"counter": "9", "number": 5}]}, {"counters[0].counter"}),
        ({"counters": [{"counter": "1", "number": 10_000}]}, {"counters[0].number"}),
        ({"counters": [{"counter": "1", "number": 10**30}]}, {"counters[0].number"}),
        ({"counters": [{"counter": "1", "number": 0}]}, {"counters[0].number"}),
        ({"counters": [{"counter": "1", "number": "12"}]}, {"counters[0].number"}),
        ({"counters": [{"counter": "1", "number": True}]}, {"counters[0].number"}),
        ({"counters": [{"counter": "1", "number": 1.5}]}, {"counters[0].number"}),
        ({"counters": [{"counter": "5", "number": 5}]}, {"counters[0].service"}),
        (
            {"counters": [{"counter": "1", "number": 5}, {"counter": "1", "number": 6}]},
            {"counters[1].counter"},
        ),
        ({"waiting": [{"service": "passports", "count": 1}]}, {"waiting[0].service"}),
        ({"waiting": [{"service": "household", "count": -1}]}, {"waiting[0].count"}),
        ({"waiting": [{"service": "household", "count": 100_000}]}, {"waiting[0].count"}),
        ({"counters": "1=5"}, {"counters"}),
        ({"counters": ["1"]}, {"counters[0]"}),
        ({"counters": [{"counter": str(n), "number": 1} for n in range(60)]}, {"counters"}),
        ({}, {"counters"}),
        (
            {
                "counters": [{"counter": "1", "number": 50}, {"counter": "x", "number": 1}],
                "waiting": [{"service": "household", "count": 3}],
            },
            {"counters[1].counter"},  # one bad item: none of the report is applied
        ),
    ],
)
def test_bad_device_reports_change_nothing(
    desk: QueueDesk, sqlite_store: Store, report: dict, fields: set[str]
) -> None:
    store = sqlite_store
    desk.feed({"counters": [{"counter": "1", "number": 40}]})
    before = snapshot(store)
    with pytest.raises(InvalidInput) as raised:
        desk.feed(report)
    assert set(raised.value.fields) == fields
    assert snapshot(store) == before


def test_numbers_going_backwards_are_refused_and_change_nothing(
    any_desk: QueueDesk, store: Store
) -> None:
    desk = any_desk
    desk.feed({"counters": [{"counter": "1", "number": 40}, {"counter": "2", "number": 41}]})
    before = snapshot(store)
    with pytest.raises(QueueConflict) as raised:
        desk.feed(
            {
                "counters": [{"counter": "2", "number": 45}, {"counter": "1", "number": 39}],
                "waiting": [{"service": "household", "count": 2}],
            }
        )
    assert raised.value.fields == {"counters[1].number": "queue_backwards"}
    assert snapshot(store) == before
    # Another service at the same counter has numbers of its own.
    desk.feed({"counters": [{"counter": "5", "number": 90, "service": "household"}]})
    desk.feed({"counters": [{"counter": "5", "number": 3, "service": "certificates"}]})


def test_the_board_is_honest_about_closed_hours_and_a_silent_feed(
    desk: QueueDesk, clock: Clock
) -> None:
    assert desk.board()["state"] == "no_data"  # calling hours, nothing reported yet
    desk.call("1", "next")
    assert desk.board()["state"] == "open"
    later(clock, minutes=16)  # nobody called or reported for longer than 15 minutes
    board = desk.board()
    assert board["state"] == "no_data"
    assert all(c["number"] is None for c in board["counters"])  # no stale numbers shown
    clock.set("2026-11-27T16:58")
    desk.call("1", "next")
    clock.set("2026-11-27T17:10")  # after hours, the last tickets still being called
    assert desk.board()["state"] == "open"
    clock.set("2026-11-27T17:20")
    closed = desk.board()
    assert closed["state"] == "closed"
    assert closed["next_open"] == "2026-11-30T08:00+08:00"
    assert when_text(closed["next_open"], "zh-TW") == "11/30（週一）08:00"
    assert when_text(closed["next_open"], "en") == "Mon 2026-11-30 08:00"


def test_the_estimate_appears_once_the_pace_is_known(desk: QueueDesk, clock: Clock) -> None:
    clock.set("2026-11-27T09:00")
    for _ in range(12):  # one number every five minutes for an hour
        desk.call("1", "next")
        later(clock, minutes=5)
    desk.feed({"waiting": [{"service": "household", "count": 6}]})
    household = next(s for s in desk.board()["services"] if s["id"] == "household")
    assert household["waiting"] == 6
    assert household["called_last_hour"] == 12
    assert household["estimate_minutes"] == 30


def test_hourly_counts_outlive_the_day_and_hold_no_personal_data(
    desk: QueueDesk, sqlite_store: Store, clock: Clock
) -> None:
    store = sqlite_store
    clock.set("2026-11-27T09:50")
    desk.feed({"waiting": [{"service": "household", "count": 4}]})
    later(clock, minutes=10)  # four people wait ten minutes: 40 person-minutes in 09:00–10:00
    desk.feed({"counters": [{"counter": "1", "number": 1}]})
    later(clock, minutes=10)  # ...and 40 more in 10:00–11:00 (4 still waiting until reported)
    desk.feed({"waiting": [{"service": "household", "count": 3}]})
    hours = store.queue_hours("2026-11")["2026-11-27"]
    assert hours["09"]["household"]["waiting_minutes"] == pytest.approx(40)
    assert hours["10"]["household"]["waiting_minutes"] == pytest.approx(40)
    assert hours["10"]["household"]["observed"] == 1
    day = store.get_queue_day("2026-11-27")
    assert day is not None
    assert day.expires_at == int(datetime(2026, 11, 29, tzinfo=TAIPEI).timestamp())  # keep_days 1
    store.purge_expired(day.expires_at)
    assert store.get_queue_day("2026-11-27") is None
    assert store.queue_hours("2026-11") == {"2026-11-27": hours}


def test_concurrent_presses_each_get_their_own_number(desk: QueueDesk) -> None:
    """Two threads press "next" 20 times each on one SQLite file: 40 distinct numbers."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        numbers = list(pool.map(lambda n: desk.call(str(1 + n % 2), "next").number, range(40)))
    assert sorted(numbers) == list(range(1, 41))


def test_numbers_stop_at_the_largest_ticket(desk: QueueDesk) -> None:
    desk.feed({"counters": [{"counter": "1", "number": MAX_NUMBER}]})
    with pytest.raises(Refused, match="queue_number_range"):
        desk.call("2", "next")


# --- the public read ------------------------------------------------------------------------
def test_the_public_read_is_small_shared_cacheable_and_not_rate_limited(
    tmp_path: Path, clock: Clock
) -> None:
    client = with_staff(create_app(make_settings(tmp_path, rate_limit=1), now=clock)).test_client()
    answers = [client.get("/api/queue") for _ in range(5)]  # a limit of 1 a minute is not hit
    assert {a.status_code for a in answers} == {200}
    first = answers[0]
    assert first.headers["Cache-Control"] == "public, max-age=5, s-maxage=10"
    assert "Set-Cookie" not in first.headers
    assert len(first.get_data()) < 2500
    assert (
        client.get("/api/queue", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )
    document = first.get_json()
    assert document["state"] == "no_data"
    assert [c["id"] for c in document["counters"]] == ["1", "2", "3", "4", "5", "6"]


def test_the_no_javascript_page_shows_the_board_in_each_language(client) -> None:
    any_client = client
    assert (
        any_client.post(
            "/api/admin/queue/feed",
            json={
                "counters": [{"counter": "3", "number": 27}],
                "waiting": [{"service": "id-card", "count": 0}],
            },
            headers=STAFF_HEADERS,
        ).status_code
        == 200
    )
    for lang, words in (
        ("zh-TW", ("叫號中", "重新整理", "無人等候")),
        ("en", ("Reload", "no wait")),
    ):
        answer = any_client.get(BOARD_PAGES[lang])
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "public, max-age=5, s-maxage=10"
        html = text_of(answer)
        assert '<html lang="' + ("zh-Hant-TW" if lang == "zh-TW" else "en") + '"' in html
        assert "<script" not in html and "style=" not in html
        assert '<td class="hro-queue__number" data-q="number">27</td>' in html
        assert f'href="{BOARD_PAGES[lang]}"' in html  # refreshed by reloading
        for word in words:
            assert word in html


def test_the_board_markup_is_the_same_blank_or_filled(desk: QueueDesk) -> None:
    """The site renders the board blank and queue.js fills the same cells: the rows and lines
    of the blank board are the filled one's, so nothing moves when the numbers arrive."""
    import re

    from forms_lambda.domain.queue import blank_board

    desk.call("5", "next", service="household")
    filled = board_html(desk.board(), "zh-TW")
    blank = board_html(blank_board(desk.config), "zh-TW")
    tags = re.compile(r"<[a-z]+[^>]*>")
    assert tags.findall(filled) == tags.findall(blank)
    assert filled != blank


# --- the ticket machine's API ---------------------------------------------------------------
def test_a_device_account_gets_a_token_and_feeds_but_never_signs_in(any_client) -> None:
    with any_client.application.app_context():
        issued = backend().staff.add(name="叫號機1", role="device", login="kiosk1")
    token = issued.secret
    assert issued.member.secret_hash == "" and issued.member.api_token_hash
    device = {"Authorization": f"Bearer {token}"}
    fed = any_client.post(
        "/api/admin/queue/feed", json={"counters": [{"counter": "4", "number": 12}]}, headers=device
    )
    assert fed.status_code == 200
    assert {c["id"]: c["number"] for c in fed.get_json()["counters"]}["4"] == 12
    assert ("queue_feed", "kiosk1", "4") in {
        (e.action, e.actor, e.target) for e in log_of(any_client)
    }
    # The token does nothing else...
    assert any_client.get("/api/admin/bookings?date=2026-11-30", headers=device).status_code == 403
    assert any_client.get("/api/admin/queue", headers=device).status_code == 303  # no console
    # ...and the account has no secret to sign in with, nor one to reset.
    from .test_admin_console import start_sign_in

    answer = any_client.post(
        "/api/admin/sign-in",
        data={"csrf_token": start_sign_in(any_client), "login": "kiosk1", "secret": token},
    )
    assert answer.status_code == 401
    with any_client.application.app_context(), pytest.raises(InvalidInput):
        backend().staff.reset("kiosk1")


def test_bad_device_input_gets_clear_bilingual_errors(client) -> None:
    any_client = client
    feed = "/api/admin/queue/feed"
    assert (
        any_client.post(
            feed, json={"counters": [{"counter": "1", "number": 20}]}, headers=STAFF_HEADERS
        ).status_code
        == 200
    )
    before = any_client.get("/api/queue").get_json()

    wrong = any_client.post(feed, json={"counters": []}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"
    assert " / " in wrong.get_json()["message"]
    refused = any_client.post(feed, json={"waiting": []}, headers=MAILBOX_HEADERS)
    assert refused.status_code == 403  # the mailbox desk's token may not feed

    bad = any_client.post(
        feed,
        json={"counters": [{"counter": "7", "number": 99_999_999}]},
        headers=STAFF_HEADERS,
    )
    assert bad.status_code == 422
    fields = bad.get_json()["fields"]
    assert (
        fields["counters[0].counter"].startswith("沒有這個櫃台")
        and "no such counter" in fields["counters[0].counter"]
    )
    assert (
        "1 到 9999" in fields["counters[0].number"] and "1 to 9999" in fields["counters[0].number"]
    )

    backwards = any_client.post(
        feed, json={"counters": [{"counter": "1", "number": 19}]}, headers=STAFF_HEADERS
    )
    assert backwards.status_code == 409
    assert backwards.get_json()["error"] == "queue_backwards"
    assert "nothing was changed" in backwards.get_json()["fields"]["counters[0].number"]

    for body in (b"[1, 2]", b"{not json"):
        answer = any_client.post(
            feed, data=body, content_type="application/json", headers=STAFF_HEADERS
        )
        assert answer.status_code == 400
    answer = any_client.post(feed, data="x", content_type="text/plain", headers=STAFF_HEADERS)
    assert answer.status_code == 415
    assert any_client.get("/api/queue").get_json() == before


# --- the counters' console buttons ----------------------------------------------------------
def press(client, csrf: str, counter: str, **fields: str):
    return client.post(f"/api/admin/queue/counters/{counter}", data={"csrf_token": csrf, **fields})


def test_a_clerk_calls_recalls_and_skips_on_the_counter_page(client) -> None:
    csrf = sign_in(client, "clerk")
    menu = text_of(client.get("/api/admin/queue"))
    assert "/api/admin/queue/counters/1" in menu and "叫號" in menu
    page = text_of(client.get("/api/admin/queue/counters/1"))
    assert 'name="next" value="household"' in page and "今天還沒叫號" in page
    assert 'name="recall"' not in page  # nothing to call again yet

    done = press(client, csrf, "1", next="household", seen="0")
    assert done.status_code == 303
    shown = text_of(client.get(done.headers["Location"]))
    assert "已叫 1 號（戶籍登記）" in shown and 'class="queue-now-number">1<' in shown
    twice = press(client, csrf, "1", next="household", seen="0")  # the same page pressed again
    assert "unchanged" in twice.headers["Location"]
    assert "沒有重複叫號" in text_of(client.get(twice.headers["Location"]))

    assert "recall" in press(client, csrf, "1", recall="1", seen="1").headers["Location"]
    skipped = press(client, csrf, "1", skip="1", seen="1")
    assert "1 號已記為過號，已叫 2 號" in text_of(client.get(skipped.headers["Location"]))
    assert {c["id"]: c["number"] for c in client.get("/api/queue").get_json()["counters"]}["1"] == 2
    actions = [(e.action, e.target) for e in log_of(client) if e.action.startswith("queue_")]
    assert actions == [("queue_next", "1"), ("queue_recall", "1"), ("queue_skip", "1")]

    problem = press(client, csrf, "5", next="id-card", seen="0")  # not a service of counter 5
    assert problem.status_code == 409 and "不叫這項服務" in text_of(problem)
    assert client.get("/api/admin/queue/counters/nope").status_code == 404
    assert press(client, "wrong", "1", next="household").status_code == 403  # CSRF
    assert {c["id"]: c["number"] for c in client.get("/api/queue").get_json()["counters"]}["1"] == 2


def test_the_counter_page_works_in_english_and_the_mailbox_desk_may_not_call(client) -> None:
    sign_in(client, "clerk")
    page = text_of(client.get("/api/admin/queue/counters/5?lang=en"))
    assert "Next number" in page and "Household registration" in page and "Counter 5" in page
    as_staff(client, "mail")
    assert client.get("/api/admin/queue").status_code == 403
    assert ("denied", "mail") in {(e.action, e.actor) for e in log_of(client)}


def test_the_console_menu_offers_the_queue_to_counter_staff(client) -> None:
    sign_in(client, "clerk")
    assert "/api/admin/queue" in text_of(client.get("/api/admin/day"))
    csrf_of(text_of(client.get("/api/admin/queue")))  # every console page carries its token


def test_the_queue_page_needs_the_counter_s_permission_through_the_api_too(client) -> None:
    answer = client.post(
        "/api/admin/queue/feed",
        json={"counters": [{"counter": "1", "number": 1}]},
        headers=COUNTER_HEADERS,
    )
    assert answer.status_code == 403  # the counter clerk calls from the console, not as a device


def test_the_staff_command_makes_a_device_with_a_token_and_no_secret(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    code, out, _ = _command(
        monkeypatch, tmp_path, "add", "--name", "叫號機1", "--role", "device", capsys=capsys
    )
    assert code == 0 and "device01" in out and "API 權杖 token" in out and "密碼" not in out
    token = out.rsplit(": ", 1)[1].strip()
    code, _out, err = _command(monkeypatch, tmp_path, "reset", "device01", capsys=capsys)
    assert code == 2 and "never signs in" in err
    code, out, _ = _command(monkeypatch, tmp_path, "token", "device01", capsys=capsys)
    assert code == 0 and token not in out  # a new token replaces the old one
    code, out, _ = _command(monkeypatch, tmp_path, "list", capsys=capsys)
    assert "叫號機（設備） device" in out and "API token" in out


def test_the_monthly_figures_command(monkeypatch, tmp_path: Path, capsys) -> None:
    from forms_lambda import queue_stats

    monkeypatch.setenv("FORMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FORMS_SECRET_KEY", "stats-test")
    app = create_app()
    with app.app_context():
        store = backend().store
        from forms_lambda.domain.records import QueueDay

        tally = {"called": 10, "missed": 1, "observed": 8, "waiting_minutes": 96.0}
        store.save_queue_day(QueueDay(day="2026-11-27", hours={"09": {"household": tally}}))
    assert queue_stats.main(["2026-11"]) == 0
    out = capsys.readouterr().out
    assert "household: 叫號 called 10, 過號 missed 1, 平均等候 average wait 12.0 分鐘 min" in out
    assert queue_stats.main(["2026-11", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "2026-11-27,09,household,10,1,8,96.0"
    assert queue_stats.main(["2026-13"]) == 2
