"""Booking end to end in Chromium, against the real site and backend (both languages)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import visit
from tests.e2e.conftest import LANGS, prefix
from tests.e2e.helpers import active_id, error_summary, fill_person, pick_slot, result_text

pytestmark = pytest.mark.browser

DONE = {"zh-TW": "預約成功", "en": "Your appointment is booked"}
FULL = {"zh-TW": "此時段已額滿", "en": "This slot is full"}


def _bookings_at(server, slot: str) -> list[dict]:
    status, rows = server.api("GET", f"/api/admin/bookings?date={slot[:10]}", staff=True)
    assert status == 200
    return [r for r in rows if r["slot"] == slot and r["status"] == "confirmed"]


def test_a_time_typed_before_the_script_arrives_is_kept(server, allocate, context) -> None:
    """forms.js starts after the first paint (partials/after-paint.html): on a slow phone a
    citizen may already be typing in the plain date-and-time field. The script keeps that
    field, its value and the focus instead of swapping in the picker, and the booking is made
    from it."""
    slot, phone = allocate.slot(), allocate.phone()
    page = context.new_page()
    held = []
    page.route("**/assets/javascripts/forms.*.js", lambda route: held.append(route))  # held
    page.goto(f"{server.url}/booking/")
    page.wait_for_function("() => document.documentElement.dataset.scripts === 'loading'")
    page.check("#booking-service-household")
    page.fill("#booking-slot", slot)  # the plain field's own name for the slot
    page.focus("#booking-slot")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function("() => document.documentElement.dataset.scripts === 'ready'")
    assert page.is_visible(".hro-nojs-slot") and page.is_hidden(".hro-picker")
    assert page.input_value("#booking-slot") == slot and active_id(page) == "booking-slot"
    fill_person(page, phone)
    page.click("#booking-form .hro-submit")
    assert DONE["zh-TW"] in result_text(page, "booking")
    assert len(_bookings_at(server, slot)) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_book_with_javascript(server, allocate, context, lang: str) -> None:
    slot, phone = allocate.slot(), allocate.phone()
    page = context.new_page()
    visit(page, f"{server.url}{prefix(lang)}/booking/")
    assert page.is_hidden(".hro-nojs-slot")  # the picker replaces the plain field
    pick_slot(page, "household", slot)
    fill_person(page, phone)
    with page.expect_request(lambda r: r.url.endswith("/api/bookings")) as sent:
        # A double click books once. Both clicks land before the answer (a real double click
        # on a loaded machine can reach the result's links, drawn where the button was).
        page.eval_on_selector(
            "#booking-form .hro-submit", "button => { button.click(); button.click(); }"
        )
    assert sent.value.headers.get("idempotency-key")
    assert sent.value.headers["content-type"].startswith("application/json")
    text = result_text(page, "booking")
    assert DONE[lang] in text and slot[11:16] in text and slot[:10] in text
    assert active_id(page) == "booking-result"
    assert page.is_hidden("#booking-form")
    reference, pin = page.locator("#booking-result .hro-token").all_inner_texts()
    status, found = server.api("POST", "/api/bookings/lookup", {"reference": reference, "pin": pin})
    assert status == 200 and found["reference"] == reference  # the PIN shown opens it
    ics = page.locator("#booking-result a[download]").get_attribute("href")
    answer = context.request.get(server.url + ics)
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    assert reference in answer.text()
    cancel = page.locator("#booking-result a", has_text="取消" if lang == "zh-TW" else "Cancel")
    assert "/booking/cancel/?reference=" in cancel.get_attribute("href")
    rows = _bookings_at(server, slot)
    assert [r["reference"] for r in rows] == [reference] and rows[0]["lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_book_and_cancel_without_javascript(server, allocate, nojs_context, lang: str) -> None:
    slot, phone = allocate.slot(), allocate.phone()
    before = server.remaining("household", slot)
    page = nojs_context.new_page()
    page.goto(f"{server.url}{prefix(lang)}/booking/")
    assert page.is_visible("#booking-slot")  # the plain date-and-time field
    page.check("#booking-service-household")
    page.fill("#booking-slot", slot)
    fill_person(page, phone)
    page.click("form .hro-submit")
    page.wait_for_url("**/booking/done/**")
    assert page.url.startswith(f"{server.url}/api/pages{prefix(lang)}/booking/done/?")
    body = page.inner_text("main")
    reference = parse_qs(urlsplit(page.url).query)["reference"][0]
    assert DONE[lang] in body and reference in body and slot[11:16] in body
    assert server.remaining("household", slot) == before - 1
    page.click("a[href*='/booking/cancel/']")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/booking/cancelled/**")
    assert reference in page.inner_text("main")
    assert server.remaining("household", slot) == before  # the slot is back


@pytest.mark.parametrize("lang", LANGS)
def test_cancel_with_javascript_and_the_slot_comes_back(
    server, allocate, context, lang: str
) -> None:
    slot, phone = allocate.slot(), allocate.phone()
    status, made = server.api(
        "POST",
        "/api/bookings",
        {
            "service": "household",
            "slot": slot,
            "name": "林美華",
            "phone": phone,
            "email": "mei@example.com",
            "consent": True,
            "lang": lang,
        },
    )
    assert status == 201
    full_before = server.remaining("household", slot)
    page = context.new_page()
    visit(page, made["cancel_url"])  # the e-mail's link: the backend page
    assert made["reference"] in page.inner_text("main")
    visit(page, f"{server.url}{prefix(lang)}/booking/cancel/")  # the site's page, with JS
    page.fill("#cancel-reference", made["reference"])
    page.fill("#cancel-token", made["token"])
    page.click("#cancel-form .hro-submit")
    assert made["reference"] in result_text(page, "cancel")
    page.click("#cancel-result button")
    page.wait_for_function("() => !document.querySelector('#cancel-result button')")
    assert server.remaining("household", slot) == full_before + 1
    visit(page, f"{server.url}{prefix(lang)}/booking/?service=household&date={slot[:10]}")
    radio = page.locator(f'input[name="slot"][value="{slot}"]')
    radio.wait_for(state="attached")
    assert radio.is_enabled()


def test_two_browsers_race_for_the_last_slot(server, allocate, browser) -> None:
    slot = "2026-12-03T10:00"  # name change: one place per slot
    contexts = [browser.new_context() for _ in range(2)]
    try:
        pages = []
        for ctx in contexts:
            page = ctx.new_page()
            visit(page, f"{server.url}/booking/")
            pick_slot(page, "name-change", slot)
            fill_person(page, allocate.phone())
            pages.append(page)
        for page in pages:  # both submit before either answer arrives
            page.evaluate("() => document.querySelector('#booking-form').requestSubmit()")
        outcomes = []
        for page in pages:
            page.wait_for_function(
                "() => !document.querySelector('#booking-result').hidden"
                " || !document.querySelector('#booking-errors').hidden"
            )
            outcomes.append("won" if page.is_visible("#booking-result") else "lost")
        assert sorted(outcomes) == ["lost", "won"]
        loser = pages[outcomes.index("lost")]
        assert FULL["zh-TW"] in error_summary(loser, "booking")
        assert active_id(loser) == "booking-errors"
        taken = loser.locator(f'input[name="slot"][value="{slot}"]')
        loser.wait_for_function(
            "s => { const r = document.querySelector(`input[name=slot][value='${s}']`);"
            " return r && r.disabled; }",
            arg=slot,
        )
        assert taken.is_disabled()  # shown as full, not hidden
        assert len(_bookings_at(server, slot)) == 1
    finally:
        for ctx in contexts:
            ctx.close()


@pytest.mark.parametrize("lang", LANGS)
def test_full_slot_without_javascript_offers_the_next_free_ones(
    server, allocate, nojs_context, lang: str
) -> None:
    slot = "2026-12-04T14:00" if lang == "zh-TW" else "2026-12-04T14:30"
    for _ in range(server.remaining("seal", slot)):  # seal: two places per slot
        status, _body = server.api(
            "POST",
            "/api/bookings",
            {
                "service": "seal",
                "slot": slot,
                "name": "陳大文",
                "phone": allocate.phone(),
                "email": "wen@example.com",
                "consent": True,
            },
        )
        assert status == 201
    page = nojs_context.new_page()
    page.goto(f"{server.url}{prefix(lang)}/booking/")
    page.check("#booking-service-seal")
    page.fill("#booking-slot", slot)
    fill_person(page, allocate.phone())
    page.click("form .hro-submit")
    page.wait_for_url("**/booking/full/**")
    text = page.inner_text("main")
    next_slot = f"{slot[11:13]}:{int(slot[14:16]) + 15:02d}"
    assert FULL[lang] in text and next_slot in text
    assert f"{slot[11:16]}{'（' if lang == 'zh-TW' else ' ('}" not in text  # the full one
    link = page.locator("a", has_text="重新選擇時段" if lang == "zh-TW" else "Choose another")
    assert "service=seal" in link.get_attribute("href")


@pytest.mark.parametrize("lang", LANGS)
def test_invalid_input_shows_the_error_summary_and_moves_focus(
    server, allocate, context, lang: str
) -> None:
    page = context.new_page()
    visit(page, f"{server.url}{prefix(lang)}/booking/")
    page.click("form .hro-submit")  # nothing filled in
    summary = error_summary(page, "booking")
    assert active_id(page) == "booking-errors"
    links = page.locator("#booking-errors a")
    targets = {links.nth(i).get_attribute("data-target") for i in range(links.count())}
    assert {"booking-service-household", "booking-name", "booking-phone"} <= targets
    assert {"booking-email", "booking-consent"} <= targets
    assert any(t.startswith("booking-date") for t in targets)
    required = "此欄為必填" if lang == "zh-TW" else "This field is required"
    assert required in summary
    # A message beside each field, tied to it for screen readers; values are kept.
    page.fill("#booking-name", "王小明")
    page.fill("#booking-email", "not-an-email")
    page.click("form .hro-submit")
    # The summary is still there from the first try: wait for the second answer's message.
    email_error = page.locator("#booking-email-error", has_text="example.com")
    email_error.wait_for(state="visible")
    assert page.input_value("#booking-name") == "王小明"
    assert page.input_value("#booking-email") == "not-an-email"
    assert page.get_attribute("#booking-email", "aria-invalid") == "true"
    assert "booking-email-error" in page.get_attribute("#booking-email", "aria-describedby")
    assert page.is_hidden("#booking-name-error")  # a corrected field shows no message
    page.click("#booking-errors a[data-target='booking-email']")
    assert active_id(page) == "booking-email"


def test_the_whole_booking_by_keyboard_alone(server, allocate, context) -> None:
    slot, phone = allocate.slot(), allocate.phone()
    page = context.new_page()
    visit(page, f"{server.url}/booking/")

    def tab_to(element_id: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if active_id(page) == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    tab_to("booking-service-household")  # first radio of the service group
    page.keyboard.press("Space")
    page.wait_for_selector(f'#booking-date option[value="{slot[:10]}"]', state="attached")
    tab_to("booking-date")
    for _ in range(10):  # arrow through the dates (the select stays closed)
        if page.input_value("#booking-date") == slot[:10]:
            break
        page.keyboard.press("ArrowDown")
    assert page.input_value("#booking-date") == slot[:10]
    page.wait_for_selector(f'input[name="slot"][value="{slot}"]', state="attached")
    page.keyboard.press("Tab")  # into the time radios
    for _ in range(30):
        if page.evaluate("() => document.activeElement.value") == slot:
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.value") == slot
    page.keyboard.press("Space")
    for element_id, value in (
        ("booking-name", "王小明"),
        ("booking-phone", phone),
        ("booking-email", "ming@example.com"),
    ):
        tab_to(element_id)
        page.keyboard.type(value)
    tab_to("booking-consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('hro-submit')")
    page.keyboard.press("Enter")
    assert DONE["zh-TW"] in result_text(page, "booking")
    assert len(_bookings_at(server, slot)) == 1
