"""Server-rendered result pages for the forms when JavaScript is off.

A static page cannot read its query string without JavaScript, so a form-encoded POST gets
``303`` to one of these small pages (settings.RESULT_PAGES), which the backend renders from the
record itself: the booking's reference and PIN, service, date, time, what to bring, the .ics and
cancel links; the next free slots when a slot was just taken; a case's status and the staff
reply. The e-mail links open them too, so they work in any browser. Two pages take a reference
or case number and the 6-digit PIN instead of a link (booking/find/, feedback/find/): a form
posted to the page itself, so the PIN never sits in an address. Plain HTML, no
script and no inline style (the site's Content-Security-Policy allows neither): it links the
site's ``forms.css``. The page's language comes from its path (``/api/pages/en/...`` is English).
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, redirect, request

from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.domain.messages import MESSAGES, text
from forms_lambda.domain.records import Booking, Feedback
from forms_lambda.web import HttpError, RequestLinks, backend, check_rate_limit

pages = Blueprint("pages", __name__, url_prefix="/api/pages")

T: dict[str, dict[str, str]] = {
    "zh-TW": {
        "html_lang": "zh-Hant-TW",
        "skip": "跳到主要內容",
        "home": "回首頁",
        "booking_page": "回預約申辦",
        "feedback_page": "回意見信箱",
        "done_booking": "預約成功",
        "reference": "預約編號",
        "service": "服務項目",
        "date": "日期",
        "time": "時間",
        "bring": "應備文件",
        "status": "狀態",
        "ics": "加入行事曆（.ics 檔）",
        "cancel_link": "取消這個預約",
        "keep": "確認信已寄到您的電子郵件信箱。請記下預約編號及查詢碼（沒有確認信時，"
        "可用這兩項查詢或取消預約），並準時攜帶文件到所。",
        "pin": "查詢碼",
        "use_pin": "沒有連結？改用編號及 6 位數字查詢碼",
        "full_title": "這個時段剛剛額滿",
        "full_intro": "您選的時段在您送出前已被預約完畢，您的資料沒有送出。最近仍有空位的時段：",
        "full_none": "近期已無空位，請改日再試或來電預約。",
        "full_back": "請按瀏覽器的「上一頁」回到表單（您填寫的資料仍會保留），"
        "改填上列其中一個時段後再送出。",
        "choose_again": "重新選擇時段",
        "left": "剩 {n} 位",
        "refused_title": "無法完成預約",
        "invalid_title": "有問題需要修正",
        "invalid_back": "請按瀏覽器的「上一頁」回到表單（您填寫的資料仍會保留），"
        "修正下列欄位後再送出：",
        "cancel_title": "取消預約",
        "cancel_button": "確認取消預約",
        "cancelled_title": "預約已取消",
        "cancelled": "預約 {ref} 已取消，該時段已開放給其他民眾。",
        "book_again": "重新預約",
        "not_found_title": "查無資料",
        "lookup_title_booking": "查詢預約",
        "lookup_title_case": "案件查詢",
        "lookup_button": "查詢",
        "token": "查詢密碼",
        "cancel_token": "取消密碼",
        "case_number": "案號",
        "done_feedback": "已收到您的來信",
        "token_hint": "請記下案號及查詢碼（6 位數字），以查詢辦理情形。",
        "find_booking_title": "查詢或取消預約",
        "find_booking_intro": "請輸入預約編號及查詢碼（6 位數字），"
        "兩者都在預約成功頁面及確認信中。",
        "find_case_title": "案件查詢",
        "find_case_intro": "請輸入案號及查詢碼（6 位數字），兩者都在收件頁面及收件通知信中。",
        "reference_hint": "B 開頭共 9 個字，例如 B7K3M9Q2X",
        "case_hint": "例如 20261201-0001",
        "pin_hint": "6 位數字",
        "problem": "有問題需要修正",
        "find_help": "找不到這些資料時，請來電 {phone}，由承辦人員協助。",
        "confirm_email": "請點選確認信中的連結，本所收到確認後開始處理。",
        "due_date": "預定回覆日期",
        "status_link": "查詢辦理情形",
        "status_title": "案件辦理情形",
        "reply": "本所回覆",
        "no_reply": "尚未回覆。",
        "confirmed_title": "已確認您的來信",
        "confirmed": "案號 {case} 已確認，本所開始處理並計算處理期限。",
        "busy_title": "請稍後再試",
        "status_open": "處理中",
        "status_awaiting_confirmation": "等待您點選確認信中的連結",
        "status_answered": "已回覆",
        "status_confirmed": "已確認",
        "status_cancelled": "已取消",
        "status_no_show": "未到",
        "weekdays": "一二三四五六日",
        "sep": "：",
    },
    "en": {
        "html_lang": "en",
        "skip": "Skip to main content",
        "home": "Home",
        "booking_page": "Back to booking",
        "feedback_page": "Back to feedback",
        "done_booking": "Your appointment is booked",
        "reference": "Reference",
        "service": "Service",
        "date": "Date",
        "time": "Time",
        "bring": "What to bring",
        "status": "Status",
        "ics": "Add to calendar (.ics file)",
        "cancel_link": "Cancel this appointment",
        "keep": "A confirmation has been e-mailed to you. Keep the reference and PIN (with them "
        "you can look up or cancel the booking without the e-mail), and bring the documents "
        "on time.",
        "pin": "PIN",
        "use_pin": "No link? Use the number and the 6-digit PIN instead",
        "full_title": "That time has just been taken",
        "full_intro": "The time you chose was fully booked before your form arrived; nothing "
        "was saved. The nearest times with free places:",
        "full_none": "There are no free places soon; please try again later or call us.",
        "full_back": "Use your browser's Back button to return to the form (what you typed is "
        "kept), enter one of these times and send it again.",
        "choose_again": "Choose another time",
        "left": "{n} left",
        "refused_title": "The booking could not be made",
        "invalid_title": "There is a problem",
        "invalid_back": "Use your browser's Back button to return to the form (what you typed "
        "is kept), correct these fields and send it again:",
        "cancel_title": "Cancel a booking",
        "cancel_button": "Cancel the appointment",
        "cancelled_title": "Booking cancelled",
        "cancelled": "Booking {ref} is cancelled; its time is free for others.",
        "book_again": "Book again",
        "not_found_title": "Not found",
        "lookup_title_booking": "Find a booking",
        "lookup_title_case": "Case status",
        "lookup_button": "Look up",
        "token": "Token",
        "cancel_token": "Cancel token",
        "case_number": "Case number",
        "done_feedback": "We have received your message",
        "token_hint": "Write down the case number and PIN (6 digits) to check on your case.",
        "find_booking_title": "Find or cancel a booking",
        "find_booking_intro": "Enter the booking reference and the 6-digit PIN; both are on the "
        "confirmation page and in the e-mail.",
        "find_case_title": "Case status",
        "find_case_intro": "Enter the case number and the 6-digit PIN; both are on the receipt "
        "page and in the e-mail we sent.",
        "reference_hint": "B and 8 more letters or digits, such as B7K3M9Q2X",
        "case_hint": "Such as 20261201-0001",
        "pin_hint": "6 digits",
        "problem": "There is a problem",
        "find_help": "If you cannot find them, call us on {phone} and we will help.",
        "confirm_email": "Please click the link in the e-mail we sent; we start once you confirm.",
        "due_date": "Reply due by",
        "status_link": "Check the status",
        "status_title": "Case status",
        "reply": "Our reply",
        "no_reply": "No reply yet.",
        "confirmed_title": "Your message is confirmed",
        "confirmed": "Case {case} is confirmed; we have started on it and its deadline runs "
        "from today.",
        "busy_title": "Please try again shortly",
        "status_open": "Being handled",
        "status_awaiting_confirmation": "Waiting for you to click the link in the e-mail",
        "status_answered": "Answered",
        "status_confirmed": "Confirmed",
        "status_cancelled": "Cancelled",
        "status_no_show": "Missed",
        "weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "sep": ": ",
    },
}

FIELD_LABELS = {
    "service": {"zh-TW": "服務項目", "en": "Service"},
    "slot": {"zh-TW": "預約日期及時間", "en": "Date and time"},
    "name": {"zh-TW": "姓名", "en": "Name"},
    "phone": {"zh-TW": "聯絡電話", "en": "Phone"},
    "email": {"zh-TW": "電子郵件", "en": "E-mail"},
    "id_number": {"zh-TW": "身分證統一編號或居留證號碼", "en": "National ID or resident number"},
    "note": {"zh-TW": "備註", "en": "Note"},
    "consent": {"zh-TW": "個人資料蒐集告知事項", "en": "Personal data notice"},
    "subject": {"zh-TW": "主旨", "en": "Subject"},
    "message": {"zh-TW": "內容", "en": "Message"},
    "rating": {"zh-TW": "滿意度", "en": "Rating"},
    "ratings": {"zh-TW": "滿意度", "en": "Ratings"},
    "right": {"zh-TW": "您要行使的權利", "en": "The right you want to use"},
    "kind": {"zh-TW": "類別", "en": "Kind"},
    "lang": {"zh-TW": "語言", "en": "Language"},
}
NEXT_FREE = 6  # how many free slots the "just taken" page offers


def _lang(prefix: str) -> str:
    return "en" if prefix == "en" else "zh-TW"


def _site(path: str, lang: str) -> str:
    """A page of the static site in this language (same origin, or FORMS_SITE_URL)."""
    base = backend().settings.site_url
    return f"{base}{'/en' if lang == 'en' else ''}{path}"


def _site_asset(path: str) -> str:
    """The site's own stylesheet (same origin; the site's CSP allows no inline style)."""
    return f"{backend().settings.site_url}/assets/{path}"


def _page(
    lang: str,
    title: str,
    body: str,
    status: int = 200,
    back: str = "",
    styles: tuple[str, ...] = ("forms.css",),
) -> Response:
    t = T[lang]
    links = f'<p><a href="{escape(back)}">{escape(_back_text(back, lang))}</a></p>' if back else ""
    sheets = "".join(
        f'<link rel="stylesheet" href="{escape(_site_asset(f"stylesheets/{name}"))}">'
        for name in styles
    )
    html = (
        f'<!DOCTYPE html><html lang="{t["html_lang"]}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex">'
        f"<title>{escape(title)} - {escape(backend().office.names[lang])}</title>"
        f'{sheets}</head><body class="hro-page">'
        f'<a class="skip" href="#main">{escape(t["skip"])}</a>'
        f'<header><a href="{escape(_site("/", lang))}">{escape(backend().office.names[lang])}'
        f"</a></header>"
        f'<main id="main"><h1>{escape(title)}</h1>{body}{links}'
        f'<p><a href="{escape(_site("/", lang))}">{escape(t["home"])}</a></p></main>'
        f"</body></html>"
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the query holds a token
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _back_text(back: str, lang: str) -> str:
    return T[lang]["feedback_page" if "/feedback/" in back else "booking_page"]


def _rows(rows: list[tuple[str, Any]]) -> str:
    items = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(str(value))}</dd>"
        for label, value in rows
        if value not in (None, "")
    )
    return f"<dl>{items}</dl>"


def _day(text_value: str, lang: str) -> str:
    try:
        day = date.fromisoformat(text_value[:10])
    except ValueError:
        return text_value
    names = T[lang]["weekdays"]
    name = names.split()[day.weekday()] if lang == "en" else f"週{names[day.weekday()]}"
    return f"{day.isoformat()} ({name})" if lang == "en" else f"{day.isoformat()}（{name}）"


def _arg(name: str) -> str:
    value = request.args.get(name, "")
    return value.strip()[:200]


# --- bookings -----------------------------------------------------------------------------------
def _booking_done(lang: str) -> Response:
    t = T[lang]
    reference, token = _arg("reference"), _arg("token")
    try:
        booking: Booking | None = backend().bookings.get(reference, token)
    except NotFound:  # a caught bot's post is sent here too: it must look the same
        booking = backend().bookings.decoy(reference, token)
    if booking is None:
        return _not_found(lang, "/booking/")
    service = backend().rules.services.get(booking.service)
    query = urlencode({"token": token})
    api = f"/api/bookings/{quote(booking.reference)}"
    cancel = (
        f"{_here(lang, 'booking/cancel/')}?{urlencode({'reference': reference, 'token': token})}"
    )
    body = (
        '<div class="box">'
        + _rows(
            [
                (t["reference"], booking.reference),
                (t["pin"], backend().hasher.pin(token)),
                (t["service"], service.name[lang] if service else booking.service),
                (t["date"], _day(booking.slot, lang)),
                (t["time"], booking.slot[11:16]),
                (t["bring"], service.bring[lang] if service else ""),
            ]
        )
        + f'<p><a href="{escape(api)}/calendar.ics?{escape(query)}" download>'
        f"{escape(t['ics'])}</a></p>"
        f'<p><a href="{escape(cancel)}">{escape(t["cancel_link"])}</a></p>'
        f"<p>{escape(t['keep'])}</p></div>"
    )
    return _page(lang, t["done_booking"], body, back=_site("/booking/", lang))


def _next_free(service_id: str, slot_text: str) -> list[dict[str, Any]]:
    """Up to NEXT_FREE free slots after the taken one (that day, then the next bookable days)."""
    b = backend()
    service = b.rules.services.get(service_id)
    if service is None:
        return []
    start_day = slot_text[:10]
    found: list[dict[str, Any]] = []
    for day in b.rules.bookable_dates(service, b.now()):
        if day.isoformat() < start_day:
            continue
        try:
            slots = b.bookings.slots(service.id, day.isoformat())
        except InvalidInput:
            continue
        found += [s for s in slots if s["remaining"] > 0 and s["start"] > slot_text]
        if len(found) >= NEXT_FREE:
            break
    return found[:NEXT_FREE]


def _booking_full(lang: str) -> Response:
    t = T[lang]
    service_id, slot = _arg("service"), _arg("slot")
    free = _next_free(service_id, slot)
    if free:
        items = "".join(
            f"<li>{escape(_day(s['start'], lang))} {escape(s['start'][11:16])}"
            f"{' (' if lang == 'en' else '（'}{escape(t['left'].format(n=s['remaining']))}"
            f"{')' if lang == 'en' else '）'}</li>"
            for s in free
        )
        listing = f"<p>{escape(t['full_intro'])}</p><ul>{items}</ul>"
    else:
        listing = f"<p>{escape(t['full_none'])}</p>"
    again = _site("/booking/", lang)
    if service_id and free:
        again += "?" + urlencode({"service": service_id, "date": free[0]["start"][:10]})
    body = (
        f'<div class="box problem"><p>{escape(text("slot_full", lang))}</p>{listing}'
        f"<p>{escape(t['full_back'])}</p>"
        f'<p><a href="{escape(again + "#book")}">{escape(t["choose_again"])}</a></p></div>'
    )
    return _page(lang, t["full_title"], body, status=200)


def _refused(lang: str, back_path: str) -> Response:
    t = T[lang]
    reason = _arg("reason")
    message = text(reason, lang) if reason in MESSAGES else text("internal", lang)
    body = f'<div class="box problem"><p>{escape(message)}</p></div>'
    return _page(lang, t["refused_title"], body, back=_site(back_path, lang))


def _question(field: str, lang: str) -> str:
    """A survey question's text for its rating_<id> field."""
    for form in backend().definitions.forms.values():
        for qid, names in form.questions:
            if field == f"rating_{qid}":
                return names[lang]
    return ""


