"""The population statistics as page blocks: figures, charts with summaries, tables, downloads.

A statistics page is ordinary Markdown with headings the webmaster writes, and markers such as
``{{ population.trend }}`` on a line of their own where a generated block goes (or inline, for
``{{ population.latest_month }}``). Blocks are HTML: tables need ``<caption>`` and ``scope``,
which Markdown tables lack. Chinese pages show ROC months (115年10月), English pages Gregorian.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from theme.sitekit import markers, svgchart
from theme.sitekit.population import FIELDS, Counts, Dataset
from theme.sitekit.rocdate import roc_year

MARKER = markers.pattern("population")
EVENT_MONTHS = 12  # the births/deaths/marriages chart shows the last year
LINE_COLOUR = "#1d4e89"  # 8.5:1 on white
BAR_COLOURS = ("#1d4e89", "#a3400b", "#2b6a36")  # 8.5:1, 5.9:1, 6.4:1 on white
EN_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)

TEXT = {
    "zh-TW": {
        "as_of": "資料月份：{month}（戶數與人口數為月底戶籍登記數字）",
        "population": "人口數",
        "households": "戶數",
        "male": "男性",
        "female": "女性",
        "per_household": "戶量",
        "sex_ratio": "性比例",
        "people": "人",
        "household_unit": "戶",
        "per_household_unit": "人／戶",
        "definitions": "戶量＝人口數 ÷ 戶數；性比例＝男性人口 ÷ 女性人口 × 100，"
        "即每 100 位女性對應的男性人數。",
        "change_up": "增加 {n} 人",
        "change_down": "減少 {n} 人",
        "change_none": "沒有增減",
        "hh_up": "戶數增加 {n} 戶",
        "hh_down": "戶數減少 {n} 戶",
        "hh_none": "戶數不變",
        "vs_previous": "與{previous}相比，人口{change}，{households}。",
        "events_caption": "{month}人口動態",
        "item": "項目",
        "count": "數量",
        "births": "出生（人）",
        "deaths": "死亡（人）",
        "marriages": "結婚（對）",
        "divorces": "離婚（對）",
        "moved_in": "遷入（人）",
        "moved_out": "遷出（人）",
        "month": "月份",
        "village": "里別",
        "total": "合計",
        "trend_title": "全區人口數趨勢，{first}至{last}",
        "trend_desc": "折線圖：橫軸為月份，縱軸為月底人口數，範圍 {low} 至 {high} 人（不從 0 起算，"
        "以便看出每月變化），每個月份一個資料點。各月數字見下方表格。",
        "trend_up": "人口由{first}的 {a} 人增加至{last}的 {b} 人，共增加 {n} 人（{pct}）。",
        "trend_down": "人口由{first}的 {a} 人減少至{last}的 {b} 人，共減少 {n} 人（{pct}）。",
        "trend_flat": "人口在{first}與{last}同為 {a} 人。",
        "trend_extremes": "期間最多為{high}的 {h} 人，最少為{low}的 {l} 人。",
        "trend_caption": "全區每月人口數（{first}至{last}，單位：人）",
        "change": "較上月增減",
        "events_title": "每月出生、死亡與結婚登記數，{first}至{last}",
        "events_desc": "群組長條圖：橫軸為月份，每月三根長條，依序為出生（實心）、"
        "死亡（斜線）與結婚（圓點），縱軸為人數或對數，自 0 起算。各月數字見下方表格。",
        "events_summary": "{first}至{last}的 {n} 個月間，共出生 {b} 人、死亡 {d} 人、結婚 {m} 對。"
        "死亡多於出生的月份有 {k} 個。出生最多為{bm}（{bv} 人），結婚最多為{mm}（{mv} 對）。",
        "events_table": "每月出生、死亡與結婚登記數（{first}至{last}）",
        "legend_births": "出生",
        "legend_deaths": "死亡",
        "legend_marriages": "結婚（對）",
        "unit_people": "（人）",
        "unit_events": "（人、對）",
        "villages_caption": "{month}各里戶數、人口數及人口動態（單位：戶、人；結婚、離婚為對）",
        "monthly_caption": "全區每月戶數、人口數及人口動態，由新至舊"
        "（單位：戶、人；結婚、離婚為對）",
        "population_change": "人口增減",
        "scroll_hint": "表格較寬，可左右捲動。",
        "download_csv": "人口統計資料 CSV 檔（UTF-8 編碼，{size}）",
        "download_json": "人口統計資料 JSON 檔（含欄位說明，{size}）",
        "license": "資料期間為{first}至{last}，每月更新。本資料依"
        "[政府資料開放授權條款－第1版（OGDL-Taiwan-1.0）]({link})提供，"
        "可免費利用，利用時請註明出處：{publisher}。",
        "dictionary_caption": "人口統計資料欄位說明",
        "field_name": "欄位名稱",
        "field_zh": "中文名稱",
        "field_en": "英文名稱",
        "field_type": "資料型態",
        "field_unit": "單位",
        "field_description": "說明",
        "type_string": "字串",
        "type_integer": "整數",
    },
    "en": {
        "as_of": "Figures for {month} (households and residents registered at the end of "
        "the month)",
        "population": "Residents",
        "households": "Households",
        "male": "Male",
        "female": "Female",
        "per_household": "People per household",
        "sex_ratio": "Sex ratio",
        "people": "",
        "household_unit": "",
        "per_household_unit": "",
        "definitions": "People per household = residents ÷ households. Sex ratio = male "
        "residents ÷ female residents × 100, that is, men per 100 women.",
        "change_up": "grew by {n}",
        "change_down": "fell by {n}",
        "change_none": "did not change",
        "hh_up": "households increased by {n}",
        "hh_down": "households decreased by {n}",
        "hh_none": "the number of households did not change",
        "vs_previous": "Compared with {previous}, the population {change} and {households}.",
        "events_caption": "Population events in {month}",
        "item": "Event",
        "count": "Number",
        "births": "Births",
        "deaths": "Deaths",
        "marriages": "Marriages (couples)",
        "divorces": "Divorces (couples)",
        "moved_in": "Moved in",
        "moved_out": "Moved out",
        "month": "Month",
        "village": "Village",
        "total": "Total",
        "trend_title": "District population, {first} to {last}",
        "trend_desc": "Line chart: months along the horizontal axis, residents at the end of "
        "each month on the vertical axis from {low} to {high} (not from zero, so that monthly "
        "changes show), one point per month. The table below gives each month's figure.",
        "trend_up": "The population grew from {a} in {first} to {b} in {last}, an increase of "
        "{n} ({pct}).",
        "trend_down": "The population fell from {a} in {first} to {b} in {last}, a decrease of "
        "{n} ({pct}).",
        "trend_flat": "The population was {a} in both {first} and {last}.",
        "trend_extremes": "It was highest in {high} ({h}) and lowest in {low} ({l}).",
        "trend_caption": "District residents per month, {first} to {last}",
        "change": "Change on previous month",
        "events_title": "Births, deaths and marriages per month, {first} to {last}",
        "events_desc": "Grouped bar chart: months along the horizontal axis, three bars per "
        "month: births (solid), deaths (striped) and marriages (dotted); the vertical axis "
        "counts people or couples from 0. The table below gives each month's figures.",
        "events_summary": "In the {n} months from {first} to {last} there were {b} births, {d} "
        "deaths and {m} marriages. Deaths outnumbered births in {k} months. Births peaked in "
        "{bm} ({bv}), marriages in {mm} ({mv} couples).",
        "events_table": "Births, deaths and marriages per month, {first} to {last}",
        "legend_births": "Births",
        "legend_deaths": "Deaths",
        "legend_marriages": "Marriages",
        "unit_people": "(people)",
        "unit_events": "(number)",
        "villages_caption": "Households, residents and population events by village, {month} "
        "(marriages and divorces in couples)",
        "monthly_caption": "District households, residents and population events per month, "
        "newest first (marriages and divorces in couples)",
        "population_change": "Population change",
        "scroll_hint": "The table is wide: scroll it sideways.",
        "download_csv": "Population statistics as CSV (UTF-8, {size})",
        "download_json": "Population statistics as JSON (with the data dictionary, {size})",
        "license": "The data cover {first} to {last} and are updated monthly. They are "
        "published under the [Open Government Data License, version 1.0 "
        "(OGDL-Taiwan-1.0)]({link}): free to use; please credit {publisher}.",
        "dictionary_caption": "Data dictionary of the population statistics",
        "field_name": "Field",
        "field_zh": "Chinese name",
        "field_en": "English name",
        "field_type": "Type",
        "field_unit": "Unit",
        "field_description": "Description",
        "type_string": "string",
        "type_integer": "integer",
    },
}


@dataclass(frozen=True)
class PageContext:
    """What a block needs to know about the page it goes into."""

    lang: str
    root: str  # relative URL from the page to the site root, e.g. "../../"
    docs_root: str  # relative path from the page's source file to the docs folder, e.g. "../"
    publisher: str  # the office's name, for the credit line
    download_sizes: dict[str, int]  # file name → bytes


def _t(lang: str) -> dict[str, str]:
    return TEXT["en" if lang == "en" else "zh-TW"]


def month_label(month: dt.date, lang: str) -> str:
    """115年10月 on Chinese pages, October 2026 on English ones."""
    if lang == "en":
        return f"{EN_MONTHS[month.month - 1]} {month.year}"
    return f"{roc_year(month.year)}年{month.month}月"


def axis_label(month: dt.date, lang: str, minor: bool) -> svgchart.XLabel:
    """Two short lines under the axis: 10月 / 115年, or Oct / 2026."""
    if lang == "en":
        return svgchart.XLabel((EN_MONTHS[month.month - 1][:3], str(month.year)), minor)
    return svgchart.XLabel((f"{month.month}月", f"{roc_year(month.year)}年"), minor)


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _signed(value: int) -> str:
    return f"+{value:,}" if value > 0 else f"−{-value:,}" if value < 0 else "0"


def _decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def _axis_labels(months: Sequence[dt.date], lang: str, every: int) -> list[svgchart.XLabel]:
    """Label every ``every``-th month counted back from the latest; the rest hide when narrow."""
    last = len(months) - 1
    return [
        axis_label(month, lang, minor=(last - index) % (every * 2) != 0)
        if (last - index) % every == 0
        else svgchart.XLabel(())
        for index, month in enumerate(months)
    ]


# --- tables --------------------------------------------------------------------------------


def stats_table(
    table_id: str,
    caption: str,
    head: Sequence[str],
    rows: Sequence[tuple[str, Sequence[str]]],
    foot: tuple[str, Sequence[str]] | None = None,
    *,
    wide: bool = True,
    hint: str = "",
) -> str:
    """A data table: a row header per row, numbers right-aligned; wide ones scroll."""
    cols = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join(
        f'<tr><th scope="row">{escape(name)}</th>'
        + "".join(f'<td class="stats-num">{escape(cell)}</td>' for cell in cells)
        + "</tr>"
        for name, cells in rows
    )
    tfoot = ""
    if foot is not None:
        tfoot = (
            f'<tfoot><tr><th scope="row">{escape(foot[0])}</th>'
            + "".join(f'<td class="stats-num">{escape(cell)}</td>' for cell in foot[1])
            + "</tr></tfoot>"
        )
    caption_id = f"{table_id}-caption"
    table = (
        f'<table class="stats-table" id="{table_id}">'
        f'<caption id="{caption_id}"><span class="stats-caption">{escape(caption)}'
        + (f'<span class="stats-hint"> {escape(hint)}</span>' if hint and wide else "")
        + f"</span></caption><thead><tr>{cols}</tr></thead><tbody>{body}</tbody>{tfoot}</table>"
    )
    if not wide:
        return table
    return (
        f'<div class="stats-scroll" tabindex="0" role="region" aria-labelledby="{caption_id}">'
        f"{table}</div>"
    )


def _count_cells(counts: Counts) -> list[str]:
    return [
        _n(counts.births),
        _n(counts.deaths),
        _n(counts.marriages),
        _n(counts.divorces),
        _n(counts.moved_in),
        _n(counts.moved_out),
    ]


def _event_heads(t: dict[str, str], *, short: bool = False) -> list[str]:
    """Column or row names of the six events; ``short`` drops the units (the caption has them)."""
    keys = ("births", "deaths", "marriages", "divorces", "moved_in", "moved_out")
    return [re.sub(r"\s*[（(].*[）)]$", "", t[key]) if short else t[key] for key in keys]


# --- blocks --------------------------------------------------------------------------------


def summary_block(data: Dataset, ctx: PageContext) -> str:
    """The latest month: headline figures, indicators, change on last month, its events."""
    t = _t(ctx.lang)
    month = data.latest_month
    now = data.district_totals[month]
    cards = [
        (t["population"], _n(now.population), t["people"]),
        (t["households"], _n(now.households), t["household_unit"]),
        (t["male"], _n(now.male), t["people"]),
        (t["female"], _n(now.female), t["people"]),
        (t["per_household"], _decimal(now.people_per_household), t["per_household_unit"]),
        (t["sex_ratio"], _decimal(now.sex_ratio), ""),
    ]
    items = "".join(
        f'<div class="stats-kpi"><dt>{escape(label)}</dt><dd>'
        f'<span class="stats-kpi__value">{escape(value)}</span>'
        + (f' <span class="stats-kpi__unit">{escape(unit)}</span>' if unit else "")
        + "</dd></div>"
        for label, value, unit in cards
    )
    as_of = t["as_of"].format(month=month_label(month, ctx.lang))
    parts = [
        '<div class="stats-block stats-summary">',
        f'<p class="stats-asof">{escape(as_of)}</p>',
        f'<dl class="stats-kpis">{items}</dl>',
        f'<p class="stats-note">{escape(t["definitions"])}</p>',
    ]
    if len(data.months) > 1:
        before = data.district_totals[data.months[-2]]
        change, households = now.population - before.population, now.households - before.households
        people = (
            t["change_up"] if change > 0 else t["change_down"] if change < 0 else t["change_none"]
        ).format(n=f"{abs(change):,}")
        homes = (
            t["hh_up"] if households > 0 else t["hh_down"] if households < 0 else t["hh_none"]
        ).format(n=f"{abs(households):,}")
        sentence = t["vs_previous"].format(
            previous=month_label(data.months[-2], ctx.lang), change=people, households=homes
        )
        parts.append(f"<p>{escape(sentence)}</p>")
    rows = list(zip(_event_heads(t), ([c] for c in _count_cells(now)), strict=True))
    caption = t["events_caption"].format(month=month_label(month, ctx.lang))
    parts.append(
        stats_table("stats-latest-events", caption, [t["item"], t["count"]], rows, wide=False)
    )
    parts.append("</div>")
    return "".join(parts)


def trend_block(data: Dataset, ctx: PageContext) -> str:
    """Line chart of the district population over all months, its summary and its table."""
    t, lang = _t(ctx.lang), ctx.lang
    months = data.months
    values = [data.district_totals[m].population for m in months]
    first, last = month_label(months[0], lang), month_label(months[-1], lang)
    high = max(range(len(values)), key=lambda i: (values[i], -i))
    low = min(range(len(values)), key=lambda i: (values[i], i))
    change = values[-1] - values[0]
    pct = _pct(change, values[0])
    key = "trend_up" if change > 0 else "trend_down" if change < 0 else "trend_flat"
    summary = t[key].format(
        first=first, last=last, a=_n(values[0]), b=_n(values[-1]), n=f"{abs(change):,}", pct=pct
    )
    if len(months) > 2:
        summary += " " if lang == "en" else ""
        summary += t["trend_extremes"].format(
            high=month_label(months[high], lang),
            h=_n(values[high]),
            low=month_label(months[low], lang),
            l=_n(values[low]),
        )
    ticks = svgchart.nice_ticks(min(values), max(values))  # the chart's own vertical range
    chart = svgchart.line_chart(
        chart_id="chart-trend",
        title=t["trend_title"].format(first=first, last=last),
        desc=t["trend_desc"].format(low=_n(ticks[0]), high=_n(ticks[-1])),
        labels=_axis_labels(months, lang, every=3),
        values=values,
        colour=LINE_COLOUR,
        unit=t["unit_people"],
    )
    rows = [
        (
            month_label(month, lang),
            [_n(value), _signed(value - values[i - 1]) if i else "—"],
        )
        for i, (month, value) in enumerate(zip(months, values, strict=True))
    ]
    table = stats_table(
        "stats-trend-table",
        t["trend_caption"].format(first=first, last=last),
        [t["month"], t["population"], t["change"]],
        rows,
        wide=True,  # large text (字級 大) on a phone would overflow otherwise
    )
    return _figure(chart, summary, table)


def _pct(change: int, base: int) -> str:
    value = change / base * 100 if base else 0.0
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{abs(value):.2f}%"


def events_block(data: Dataset, ctx: PageContext) -> str:
    """Grouped bars of births, deaths and marriages for the last twelve months."""
    t, lang = _t(ctx.lang), ctx.lang
    months = data.months[-EVENT_MONTHS:]
    totals = [data.district_totals[m] for m in months]
    births = [c.births for c in totals]
    deaths = [c.deaths for c in totals]
    marriages = [c.marriages for c in totals]
    first, last = month_label(months[0], lang), month_label(months[-1], lang)
    top_birth = max(range(len(months)), key=lambda i: (births[i], i))
    top_marriage = max(range(len(months)), key=lambda i: (marriages[i], i))
    summary = t["events_summary"].format(
        first=first,
        last=last,
        n=len(months),
        b=_n(sum(births)),
        d=_n(sum(deaths)),
        m=_n(sum(marriages)),
        k=sum(d > b for b, d in zip(births, deaths, strict=True)),
        bm=month_label(months[top_birth], lang),
        bv=_n(births[top_birth]),
        mm=month_label(months[top_marriage], lang),
        mv=_n(marriages[top_marriage]),
    )
    chart = svgchart.grouped_bar_chart(
        chart_id="chart-events",
        title=t["events_title"].format(first=first, last=last),
        desc=t["events_desc"],
        labels=_axis_labels(months, lang, every=1),
        series=[
            svgchart.Series(t["legend_births"], births, BAR_COLOURS[0], "solid"),
            svgchart.Series(t["legend_deaths"], deaths, BAR_COLOURS[1], "hatch"),
            svgchart.Series(t["legend_marriages"], marriages, BAR_COLOURS[2], "dots"),
        ],
        unit=t["unit_events"],
    )
    rows = [
        (month_label(month, lang), [_n(c.births), _n(c.deaths), _n(c.marriages)])
        for month, c in zip(months, totals, strict=True)
    ]
    table = stats_table(
        "stats-events-table",
        t["events_table"].format(first=first, last=last),
        [t["month"], t["births"], t["deaths"], t["marriages"]],
        rows,
        wide=True,
    )
    return _figure(chart, summary, table)


def _figure(chart: str, summary: str, table: str) -> str:
    return (
        '<div class="stats-block">'
        # Axis labels are not words anyone searches for: keep them out of the search index.
        f'<figure class="stats-figure"><div class="stats-chart" data-pagefind-ignore="all">'
        f"{chart}</div>"
        f'<figcaption class="stats-summary-text">{escape(summary)}</figcaption></figure>'
        f"{table}</div>"
    )


def villages_block(data: Dataset, ctx: PageContext) -> str:
    """Every village's figures for the latest month, with the district total."""
    t, lang = _t(ctx.lang), ctx.lang
    month = data.latest_month
    entries = data.village_counts(month)

    def cells(c: Counts) -> list[str]:
        return [_n(c.households), _n(c.population), _n(c.male), _n(c.female), *_count_cells(c)]

    rows = [
        (data.villages[name] if lang == "en" else name, cells(counts)) for name, counts in entries
    ]
    head = [t["village"], t["households"], t["population"], t["male"], t["female"]]
    table = stats_table(
        "stats-villages-table",
        t["villages_caption"].format(month=month_label(month, lang)),
        head + _event_heads(t, short=True),
        rows,
        (t["total"], cells(data.district_totals[month])),
        hint=t["scroll_hint"],
    )
    return f'<div class="stats-block">{table}</div>'


