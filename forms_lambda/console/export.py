"""Staff exports: the columns, the words for codes, and the CSV and ODS files.

The one place that says what an export holds. The console's downloads (downloads.py, accounts.py) and the staff
JSON API (staff_api.py) call download(); the JSON API's json_rows() keeps the record's own keys
and codes (`status: confirmed`), which scripts rely on.

A file is written for the office: Chinese column names and values by default (狀態: 已預約, the
service's name from booking.yml, 逾期: 是), English with `lang=en`; dates as 2026-12-07 or, with
`dates=roc`, as 民國115年12月7日 (English: ROC 115-12-07), times as HH:MM; phone numbers as people
dial them (0912-345-678, (04)2222-0000).

Formulas: a CSV cell is only text, which a spreadsheet reads as a formula when it starts with
= + - @ (or tab / CR), so those cells get a leading apostrophe and an exported complaint cannot
run anything on a staff computer. An ODS cell needs no such guard: each is written as
office:value-type="string" with its text in <text:p>, and an OpenDocument application evaluates
only a cell's table:formula attribute, which is never written; the text "=1+1" stays text.
"""

# ruff: noqa: E501 - the ODF XML templates are kept on one line each
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from flask import Response

from forms_lambda.domain.audit import ACTIONS, OUTCOMES
from forms_lambda.domain.definitions import PERSONAL_DATA_RIGHTS
from forms_lambda.domain.messages import LANGS
from forms_lambda.domain.staff import ROLE_NAMES
from forms_lambda.domain.validation import local_phone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ROC_OFFSET = 1911  # 民國1年 is 1912


@dataclass(frozen=True)
class Options:
    """What the person asked for: lang=en for English, dates=roc for ROC dates."""

    lang: str = "zh-TW"
    roc: bool = False

    @classmethod
    def from_query(cls, args: Mapping[str, str], default_lang: str) -> Options:
        asked = args.get("lang")
        return cls(
            lang=str(asked) if asked in LANGS else default_lang, roc=args.get("dates") == "roc"
        )


@dataclass(frozen=True)
class Context:
    """What turning codes into words needs: the options and the office's data."""

    options: Options
    services: Mapping[str, Any]  # booking.yml's services: id -> Service (name per language)
    forms: Mapping[str, Any]  # forms.yml's forms: id -> FormDefinition (title per language)

    @property
    def lang(self) -> str:
        return self.options.lang


Show = Callable[[object, Context], object]


@dataclass(frozen=True)
class Column:
    key: str  # the record's key: the JSON API's name for it
    names: tuple[str, str]  # column name in zh-TW and English
    show: Show | None = None  # the value as the file shows it (None: as stored)

    def name(self, lang: str) -> str:
        return self.names[1] if lang == "en" else self.names[0]


# --- values -------------------------------------------------------------------------------------
def words(table: Mapping[str, tuple[str, str]]) -> Show:
    """A code shown as its words in the file's language (an unknown code as it is)."""

    def show(value: object, ctx: Context) -> object:
        pair = table.get(str(value))
        return (pair[1] if ctx.lang == "en" else pair[0]) if pair else value

    return show


def day_text(day: date, ctx: Context) -> str:
    if not ctx.options.roc:
        return day.isoformat()
    year = day.year - ROC_OFFSET
    if ctx.lang == "en":
        return f"ROC {year}-{day.month:02d}-{day.day:02d}"
    return f"民國{year}年{day.month}月{day.day}日"


def _date(value: object, ctx: Context) -> object:
    """2026-12-07 (or the date part of a time) as the options want it."""
    try:
        return day_text(date.fromisoformat(str(value)[:10]), ctx)
    except ValueError:
        return value


def _time(value: object, ctx: Context) -> object:
    text = str(value or "")
    return text[11:16] if len(text) >= 16 else ""


def _moment(value: object, ctx: Context) -> object:
    """2026-11-27T10:00:05 as 2026-11-27 10:00 (or 民國115年11月27日 10:00)."""
    text = str(value or "")
    return f"{_date(text, ctx)} {_time(text, ctx)}" if len(text) >= 16 else _date(text, ctx)


