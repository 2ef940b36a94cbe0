"""The counters' queue buttons (線上叫號) and the ticket machine's report endpoint.

A clerk opens their counter's page once (/api/admin/queue/counters/<id>) and uses it all day on
a touch screen: a large "next number" button per service the counter calls, "call again"
(recall) and "missed" (skip: the number is marked missed and the next one called). Each press
is a plain form POST answered by a redirect back to the page (works without JavaScript, and a
reload never presses twice); the form carries the number the page showed, so a double tap calls
one number, not two.

A ticket machine or the office's queue system reports with a device account's API token
(POST /api/admin/queue/feed). Both write through QueueDesk (domain/queue.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Response, redirect, request, url_for

from forms_lambda.api.queue_html import BOARD_PAGES
from forms_lambda.api.queue_html import WORDS as BOARD_WORDS
from forms_lambda.console.blueprint import (
    both,
    console,
    console_lang,
    error_page,
    one,
    render,
    trace,
)
from forms_lambda.console.staff_api import staff_api
from forms_lambda.console.staff_api import trace as api_trace
from forms_lambda.domain.common import InvalidInput, NotFound, Refused
from forms_lambda.domain.messages import bilingual
from forms_lambda.domain.queue import QueueConflict
from forms_lambda.web import backend, error_response, json_response, needs, read_body

# ruff: noqa: E501 - one sentence per line reads better than wrapped Chinese text
WORDS: dict[str, dict[str, str]] = {
    "zh-TW": {
        "heading": "叫號",
        "intro": "請選擇您的櫃台。櫃台頁可加入書籤，整天開著使用；按鈕適合觸控螢幕。",
        "caption": "各櫃台目前號碼",
        "col_counter": "櫃台",
        "col_services": "叫號服務",
        "col_number": "目前號碼",
        "open": "開啟",
        "now": "目前號碼",
        "none": "今天還沒叫號",
        "called_at": "{time} 叫號",
        "next": "下一號",
        "recall": "重新叫號",
        "skip": "過號，叫下一號",
        "waiting": "{service}：等候 {n} 人",
        "waiting_unknown": "{service}：等候人數未知（沒有叫號機回報）",
        "missed": "今天過號：{numbers}",
        "done_next": "已叫 {number} 號（{service}）。",
        "done_recall": "已重新叫 {number} 號。",
        "done_skip": "{missed} 號已記為過號，已叫 {number} 號。",
        "unchanged": "這個櫃台已經叫到 {number} 號，沒有重複叫號。",
        "board": "民眾看到的叫號頁",
        "back": "回櫃台列表",
    },
    "en": {
        "heading": "Queue",
        "intro": "Choose your counter. Bookmark its page and keep it open all day; the buttons suit a touch screen.",
        "caption": "Number now called at each counter",
        "col_counter": "Counter",
        "col_services": "Services",
        "col_number": "Now calling",
        "open": "Open",
        "now": "Now calling",
        "none": "Nothing called today",
        "called_at": "called at {time}",
        "next": "Next number",
        "recall": "Call again",
        "skip": "Missed: call the next",
        "waiting": "{service}: {n} waiting",
        "waiting_unknown": "{service}: people waiting unknown (no ticket machine report)",
        "missed": "Missed today: {numbers}",
        "done_next": "Called number {number} ({service}).",
        "done_recall": "Called number {number} again.",
        "done_skip": "Number {missed} marked missed; called number {number}.",
        "unchanged": "This counter has already called number {number}; nothing was called twice.",
        "board": "The citizens' queue page",
        "back": "Back to the counters",
    },
}


def _names(board: dict[str, Any], lang: str) -> dict[str, str]:
    return {s["id"]: s["name"][lang] for s in board["services"]}


@console.get("/queue")
@needs("queue.call")
def queue() -> Response:
    lang = console_lang()
    w = WORDS[lang]
    board = backend().queue.board()
    names = _names(board, lang)
    rows = [
        {
            "name": c["name"][lang],
            "services": BOARD_WORDS[lang]["list_sep"].join(names[s] for s in c["services"]),
            "number": c["number"] if c["number"] is not None else "—",
            "url": url_for("admin_console.queue_counter", counter_id=c["id"]),
        }
        for c in board["counters"]
    ]
    return render(
        "admin/queue.html",
        lang=lang,
        title=w["heading"],
        here=url_for("admin_console.queue"),
        section="queue",
        w=w,
        rows=rows,
        board_url=BOARD_PAGES[lang],
    )


def _counter_page(
    counter_id: str, *, status: int = 200, notice: str = "", problem: str = ""
) -> Response:
    lang = console_lang()
    w = WORDS[lang]
    desk = backend().queue
    counter = desk.counter(counter_id)
    board = desk.board()
    names = _names(board, lang)
    shown = next(c for c in board["counters"] if c["id"] == counter.id)
    waiting = [
        w["waiting"].format(service=names[s["id"]], n=s["waiting"])
        if s["waiting"] is not None
        else w["waiting_unknown"].format(service=names[s["id"]])
        for s in board["services"]
        if s["id"] in counter.services
    ]
    missed = [n for s in board["services"] if s["id"] in counter.services for n in s["missed"]]
    here = url_for("admin_console.queue_counter", counter_id=counter.id)
    return render(
        "admin/queue_counter.html",
        lang=lang,
        title=counter.name[lang],
        here=here,
        status=status,
        section="queue",
        errors=[{"target": "", "parts": both(problem)}] if problem else None,
        notice=one(notice) if notice else None,
        w=w,
        heading=counter.name[lang],
        number=shown["number"],
        service=names.get(shown["service"] or "", ""),
        called_at=w["called_at"].format(time=shown["called_at"][11:16])
        if shown["called_at"]
        else "",
        seen=shown["number"] or 0,
        services=[(s, names[s]) for s in counter.services],
        waiting=waiting,
        missed=w["missed"].format(numbers=", ".join(map(str, missed))) if missed else "",
        action=here,
    )


@console.get("/queue/counters/<counter_id>")
@needs("queue.call")
def queue_counter(counter_id: str) -> Response:
    try:
        counter = backend().queue.counter(counter_id)
    except NotFound:
        return _not_found()
    done = request.args.get("done", "")
    lang = console_lang()
    w = WORDS[lang]
    notice = ""
    if done in ("next", "recall", "skip", "unchanged"):
        key = "unchanged" if done == "unchanged" else f"done_{done}"
        values = {k: request.args.get(k, "")[:24] for k in ("number", "missed", "service")}
        notice = w[key].format(**values)
    return _counter_page(counter.id, notice=notice)


def _not_found() -> Response:
    return error_page(404, both("queue_counter_unknown"))


@console.post("/queue/counters/<counter_id>")
@needs("queue.call")
def queue_press(counter_id: str) -> Response:
    """One press: the button's name is the action (next carries the service as its value)."""
    form = request.form
    action = next((a for a in ("next", "recall", "skip") if a in form), "")
    seen_text = form.get("seen", "")
    seen = int(seen_text) if seen_text.isdigit() and len(seen_text) <= 4 else None
    desk = backend().queue
    try:
        before = desk.board()
        called = desk.call(counter_id, action, service=form.get("next", ""), seen=seen)
    except NotFound:
        return _not_found()
    except (InvalidInput, Refused) as error:
        code = error.code if isinstance(error, Refused) else next(iter(error.fields.values()))
        return _counter_page(counter_id, status=409, problem=code)
    lang = console_lang()
    names = _names(before, lang)
    query = {"number": called.number, "service": names.get(called.service, "")}
    if not called.changed:
        query["done"] = "unchanged"
    else:
        query["done"] = action
        if action == "skip":
            query["missed"] = seen if seen is not None else ""
        trace(f"queue_{action}", counter_id, detail=f"{called.service} {called.number}")
    target = url_for("admin_console.queue_counter", counter_id=counter_id)
    return redirect(f"{target}?{urlencode(query)}", 303)


# --- the ticket machine -----------------------------------------------------------------------
@staff_api.post("/queue/feed")
@needs("queue.feed")
def queue_feed() -> Response:
    """A device's report: {"counters": [{"counter", "number", "service"?}], "waiting":
    [{"service", "count"}]}. Every problem is named per field in both languages; nothing is
    changed unless all of it is right."""
    data = read_body()
    try:
        fed = backend().queue.feed(data)
    except QueueConflict as conflict:
        fields = {name: bilingual(code) for name, code in conflict.fields.items()}
        return error_response(409, conflict.code, {"fields": fields})
    except InvalidInput as error:
        fields = {name: bilingual(code) for name, code in error.fields.items()}
        return error_response(422, "invalid", {"fields": fields})
    except Refused as refusal:
        return error_response(409, refusal.code)
    if fed.moved:  # a report that only repeats the numbers is not logged (devices report often)
        api_trace("queue_feed", ",".join(fed.moved))
    return json_response(backend().queue.board())
