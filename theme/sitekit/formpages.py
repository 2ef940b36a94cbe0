"""The citizen-facing forms (booking, feedback, case status, cancel) rendered at build time.

The services, their rules and the personal-data notices come from the same files the form
backend enforces (``content/data/booking.yml`` and ``content/data/forms.yml``), read with the
backend's own loaders, so a page can never promise something the backend does not do.

Each form is a plain HTML ``<form>`` that works without JavaScript (native validation, a POST
or GET to ``/api``, and the backend's server-rendered result page); ``forms.js`` enhances it
(JSON with an Idempotency-Key, slot picker, GOV.UK error summary, inline results). Every text
the script shows is rendered here, in the page's language, into ``data-strings``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from forms_lambda.domain.definitions import (
    NOTICE_ITEMS,
    PERSONAL_DATA_RIGHTS,
    DefinitionsError,
    FormDefinition,
    FormDefinitions,
    load_definitions,
)
from forms_lambda.domain.messages import MESSAGES
from forms_lambda.domain.rules import BookingRules, RulesError, Service, load_rules
from forms_lambda.domain.yamlfile import load_yaml
from theme.sitekit.errors import ContentError

MARKER = re.compile(r"<!--\s*hro-form:\s*([A-Za-z0-9_-]*)\s*-->")
FEEDBACK_FORMS = ("mailbox", "complaint", "suggestion", "survey")
KINDS = ("booking", *FEEDBACK_FORMS, "personal-data", "status", "cancel")

W: dict[str, dict[str, str]] = {
    "zh-TW": {
        "required": "（必填）",
        "optional": "（選填）",
        "summary_title": "有問題需要修正",
        "step_service": "選擇服務",
        "step_time": "選擇日期與時段",
        "step_you": "您的聯絡資料",
        "step_notice": "個人資料蒐集告知事項",
        "slot_label": "預約日期及時間",
        "slot_hint": "請輸入上列服務可預約的日期及開始時間（臺灣時間），例如 {example}。"
        "若該時段已額滿，下一頁會列出最近的空檔。",
        "date_label": "日期",
        "times_legend": "時段（括號內為剩餘名額）",
        "choose_service_first": "請先選擇服務。",
        "choose_date": "請選擇日期",
        "loading": "正在讀取可預約時段…",
        "no_slots": "此日期沒有可預約的時段，請選擇其他日期。",
        "no_dates": "目前沒有可預約的日期，請電話洽詢。",
        "full": "額滿",
        "left": "剩 {n} 位",
        "load_failed": "無法讀取可預約時段，請稍後再試或來電預約。",
        "days": "可預約日：",
        "hours": "時間：",
        "slot_len": "每 {n} 分鐘一個時段，每時段 {c} 位",
        "saturday": "週六上午 {start}–{end} 亦可預約",
        "holiday": "僅限本所公告之假日結婚登記日（須 {n} 個工作天前預約，最遠 {max} 日內）",
        "window": "可預約 {min}–{max} 日內的時段，前一日 {cutoff} 截止",
        "bring": "應備文件：",
        "in_person": "預約後仍須本人（或受委託人）攜帶文件親自到所辦理。",
        "weekday_names": "一二三四五六日",
        "weekday_prefix": "週",
        "list_sep": "、",
        "notice_agency": "蒐集機關",
        "notice_purpose": "蒐集目的",
        "notice_data_categories": "個人資料類別",
        "notice_use": "利用期間、地區、對象及方式",
        "notice_rights": "您的權利",
        "notice_if_not_provided": "不提供之影響",
        "notice_version": "告知事項版本：{v}",
        "consent": "我已閱讀並同意上述個人資料蒐集告知事項",
        "honeypot": "請勿填寫此欄",
        "submit_booking": "送出預約",
        "submit_feedback": "送出",
        "submit_status": "查詢",
        "submit_cancel": "查詢預約",
        "sending": "送出中，請稍候…",
        "retry": "網路連線失敗，請再送出一次（不會重複登記）。",
        "done_booking": "預約成功",
        "done_feedback": "已收到您的來信",
        "reference": "預約編號",
        "service": "服務項目",
        "date": "日期",
        "time": "時間",
        "ics": "加入行事曆（.ics 檔）",
        "cancel_link": "取消這個預約",
        "cancel_keep": "確認信已寄到您的電子郵件信箱，內含取消連結。沒有確認信時，"
        "可用預約編號及查詢碼查詢或取消。",
        "case_number": "案號",
        "token": "查詢密碼",
        "pin": "查詢碼",
        "token_hint": "請記下案號及查詢碼（6 位數字），以查詢辦理情形。",
        "status": "辦理情形",
        "due_date": "預定回覆日期",
        "status_link": "查詢辦理情形",
        "reply": "本所回覆",
        "no_reply": "尚未回覆。",
        "status_open": "處理中",
        "status_awaiting_confirmation": "等待您點選確認信中的連結",
        "status_answered": "已回覆",
        "status_confirmed": "已確認",
        "status_cancelled": "已取消",
        "status_no_show": "未到",
        "confirm_email": "請點選確認信中的連結，本所收到確認後開始處理。",
        "cancel_button": "確認取消預約",
        "cancelled": "預約已取消，該時段已開放給其他民眾。",
        "slot_full_title": "這個時段剛剛額滿",
        "rating_1": "1 非常不滿意",
        "rating_2": "2 不滿意",
        "rating_3": "3 普通",
        "rating_4": "4 滿意",
        "rating_5": "5 非常滿意",
        "right_legend": "您要行使的權利（個人資料保護法第 3 條）",
        "status_heading": "查詢結果",
        "booking_heading": "您的預約",
        "reference_label": "預約編號",
        "token_label": "取消密碼（確認信中連結的 token）",
        "case_label": "案號",
        "case_token_label": "查詢密碼",
    },
    "en": {
        "required": " (required)",
        "optional": " (optional)",
        "summary_title": "There is a problem",
        "step_service": "Choose a service",
        "step_time": "Choose a date and time",
        "step_you": "Your contact details",
        "step_notice": "Personal data notice",
        "slot_label": "Date and time of the appointment",
        "slot_hint": "Enter a date and start time the service above offers (Taiwan time), "
        "for example {example}. If that time is full, the next page lists the nearest free times.",
        "date_label": "Date",
        "times_legend": "Time (places left in brackets)",
        "choose_service_first": "Choose a service first.",
        "choose_date": "Choose a date",
        "loading": "Loading free times…",
        "no_slots": "No free times on this date; please choose another date.",
        "no_dates": "No dates can be booked now; please call us.",
        "full": "full",
        "left": "{n} left",
        "load_failed": "The free times could not be loaded; please try again later or call us.",
        "days": "Days: ",
        "hours": "Hours: ",
        "slot_len": "one appointment every {n} minutes, {c} per slot",
        "saturday": "also Saturday mornings {start}–{end}",
        "holiday": "only on the holiday marriage dates the office announces "
        "(book at least {n} working days and at most {max} days ahead)",
        "window": "book {min} to {max} days ahead, by {cutoff} the day before",
        "bring": "What to bring: ",
        "in_person": "You (or the person you authorise) must still come to the office "
        "with the documents.",
        "weekday_names": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
        "weekday_prefix": "",
        "list_sep": ", ",
        "notice_agency": "Collecting agency",
        "notice_purpose": "Purpose",
        "notice_data_categories": "Categories of personal data",
        "notice_use": "Period, area, recipients and manner of use",
        "notice_rights": "Your rights",
        "notice_if_not_provided": "If you do not provide it",
        "notice_version": "Notice version: {v}",
        "consent": "I have read and agree to the personal data notice above",
        "honeypot": "Leave this field empty",
        "submit_booking": "Book the appointment",
        "submit_feedback": "Send",
        "submit_status": "Look up",
        "submit_cancel": "Find the booking",
        "sending": "Sending, please wait…",
        "retry": "The connection failed; please send again (you will not be booked twice).",
        "done_booking": "Your appointment is booked",
        "done_feedback": "We have received your message",
        "reference": "Reference",
        "service": "Service",
        "date": "Date",
        "time": "Time",
        "ics": "Add to calendar (.ics file)",
        "cancel_link": "Cancel this appointment",
        "cancel_keep": "A confirmation with the cancel link has been e-mailed to you. Without "
        "it, the reference and PIN look up or cancel the booking.",
        "case_number": "Case number",
        "token": "Token",
        "pin": "PIN",
        "token_hint": "Write down the case number and PIN (6 digits) to check on your case.",
        "status": "Status",
        "due_date": "Reply due by",
        "status_link": "Check the status",
        "reply": "Our reply",
        "no_reply": "No reply yet.",
        "status_open": "Being handled",
        "status_awaiting_confirmation": "Waiting for you to click the link in the e-mail",
        "status_answered": "Answered",
        "status_confirmed": "Confirmed",
        "status_cancelled": "Cancelled",
        "status_no_show": "Missed",
        "confirm_email": "Please click the link in the e-mail we sent; we start once you confirm.",
        "cancel_button": "Cancel the appointment",
        "cancelled": "The appointment is cancelled and its time is free for others.",
        "slot_full_title": "That time has just been taken",
        "rating_1": "1 Very dissatisfied",
        "rating_2": "2 Dissatisfied",
        "rating_3": "3 Neutral",
        "rating_4": "4 Satisfied",
        "rating_5": "5 Very satisfied",
        "right_legend": "The right you want to use (Personal Data Protection Act Art. 3)",
        "status_heading": "Result",
        "booking_heading": "Your booking",
        "reference_label": "Reference",
        "token_label": "Cancel token (the token in the e-mail's link)",
        "case_label": "Case number",
        "case_token_label": "Token",
    },
}

FIELD_INPUT = {
    "name": ('type="text"', "name"),
    "phone": ('type="tel"', "tel"),
    "email": ('type="email"', "email"),
    "id_number": ('type="text" spellcheck="false"', "off"),
    "subject": ('type="text"', "off"),
}
FIELD_HINT = {
    "zh-TW": {
        "phone": "手機或含區碼的市話，例如 0912-345-678 或 04-2222-0000",
        "email": "確認信會寄到這裡，例如 name@example.com",
        "id_number": "選填；本所只保存雜湊值及末 4 碼，用於「每人每日限預約一次」",
    },
    "en": {
        "phone": "A mobile or a landline with its area code, e.g. 0912-345-678 or 04-2222-0000",
        "email": "We send the confirmation here, e.g. name@example.com",
        "id_number": "Optional; we keep only a keyed hash and the last 4 characters, "
        "for the one-booking-a-day rule",
    },
}
MAX_LENGTH = {"name": 60, "phone": 40, "email": 254, "id_number": 20, "subject": 120}


@dataclass(frozen=True)
class FormData:
    rules: BookingRules
    definitions: FormDefinitions
    labels: dict[tuple[str, str], dict[str, str]]  # (form, field) -> label per language


def load(booking_file: Path, forms_file: Path, shown_booking: str, shown_forms: str) -> FormData:
    """Read both data files with the backend's loaders; a mistake stops the build."""
    try:
        rules = load_rules(booking_file)
    except (OSError, RulesError) as error:
        raise ContentError(
            shown_booking, f"預約規則檔有誤 / the booking rules are wrong: {error}"
        ) from None
    try:
        definitions = load_definitions(forms_file)
    except (OSError, DefinitionsError) as error:
        raise ContentError(
            shown_forms, f"表單定義檔有誤 / the form definitions are wrong: {error}"
        ) from None
    return FormData(rules, definitions, _labels(load_yaml(forms_file)))


