"""Made-up office facts: listed once in office.yml's ``samples:``, warned about by every build
with their line, never marked as samples in what citizens read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.tinybuild import HOME_ZH as GOOD_PAGE
from tests.site.tinybuild import OFFICE_FILE, home_en
from tests.site.tinybuild import build_pages as build
from theme.sitekit import office

GOOD_PAGE_EN = home_en()
OFFICE = OFFICE_FILE.read_text(encoding="utf-8")
PAGES = {"index.md": GOOD_PAGE, "index.en.md": GOOD_PAGE_EN}


def test_the_build_lists_each_sample_fact_with_its_line(tmp_path: Path) -> None:
    result = build(tmp_path, PAGES)
    assert result.returncode == 0, result.stderr
    warnings = re.findall(r"WARNING -  (\S*office\.yml):(\d+): 範例資料 `([\w.]+)`", result.stderr)
    listed = office.load(OFFICE_FILE)["samples"]
    assert [name for _, _, name in warnings] == listed  # once each, in the list's order
    lines = OFFICE.splitlines()
    for _, line, name in warnings:
        assert lines[int(line) - 1].strip().startswith(name.split(".")[-1] + ":"), name


def test_replaced_facts_are_no_longer_listed(tmp_path: Path) -> None:
    replaced = re.sub(r"\nsamples:\n(  - .*\n)+", "\n", OFFICE + "\n")
    result = build(tmp_path, PAGES, replaced)
    assert result.returncode == 0, result.stderr
    assert "範例資料" not in result.stderr


def test_a_misspelt_sample_name_stops_the_build(tmp_path: Path) -> None:
    misspelt = OFFICE.replace("  - phone_display", "  - phone_dispaly")
    result = build(tmp_path, PAGES, misspelt)
    assert result.returncode != 0
    line = misspelt.splitlines().index("  - phone_dispaly") + 1
    assert f"office.yml:{line}: `samples:` 列出的 `phone_dispaly` 不是機關資料的名稱" in (
        result.stderr
    )


@pytest.mark.parametrize("lang", office.LANGUAGES)
def test_what_citizens_read_is_never_marked_as_a_sample(lang: str) -> None:
    """The samples are consistent, plausible facts: "(範例地址)" in a footer misleads."""
    facts = office.localize(office.load(OFFICE_FILE), lang)
    facts.pop(office.SAMPLES_KEY)
    text = str(facts)
    assert not re.search(r"範例|sample", text, re.IGNORECASE), text