def _moment_seconds(value: object, ctx: Context) -> object:
    """The access log's times keep their seconds: 2026-11-27 10:00:05."""
    text = str(value or "")
    return f"{_date(text, ctx)} {text[11:19]}" if len(text) >= 19 else _moment(text, ctx)


def _phone(value: object, ctx: Context) -> object:
    return local_phone(str(value)) if value else ""


def _service(value: object, ctx: Context) -> object:
    service = ctx.services.get(str(value))
    return service.name[ctx.lang] if service else value


def _kind(value: object, ctx: Context) -> object:
    form = ctx.forms.get(str(value))
    return form.title[ctx.lang] if form else value


def _right(value: object, ctx: Context) -> object:
    names = PERSONAL_DATA_RIGHTS.get(str(value))
    return names[ctx.lang] if names else value


LANGUAGE = words({"zh-TW": ("中文", "Chinese"), "en": ("英文", "English")})
CHANNEL = words(
    {"web": ("網路", "Web"), "phone": ("電話", "Phone"), "counter": ("臨櫃", "Counter")}
)
REVIEW = words(
    {"pending": ("待主管核可", "Awaiting approval"), "returned": ("已退回修改", "Returned")}
)
ROLE = words({role: (names["zh-TW"], names["en"]) for role, names in ROLE_NAMES.items()})
ACTION = words(ACTIONS)
OUTCOME = words(OUTCOMES)
YES_NO = words({"True": ("是", "Yes"), "False": ("否", "No")})
BOOKING_STATUS = words(
    {
        "confirmed": ("已預約", "Booked"),
        "cancelled": ("已取消", "Cancelled"),
        "no_show": ("未到", "Missed"),
    }
)
CASE_STATUS = words(
    {
        "open": ("處理中", "Open"),
        "awaiting_confirmation": ("待民眾確認", "Awaiting the citizen's confirmation"),
        "answered": ("已回覆", "Answered"),
    }
)
HANDLING_CLASS = words(
    {
        "simple": ("簡易案件", "Simple"),
        "multi_unit": ("須會辦其他單位", "Involves other units"),
        "complex": ("複雜案件", "Complex"),
    }
)

# --- the columns --------------------------------------------------------------------------------
BOOKING_COLUMNS = (
    Column("reference", ("預約編號", "Reference")),
    Column("service", ("服務項目", "Service"), _service),
    Column("slot", ("預約日期", "Date"), _date),
    Column("slot", ("時間", "Time"), _time),
    Column("status", ("狀態", "Status"), BOOKING_STATUS),
    Column("channel", ("管道", "Channel"), CHANNEL),
    Column("name", ("姓名", "Name")),
    Column("phone", ("電話", "Phone"), _phone),
    Column("email", ("電子郵件", "E-mail")),
    Column("lang", ("語言", "Language"), LANGUAGE),
    Column("note", ("備註", "Note")),
    Column("id_last4", ("身分證號末4碼", "ID number, last 4")),
    Column("consent_version", ("同意之告知事項版本", "Notice version agreed")),
    Column("created_at", ("登記時間", "Booked at"), _moment),
    Column("cancelled_at", ("取消時間", "Cancelled at"), _moment),
    Column("created_by", ("登記同仁", "Booked by (staff)")),
    Column("status_changed_by", ("狀態變更同仁", "Status changed by (staff)")),
)
FEEDBACK_COLUMNS = (
    Column("case_number", ("案號", "Case number")),
    Column("kind", ("類別", "Kind"), _kind),
    Column("status", ("狀態", "Status"), CASE_STATUS),
    Column("overdue", ("逾期", "Overdue"), YES_NO),
    Column("due_date", ("回覆期限", "Reply due"), _date),
    Column("handling_class", ("分類", "Class"), HANDLING_CLASS),
    Column("received_at", ("收件時間", "Received"), _moment),
    Column("name", ("姓名", "Name")),
    Column("email", ("電子郵件", "E-mail")),
    Column("phone", ("電話", "Phone"), _phone),
    Column("subject", ("主旨", "Subject")),
    Column("right", ("請求之權利", "Right asked for"), _right),
    Column("message", ("來信內容", "Message")),
    Column("ratings", ("", "")),  # replaced by one rating_<question id> column per question
    Column("lang", ("語言", "Language"), LANGUAGE),
    Column("review_state", ("核可狀態", "Review"), REVIEW),
    Column("reply", ("本所回覆", "Our reply")),
    Column("replied_at", ("回覆時間", "Replied"), _moment),
    Column("replied_by", ("承辦同仁", "Written by")),
    Column("reviewed_by", ("核可主管", "Approved by")),
    Column("consent_version", ("同意之告知事項版本", "Notice version agreed")),
)
ACCESS_COLUMNS = (
    Column("at", ("時間", "Time"), _moment_seconds),
    Column("actor", ("帳號", "Login")),
    Column("role", ("角色", "Role"), ROLE),
    Column("action", ("動作", "Action"), ACTION),
    Column("target", ("資料", "Record")),
    Column("outcome", ("結果", "Outcome"), OUTCOME),
    Column("detail", ("說明", "Detail")),
)
SHEETS = {
    "bookings": ("預約名單", "Bookings"),
    "feedback": ("意見案件", "Feedback cases"),
    "access": ("存取紀錄", "Access log"),
}


