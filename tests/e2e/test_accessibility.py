"""axe-core (WCAG 2.1 A/AA) on every form and result page, empty and with errors, in both
languages; and at a 360 px wide phone: no horizontal overflow, touch targets of 44 px or more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import visit
from tests.e2e.conftest import LANGS, prefix, run_axe
from tests.e2e.helpers import book, error_summary, result_text
from tests.site.test_vnu import _run_vnu

pytestmark = pytest.mark.browser

# page path -> form id
FORM_PAGES = {
    "booking/": "booking",
    "booking/cancel/": "cancel",
    "feedback/mailbox/": "feedback-mailbox",
    "feedback/complaint/": "feedback-complaint",
    "feedback/suggestion/": "feedback-suggestion",
    "feedback/survey/": "feedback-survey",
    "feedback/personal-data/": "feedback-personal-data",
    "feedback/status/": "status",
}
PHONE = {"width": 360, "height": 740}

# Controls inside the forms and results; a radio or checkbox is as big as its label.
SMALL_TARGETS = """
(scope) => {
  const small = [];
  let checked = 0;
  for (const el of document.querySelectorAll(scope)) {
    if (el.type === 'hidden' || el.closest('.hro-hp')) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    checked += 1;
    let target = box;
    if (el.type === 'radio' || el.type === 'checkbox') {
      target = document.querySelector(`label[for="${el.id}"]`).getBoundingClientRect();
    }
    if (target.height < 44 || target.width < 44) {
      small.push(`${el.tagName.toLowerCase()}#${el.id || el.textContent.trim().slice(0, 20)}`
        + ` ${Math.round(target.width)}x${Math.round(target.height)}`);
    }
  }
  return {small, checked};
}
"""
SITE_SCOPE = (
    ".hro-form-wrap button, .hro-form-wrap input, .hro-form-wrap select, "
    ".hro-form-wrap textarea, .hro-result a"
)
BACKEND_SCOPE = "main a, main button, main input, header a"


def _show_errors(page: Any, form_id: str) -> None:
    if form_id == "booking":
        page.check("#booking-service-household")  # so the picker's controls are there too
        page.wait_for_selector("#booking-date:not([disabled])")
        page.select_option("#booking-date", index=1)
        page.wait_for_selector('input[name="slot"]', state="attached")
    page.click(f"#{form_id}-form .hro-submit")
    error_summary(page, form_id)


def _phone_problems(page: Any, scope: str) -> list[str]:
    targets = page.evaluate(SMALL_TARGETS, scope)
    assert targets["checked"] >= 2, f"{page.url}: no controls found to measure"
    problems = [f"small target {t}" for t in targets["small"]]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"page is {width} px wide")
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", list(FORM_PAGES))
def test_form_pages_pass_axe_empty_and_with_errors(server, context, path: str, lang: str) -> None:
    page = context.new_page()
    visit(page, f"{server.url}{prefix(lang)}/{path}")
    empty = run_axe(page)
    _show_errors(page, FORM_PAGES[path])
    errors = run_axe(page)
    assert not empty and not errors, f"empty: {empty}\nwith errors: {errors}"


@pytest.mark.parametrize("lang", LANGS)
def test_inline_results_pass_axe(server, allocate, context, lang: str) -> None:
    page = context.new_page()
    visit(page, f"{server.url}{prefix(lang)}/booking/")
    book(page, allocate.slot(), allocate.phone())
    problems = {"booking": run_axe(page)}
    visit(page, f"{server.url}{prefix(lang)}/feedback/mailbox/")
    for field, value in (("name", "林美華"), ("email", "m@example.com"), ("subject", "x")):
        page.fill(f"#feedback-mailbox-{field}", value)
    page.fill("#feedback-mailbox-message", "y")
    page.check("#feedback-mailbox-consent")
    page.click("#feedback-mailbox-form .hro-submit")
    result_text(page, "feedback-mailbox")
    problems["feedback"] = run_axe(page)
    page.click("#feedback-mailbox-result a")  # to the status page, which looks it up
    result_text(page, "status")
    problems["status"] = run_axe(page)
    assert not any(problems.values()), problems


def _backend_pages(server, allocate, lang: str) -> list[str]:
    """One URL of each server-rendered result page (the no-JavaScript results)."""
    slot = allocate.slot()
    _, booked = server.api(
        "POST",
        "/api/bookings",
        {
            "service": "household",
            "slot": slot,
            "name": "王小明",
            "phone": allocate.phone(),
            "email": "m@example.com",
            "consent": True,
            "lang": lang,
        },
    )
    _, case = server.api(
        "POST",
        "/api/feedback",
        {
            "kind": "mailbox",
            "name": "林美華",
            "email": "m@example.com",
            "subject": "x",
            "message": "y",
            "consent": True,
            "lang": lang,
        },
    )
    server.api(
        "POST", f"/api/admin/feedback/{case['case_number']}/reply", {"reply": "ok"}, staff=True
    )
    base = f"/api/pages{prefix(lang)}"
    ref = f"reference={booked['reference']}&token={booked['token']}"
    number = f"case_number={case['case_number']}&token={case['token']}"
    return [
        f"{base}/booking/done/?{ref}",
        f"{base}/booking/full/?reason=slot_full&service=household&slot={slot}",
        f"{base}/booking/invalid/?error=invalid&fields=email,phone&codes=email_invalid,required",
        f"{base}/booking/refused/?reason=already_booked_that_day",
        f"{base}/booking/cancel/?{ref}",
        f"{base}/booking/cancel/",
        f"{base}/booking/cancelled/?reference={booked['reference']}",
        f"{base}/feedback/done/?{number}",
        f"{base}/feedback/status/?{number}",
        f"{base}/feedback/confirmed/?case_number={case['case_number']}",
        f"{base}/busy/",
        f"{base}/queue/",  # the live queue without JavaScript
        f"{base}/booking/done/?reference=B0&token=x",  # not found
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_server_rendered_result_pages_pass_axe_vnu_and_fit_a_phone(
    server, allocate, browser, tmp_path: Path, lang: str
) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        problems = {}
        files = []
        for n, url in enumerate(_backend_pages(server, allocate, lang)):
            response = visit(page, server.url + url)
            assert response is not None
            files.append(tmp_path / f"page{n}.html")
            files[-1].write_bytes(response.body())
            found = run_axe(page) + _phone_problems(page, BACKEND_SCOPE)
            if found:
                problems[url] = found
        for message in _run_vnu(files):  # the Nu Html Checker, as for the site's pages
            problems.setdefault("vnu", []).append(f"{message.get('url')}: {message['message']}")
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_forms_fit_a_360px_phone(server, browser, lang: str) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        problems = {}
        for path, form_id in FORM_PAGES.items():
            visit(page, f"{server.url}{prefix(lang)}/{path}")
            found = _phone_problems(page, SITE_SCOPE)
            _show_errors(page, form_id)
            found += [f"with errors: {p}" for p in _phone_problems(page, SITE_SCOPE)]
            if found:
                problems[path] = found
        assert not problems, problems
    finally:
        context.close()