def _invalid(lang: str, back_path: str) -> Response:
    t = T[lang]
    names = [n for n in _arg("fields").split(",") if n][:20]
    codes = _arg("codes").split(",")
    items = []
    for index, name in enumerate(names):
        code = codes[index] if index < len(codes) and codes[index] in MESSAGES else "invalid"
        label = FIELD_LABELS.get(name, {}).get(lang) or _question(name, lang) or name
        items.append(f"<li>{escape(label)}{t['sep']}{escape(text(code, lang))}</li>")
    body = (
        f'<div class="box problem"><p>{escape(t["invalid_back"])}</p>'
        f"<ul>{''.join(items)}</ul></div>"
    )
    return _page(lang, t["invalid_title"], body, back=_site(back_path, lang))


def _lookup_form(lang: str, page: str, fields: tuple[tuple[str, str], ...]) -> str:
    t = T[lang]
    inputs = "".join(
        f'<label for="f-{name}">{escape(label)}</label>'
        f'<input type="text" id="f-{name}" name="{name}" value="{escape(_arg(name))}" required '
        f'autocomplete="off">'
        for name, label in fields
    )
    find = "booking/find/" if page.startswith("booking/") else "feedback/find/"
    return (
        f'<form method="get" action="{escape(_here(lang, page))}">{inputs}'
        f'<p><button type="submit">{escape(t["lookup_button"])}</button></p></form>'
        f'<p><a href="{escape(_here(lang, find))}">{escape(t["use_pin"])}</a></p>'
    )