def _lang_key(lang: str) -> str:
    return "en" if lang == "en" else "zh-TW"


def _api_page(lang: str, path: str) -> str:
    """The backend's server-rendered page (no-JavaScript result) for this language."""
    return f"/api/pages/{'en/' if lang == 'en' else ''}{path}"


# --- pieces ---------------------------------------------------------------------------------
def _error_summary(form_id: str, w: dict[str, str]) -> str:
    return (
        f'<div class="hro-error-summary" id="{form_id}-errors" role="region" tabindex="-1" hidden '
        f'aria-labelledby="{form_id}-errors-title">'
        f'<h2 class="hro-error-summary__title" id="{form_id}-errors-title">'
        f"{escape(w['summary_title'])}</h2>"
        f'<ul class="hro-error-summary__list"></ul></div>'
    )


def _error_slot(field_id: str) -> str:
    return f'<p class="hro-field-error" id="{field_id}-error" hidden></p>'


def _label_suffix(required: bool, w: dict[str, str]) -> str:
    return f'<span class="hro-req">{escape(w["required" if required else "optional"])}</span>'


def _text_field(
    form_id: str, name: str, label: str, required: bool, lang: str, multiline: bool = False
) -> str:
    w = W[lang]
    field_id = f"{form_id}-{name}"
    hint = FIELD_HINT[lang].get(name)
    described = [f"{field_id}-hint"] if hint else []
    attrs = f'id="{field_id}" name="{name}"' + (" required" if required else "")
    if described:
        attrs += f' aria-describedby="{" ".join(described)}"'
    if multiline:
        limit = 5000 if name == "message" else 500
        control = f'<textarea {attrs} rows="6" maxlength="{limit}"></textarea>'
    else:
        kind, autocomplete = FIELD_INPUT.get(name, ('type="text"', "off"))
        control = (
            f'<input {kind} {attrs} autocomplete="{autocomplete}" '
            f'maxlength="{MAX_LENGTH.get(name, 200)}">'
        )
    hint_html = f'<p class="hro-hint" id="{field_id}-hint">{escape(hint)}</p>' if hint else ""
    return (
        f'<div class="hro-field" data-field="{name}">'
        f'<label class="hro-label" for="{field_id}">{escape(label)}{_label_suffix(required, w)}'
        f"</label>{hint_html}{_error_slot(field_id)}{control}</div>"
    )


