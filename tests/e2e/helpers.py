"""Steps the e2e tests share: fill the booking form with the picker, read results."""

from __future__ import annotations

from typing import Any

SERVICE_NAMES = {"household": {"zh-TW": "一般戶籍登記", "en": "Household registration"}}


def pick_slot(page: Any, service: str, slot: str) -> None:
    """With JavaScript: choose the service, the date from the select and the time radio."""
    page.check(f"#booking-service-{service}")
    page.wait_for_selector(f'#booking-date option[value="{slot[:10]}"]', state="attached")
    page.select_option("#booking-date", slot[:10])
    page.check(f'input[name="slot"][value="{slot}"]')


def fill_person(
    page: Any, phone: str, *, name: str = "王小明", email: str = "ming@example.com"
) -> None:
    page.fill("#booking-name", name)
    page.fill("#booking-phone", phone)
    page.fill("#booking-email", email)
    page.check("#booking-consent")


def book(page: Any, slot: str, phone: str) -> str:
    """On the open booking page: pick the slot, fill in a person, send; the result's text."""
    pick_slot(page, "household", slot)
    fill_person(page, phone)
    page.click("#booking-form .hro-submit")
    return result_text(page, "booking")


def result_text(page: Any, form_id: str) -> str:
    region = page.locator(f"#{form_id}-result")
    region.wait_for(state="visible")
    return region.inner_text()


def active_id(page: Any) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def error_summary(page: Any, form_id: str) -> str:
    summary = page.locator(f"#{form_id}-errors")
    summary.wait_for(state="visible")
    return summary.inner_text()
