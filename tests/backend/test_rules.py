"""Booking rules from content/data/booking.yml: window, cut-off, calendar, Saturdays, holidays."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from forms_lambda.domain.calendar import GovernmentCalendar
from forms_lambda.domain.rules import TAIPEI, RulesError, load_rules, rules_from_mapping
from forms_lambda.settings import REPO_ROOT

RULES = load_rules(REPO_ROOT / "content/data/booking.yml")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


def test_the_real_rules_file_loads_with_the_national_defaults() -> None:
    assert RULES.window.min_days_ahead == 1 and RULES.window.max_days_ahead == 7
    assert RULES.window.cutoff.strftime("%H:%M") == "15:00"
    assert RULES.holiday_window.min_days_ahead == 3 and RULES.holiday_window.max_days_ahead == 30
    assert RULES.one_per_person_per_day and RULES.no_show_limit == 3
    assert 180 <= RULES.no_show_block_days <= 184
    saturday = {s.id for s in RULES.services.values() if s.saturday_morning}
    assert saturday == {"marriage", "id-card-reissue", "name-change", "seal"}
    for service in RULES.services.values():
        assert service.name["zh-TW"] and service.name["en"] and service.capacity >= 1


def test_calendar_covers_2026_and_2027_on_weekdays_only() -> None:
    closed = RULES.calendar.closed_days
    assert {d.year for d in closed} == {2026, 2027}
    assert all(d.weekday() < 5 for d in closed), "closed days listed are weekdays"
    assert date(2026, 2, 17) in closed and date(2026, 10, 9) in closed  # 春節, 國慶 moved
    assert all(d.weekday() >= 5 for d in RULES.calendar.makeup_working_days)


def test_cutoff_is_15_00_the_day_before() -> None:
    household = RULES.services["household"]
    monday = date(2026, 11, 30)
    assert RULES.check_slot(household, at("2026-11-30T09:00"), at("2026-11-29T14:59")) is None
    assert (
        RULES.check_slot(household, at("2026-11-30T09:00"), at("2026-11-29T15:00"))
        == "slot_outside_window"
    )
    assert RULES.day_open_for_booking(household, monday, at("2026-11-27T10:00"))


def test_window_is_one_to_seven_days() -> None:
    household = RULES.services["household"]
    now = at("2026-11-27T10:00")
    assert RULES.check_slot(household, at("2026-11-27T16:00"), now) == "slot_outside_window"
    assert RULES.check_slot(household, at("2026-12-04T09:00"), now) is None  # day 7
    assert RULES.check_slot(household, at("2026-12-07T09:00"), now) == "slot_outside_window"
    assert RULES.check_slot(household, at("2026-11-27T09:00"), now) == "slot_past"


def test_slots_follow_hours_and_slot_length() -> None:
    household = RULES.services["household"]
    starts = [s.strftime("%H:%M") for s in RULES.slot_starts(household, date(2026, 11, 30))]
    assert starts[0] == "08:30" and starts[-1] == "16:30"
    assert "12:00" not in starts and "12:30" not in starts and "13:00" in starts
    assert (
        RULES.check_slot(household, at("2026-11-30T09:10"), at("2026-11-27T10:00"))
        == "slot_not_offered"
    )


def test_closed_days_and_weekends_have_no_weekday_slots() -> None:
    household = RULES.services["household"]
    assert RULES.slot_starts(household, date(2026, 12, 25)) == []  # 行憲紀念日
    assert RULES.slot_starts(household, date(2026, 11, 28)) == []  # Saturday
    assert (
        RULES.check_slot(household, at("2026-12-25T09:00"), at("2026-12-21T10:00"))
        == "slot_closed_day"
    )


def test_saturday_morning_only_for_in_person_services() -> None:
    saturday = date(2026, 11, 28)
    marriage = RULES.slot_starts(RULES.services["marriage"], saturday)
    assert marriage and marriage[0].strftime("%H:%M") == "08:00"
    assert marriage[-1].strftime("%H:%M") == "11:30"
    assert RULES.slot_starts(RULES.services["household"], saturday) == []
    assert RULES.slot_starts(RULES.services["home-visit"], saturday) == []


def test_holiday_marriage_needs_three_working_days_and_at_most_thirty() -> None:
    holiday = RULES.services["holiday-marriage"]
    # 2026-12-12 (Saturday): three working days before is Wednesday 12-09, 15:00.
    assert RULES.booking_deadline(holiday, date(2026, 12, 12)) == at("2026-12-09T15:00")
    assert RULES.check_slot(holiday, at("2026-12-12T09:00"), at("2026-12-09T14:59")) is None
    assert (
        RULES.check_slot(holiday, at("2026-12-12T09:00"), at("2026-12-09T15:00"))
        == "slot_outside_window"
    )
    # 2027-01-09 is 43 days after 2026-11-27: too early
    assert (
        RULES.check_slot(holiday, at("2027-01-09T09:00"), at("2026-11-27T10:00"))
        == "slot_outside_window"
    )
    # on an ordinary Saturday there is no holiday marriage service
    assert RULES.slot_starts(holiday, date(2026, 12, 5)) == []
    assert [d.isoformat() for d in RULES.bookable_dates(holiday, at("2026-11-27T10:00"))] == [
        "2026-12-12",
        "2026-12-26",
    ]


def test_make_up_working_day_counts_as_working_day() -> None:
    raw = {
        "booking_window": {"min_days_ahead": 1, "max_days_ahead": 7, "cutoff_time": "15:00"},
        "holiday_marriage_window": {
            "min_working_days_ahead": 3,
            "max_days_ahead": 30,
            "cutoff_time": "15:00",
        },
        "services": [
            {
                "id": "x",
                "name": {"zh-TW": "甲", "en": "X"},
                "weekdays": ["mon"],
                "hours": [{"start": "09:00", "end": "10:00"}],
                "slot_minutes": 30,
                "capacity": 1,
                "bring": {"zh-TW": "無", "en": "Nothing"},
            }
        ],
        "makeup_working_days": ["2026-12-05"],
    }
    rules = rules_from_mapping(raw)
    assert len(rules.slot_starts(rules.services["x"], date(2026, 12, 5))) == 2


def test_working_day_arithmetic_skips_holidays() -> None:
    calendar = GovernmentCalendar.of([date(2026, 12, 25)], [])
    assert calendar.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)
    assert calendar.subtract_working_days(date(2026, 12, 28), 1) == date(2026, 12, 24)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"services": [{"id": "x"}]}, r"services\[0\]"),
        (
            {"booking_window": {"min_days_ahead": 1, "max_days_ahead": 7, "cutoff_time": "25:00"}},
            "cutoff_time",
        ),
        ({"closed_days": ["2026-13-01"]}, "closed_days"),
        ({"saturday_morning": {"services": ["nope"]}}, "unknown"),
    ],
)
def test_bad_rules_files_fail_with_a_message_naming_the_place(patch: dict, message: str) -> None:
    raw = {
        "booking_window": {"min_days_ahead": 1, "max_days_ahead": 7, "cutoff_time": "15:00"},
        "holiday_marriage_window": {
            "min_working_days_ahead": 3,
            "max_days_ahead": 30,
            "cutoff_time": "15:00",
        },
        "services": [],
    }
    raw.update(patch)
    with pytest.raises(RulesError, match=message):
        rules_from_mapping(raw)


def test_slot_text_must_be_exact() -> None:
    from forms_lambda.domain.rules import parse_slot

    assert parse_slot("2026-11-30T09:00") == at("2026-11-30T09:00")
    for wrong in (
        "2026-11-30 09:00",
        "2026-02-30T09:00",
        "2026-11-30T24:00",
        "２０２６-11-30T09:00",
        "2026-11-30T09:00\n",
        "2026-11-30T09:00:00",
        "2026-1-30T09:000",
        "",
        None,
        20261130,
    ):
        assert parse_slot(wrong) is None, wrong  # type: ignore[arg-type]


def test_offers_agrees_with_the_listed_slots_every_five_minutes() -> None:
    """offers() decides without listing the day's slots: the same answer for every service,
    every 5 minutes of two months' days (weekdays, Saturdays, closed and make-up days)."""
    from datetime import timedelta

    day = date(2026, 11, 23)
    for _ in range(62):
        for service in RULES.services.values():
            listed = set(RULES.slot_starts(service, day))
            moment = datetime.combine(day, datetime.min.time(), TAIPEI)
            while moment.date() == day:
                assert RULES.offers(service, moment) == (moment in listed), (service.id, moment)
                moment += timedelta(minutes=5)
        day += timedelta(days=1)