def _booking_cancel(lang: str) -> Response:
    t = T[lang]
    reference, token = _arg("reference"), _arg("token")
    fields = (("reference", t["reference"]), ("token", t["cancel_token"]))
    form = _lookup_form(lang, "booking/cancel/", fields)
    if not reference or not token:
        return _page(lang, t["cancel_title"], form, back=_site("/booking/", lang))
    try:
        booking = backend().bookings.get(reference, token)
    except NotFound:
        body = f'<div class="box problem"><p>{escape(text("not_found", lang))}</p></div>{form}'
        return _page(lang, t["cancel_title"], body, status=404, back=_site("/booking/", lang))
    details = _booking_rows(booking, lang)
    action = ""
    if booking.status == "confirmed":
        action = (
            f'<form method="post" action="/api/bookings/{escape(quote(booking.reference))}/cancel">'
            f'<input type="hidden" name="token" value="{escape(token)}">'
            f'<input type="hidden" name="lang" value="{lang}">'
            f'<button type="submit">{escape(t["cancel_button"])}</button></form>'
        )
    body = f'<div class="box">{details}{action}</div>'
    return _page(lang, t["cancel_title"], body, back=_site("/booking/", lang))


def _booking_rows(booking: Booking, lang: str) -> str:
    t = T[lang]
    service = backend().rules.services.get(booking.service)
    return _rows(
        [
            (t["reference"], booking.reference),
            (t["service"], service.name[lang] if service else booking.service),
            (t["date"], _day(booking.slot, lang)),
            (t["time"], booking.slot[11:16]),
            (t["status"], t.get(f"status_{booking.status}", booking.status)),
        ]
    )


