"""The public queue board as HTML, in zh-TW or English, and every word it shows.

One markup for both places it appears: the site build renders it with blank figures (the queue
page and the compact home-page panel; theme/sitekit/queue.py), and the page's script
(queue.js) fills the same cells in from GET /api/queue; the backend renders it with the
figures for the no-JavaScript page (/api/pages/queue/). Rows and lines exist from the start
and only their text changes, so nothing on the page moves when the numbers arrive.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

# ruff: noqa: E501 - one sentence per line reads better than wrapped Chinese text
WORDS: dict[str, dict[str, str]] = {
    "zh-TW": {
        "title": "線上叫號",
        "loading": "正在讀取叫號資料…",
        "open": "叫號中。",
        "closed": "目前不是叫號時間。",
        "closed_next": "目前不是叫號時間，下次叫號：{when}。",
        "no_data": "目前沒有叫號資料（叫號系統可能暫停回報），請以現場叫號為準。",
        "failed": "暫時無法讀取叫號資料，稍後會自動再試。",
        "updated": "最後更新：{time}",
        "counters_caption": "各櫃台目前叫號",
        "col_counter": "櫃台",
        "col_service": "服務",
        "col_number": "目前號碼",
        "services_caption": "各項服務等候情形",
        "col_waiting": "等候人數",
        "col_estimate": "預估等候時間",
        "people": "{n} 人",
        "minutes": "約 {n} 分鐘",
        "no_wait": "無人等候",
        "dash": "—",
        "list_sep": "、",
        "how": "預估等候時間＝等候人數 ÷ 最近一小時平均每分鐘叫號數，以 5 分鐘為單位進位，僅供參考；剛開始叫號（不到 10 分鐘或 3 個號碼）或沒有等候人數時不估算。過號的民眾請洽櫃台。",
        "nojs": "您的瀏覽器沒有執行 JavaScript，這裡不會顯示號碼。請改看",
        "nojs_link": "即時叫號頁（不需 JavaScript）",
        "reload": "重新整理",
        "reload_hint": "本頁不會自動更新，請按「重新整理」看最新號碼。",
        "announce": "{counter}：{number} 號",
        "weekdays": "日一二三四五六",
        "when": "{m}/{d}（週{wd}）{hm}",
    },
    "en": {
        "title": "Live queue status",
        "loading": "Loading the queue…",
        "open": "Calling numbers now.",
        "closed": "Not calling numbers now.",
        "closed_next": "Not calling numbers now. Next: {when}.",
        "no_data": "No queue data: the office's system may have stopped sending.",
        "failed": "Could not load the queue; trying again shortly.",
        "updated": "Last updated: {time}",
        "counters_caption": "Number now called at each counter",
        "col_counter": "Counter",
        "col_service": "Service",
        "col_number": "Now calling",
        "services_caption": "Waiting per service",
        "col_waiting": "People waiting",
        "col_estimate": "Estimated wait",
        "people": "{n}",
        "minutes": "about {n} min",
        "no_wait": "no wait",
        "dash": "—",
        "list_sep": ", ",
        "how": "Estimated wait = people waiting ÷ numbers called per minute over the last hour, rounded up to 5 minutes; a guide only. No estimate just after calling starts (under 10 minutes or 3 numbers) or without a waiting count. If your number was missed, ask at a counter.",
        "nojs": "Your browser is not running JavaScript, so no numbers appear here. See the",
        "nojs_link": "live queue page (no JavaScript needed)",
        "reload": "Reload",
        "reload_hint": "This page does not update by itself: press Reload for the latest numbers.",
        "announce": "{counter}: number {number}",
        "weekdays": "Sun Mon Tue Wed Thu Fri Sat",
        "when": "{wd} {date} {hm}",
    },
}
# The words queue.js needs to fill the board in (it gets them in the page's language).
SCRIPT_WORDS = (
    "loading",
    "open",
    "closed",
    "closed_next",
    "no_data",
    "failed",
    "updated",
    "people",
    "minutes",
    "no_wait",
    "dash",
    "announce",
    "weekdays",
    "when",
    "list_sep",
)
REFRESH_SECONDS = 15  # queue.js polls this often while the page is visible
BOARD_JSON = "/api/queue"
BOARD_PAGES = {"zh-TW": "/api/pages/queue/", "en": "/api/pages/en/queue/"}  # no JavaScript
# Cached by CloudFront (scripts/deploy/template.py) and by make serve's shared cache
# (scripts/server/cache.py) for as long as the answer's s-maxage says (forms_lambda/api/queue.py).
CACHED_PATHS = (BOARD_JSON, *BOARD_PAGES.values())


def fill(template: str, **values: object) -> str:
    return template.format(**{k: str(v) for k, v in values.items()})


def when_text(iso: str, lang: str) -> str:
    """'2026-11-30T08:00+08:00' as '11/30（週一）08:00' or 'Mon 2026-11-30 08:00'."""
    w = WORDS[lang]
    day = date.fromisoformat(iso[:10])
    names = w["weekdays"] if lang == "zh-TW" else w["weekdays"].split()
    return fill(
        w["when"],
        m=day.month,
        d=day.day,
        date=iso[:10],
        wd=names[(day.weekday() + 1) % 7],
        hm=iso[11:16],
    )


def state_text(doc: Mapping[str, Any], lang: str) -> str:
    w = WORDS[lang]
    state = doc.get("state") or ""
    if state == "closed" and doc.get("next_open"):
        return fill(w["closed_next"], when=when_text(doc["next_open"], lang))
    return w[state] if state in ("open", "closed", "no_data") else ""


def updated_text(doc: Mapping[str, Any], lang: str) -> str:
    updated = doc.get("updated_at")
    return fill(WORDS[lang]["updated"], time=updated[11:19]) if updated else ""


def _waiting(service: Mapping[str, Any], lang: str) -> str:
    w = WORDS[lang]
    return w["dash"] if service["waiting"] is None else fill(w["people"], n=service["waiting"])


def _estimate(service: Mapping[str, Any], lang: str) -> str:
    w = WORDS[lang]
    minutes = service["estimate_minutes"]
    if minutes is None:
        return w["dash"]
    return w["no_wait"] if minutes == 0 else fill(w["minutes"], n=minutes)


def _service_names(counter: Mapping[str, Any], names: Mapping[str, str], lang: str) -> str:
    """The service of the number now called, else every service the counter calls."""
    if counter["service"]:
        return names.get(counter["service"], counter["service"])
    return WORDS[lang]["list_sep"].join(names.get(s, s) for s in counter["services"])


def board_html(doc: Mapping[str, Any], lang: str, *, compact: bool = False, live: str = "") -> str:
    """The board as one block of HTML. live: the JSON address the page's script polls (the
    site's pages); empty for the backend's page, which carries no script."""
    w = WORDS[lang]
    names = {s["id"]: s["name"][lang] for s in doc["services"]}
    dash = w["dash"]
    counter_rows = "".join(
        f'<tr data-counter="{escape(c["id"])}"><th scope="row">{escape(c["name"][lang])}</th>'
        + ("" if compact else f'<td data-q="service">{escape(_service_names(c, names, lang))}</td>')
        + f'<td class="hro-queue__number" data-q="number">'
        f"{escape(str(c['number'])) if c['number'] is not None else dash}</td></tr>"
        for c in doc["counters"]
    )
    service_head = "" if compact else f'<th scope="col">{escape(w["col_service"])}</th>'
    counters = (
        f'<table class="hro-queue__table"><caption>{escape(w["counters_caption"])}</caption>'
        f'<thead><tr><th scope="col">{escape(w["col_counter"])}</th>{service_head}'
        f'<th scope="col">{escape(w["col_number"])}</th></tr></thead>'
        f"<tbody>{counter_rows}</tbody></table>"
    )
    services = ""
    if not compact:
        service_rows = "".join(
            f'<tr data-service="{escape(s["id"])}"><th scope="row">{escape(s["name"][lang])}</th>'
            f'<td data-q="waiting">{escape(_waiting(s, lang))}</td>'
            f'<td data-q="estimate">{escape(_estimate(s, lang))}</td></tr>'
            for s in doc["services"]
        )
        services = (
            f'<table class="hro-queue__table"><caption>{escape(w["services_caption"])}</caption>'
            f'<thead><tr><th scope="col">{escape(w["col_service"])}</th>'
            f'<th scope="col">{escape(w["col_waiting"])}</th>'
            f'<th scope="col">{escape(w["col_estimate"])}</th></tr></thead>'
            f"<tbody>{service_rows}</tbody></table>"
            f'<p class="hro-queue__how">{escape(w["how"])}</p>'
        )
    script = ""
    if live:
        words = json.dumps(
            {k: w[k] for k in SCRIPT_WORDS}, ensure_ascii=False, separators=(",", ":")
        )
        script = (
            f' data-queue="{escape(live)}" data-lang="{lang}" data-refresh="{REFRESH_SECONDS}"'
            f' data-words="{escape(words)}"'
        )
    announce = (
        '<p class="hro-queue__announce" aria-live="polite" data-q="announce"></p>' if live else ""
    )
    return (
        f'<div class="hro-queue{" hro-queue--compact" if compact else ""}"{script}>'
        f'<p class="hro-queue__state" data-q="state">{escape(state_text(doc, lang))}</p>'
        f'<p class="hro-queue__updated" data-q="updated">{escape(updated_text(doc, lang))}</p>'
        f"{counters}{services}{announce}</div>"
    )