def _notice(form: FormDefinition, form_id: str, lang: str, version: str) -> str:
    w = W[lang]
    key = _lang_key(lang)
    items = "".join(
        f"<dt>{escape(w['notice_' + item])}</dt><dd>{escape(form.notice[item][key])}</dd>"
        for item in NOTICE_ITEMS
    )
    field_id = f"{form_id}-consent"
    return (
        f'<section class="hro-notice" aria-labelledby="{form_id}-notice">'
        f'<h2 id="{form_id}-notice">{escape(w["step_notice"])}</h2>'
        f'<dl class="hro-notice__items">{items}</dl>'
        f'<p class="hro-hint">{escape(w["notice_version"].format(v=version))}</p>'
        f'<div class="hro-field hro-check" data-field="consent">{_error_slot(field_id)}'
        f'<input type="checkbox" id="{field_id}" name="consent" value="true" required>'
        f'<label for="{field_id}">{escape(w["consent"])}{_label_suffix(True, w)}</label>'
        f"</div></section>"
    )


def _honeypot(form_id: str, w: dict[str, str]) -> str:
    return (
        f'<div class="hro-hp"><label for="{form_id}-website">{escape(w["honeypot"])}</label>'
        f'<input type="text" id="{form_id}-website" name="website" tabindex="-1" '
        f'autocomplete="off"></div>'
    )


