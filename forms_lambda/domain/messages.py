"""Every message a citizen can see, in zh-TW and English, keyed by a stable code."""

# ruff: noqa: E501 - one message per line reads better than wrapped Chinese text

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # field problems (422)
    "required": {"zh-TW": "此欄為必填。", "en": "This field is required."},
    "not_text": {"zh-TW": "格式不正確，請輸入文字。", "en": "Please enter text."},
    "too_long": {"zh-TW": "內容過長，請精簡。", "en": "This is too long; please shorten it."},
    "control_chars": {
        "zh-TW": "含有不允許的控制字元。",
        "en": "This contains characters that are not allowed.",
    },
    "name_invalid": {
        "zh-TW": "請輸入姓名（中文、原住民族羅馬拼音、英文字母，可含空格及間隔號「·」）。",
        "en": "Please enter a name (Chinese characters or letters; spaces, apostrophes and middle dots are fine).",
    },
    "phone_invalid": {
        "zh-TW": "請輸入臺灣手機（09xx-xxx-xxx）或市話（含區碼），亦可用 +886 開頭。",
        "en": "Please enter a Taiwan mobile (09xx-xxx-xxx) or landline number with area code; +886 is fine.",
    },
    "email_invalid": {
        "zh-TW": "請輸入有效的電子郵件地址，例如 name@example.com。",
        "en": "Please enter a valid e-mail address, such as name@example.com.",
    },
    "id_invalid": {
        "zh-TW": "身分證統一編號或居留證號碼格式或檢查碼不正確。",
        "en": "This national ID or resident certificate number is not valid (format or check digit).",
    },
    "digits_ascii_only": {
        "zh-TW": "請使用半形數字 0–9 輸入。",
        "en": "Please use the digits 0–9.",
    },
    "reference_invalid": {
        "zh-TW": "預約編號是 B 開頭再加 8 個英數字，例如 B7K3M9Q2X。",
        "en": "The booking reference is B and 8 letters or digits, such as B7K3M9Q2X.",
    },
    "case_number_invalid": {
        "zh-TW": "案號是 8 位日期加 4 位序號，例如 20261201-0001。",
        "en": "The case number is an 8-digit date and a 4-digit number, such as 20261201-0001.",
    },
    "pin_invalid": {
        "zh-TW": "查詢碼是 6 位數字，在預約成功頁面及確認信中。",
        "en": "The PIN is 6 digits; it is on the confirmation page and in the e-mail.",
    },
    "consent_required": {
        "zh-TW": "請閱讀個人資料蒐集告知事項並勾選同意。",
        "en": "Please read the personal data notice and tick to agree.",
    },
    "lang_invalid": {"zh-TW": "語言須為 zh-TW 或 en。", "en": "Language must be zh-TW or en."},
    "service_unknown": {"zh-TW": "查無此服務項目。", "en": "There is no such service."},
    "slot_format": {
        "zh-TW": "時段格式應為 YYYY-MM-DDTHH:MM（臺灣時間）。",
        "en": "The time slot must look like YYYY-MM-DDTHH:MM (Taiwan time).",
    },
    "slot_past": {
        "zh-TW": "此時段已過，請選擇其他時段。",
        "en": "This time has passed; please choose another.",
    },
    "slot_closed_day": {
        "zh-TW": "當天為放假日，本所不受理預約。",
        "en": "The office is closed that day.",
    },
    "slot_not_offered": {
        "zh-TW": "此服務在該時間不提供預約，請選擇列出的時段。",
        "en": "This service is not offered at that time; please pick one of the listed slots.",
    },
    "slot_outside_window": {
        "zh-TW": "此時段不在可預約期間內（請於前一日 15:00 前、7 日內預約；假日結婚登記為 3 個工作日前至 30 日內）。",
        "en": "This slot cannot be booked now (book 1–7 days ahead by 15:00 the day before; holiday marriage 3 working days to 30 days ahead).",
    },
    "date_format": {
        "zh-TW": "日期格式應為 YYYY-MM-DD。",
        "en": "The date must look like YYYY-MM-DD.",
    },
    "kind_invalid": {
        "zh-TW": "類別須為 mailbox、complaint、suggestion、survey 或 personal_data。",
        "en": "Kind must be mailbox, complaint, suggestion, survey or personal_data.",
    },
    "rating_invalid": {"zh-TW": "請以 1 到 5 評分。", "en": "Please rate from 1 to 5."},
    "rating_required": {
        "zh-TW": "請為這一題選擇 1 到 5 分。",
        "en": "Choose a rating from 1 to 5 for this question.",
    },
    "right_invalid": {
        "zh-TW": "請選擇要行使的權利：閱覽、複製、更正、停止利用或刪除。",
        "en": "Choose the right you want to use: see, copy, correct, stop use or delete.",
    },
    "honeypot": {"zh-TW": "此欄位請留空。", "en": "Leave this field empty."},
    "token_required": {"zh-TW": "需要查詢密碼。", "en": "The token is required."},
    "reply_required": {"zh-TW": "請輸入回覆內容。", "en": "Please enter the reply."},
    "class_invalid": {
        "zh-TW": "分類須為 simple、multi_unit 或 complex。",
        "en": "Class must be simple, multi_unit or complex.",
    },
    "days_invalid": {
        "zh-TW": "處理天數須為 1 至 30 的整數。",
        "en": "Days must be a whole number from 1 to 30.",
    },
    "status_invalid": {
        "zh-TW": "狀態須為 open、awaiting_confirmation、answered 或 all。",
        "en": "Status must be open, awaiting_confirmation, answered or all.",
    },
    "format_invalid": {
        "zh-TW": "格式須為 json、csv 或 ods。",
        "en": "Format must be json, csv or ods.",
    },
    "unknown_field": {
        "zh-TW": "本表單不收集此欄位。",
        "en": "This form does not collect this field.",
    },
    # staff fields
    "staff_name_invalid": {
        "zh-TW": "請輸入同仁姓名（40 字以內）。",
        "en": "Enter the person's name (at most 40 characters).",
    },
    "staff_role_invalid": {
        "zh-TW": "角色須為 counter（櫃台）、mailbox（信箱）、supervisor（主管）或 device（叫號機）。",
        "en": "The role must be counter, mailbox, supervisor or device.",
    },
    "staff_device_no_secret": {
        "zh-TW": "叫號機帳號沒有密碼、不能登入；請改發 API 權杖。",
        "en": "A queue device has no secret and never signs in; issue it an API token instead.",
    },
    "staff_login_invalid": {
        "zh-TW": "帳號須以小寫英文字母開頭，2 至 32 個字元，可含數字、點、底線或連字號。",
        "en": "A login starts with a lower-case letter and has 2 to 32 letters, digits, dots, underscores or hyphens.",
    },
    "staff_login_taken": {
        "zh-TW": "這個帳號已有人使用，請換一個。",
        "en": "That login is taken; choose another.",
    },
    # the counter queue (staff console and the ticket machine's reports)
    "queue_counter_unknown": {
        "zh-TW": "沒有這個櫃台（請用 content/data/queue.yml 裡的櫃台代號）。",
        "en": "There is no such counter (use a counter id from content/data/queue.yml).",
    },
    "queue_service_unknown": {
        "zh-TW": "沒有這項叫號服務（請用 content/data/queue.yml 裡的服務代號）。",
        "en": "There is no such queue service (use a service id from content/data/queue.yml).",
    },
    "queue_service_not_at_counter": {
        "zh-TW": "這個櫃台不叫這項服務的號碼；櫃台有多項服務時須指明 service。",
        "en": "This counter does not call that service; name the service when a counter has several.",
    },
    "queue_number_range": {
        "zh-TW": "號碼須為 1 到 9999 的整數。",
        "en": "A number must be a whole number from 1 to 9999.",
    },
    "queue_waiting_range": {
        "zh-TW": "等候人數須為 0 到 999 的整數。",
        "en": "The people waiting must be a whole number from 0 to 999.",
    },
    "queue_backwards": {
        "zh-TW": "號碼不能比這個櫃台今天已叫到的號碼小；沒有任何資料被變更。",
        "en": "A number cannot be lower than the one this counter has already called today; nothing was changed.",
    },
    "queue_duplicate": {
        "zh-TW": "同一次回報中重複出現。",
        "en": "This appears twice in one report.",
    },
    "queue_list": {"zh-TW": "應為清單（陣列）。", "en": "This must be a list (an array)."},
    "queue_item": {
        "zh-TW": '每一項應為物件，例如 {"counter": "1", "number": 125}。',
        "en": 'Each item must be an object, such as {"counter": "1", "number": 125}.',
    },
    "queue_too_many": {
        "zh-TW": "項目比設定的櫃台或服務還多。",
        "en": "More items than there are counters or services.",
    },
    "queue_report_empty": {
        "zh-TW": "請回報至少一個櫃台號碼（counters）或等候人數（waiting）。",
        "en": "Report at least one counter's number (counters) or a waiting count (waiting).",
    },
    "queue_action_unknown": {
        "zh-TW": "叫號動作須為 next、recall 或 skip。",
        "en": "The queue action must be next, recall or skip.",
    },
    "queue_nothing_called": {
        "zh-TW": "這個櫃台今天還沒有叫號。",
        "en": "This counter has not called a number today.",
    },
    "queue_busy": {
        "zh-TW": "多個櫃台同時叫號，請再按一次。",
        "en": "Several counters called at once; please press again.",
    },
    "channel_invalid": {
        "zh-TW": "請選擇電話或臨櫃。",
        "en": "Choose phone or counter.",
    },
    "note_required": {"zh-TW": "請說明需要修改之處。", "en": "Say what needs changing."},
    "range_invalid": {
        "zh-TW": "起日不能晚於迄日。",
        "en": "The first day cannot be after the last.",
    },
    "range_too_long": {
        "zh-TW": "一次最多查看 31 天。",
        "en": "Look at 31 days at most at a time.",
    },
    # whole-request problems
    "invalid": {"zh-TW": "部分欄位需要修正。", "en": "Some fields need correcting."},
    "slot_full": {
        "zh-TW": "此時段已額滿，請選擇其他時段。",
        "en": "This slot is full; please choose another.",
    },
    "already_booked_that_day": {
        "zh-TW": "每人每日限預約一個時段，您當天已有預約。",
        "en": "One booking per person per day: you already have one that day.",
    },
    "blocked_no_show": {
        "zh-TW": "因預約未到達 3 次，暫停網路預約 6 個月；請現場抽號辦理。",
        "en": "After three missed appointments, online booking is paused for six months; please take a ticket at the office.",
    },
    "malformed": {"zh-TW": "無法解讀送出的資料。", "en": "The request body could not be read."},
    "too_large": {"zh-TW": "送出的資料過大。", "en": "The request body is too large."},
    "unsupported_media_type": {
        "zh-TW": "僅接受 JSON 或表單格式。",
        "en": "Only JSON or form-encoded bodies are accepted.",
    },
    "rate_limited": {
        "zh-TW": "請求過於頻繁，請稍後再試。",
        "en": "Too many requests; please try again shortly.",
    },
    "not_found": {
        "zh-TW": "查無資料，或查詢密碼不正確。",
        "en": "Not found, or the token is wrong.",
    },
    "pin_wrong": {
        "zh-TW": "查無資料，或編號、查詢碼不正確。請核對後再試；同一編號每天最多可試 5 次。",
        "en": "Not found, or the number or PIN is wrong. Check them and try again; each number allows 5 tries a day.",
    },
    "pin_locked": {
        "zh-TW": "這個編號輸入錯誤的查詢碼次數太多，暫停以查詢碼查詢。請使用確認信中的連結，或來電由承辦人員協助。",
        "en": "Too many wrong PINs were tried for this number, so PIN look-ups are paused. Use the link in your e-mail, or call us and we will help.",
    },
    "method_not_allowed": {"zh-TW": "不支援此請求方式。", "en": "This method is not allowed here."},
    "unauthorized": {"zh-TW": "需要有效的同仁授權碼。", "en": "A valid staff token is required."},
    "already_cancelled": {"zh-TW": "此預約已取消。", "en": "This booking was already cancelled."},
    "not_cancellable": {
        "zh-TW": "此預約已無法取消。",
        "en": "This booking can no longer be cancelled.",
    },
    "idempotency_conflict": {
        "zh-TW": "相同的 Idempotency-Key 已用於不同內容的請求。",
        "en": "This Idempotency-Key was already used for a different request.",
    },
    "not_answerable": {"zh-TW": "此案件目前無法回覆。", "en": "This case cannot be answered now."},
    "not_pending": {
        "zh-TW": "此案件沒有待核可的回覆（可能已由其他主管處理）。",
        "en": "This case has no reply waiting for approval (another supervisor may have handled it).",
    },
    "not_yet": {
        "zh-TW": "這個預約的時間還沒到，不能標記未到。",
        "en": "This appointment's time has not come yet, so it cannot be marked as missed.",
    },
    "not_undoable": {
        "zh-TW": "只能在當天復原同仁所做的未到或取消。",
        "en": "Only a no-show or a cancellation made by staff can be taken back, on the day it was made.",
    },
    "forbidden": {
        "zh-TW": "您的角色沒有這項權限。",
        "en": "Your role does not allow this.",
    },
    "internal": {
        "zh-TW": "系統暫時無法處理，請稍後再試或來電洽詢。",
        "en": "Something went wrong on our side; please try again later or call us.",
    },
}

LANGS = ("zh-TW", "en")


def text(code: str, lang: str) -> str:
    return MESSAGES[code]["en" if lang == "en" else "zh-TW"]


def bilingual(code: str) -> str:
    """Both languages in one line, for answers whose reader's language is unknown."""
    entry = MESSAGES[code]
    return f"{entry['zh-TW']} / {entry['en']}"