def columns(kind: str, forms: Mapping[str, Any]) -> tuple[Column, ...]:
    """The columns of an export; for feedback, one rating column per survey question."""
    if kind == "bookings":
        return BOOKING_COLUMNS
    if kind == "access":
        return ACCESS_COLUMNS
    questions = {
        qid: (f"滿意度：{text['zh-TW']}", f"Rating: {text['en']}")
        for form in forms.values()
        for qid, text in form.questions
    }
    ratings = tuple(Column(f"rating_{qid}", names) for qid, names in questions.items())
    at = next(i for i, c in enumerate(FEEDBACK_COLUMNS) if c.key == "ratings")
    return (*FEEDBACK_COLUMNS[:at], *ratings, *FEEDBACK_COLUMNS[at + 1 :])


# --- answers --------------------------------------------------------------------------------------
def json_rows(app_backend: Any, kind: str, rows: Sequence[Mapping[str, Any]]) -> list[dict]:
    """The rows for scripts: the record's keys and codes, one key per column."""
    keys = dict.fromkeys(c.key for c in columns(kind, app_backend.definitions.forms))
    return [{key: row.get(key) for key in keys} for row in rows]


def download(
    app_backend: Any,
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    name: str,
    args: Mapping[str, str],
    default_lang: str,
) -> Response | None:
    """The CSV or ODS file (args: format, lang, dates), or None for an unknown format."""
    wanted = args.get("format", "csv")
    if wanted not in ("csv", "ods"):
        return None
    ctx = Context(
        Options.from_query(args, default_lang),
        app_backend.rules.services,
        app_backend.definitions.forms,
    )
    chosen = columns(kind, ctx.forms)
    header = [c.name(ctx.lang) for c in chosen]
    table = [[_value(c, row, ctx) for c in chosen] for row in rows]
    if wanted == "csv":
        response = Response(to_csv(header, table), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    else:
        sheet = SHEETS[kind][1 if ctx.lang == "en" else 0]
        response = Response(to_ods(sheet, header, table), mimetype=ODS_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{wanted}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _value(column: Column, row: Mapping[str, Any], ctx: Context) -> object:
    value = row.get(column.key)
    if value is None or value == "":
        return ""
    return column.show(value, ctx) if column.show else value


# --- the files ------------------------------------------------------------------------------------
def neutralise(value: object) -> str:
    """The CSV guard: a cell a spreadsheet would read as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""

CONTENT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="{name}">
"""
CONTENT_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>\n"


def _cell(value: object) -> str:
    """A text cell, as typed: never a formula (see the module's docstring), so no apostrophe."""
    text = escape("" if value is None else str(value))
    paragraphs = "".join(f"<text:p>{line}</text:p>" for line in text.split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def to_ods(sheet_name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    body = io.StringIO()
    body.write(CONTENT_HEAD.format(name=escape(sheet_name, {'"': "&quot;"})))
    for row in [header, *rows]:
        body.write("<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>\n")
    body.write(CONTENT_TAIL)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype entry must come first and be stored uncompressed (ODF 1.2 §3.3).
        archive.writestr(
            zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", body.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