def _submit(text: str, w: dict[str, str]) -> str:
    return (
        f'<div class="hro-actions"><button type="submit" class="md-button md-button--primary '
        f'hro-submit">{escape(text)}</button>'
        f'<p class="hro-busy" role="status" aria-live="polite"></p></div>'
    )


def _strings(lang: str, keys: tuple[str, ...]) -> str:
    w = W[lang]
    data = {k: w[k] for k in keys}
    data["messages"] = {code: text[_lang_key(lang)] for code, text in MESSAGES.items()}
    return escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


JS_KEYS = (
    "summary_title",
    "choose_service_first",
    "choose_date",
    "loading",
    "no_slots",
    "no_dates",
    "full",
    "left",
    "load_failed",
    "sending",
    "retry",
    "done_booking",
    "done_feedback",
    "reference",
    "service",
    "date",
    "time",
    "ics",
    "cancel_link",
    "cancel_keep",
    "case_number",
    "token",
    "pin",
    "token_hint",
    "status",
    "due_date",
    "status_link",
    "reply",
    "no_reply",
    "status_open",
    "status_awaiting_confirmation",
    "status_answered",
    "status_confirmed",
    "status_cancelled",
    "status_no_show",
    "confirm_email",
    "cancel_button",
    "cancelled",
    "slot_full_title",
    "bring",
    "status_heading",
    "booking_heading",
    "weekday_names",
    "weekday_prefix",
)


