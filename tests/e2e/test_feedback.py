"""Feedback end to end: each kind in both languages, the case-status page with a staff reply."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import visit
from tests.e2e.conftest import LANGS, prefix
from tests.e2e.helpers import result_text

pytestmark = pytest.mark.browser

KINDS = ("mailbox", "complaint", "suggestion", "survey", "personal-data")
QUESTIONS = ("courtesy", "waiting", "speed", "facilities", "overall")  # forms.yml survey
RECEIVED = {"zh-TW": "已收到您的來信", "en": "We have received your message"}
ANSWERED = {"zh-TW": "已回覆", "en": "Answered"}


def _fill(page, kind: str, lang: str) -> None:
    form = f"#feedback-{kind}"
    page.fill(f"{form}-name", "林美華")
    page.fill(f"{form}-email", "mei@example.com")
    if kind == "personal-data":
        page.check(f"{form}-right-copy")
    else:
        page.fill(f"{form}-subject", "櫃台服務" if lang == "zh-TW" else "Counter service")
    page.fill(f"{form}-message", "謝謝。" if lang == "zh-TW" else "Thank you.")
    if kind == "survey":
        for number, question in enumerate(QUESTIONS, start=1):
            page.check(f"{form}-rating_{question}-{number}")
    page.check(f"{form}-consent")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_feedback_kind_with_javascript(server, context, kind: str, lang: str) -> None:
    page = context.new_page()
    visit(page, f"{server.url}{prefix(lang)}/feedback/{kind}/")
    _fill(page, kind, lang)
    with page.expect_request(lambda r: r.url.endswith("/api/feedback")) as sent:
        page.click(f"#feedback-{kind}-form .hro-submit")
    assert sent.value.headers.get("idempotency-key")
    text = result_text(page, f"feedback-{kind}")
    assert RECEIVED[lang] in text
    number, pin = page.locator(f"#feedback-{kind}-result .hro-token").all_inner_texts()
    status, case = server.api("POST", "/api/feedback/lookup", {"case_number": number, "pin": pin})
    assert status == 200
    expected = "awaiting_confirmation" if kind == "complaint" else "open"
    assert case["status"] == expected
    status, cases = server.api("GET", "/api/admin/feedback?status=all", staff=True)
    stored = next(c for c in cases if c["case_number"] == number)
    assert stored["kind"] == kind.replace("-", "_")
    assert stored["lang"] == lang
    if kind == "survey":
        assert [stored[f"rating_{q}"] for q in QUESTIONS] == [1, 2, 3, 4, 5]
    if kind == "personal-data":
        assert stored["right"] == "copy" and "複製" in stored["subject"]


def test_survey_without_javascript(server, nojs_context) -> None:
    page = nojs_context.new_page()
    page.goto(f"{server.url}/feedback/survey/")
    _fill(page, "survey", "zh-TW")
    page.click("#feedback-survey-form .hro-submit")
    page.wait_for_url("**/feedback/done/**")
    number = parse_qs(urlsplit(page.url).query)["case_number"][0]
    assert RECEIVED["zh-TW"] in page.inner_text("main") and number in page.inner_text("main")
    status, cases = server.api("GET", "/api/admin/feedback?status=all", staff=True)
    assert status == 200
    stored = next(c for c in cases if c["case_number"] == number)
    assert [stored[f"rating_{q}"] for q in QUESTIONS] == [1, 2, 3, 4, 5]


def test_personal_data_request_without_javascript(server, nojs_context) -> None:
    page = nojs_context.new_page()
    page.goto(f"{server.url}/en/feedback/personal-data/")
    _fill(page, "personal-data", "en")
    page.click("#feedback-personal-data-form .hro-submit")
    page.wait_for_url("**/feedback/done/**")
    number = parse_qs(urlsplit(page.url).query)["case_number"][0]
    status, cases = server.api("GET", "/api/admin/feedback?status=open", staff=True)
    assert status == 200
    stored = next(c for c in cases if c["case_number"] == number)
    assert stored["kind"] == "personal_data" and stored["right"] == "copy"


@pytest.mark.parametrize("lang", LANGS)
def test_a_skipped_survey_question_is_named_in_the_error_summary(server, context, lang) -> None:
    page = context.new_page()
    visit(page, f"{server.url}{prefix(lang)}/feedback/survey/")
    _fill(page, "survey", lang)
    page.evaluate(
        "document.querySelectorAll('input[name=rating_waiting]')"
        ".forEach(i => { i.checked = false; i.required = false; })"
    )
    page.click("#feedback-survey-form .hro-submit")
    summary = page.locator("#feedback-survey-errors")
    summary.wait_for(state="visible")
    link = summary.locator("a")
    assert link.count() == 1
    assert ("等候時間" if lang == "zh-TW" else "Waiting time") in link.inner_text()
    assert link.get_attribute("href") == "#feedback-survey-rating_waiting-1"
    assert page.evaluate("document.activeElement.id") == "feedback-survey-errors"


@pytest.mark.parametrize("lang", LANGS)
def test_staff_reply_appears_on_the_case_status_page(server, context, lang: str) -> None:
    status, made = server.api(
        "POST",
        "/api/feedback",
        {
            "kind": "mailbox",
            "name": "林美華",
            "email": "mei@example.com",
            "subject": "停車",
            "message": "請問有停車位嗎？",
            "consent": True,
            "lang": lang,
        },
    )
    assert status == 201
    reply = "本所地下室有 20 個停車位。" if lang == "zh-TW" else "We have 20 spaces downstairs."
    status, _ = server.api(
        "POST", f"/api/admin/feedback/{made['case_number']}/reply", {"reply": reply}, staff=True
    )
    assert status == 200
    page = context.new_page()
    visit(page, f"{server.url}{prefix(lang)}/feedback/status/")
    page.fill("#status-case_number", made["case_number"])
    page.fill("#status-token", made["token"])
    page.click("#status-form .hro-submit")
    text = result_text(page, "status")
    assert reply in text and ANSWERED[lang] in text and made["case_number"] in text
    # The e-mail's link (case number and token in the query) fills and submits by itself.
    query = f"?case_number={made['case_number']}&token={made['token']}"
    visit(page, f"{server.url}{prefix(lang)}/feedback/status/{query}")
    assert reply in result_text(page, "status")
    # A wrong token: the error summary, focused.
    visit(page, f"{server.url}{prefix(lang)}/feedback/status/")
    page.fill("#status-case_number", made["case_number"])
    page.fill("#status-token", "wrong")
    page.click("#status-form .hro-submit")
    page.locator("#status-errors").wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.id") == "status-errors"