def _booking_cancelled(lang: str) -> Response:
    t = T[lang]
    body = (
        f'<div class="box"><p>{escape(t["cancelled"].format(ref=_arg("reference")))}</p>'
        f'<p><a href="{escape(_site("/booking/", lang))}">{escape(t["book_again"])}</a></p></div>'
    )
    return _page(lang, t["cancelled_title"], body)


# --- feedback -------------------------------------------------------------------------------
def _feedback_done(lang: str) -> Response:
    t = T[lang]
    number, token = _arg("case_number"), _arg("token")
    try:
        case: Feedback | None = backend().feedback.get(number, token)
    except NotFound:  # a caught bot's post is sent here too: it must look the same
        case = backend().feedback.decoy(number, token)
    if case is None:
        return _not_found(lang, "/feedback/")
    status_url = (
        f"{_here(lang, 'feedback/status/')}?{urlencode({'case_number': number, 'token': token})}"
    )
    confirm = (
        f"<p>{escape(t['confirm_email'])}</p>" if case.status == "awaiting_confirmation" else ""
    )
    body = (
        '<div class="box">'
        + _rows(
            [
                (t["case_number"], case.case_number),
                (t["pin"], backend().hasher.pin(token)),
                (t["status"], t.get(f"status_{case.status}", case.status)),
                (t["due_date"], case.due_date),
            ]
        )
        + f"{confirm}<p>{escape(t['token_hint'])}</p>"
        f'<p><a href="{escape(status_url)}">{escape(t["status_link"])}</a></p></div>'
    )
    return _page(lang, t["done_feedback"], body, back=_site("/feedback/", lang))