def _form_open(form_id: str, kind: str, lang: str, action: str, method: str = "post") -> str:
    return (
        f'<form class="hro-form" id="{form_id}-form" data-hro-id="{form_id}" '
        f'data-hro-form="{kind}" action="{action}" '
        f'method="{method}" data-lang="{_lang_key(lang)}" '
        f'data-strings="{_strings(lang, JS_KEYS)}">'
        f'<input type="hidden" name="lang" value="{_lang_key(lang)}">'
    )


def _result_region(form_id: str) -> str:
    return (
        f'<div class="hro-result" id="{form_id}-result" role="region" tabindex="-1" hidden '
        f'aria-labelledby="{form_id}-result-title"></div>'
    )


# --- booking ---------------------------------------------------------------------------------
def _weekdays(service: Service, w: dict[str, str], lang: str) -> str:
    names = w["weekday_names"].split(",") if lang == "en" else list(w["weekday_names"])
    return w["list_sep"].join(w["weekday_prefix"] + names[d] for d in sorted(service.weekdays))


def _service_rules(service: Service, rules: BookingRules, lang: str) -> str:
    w = W[lang]
    key = _lang_key(lang)
    hours = w["list_sep"].join(
        f"{p.start.strftime('%H:%M')}–{p.end.strftime('%H:%M')}" for p in service.hours
    )
    parts = []
    if service.holiday_marriage:
        window = rules.holiday_window
        parts.append(w["holiday"].format(n=window.min_days_ahead, max=window.max_days_ahead))
    else:
        parts.append(f"{w['days']}{_weekdays(service, w, lang)}")
        if service.saturday_morning and rules.saturday_hours:
            start = rules.saturday_hours.start.strftime("%H:%M")
            end = rules.saturday_hours.end.strftime("%H:%M")
            parts.append(w["saturday"].format(start=start, end=end))
        window = rules.window
        parts.append(
            w["window"].format(
                min=window.min_days_ahead,
                max=window.max_days_ahead,
                cutoff=window.cutoff.strftime("%H:%M"),
            )
        )
    parts.append(f"{w['hours']}{hours}")
    parts.append(w["slot_len"].format(n=service.slot_minutes, c=service.capacity))
    sep = "；" if lang != "en" else "; "
    return (
        f"<span>{escape(sep.join(parts))}</span>"
        f"<span>{escape(w['bring'] + service.bring[key])}</span>"
    )


