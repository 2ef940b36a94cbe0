"""The 早期年號對照表 (era conversion tables for old household records), generated at build time.

A page places ``<!-- era-table: roc -->``, ``<!-- era-table: japanese -->`` or
``<!-- era-table: qing -->`` under its own ``##`` heading; each marker becomes ``###`` headings
(ids shared by both languages) and small tables with ``<caption>`` and ``<th scope>``, split by
decade or era so that each fits a phone screen. The numbers come from ``theme.sitekit.rocdate``,
so the page can never disagree with the conversion code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from theme.sitekit import rocdate
from theme.sitekit.errors import ContentError

MARKER = re.compile(r"<!--\s*era-table\s*:\s*([A-Za-z-]*)\s*-->")
PARTS = ("roc", "japanese", "qing")
ROC_LAST = 120  # the table runs from 民國元年 to 民國120年 (1912–2031)
DECADE = 10
ZH_LANG = "zh-Hant-TW"  # Chinese text inside English pages is marked for screen readers

WORDS = {
    "zh-TW": {
        "roc": "民國",
        "gregorian": "西元",
        "japanese": "日本年號",
        "qing": "清光緒（干支）",
        "none": "無",
        "roc_heading": "民國{first}年至{last}年（{g_first}–{g_last}）",
        "roc_caption": "民國{first}年至{last}年與西元年對照",
        "era_heading": "{era}（{first}–{last}）",
        "era_caption": "{era}{first_year}至{last_year}與西元、民國年對照",
        "qing_caption": "清光緒元年至21年（1875–1895）與西元、民國前年對照",
        "era_years": "{first}年至{last}年",
    },
    "en": {
        "roc": "ROC year",
        "gregorian": "Gregorian year",
        "japanese": "Japanese era",
        "qing": "Qing Guangxu year (cyclical year)",
        "none": "none",
        "roc_heading": "ROC {first} to {last} ({g_first}–{g_last})",
        "roc_caption": "ROC years {first} to {last} and Gregorian years",
        "era_heading": "{era} ({first}–{last})",
        "era_caption": "{era} years {first_year} to {last_year} with Gregorian and ROC years",
        "qing_caption": "Guangxu years 1 to 21 (1875–1895) with Gregorian and pre-ROC years",
        "era_years": "{first} to {last}",
    },
}


def expand(markdown: str, lang: str, src: str, line_offset: int = 0) -> str:
    """Replace every era-table marker; an unknown part stops the build, naming the line."""

    def replace(match: re.Match[str]) -> str:
        part = match.group(1).lower()
        if part not in PARTS:
            line = line_offset + markdown.count("\n", 0, match.start()) + 1
            raise ContentError(
                src,
                f"unknown era table `{match.group(1)}` (沒有這種年號對照表); "
                "use `<!-- era-table: roc -->`, `japanese` or `qing`",
                line,
            )
        return "\n\n" + render(part, lang) + "\n\n"

    return MARKER.sub(replace, markdown)


def render(part: str, lang: str) -> str:
    """The Markdown (headings) and HTML (tables) of one part, in ``lang``."""
    lang = "en" if lang == "en" else "zh-TW"
    if part == "roc":
        return _roc_tables(lang)
    if part == "japanese":
        return _japanese_tables(lang)
    return _qing_table(lang)


def _roc_tables(lang: str) -> str:
    w = WORDS[lang]
    blocks = []
    for first in range(1, ROC_LAST + 1, DECADE):
        last = min(first + DECADE - 1, ROC_LAST)
        years = range(rocdate.roc_to_gregorian(first), rocdate.roc_to_gregorian(last) + 1)
        with_japan = years.start <= rocdate.JAPAN_IN_TAIWAN[1]
        heading = w["roc_heading"].format(
            first=first, last=last, g_first=years.start, g_last=years.stop - 1
        )
        columns = [w["roc"], w["gregorian"], *([w["japanese"]] if with_japan else [])]
        rows = []
        for year in years:
            cells = [str(year)]
            if with_japan:
                cells.append(_japanese_cell(year, lang))
            rows.append((_roc_cell(year, lang), cells))
        table_id = f"roc-{first}-{last}"
        caption = w["roc_caption"].format(first=first, last=last)
        blocks.append(f"### {heading} {{ #{table_id} }}\n\n{_table(caption, columns, rows)}")
    return "\n\n".join(blocks)


def _japanese_tables(lang: str) -> str:
    w = WORDS[lang]
    start, end = rocdate.JAPAN_IN_TAIWAN
    blocks = []
    for era in rocdate.JAPANESE_ERAS:
        first, last = max(era.first_year, start), min(era.last_year, end)
        name = era.zh if lang == "zh-TW" else era.en
        heading = w["era_heading"].format(era=name, first=first, last=last)
        caption = w["era_caption"].format(
            era=name,
            first_year=_era_number(era, era.year_of(first), lang),
            last_year=_era_number(era, era.year_of(last), lang),
        )
        columns = [w["japanese"], w["gregorian"], w["roc"]]
        rows = [
            (_era_cell(era, era.year_of(year), lang), [str(year), _roc_cell(year, lang)])
            for year in range(first, last + 1)
        ]
        blocks.append(f"### {heading} {{ #{era.key} }}\n\n{_table(caption, columns, rows)}")
    return "\n\n".join(blocks)


def _qing_table(lang: str) -> str:
    """Guangxu years with their 干支 in the row header, as Qing papers write them (光緒元年乙亥)."""
    w = WORDS[lang]
    era = rocdate.GUANGXU
    start, end = rocdate.QING_IN_TAIWAN
    columns = [w["qing"], w["gregorian"], w["roc"]]
    rows = []
    for year in range(start, end + 1):
        label = rocdate.era_year_label(era, era.year_of(year), lang)
        cyclic = rocdate.sexagenary(year)
        if lang == "zh-TW":
            header = f"{escape(label)}（{cyclic}）"
        else:
            zh_label = rocdate.era_year_label(era, era.year_of(year), "zh-TW")
            header = f"{escape(label)} ({_zh(f'{zh_label}，{cyclic}', lang)})"
        rows.append((header, [str(year), _roc_cell(year, lang)]))
    return _table(w["qing_caption"], columns, rows)


def _era_number(era: rocdate.Era, era_year: int, lang: str) -> str:
    if lang == "zh-TW":
        return "元年" if era_year == 1 else f"{era_year}年"
    return str(era_year)


def _zh(text: str, lang: str) -> str:
    """Chinese text, marked as such on English pages."""
    if lang == "zh-TW":
        return escape(text)
    return f'<span lang="{ZH_LANG}">{escape(text)}</span>'


def _era_cell(era: rocdate.Era, era_year: int, lang: str) -> str:
    if lang == "zh-TW":
        return escape(rocdate.era_year_label(era, era_year, lang))
    label = escape(rocdate.era_year_label(era, era_year, lang))
    return f"{label} ({_zh(rocdate.era_year_label(era, era_year, 'zh-TW'), lang)})"


def _japanese_cell(year: int, lang: str) -> str:
    eras = [
        (era, n)
        for era, n in rocdate.eras_of_year(year)
        if rocdate.JAPAN_IN_TAIWAN[0] <= year <= rocdate.JAPAN_IN_TAIWAN[1]
    ]
    if not eras:
        return escape(WORDS[lang]["none"])
    return " / ".join(_era_cell(era, n, lang) for era, n in eras)


def _roc_cell(year: int, lang: str) -> str:
    if lang == "zh-TW":
        return escape(rocdate.roc_label(year, lang))
    return (
        f"{escape(rocdate.roc_label(year, lang))} ({_zh(rocdate.roc_label(year, 'zh-TW'), lang)})"
    )


def _table(caption: str, columns: list[str], rows: Iterable[tuple[str, list[str]]]) -> str:
    """An HTML table (cells are already escaped HTML): caption, column and row headers."""
    head = "".join(f'<th scope="col">{escape(column)}</th>' for column in columns)
    body = "".join(
        f'<tr><th scope="row">{header}</th>'
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + "</tr>"
        for header, cells in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