def _feedback_status(lang: str) -> Response:
    t = T[lang]
    number, token = _arg("case_number"), _arg("token")
    fields = (("case_number", t["case_number"]), ("token", t["token"]))
    form = _lookup_form(lang, "feedback/status/", fields)
    if not number or not token:
        return _page(lang, t["status_title"], form, back=_site("/feedback/", lang))
    try:
        case = backend().feedback.get(number, token)
    except NotFound:
        body = f'<div class="box problem"><p>{escape(text("not_found", lang))}</p></div>{form}'
        return _page(lang, t["status_title"], body, status=404, back=_site("/feedback/", lang))
    return _page(lang, t["status_title"], _case_status(case, lang), back=_site("/feedback/", lang))


def _case_status(case: Feedback, lang: str) -> str:
    t = T[lang]
    return (
        '<div class="box">'
        + _rows(
            [
                (t["case_number"], case.case_number),
                (t["status"], t.get(f"status_{case.status}", case.status)),
                (t["due_date"], case.due_date),
            ]
        )
        + f'<h2>{escape(t["reply"])}</h2><p class="reply">{escape(case.reply or t["no_reply"])}'
        f"</p></div>"
    )


def _feedback_confirmed(lang: str) -> Response:
    t = T[lang]
    body = (
        f'<div class="box"><p>{escape(t["confirmed"].format(case=_arg("case_number")))}</p></div>'
    )
    return _page(lang, t["confirmed_title"], body, back=_site("/feedback/", lang))