def _booking_form(data: FormData, lang: str) -> str:
    w = W[lang]
    key = _lang_key(lang)
    rules = data.rules
    form = data.definitions.forms["booking"]
    fid = "booking"
    services = []
    for service in rules.services.values():
        sid = f"{fid}-service-{service.id}"
        services.append(
            f'<div class="hro-radio"><input type="radio" id="{sid}" name="service" '
            f'value="{escape(service.id)}" required aria-describedby="{sid}-rules">'
            f'<label for="{sid}">{escape(service.name[key])}</label>'
            f'<p class="hro-hint hro-rules" id="{sid}-rules">'
            f"{_service_rules(service, rules, lang)}</p></div>"
        )
    first = next(iter(rules.services.values()), None)
    example = "2026-12-01 09:30"
    if first is not None and first.hours:
        example = f"2026-12-01 {first.hours[0].start.strftime('%H:%M')}"
    slot_id = f"{fid}-slot"
    step_minutes = min((s.slot_minutes for s in rules.services.values()), default=15)
    personal = "".join(
        _text_field(fid, name, _field_label(data, form, name, key), required, lang, name == "note")
        for name, required in form.fields.items()
    )
    return (
        f"{_error_summary(fid, w)}{_result_region(fid)}"
        f"{_form_open(fid, 'booking', lang, '/api/bookings')}"
        f'<fieldset class="hro-fieldset hro-field" data-field="service" id="{fid}-service">'
        f'<legend class="hro-legend">1. {escape(w["step_service"])}'
        f"{_label_suffix(True, w)}</legend>{_error_slot(fid + '-service')}"
        f'<div class="hro-radios">{"".join(services)}</div>'
        f'<p class="hro-hint">{escape(w["in_person"])}</p></fieldset>'
        f'<fieldset class="hro-fieldset" id="{fid}-when">'
        f'<legend class="hro-legend">2. {escape(w["step_time"])}</legend>'
        f'<div class="hro-field hro-nojs-slot" data-field="slot">'
        f'<label class="hro-label" for="{slot_id}">{escape(w["slot_label"])}'
        f"{_label_suffix(True, w)}</label>"
        f'<p class="hro-hint" id="{slot_id}-hint">{escape(w["slot_hint"].format(example=example))}'
        f"</p>{_error_slot(slot_id)}"
        f'<input type="datetime-local" id="{slot_id}" name="slot" required '
        f'step="{step_minutes * 60}" aria-describedby="{slot_id}-hint"></div>'
        f'<div class="hro-picker" hidden>'
        f'<div class="hro-field" data-field="date">'
        f'<label class="hro-label" for="{fid}-date">{escape(w["date_label"])}'
        f"{_label_suffix(True, w)}</label>{_error_slot(fid + '-date')}"
        f'<select id="{fid}-date"><option value="">'
        f"{escape(w['choose_service_first'])}</option></select></div>"
        f'<fieldset class="hro-field hro-times" data-field="slot-picker" id="{fid}-times">'
        f'<legend class="hro-label">{escape(w["times_legend"])}{_label_suffix(True, w)}</legend>'
        f"{_error_slot(fid + '-times')}"
        f'<p class="hro-hint hro-times__status" role="status" aria-live="polite"></p>'
        f'<div class="hro-slots"></div></fieldset></div></fieldset>'
        f'<fieldset class="hro-fieldset"><legend class="hro-legend">3. {escape(w["step_you"])}'
        f"</legend>{personal}</fieldset>"
        f"{_notice(form, fid, lang, data.definitions.notice_version)}"
        f"{_honeypot(fid, w)}{_submit(w['submit_booking'], w)}</form>"
    )


def _labels(raw: object) -> dict[tuple[str, str], dict[str, str]]:
    """Field labels as forms.yml gives them (the backend keeps only the required flags)."""
    labels: dict[tuple[str, str], dict[str, str]] = {}
    forms = raw.get("forms") if isinstance(raw, dict) else None
    for form_id, item in (forms or {}).items():
        for spec in (item or {}).get("fields") or []:
            if isinstance(spec, dict) and isinstance(spec.get("label"), dict):
                labels[(form_id, str(spec.get("name")))] = {
                    str(k): str(v) for k, v in spec["label"].items()
                }
    return labels


def _field_label(data: FormData, form: FormDefinition, name: str, key: str) -> str:
    return data.labels.get((form.id, name), {}).get(key) or name


# --- feedback --------------------------------------------------------------------------------
def _ratings(form_id: str, form: FormDefinition, intro: str, lang: str) -> str:
    """One fieldset per survey question: its text is the legend, five radios rate it 1–5.

    Each group is named rating_<question id>, the name the backend reports an error under, so
    the error summary links to the question that was skipped.
    """
    w = W[lang]
    key = _lang_key(lang)
    groups = []
    for qid, text in form.questions:
        name = f"rating_{qid}"
        box = f"{form_id}-{name}"
        options = "".join(
            f'<div class="hro-radio hro-radio--inline"><input type="radio" '
            f'id="{box}-{n}" name="{name}" value="{n}" required>'
            f'<label for="{box}-{n}">{escape(w[f"rating_{n}"])}</label></div>'
            for n in range(1, 6)
        )
        groups.append(
            f'<fieldset class="hro-field hro-rating" data-field="{name}" id="{box}">'
            f'<legend class="hro-label">{escape(text[key])}{_label_suffix(True, w)}</legend>'
            f'{_error_slot(box)}<div class="hro-radios">{options}</div></fieldset>'
        )
    return f'<p class="hro-rating-intro">{escape(intro)}</p>{"".join(groups)}'


