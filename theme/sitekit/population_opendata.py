"""The population statistics as open data: a CSV and a JSON file with their data dictionary.

Both are made from the checked data set (not copied from the source file), so the downloads
always match the pages. The CSV starts with a UTF-8 byte-order mark: without it, Excel on a
Taiwanese Windows opens the file as Big5 and the village names turn to garbage; CSV readers
that know UTF-8 skip the mark. The JSON carries the data dictionary and the licence with the
records, as data.gov.tw asks of published data sets.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from theme.sitekit.population import COLUMNS, FIELDS, Dataset, month_key

LICENSE = {
    "id": "OGDL-Taiwan-1.0",
    "name_zh": "政府資料開放授權條款－第1版",
    "name_en": "Open Government Data License, version 1.0",
    "url": "https://data.gov.tw/license",
}


def csv_bytes(data: Dataset) -> bytes:
    """The data set as CSV: header row, then one row per month and village."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(data.records())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def metadata(data: Dataset, publisher: dict[str, str]) -> dict[str, Any]:
    """What the data set is, who publishes it, under which licence, and what each field means."""
    return {
        "title": {
            "zh-TW": "村里別人口統計（月）",
            "en": "Population statistics by village (monthly)",
        },
        "description": {
            "zh-TW": "本區各里每月月底戶數、男女人口數，以及當月出生、死亡、結婚、離婚、"
            "遷入與遷出登記數。",
            "en": "Households and male and female residents of each village at the end of every "
            "month, with the births, deaths, marriages, divorces and moves registered that month.",
        },
        "publisher": publisher,
        "license": LICENSE,
        "temporal": {"start": month_key(data.months[0]), "end": month_key(data.latest_month)},
        "update_frequency": "monthly",
        "encoding": "UTF-8",
        "record_count": len(data.rows),
        "fields": [asdict(field) for field in FIELDS],
        "villages": [{"zh-TW": zh, "en": en} for zh, en in data.villages.items()],
    }


def json_bytes(data: Dataset, publisher: dict[str, str]) -> bytes:
    """The data set as JSON: ``{"metadata": {...}, "records": [...]}``."""
    head = json.dumps(metadata(data, publisher), ensure_ascii=False, indent=1)
    records = ",\n".join(json.dumps(r, ensure_ascii=False) for r in data.records())
    # One record per line: readable in a text editor, a third of the size of full indentation.
    return f'{{"metadata": {head},\n"records": [\n{records}\n]}}\n'.encode()