# --- look-ups with a PIN ---------------------------------------------------------------------
def _posted(name: str) -> str:
    value = request.form.get(name, "") if request.method == "POST" else ""
    return value.strip()[:40]


def _pin_form(
    lang: str, page: str, number: tuple[str, str, str], errors: dict[str, str], extra: str = ""
) -> str:
    """The number (reference or case number) and PIN form, posted to the page itself; the PIN
    is never put back in the page."""
    t = T[lang]
    name, label, hint = number
    inputs = ""
    for field, field_label, field_hint, value, mode in (
        (name, label, hint, _posted(name), "text"),
        ("pin", t["pin"], t["pin_hint"], "", "numeric"),
    ):
        described = f"f-{field}-hint" + (f" f-{field}-error" if field in errors else "")
        error = (
            f'<p id="f-{field}-error"><strong>{escape(errors[field])}</strong></p>'
            if field in errors
            else ""
        )
        invalid = ' aria-invalid="true"' if field in errors else ""
        inputs += (
            f'<label for="f-{field}">{escape(field_label)}</label>'
            f'<p id="f-{field}-hint">{escape(field_hint)}</p>{error}'
            f'<input type="text" id="f-{field}" name="{field}" value="{escape(value)}" required '
            f'autocomplete="off" spellcheck="false" inputmode="{mode}" maxlength="40" '
            f'aria-describedby="{described}"{invalid}>'
        )
    return (
        f'<form method="post" action="{escape(_here(lang, page))}">{inputs}{extra}'
        f'<p><button type="submit">{escape(t["lookup_button"])}</button></p></form>'
    )


def _problems(lang: str, errors: dict[str, str]) -> str:
    """An error summary whose items lead to their fields (field "" is the whole form)."""
    t = T[lang]
    items = "".join(
        f'<li><a href="#f-{field}">{escape(message)}</a></li>'
        if field
        else f"<li>{escape(message)}</li>"
        for field, message in errors.items()
    )
    return (
        f'<div class="box problem" role="alert"><h2>{escape(t["problem"])}</h2>'
        f"<ul>{items}</ul></div>"
    )


def _pin_failure(error: Exception, lang: str) -> tuple[int, dict[str, str]]:
    """Status and messages for a refused PIN look-up; nothing was changed."""
    if isinstance(error, InvalidInput):
        return 422, {field: text(code, lang) for field, code in error.fields.items()}
    if isinstance(error, Refused):
        return (429 if error.code == "pin_locked" else 409), {"": text(error.code, lang)}
    return 404, {"": text("pin_wrong", lang)}


def _help(lang: str) -> str:
    phone = backend().office.phone.get(lang)
    return f"<p>{escape(T[lang]['find_help'].format(phone=phone))}</p>" if phone else ""