def _rights(form_id: str, lang: str) -> str:
    w = W[lang]
    key = _lang_key(lang)
    options = "".join(
        f'<div class="hro-radio"><input type="radio" id="{form_id}-right-{right}" '
        f'name="right" value="{right}" required><label for="{form_id}-right-{right}">'
        f"{escape(names[key])}</label></div>"
        for right, names in PERSONAL_DATA_RIGHTS.items()
    )
    return (
        f'<fieldset class="hro-field" data-field="right" id="{form_id}-right">'
        f'<legend class="hro-label">{escape(w["right_legend"])}{_label_suffix(True, w)}</legend>'
        f'{_error_slot(form_id + "-right")}<div class="hro-radios">{options}</div></fieldset>'
    )


def _feedback_form(data: FormData, kind: str, lang: str) -> str:
    w = W[lang]
    key = _lang_key(lang)
    form_kind = kind.replace("-", "_")  # the page personal-data posts kind personal_data
    form = data.definitions.forms[form_kind]
    fid = f"feedback-{kind}"
    fields = []
    for name, required in form.fields.items():
        label = _field_label(data, form, name, key)
        if name == "ratings":
            fields.append(_ratings(fid, form, label, lang))
        elif name == "right":
            fields.append(_rights(fid, lang))
        else:
            fields.append(_text_field(fid, name, label, required, lang, name == "message"))
    return (
        f"{_error_summary(fid, w)}{_result_region(fid)}"
        f"{_form_open(fid, 'feedback', lang, '/api/feedback')}"
        f'<input type="hidden" name="kind" value="{form_kind}">'
        f"{''.join(fields)}{_notice(form, fid, lang, data.definitions.notice_version)}"
        f"{_honeypot(fid, w)}{_submit(w['submit_feedback'], w)}</form>"
    )


def _lookup_form(kind: str, lang: str) -> str:
    """Case status (case number + token) or booking lookup for cancelling (reference + token).

    Without JavaScript it is a GET to the backend's server-rendered page; with it, inline."""
    w = W[lang]
    fid = kind
    if kind == "status":
        fields = (("case_number", w["case_label"]), ("token", w["case_token_label"]))
        action, submit = _api_page(lang, "feedback/status/"), w["submit_status"]
    else:
        fields = (("reference", w["reference_label"]), ("token", w["token_label"]))
        action, submit = _api_page(lang, "booking/cancel/"), w["submit_cancel"]
    inputs = "".join(
        f'<div class="hro-field" data-field="{name}"><label class="hro-label" '
        f'for="{fid}-{name}">{escape(label)}{_label_suffix(True, w)}</label>'
        f"{_error_slot(f'{fid}-{name}')}"
        f'<input type="text" id="{fid}-{name}" name="{name}" required autocomplete="off" '
        f'spellcheck="false" maxlength="100"></div>'
        for name, label in fields
    )
    return (
        f"{_error_summary(fid, w)}{_form_open(fid, kind, lang, action, 'get')}"
        f"{inputs}{_submit(submit, w)}</form>{_result_region(fid)}"
    )


# --- entry point -----------------------------------------------------------------------------
def render(data: FormData, kind: str, lang: str) -> str:
    if kind == "booking":
        return _booking_form(data, lang)
    if kind in FEEDBACK_FORMS or kind == "personal-data":
        return _feedback_form(data, kind, lang)
    return _lookup_form(kind, lang)


def expand(markdown: str, data_of, lang: str, src: str) -> str:  # type: ignore[no-untyped-def]
    """Replace each ``<!-- hro-form: KIND -->`` marker; an unknown kind stops the build."""

    def replace(match: re.Match[str]) -> str:
        kind = match.group(1)
        if kind not in KINDS:
            line = markdown.count("\n", 0, match.start()) + 1
            raise ContentError(
                src,
                f"未知的表單種類 {kind!r} / unknown form kind {kind!r}; "
                f"可用 / use one of: {', '.join(KINDS)}",
                line,
            )
        return f'\n\n<div class="hro-form-wrap">{render(data_of(), kind, lang)}</div>\n\n'

    return MARKER.sub(replace, markdown)