def monthly_block(data: Dataset, ctx: PageContext) -> str:
    """District totals for every month, newest first, with the indicators."""
    t, lang = _t(ctx.lang), ctx.lang
    rows = []
    for index in range(len(data.months) - 1, -1, -1):
        month = data.months[index]
        c = data.district_totals[month]
        change = "—"
        if index:
            change = _signed(c.population - data.district_totals[data.months[index - 1]].population)
        rows.append(
            (
                month_label(month, lang),
                [
                    _n(c.households),
                    _n(c.population),
                    _n(c.male),
                    _n(c.female),
                    _decimal(c.people_per_household),
                    _decimal(c.sex_ratio),
                    *_count_cells(c),
                    change,
                ],
            )
        )
    head = [t["month"], t["households"], t["population"], t["male"], t["female"]]
    head += [
        t["per_household"],
        t["sex_ratio"],
        *_event_heads(t, short=True),
        t["population_change"],
    ]
    table = stats_table(
        "stats-monthly-table", t["monthly_caption"], head, rows, hint=t["scroll_hint"]
    )
    return f'<div class="stats-block">{table}</div>'


def downloads_block(data: Dataset, ctx: PageContext) -> str:
    """Links to the CSV and JSON files, and the licence (a Markdown link MkDocs checks)."""
    t, lang = _t(ctx.lang), ctx.lang
    links = "".join(
        f'<li><a href="{ctx.root}{DOWNLOAD_DIR}/{name}" type="{mime}" download>'
        f"{escape(t[key].format(size=_size(ctx.download_sizes.get(name, 0))))}</a></li>"
        for key, name, mime in (
            ("download_csv", CSV_NAME, "text/csv"),
            ("download_json", JSON_NAME, "application/json"),
        )
    )
    licence = t["license"].format(
        first=month_label(data.months[0], lang),
        last=month_label(data.latest_month, lang),
        link=f"{ctx.docs_root}about/open-data.md",
        publisher=ctx.publisher,
    )
    return f'<ul class="stats-downloads">{links}</ul>\n\n{licence}'