# page: (number field, its hint, title, introduction, the site page to go back to)
FIND_PAGES = {
    "booking/find/": ("reference", "reference_hint", "find_booking_title", "find_booking_intro"),
    "feedback/find/": ("case_number", "case_hint", "find_case_title", "find_case_intro"),
}


def _find(lang: str, page: str) -> Response:
    """The form (GET), or what a posted number and PIN open; a refusal shows the form again
    with the problems, and changes nothing."""
    field, hint, title, intro = FIND_PAGES[page]
    t = T[lang]
    back = _site("/booking/" if field == "reference" else "/feedback/", lang)
    status, errors = 200, {}
    if request.method == "POST":
        try:
            return _found(lang, page, _posted(field), _posted("pin"), back)
        except (InvalidInput, NotFound, Refused) as error:
            status, errors = _pin_failure(error, lang)
    body = (
        (_problems(lang, errors) if errors else "")
        + f"<p>{escape(t[intro])}</p>"
        + _pin_form(lang, page, (field, t[field], t[hint]), {k: v for k, v in errors.items() if k})
        + _help(lang)
    )
    return _page(lang, t[title], body, status=status, back=back)


def _found(lang: str, page: str, number: str, pin: str, back: str) -> Response:
    t = T[lang]
    if page == "feedback/find/":
        case = backend().feedback.get(number, None, pin)
        return _page(lang, t["find_case_title"], _case_status(case, lang), back=back)
    bookings = backend().bookings
    if request.form.get("action") == "cancel":
        cancelled = bookings.cancel(number, None, RequestLinks(), pin)
        query = urlencode({"reference": cancelled.reference})
        return redirect(f"{_here(lang, 'booking/cancelled/')}?{query}", 303)
    booking = bookings.get(number, None, pin)
    cancel = ""
    if booking.status == "confirmed":
        cancel = (
            f'<form method="post" action="{escape(_here(lang, page))}">'
            f'<input type="hidden" name="reference" value="{escape(booking.reference)}">'
            f'<input type="hidden" name="pin" value="{escape(pin)}">'
            '<input type="hidden" name="action" value="cancel">'
            f'<button type="submit">{escape(t["cancel_button"])}</button></form>'
        )
    body = f'<div class="box">{_booking_rows(booking, lang)}{cancel}</div>'
    return _page(lang, t["find_booking_title"], body, back=back)


def _busy(lang: str) -> Response:
    body = f'<div class="box problem"><p>{escape(text("rate_limited", lang))}</p></div>'
    return _page(lang, T[lang]["busy_title"], body)


def _not_found(lang: str, back_path: str) -> Response:
    body = f'<div class="box problem"><p>{escape(text("not_found", lang))}</p></div>'
    return _page(lang, T[lang]["not_found_title"], body, 404, back=_site(back_path, lang))


def _here(lang: str, page: str) -> str:
    return f"/api/pages/{'en/' if lang == 'en' else ''}{page}"


ROUTES = {
    "booking/done/": _booking_done,
    "booking/full/": _booking_full,
    "booking/refused/": lambda lang: _refused(lang, "/booking/"),
    "booking/invalid/": lambda lang: _invalid(lang, "/booking/"),
    "booking/cancel/": _booking_cancel,
    "booking/cancelled/": _booking_cancelled,
    "feedback/done/": _feedback_done,
    "feedback/invalid/": lambda lang: _invalid(lang, "/feedback/"),
    "feedback/confirmed/": _feedback_confirmed,
    "feedback/status/": _feedback_status,
    "booking/find/": lambda lang: _find(lang, "booking/find/"),
    "feedback/find/": lambda lang: _find(lang, "feedback/find/"),
    "busy/": _busy,
}


@pages.before_request
def _guard() -> None:
    check_rate_limit(backend())


@pages.route("/<path:page>", methods=["GET", "POST"])
def result_page(page: str) -> Response:
    prefix, _, rest = page.partition("/")
    lang = _lang(prefix)
    name = rest if prefix == "en" else page
    if not name.endswith("/"):
        name += "/"
    view = ROUTES.get(name)
    if view is None:
        raise HttpError(404, "not_found")
    if request.method == "POST" and name not in FIND_PAGES:
        raise HttpError(405, "method_not_allowed", headers={"Allow": "GET"})
    return view(lang)
