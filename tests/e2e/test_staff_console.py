"""The staff console in headless Chromium, as each role uses it: sign-in (a wrong secret first),
the menus of counter, mailbox and supervisor, the day view and its print layout, a no-show marked
after a confirmation and taken back, a phone booking and its printed slip, a reply drafted by the
mailbox desk and approved by a supervisor that reaches the citizen's case-status page, the
downloads, sign-out, cross-site form posts, and axe-core plus the Nu Html Checker on every page.

Its own server (the site and the backend on one origin, waitress on 127.0.0.1, a temporary
SQLite file) because the console's cookie must not be Secure over plain http: Chromium keeps no
Secure cookie from an http:// page, not even from 127.0.0.1 (FORMS_ADMIN_COOKIE_SECURE=false,
as docs/backend.md says for local use). Data is seeded through the API on Friday 2026-11-27;
then the clock moves to Monday 2026-11-30 10:00, the day the console shows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import waitress

from forms_lambda.app import create_app
from forms_lambda.domain.rules import TAIPEI
from forms_lambda.settings import Settings
from scripts.server.app import make_app
from tests.backend.conftest import STAFF_SECRET, with_staff
from tests.e2e.conftest import NOW, Server, _stop, run_axe
from tests.site.test_vnu import _run_vnu

pytestmark = pytest.mark.browser

MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=TAIPEI)
DAY = "2026-11-30"
PHONE = {"width": 360, "height": 740}


class MovableClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@dataclass
class Console(Server):
    bookings: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def admin(self) -> str:
        return self.url + "/api/admin"


def _book(server: Server, time: str, phone: str, name: str) -> dict[str, Any]:
    body = {
        "service": "household",
        "slot": f"{DAY}T{time}",
        "name": name,
        "phone": phone,
        "email": "counter@example.com",
        "consent": True,
        "lang": "zh-TW",
    }
    status, booked = server.api("POST", "/api/bookings", body)
    assert status == 201, booked
    return booked


def _case(server: Server, subject: str, lang: str) -> dict[str, Any]:
    body = {
        "kind": "mailbox",
        "subject": subject,
        "message": f"{subject}\n第二行 second line",
        "name": "林美華",
        "email": "mei@example.com",
        "consent": True,
        "lang": lang,
    }
    status, case = server.api("POST", "/api/feedback", body)
    assert status == 201, case
    return case


@pytest.fixture(scope="module")
def console(e2e_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    instance = tmp_path_factory.mktemp("console-instance")
    clock = MovableClock(NOW)
    settings = Settings(
        instance_path=instance,
        sqlite_path=instance / "forms.sqlite3",
        rate_limit=0,
        admin_cookie_secure=False,  # http://127.0.0.1: see the module docstring
        secret_key="e2e-console-secret",
    )
    app = make_app(e2e_site, with_staff(create_app(settings, now=clock)))
    wsgi = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    try:
        server = Console(f"http://127.0.0.1:{wsgi.effective_port}")
        server.bookings = [
            _book(server, "09:00", "0912-000-001", "王小明"),
            _book(server, "09:30", "0912-000-002", "陳大文"),
            _book(server, "14:00", "0912-000-003", "Amy Lin"),
        ]
        server.cases = [_case(server, f"櫃台服務 {n}", "zh-TW" if n else "en") for n in range(4)]
        clock.moment = MONDAY
        yield server
    finally:
        _stop(wsgi)
        thread.join(timeout=10)


FIRST_PAGE = {"boss": "/day", "clerk": "/day", "mail": "/cases"}


def sign_in(page: Any, console: Console, login: str = "clerk", secret: str = STAFF_SECRET) -> None:
    page.goto(console.admin + "/")
    assert page.url.startswith(console.admin + "/sign-in")
    page.fill("#login", login)
    page.fill("#secret", secret)
    page.click("button[type=submit]:not(.secondary)")


def signed_in_page(context: Any, console: Console, login: str = "clerk") -> Any:
    page = context.new_page()
    sign_in(page, console, login)
    page.wait_for_url(console.admin + FIRST_PAGE[login])
    return page


def focused_id(page: Any) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def wait_for_focus(page: Any, element_id: str) -> None:
    """The error summary takes the focus when the page loads (autofocus): wait for it rather
    than read it once, which races the browser under load."""
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id", arg=element_id
    )


def menu(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("nav .nav a").all_inner_texts()]


# --- sign-in and roles ------------------------------------------------------------------------
def test_wrong_secret_then_sign_in_with_a_strict_httponly_cookie(context, console: Console) -> None:
    page = context.new_page()
    sign_in(page, console, secret="not-the-secret")
    page.wait_for_selector("#error-summary")
    wait_for_focus(page, "error-summary")  # focus moves to the error summary
    summary = page.inner_text("#error-summary")
    assert "帳號或密碼不正確" in summary and "That login and secret do not match" in summary
    assert page.get_attribute("#login", "aria-invalid") == "true"
    assert page.input_value("#login") == "clerk", "the login is kept, the secret is not"
    assert not [c for c in context.cookies() if c["name"] == "hro_staff"]
    page.click("#error-summary a")  # the summary's link leads to the field
    assert focused_id(page) == "login"
    page.fill("#secret", STAFF_SECRET)
    page.click("button[type=submit]:not(.secondary)")
    page.wait_for_url(console.admin + "/day")
    assert page.inner_text("h1").endswith("預約名單")
    assert "王櫃台（clerk，櫃台（預約、叫號））" in page.inner_text(".signed-in")
    cookie = next(c for c in context.cookies() if c["name"] == "hro_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/api/admin/" and cookie["expires"] > 0
    assert "hro_staff" not in page.evaluate("() => document.cookie")
    assert STAFF_SECRET not in page.url


def test_each_role_has_its_own_menu_and_is_refused_the_rest(browser, console: Console) -> None:
    expected = {
        "clerk": ["預約名單", "電話／臨櫃預約", "叫號"],
        "mail": ["意見案件"],
        "boss": ["預約名單", "電話／臨櫃預約", "叫號", "意見案件", "同仁帳號", "存取紀錄"],
    }
    for login, items in expected.items():
        context = browser.new_context()
        context.set_default_timeout(10_000)
        try:
            page = signed_in_page(context, console, login)
            assert menu(page) == items, login
            if login != "boss":
                answer = page.goto(console.admin + "/access-log")
                assert answer.status == 403
                assert "您的角色沒有這項權限" in page.inner_text("main")
        finally:
            context.close()


def test_sign_out_ends_the_session(context, console: Console) -> None:
    page = signed_in_page(context, console)
    page.click("form.sign-out button")
    page.wait_for_url("**/sign-in?notice=signed_out")
    assert "您已登出" in page.inner_text("main")
    page.goto(console.admin + "/day")
    assert "/sign-in" in page.url, "no way back in after signing out"


def test_a_cross_site_form_cannot_act_for_signed_in_staff(context, console: Console) -> None:
    page = signed_in_page(context, console, "mail")
    number = console.cases[3]["case_number"]
    attack = context.new_page()
    attack.set_content(
        f'<form method="post" action="{console.admin}/cases/{number}/reply">'
        '<input name="reply" value="forged"><input name="csrf_token" value="guess">'
        "<button>go</button></form>"
    )
    with attack.expect_navigation():
        attack.click("button")
    # SameSite=Strict: the cookie is not sent from another site, so the form meets the sign-in.
    assert "/sign-in" in attack.url
    page.goto(f"{console.admin}/cases/{number}")
    assert page.locator("textarea#reply").count() == 1, "the case is still open"


# --- the counter --------------------------------------------------------------------------------
def _row(page: Any, reference: str) -> Any:
    return page.locator("table.day-list tbody tr", has_text=reference)


def test_day_view_prints_and_a_no_show_is_confirmed_then_taken_back(
    context, console: Console
) -> None:
    page = signed_in_page(context, console)
    page.goto(f"{console.admin}/day?date={DAY}")
    rows = page.locator("table.day-list tbody tr")
    assert rows.count() == 3
    first = rows.nth(0).inner_text()
    assert "09:00" in first and console.bookings[0]["reference"] in first
    assert "0912-000-001" in first and "王小明" in first and "一般戶籍登記" in first
    assert "網路" in first
    print_button = page.locator("button[data-print]")
    assert print_button.is_visible(), "admin.js reveals the print button"
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.masthead', 'form.toolbar', 'th.no-print', '.downloads']
            .map(s => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none"] * 4
    assert page.locator(".print-only").is_visible() and page.locator("table").is_visible()
    page.emulate_media(media="screen")
    marks = page.locator("table.day-list a:has-text('標記未到')")
    assert marks.count() == 2, "only the bookings whose time has come (09:00, 09:30)"
    reference = console.bookings[0]["reference"]
    _row(page, reference).locator("a:has-text('標記未到')").click()
    page.wait_for_url(f"**/day/{reference}/no-show")
    assert reference in page.inner_text("h1")
    assert "累計 3 次未到將暫停網路預約" in page.inner_text(".warning")
    page.click("button:has-text('確定標記未到')")
    page.wait_for_selector(".notice")
    assert reference in page.inner_text(".notice")
    assert "未到" in _row(page, reference).inner_text()
    _row(page, reference).locator("button:has-text('復原')").click()
    page.wait_for_selector(".notice")
    assert f"已復原預約 {reference}" in page.inner_text(".notice")
    assert "已預約" in _row(page, reference).inner_text()
    status, booking = console.api(
        "GET", f"/api/bookings/{reference}?token={console.bookings[0]['token']}"
    )
    assert status == 200 and booking["status"] == "confirmed"


def test_a_phone_booking_ends_with_a_printable_slip(context, console: Console) -> None:
    page = signed_in_page(context, console)
    page.click("nav a:has-text('電話／臨櫃預約')")
    page.select_option("#service", "household")
    page.fill("#date", "2026-12-01")
    page.click("button:has-text('查看可預約時段')")
    page.check("#slot-list input[type=radio]:not([disabled]) >> nth=0")
    page.check("#channel-phone")
    page.fill("#name", "張阿嬤")
    page.fill("#phone", "04-2222-3333")
    page.click("button:has-text('完成預約')")  # consent not ticked: the error summary
    page.wait_for_selector("#error-summary")
    wait_for_focus(page, "error-summary")
    assert "請閱讀個人資料蒐集告知事項並勾選同意" in page.inner_text("#error-summary")
    assert page.input_value("#name") == "張阿嬤", "what was typed is kept"
    page.check("#slot-list input[type=radio]:not([disabled]) >> nth=0")
    page.check("#consent")
    page.click("button:has-text('完成預約')")
    page.wait_for_selector(".slip")
    heading = page.inner_text(".slip h1")
    assert heading.startswith("預約單 B")
    reference = heading.split()[-1]
    assert "張阿嬤" in page.inner_text(".slip") and "應備文件" in page.inner_text(".slip")
    page.emulate_media(media="print")
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.masthead')).display")
        == "none"
    )
    assert page.locator(".slip").is_visible()
    page.emulate_media(media="screen")
    page.goto(f"{console.admin}/day?date=2026-12-01")
    assert "電話" in _row(page, reference).inner_text()


# --- the mailbox desk ----------------------------------------------------------------------------
def test_a_reply_drafted_by_the_desk_reaches_the_citizen_once_approved(
    browser, console: Console
) -> None:
    case = console.cases[1]
    number = case["case_number"]
    desk = browser.new_context()
    chief = browser.new_context()
    try:
        page = signed_in_page(desk, console, "mail")
        page.click(f"a:text-is('{number}')")
        page.fill("#reply", "您好，已請櫃台同仁改善。")
        page.click("button:has-text('送交主管核可')")
        page.wait_for_selector(".notice")
        assert "已送交主管核可" in page.inner_text(".notice")
        citizen_url = (
            f"{console.url}/api/pages/feedback/status/?case_number={number}&token={case['token']}"
        )
        citizen = desk.new_page()
        citizen.goto(citizen_url)
        assert "已請櫃台同仁改善" not in citizen.inner_text("main"), "not before approval"
        boss = signed_in_page(chief, console, "boss")
        boss.goto(console.admin + "/cases?status=review")
        boss.click(f"a:text-is('{number}')")
        assert boss.input_value("#approve-reply") == "您好，已請櫃台同仁改善。"
        boss.click("button:has-text('核可並寄出')")
        boss.wait_for_selector(".notice")
        assert "已核可並寄出回覆" in boss.inner_text(".notice")
        citizen.reload()
        assert "已請櫃台同仁改善" in citizen.inner_text("main")
    finally:
        desk.close()
        chief.close()


def test_downloads_give_csv_and_ods_files(context, console: Console) -> None:
    page = signed_in_page(context, console, "boss")
    page.goto(f"{console.admin}/day?date={DAY}")
    with page.expect_download() as csv_download:
        page.click("a[href*='format=csv']")
    csv_file = csv_download.value
    assert csv_file.suggested_filename == f"bookings-{DAY}.csv"
    text = Path(csv_file.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("預約編號,") and console.bookings[1]["reference"] in text
    with page.expect_download() as ods_download:
        page.click("a[href*='format=ods']")
    ods_file = ods_download.value
    assert ods_file.suggested_filename == f"bookings-{DAY}.ods"
    assert Path(ods_file.path()).read_bytes()[:2] == b"PK"
    page.goto(console.admin + "/cases?status=all")
    with page.expect_download() as cases_download:
        page.click("a[href*='format=csv']")
    assert cases_download.value.suggested_filename == "feedback-all.csv"
    assert console.cases[0]["case_number"] in Path(cases_download.value.path()).read_text(
        encoding="utf-8-sig"
    )
    page.goto(console.admin + "/access-log")
    assert "下載資料" in page.inner_text("table"), "the downloads are in the access log"


def test_a_supervisor_replies_in_english_directly(context, console: Console) -> None:
    page = signed_in_page(context, console, "boss")
    page.goto(console.admin + "/cases")
    page.click("a.lang-switch")  # the toggle, remembered in the session
    assert page.get_attribute("html", "lang") == "en"
    case = console.cases[0]
    number = case["case_number"]
    page.click(f"a:text-is('{number}')")
    assert page.inner_text("h1") == f"Case {number}"
    assert "second line" in page.inner_text(".message")
    page.click("button:has-text('Send the reply')")  # empty: the error summary
    page.wait_for_selector("#error-summary")
    wait_for_focus(page, "error-summary")
    assert "Please enter the reply." in page.inner_text("#error-summary")
    page.fill("#reply", "Thank you. The queue display is fixed.\nKind regards")
    page.click("button:has-text('Send the reply')")
    page.wait_for_selector(".notice")
    assert "The reply was sent and the case is closed." in page.inner_text(".notice")
    assert page.locator("textarea#reply").count() == 0
    citizen = context.new_page()
    citizen.goto(
        f"{console.url}/api/pages/en/feedback/status/?case_number={number}&token={case['token']}"
    )
    assert "The queue display is fixed." in citizen.inner_text("main")


# --- accessibility and valid HTML -------------------------------------------------------------
def _console_pages(console: Console) -> list[str]:
    open_case = console.cases[2]["case_number"]
    late = console.bookings[1]["reference"]
    return [
        f"/day?date={DAY}",
        "/day?date=2026-02-30",  # with an error summary
        "/book?service=household&date=2026-12-02",
        f"/day/{late}/no-show",
        f"/day/{console.bookings[2]['reference']}/cancel",
        f"/slip/{late}",
        "/cases",
        "/cases?status=all",
        f"/cases/{open_case}",
        f"/cases/{console.cases[0]['case_number']}",  # answered by the reply test, or open
        "/staff",
        "/access-log",
        "/queue",
        "/queue/counters/5",
    ]


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_console_pages_pass_axe_and_vnu(browser, console: Console, tmp_path: Path, lang) -> None:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    try:
        problems: dict[str, list[str]] = {}
        files: list[Path] = []

        def check(page: Any, label: str) -> None:
            found = run_axe(page)
            if found:
                problems[label] = found
            files.append(tmp_path / f"page{len(files)}.html")
            files[-1].write_text(page.content(), encoding="utf-8")

        page = context.new_page()
        page.goto(f"{console.admin}/sign-in?lang={lang}")
        check(page, "sign-in")
        page.fill("#login", "boss")
        page.fill("#secret", "wrong")
        page.click("button[type=submit]:not(.secondary)")
        page.wait_for_selector("#error-summary")
        check(page, "sign-in with an error")
        page.fill("#secret", STAFF_SECRET)
        page.click("button[type=submit]:not(.secondary)")
        page.wait_for_url(console.admin + "/day")
        for path in _console_pages(console):
            page.goto(console.admin + path)
            check(page, path)
        number = console.cases[2]["case_number"]
        page.goto(f"{console.admin}/cases/{number}")
        page.fill("#days", "99")
        page.click("form:has(#days) button")
        page.wait_for_selector("#error-summary")
        check(page, "classify with an error")
        page.goto(console.admin + "/book?service=household&date=2026-12-02")
        page.click("main form[method=post] button[type=submit]")
        page.wait_for_selector("#error-summary")
        check(page, "booking with errors")
        phone = browser.new_context(viewport=PHONE)
        try:
            phone.add_cookies(context.cookies())
            small = phone.new_page()
            for path in (
                "/sign-in",
                f"/day?date={DAY}",
                f"/cases/{number}",
                "/book",
                "/staff",
                "/queue/counters/5",
            ):
                small.goto(console.admin + path)
                wide = small.evaluate("() => document.documentElement.scrollWidth")
                if wide > PHONE["width"]:
                    problems[f"360 px {path}"] = [f"page is {wide} px wide"]
        finally:
            phone.close()
        for message in _run_vnu(files):
            problems.setdefault("vnu", []).append(f"{message.get('url')}: {message['message']}")
        assert not problems, problems
    finally:
        context.close()