def dictionary_block(data: Dataset, ctx: PageContext) -> str:
    """The data dictionary: what each field of the CSV and JSON holds."""
    t, lang = _t(ctx.lang), ctx.lang
    rows = []
    for field in FIELDS:
        unit = field.unit_en if lang == "en" else field.unit_zh
        description = field.description_en if lang == "en" else field.description_zh
        rows.append(
            (
                field.name,
                [field.zh, field.en, t[f"type_{field.type}"], unit or "—", description],
            )
        )
    head = [t["field_name"], t["field_zh"], t["field_en"], t["field_type"], t["field_unit"]]
    table = stats_table(
        "stats-dictionary-table",
        t["dictionary_caption"],
        [*head, t["field_description"]],
        rows,
        hint=t["scroll_hint"],
    )
    return f'<div class="stats-block">{table}</div>'


DOWNLOAD_DIR = "statistics"
CSV_NAME = "population.csv"
JSON_NAME = "population.json"
BLOCKS: dict[str, Callable[[Dataset, PageContext], str]] = {
    "summary": summary_block,
    "trend": trend_block,
    "events": events_block,
    "villages": villages_block,
    "monthly": monthly_block,
    "downloads": downloads_block,
    "dictionary": dictionary_block,
}
INLINE: dict[str, Callable[[Dataset, PageContext], str]] = {
    "latest_month": lambda data, ctx: month_label(data.latest_month, ctx.lang),
    "first_month": lambda data, ctx: month_label(data.months[0], ctx.lang),
    "month_count": lambda data, ctx: str(len(data.months)),
}


def expand(markdown: str, data: Dataset, ctx: PageContext, src: str, source: str) -> str:
    """Replace the markers of a page; ``source`` is the whole file, to name its lines."""
    return markers.expand(
        markdown,
        "population",
        ("人口統計", "population"),
        {name: functools.partial(block, data, ctx) for name, block in BLOCKS.items()},
        {name: functools.partial(value, data, ctx) for name, value in INLINE.items()},
        src,
        source,
    )
