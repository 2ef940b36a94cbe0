"""Unit tests of the build helpers: ROC dates, office facts, front matter and review dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from theme.sitekit import office, pagemeta, rocdate
from theme.sitekit.errors import ContentError

OFFICE_YAML = """\
name: {zh-TW: 南區戶政事務所, en: South District HRO}
address: {zh-TW: 臺中市南區, en: South Dist., Taichung}
phone: "+886-4-2222-0000"
phone_display: (04)2222-0000
fax: (04)2222-0001
email: a@example.gov.tw
hours:
  weekdays: {zh-TW: 週一至週五, en: Mon-Fri}
  evening: {zh-TW: 夜間, en: Evenings}
  saturday: {zh-TW: 週六上午, en: Saturday mornings}
"""


@pytest.mark.parametrize(
    ("date", "lang", "expected"),
    [
        (dt.date(2026, 11, 26), "zh-TW", "民國115年11月26日"),
        (dt.date(1912, 1, 1), "zh-TW", "民國1年1月1日"),
        (dt.date(2026, 11, 26), "en", "26 November 2026"),
        (dt.date(2024, 2, 29), "en", "29 February 2024"),
    ],
)
def test_format_date(date: dt.date, lang: str, expected: str) -> None:
    assert rocdate.format_date(date, lang) == expected


def test_short_dates() -> None:
    assert rocdate.format_short(dt.date(2026, 5, 1), "zh-TW") == "115-05-01"
    assert rocdate.format_short(dt.date(2026, 5, 1), "en") == "2026-05-01"


def test_before_the_roc_calendar_is_refused() -> None:
    with pytest.raises(ValueError):
        rocdate.roc_year(1911)


def test_office_facts_load_and_localize(tmp_path: Path) -> None:
    path = tmp_path / "office.yml"
    path.write_text(OFFICE_YAML, encoding="utf-8")
    facts = office.load(path)
    assert office.localize(facts, "en")["hours"]["saturday"] == "Saturday mornings"
    assert office.localize(facts, "zh-TW")["name"] == "南區戶政事務所"


def test_missing_office_setting_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "office.yml"
    path.write_text(OFFICE_YAML.replace("fax: (04)2222-0001\n", ""), encoding="utf-8")
    with pytest.raises(ContentError, match=r"office\.yml: the office setting `fax` is missing"):
        office.load(path)


def test_office_setting_without_english_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "office.yml"
    path.write_text(OFFICE_YAML.replace(", en: South District HRO", ""), encoding="utf-8")
    with pytest.raises(ContentError, match=r"office\.yml:1: the office setting `name` has no `en`"):
        office.load(path)


def test_invalid_office_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "office.yml"
    path.write_text(OFFICE_YAML + "fax: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"office\.yml:1[0-9]: is not valid YAML"):
        office.load(path)


def test_shortcodes_expand_and_unknown_ones_fail_with_line() -> None:
    facts = {"phone_display": "(04)2222-0000", "hours": {"weekdays": "Mon-Fri"}}
    text = "Call {{ office.phone_display }}.\n\nOpen {{office.hours.weekdays}}."
    assert (
        office.expand_shortcodes(text, facts, "p.md", 0) == "Call (04)2222-0000.\n\nOpen Mon-Fri."
    )
    with pytest.raises(
        ContentError, match=r"p\.md:7: unknown office fact `\{\{ office\.nope \}\}`"
    ):
        office.expand_shortcodes("a\n\n{{ office.nope }}", facts, "p.md", 4)
    with pytest.raises(ContentError, match="unknown office fact"):
        office.expand_shortcodes("{{ office.hours }}", facts, "p.md", 0)


def test_front_matter_is_parsed_with_its_length() -> None:
    meta, lines = pagemeta.parse_front_matter("---\ntitle: 出生登記\n---\n\n\n# x\n", "p.md")
    assert meta == {"title": "出生登記"}
    assert lines == 5  # the blank lines MkDocs strips count too


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: a\nbad: [\n---\n", r"p\.md:\d: front matter is not valid YAML"),
        ("---\ntitle: a\n", r"p\.md:1: front matter starts with `---` but has no closing"),
        ("---\n- a\n- b\n---\n", r"p\.md:2: front matter must be `key: value` lines"),
    ],
)
def test_malformed_front_matter_fails_with_line(text: str, message: str) -> None:
    with pytest.raises(ContentError, match=message):
        pagemeta.parse_front_matter(text, "p.md")


def test_folder_defaults_nearest_wins(tmp_path: Path) -> None:
    docs = tmp_path / "content" / "pages"
    (docs / "guides").mkdir(parents=True)
    (docs / ".meta.yml").write_text("review_in: 1 year\nowner: 行政課\n", encoding="utf-8")
    (docs / "guides" / ".meta.yml").write_text("review_in: 6 months\n", encoding="utf-8")
    merged = pagemeta.folder_defaults(docs, "guides/birth.md", {})
    assert merged == {"review_in": "6 months", "owner": "行政課"}


def test_review_due_date_and_errors() -> None:
    meta = {"title": "t", "last_reviewed": dt.date(2026, 8, 31), "review_in": "6 months"}
    assert pagemeta.review_of(meta, "p.md", {}).due == dt.date(2027, 2, 28)
    with pytest.raises(ContentError, match=r"p\.md:3: `last_reviewed: 2026/1/1` must be a date"):
        pagemeta.review_of({**meta, "last_reviewed": "2026/1/1"}, "p.md", {"last_reviewed": 3})
    with pytest.raises(ContentError, match="`review_in: soon` must look like"):
        pagemeta.review_of({**meta, "review_in": "soon"}, "p.md", {})
    with pytest.raises(ContentError, match="`title` is missing"):
        pagemeta.review_of(
            {"last_reviewed": dt.date(2026, 1, 1), "review_in": "1 year"}, "p.md", {}
        )


@pytest.mark.parametrize(
    ("start", "count", "unit", "expected"),
    [
        (dt.date(2026, 1, 31), 1, "month", dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), 1, "year", dt.date(2025, 2, 28)),
        (dt.date(2026, 11, 26), 90, "day", dt.date(2027, 2, 24)),
        (dt.date(2026, 11, 26), 2, "week", dt.date(2026, 12, 10)),
    ],
)
def test_add_period(start: dt.date, count: int, unit: str, expected: dt.date) -> None:
    assert pagemeta.add_period(start, count, unit) == expected


def test_impossible_date_names_the_line_instead_of_crashing() -> None:
    text = "---\ntitle: x\nlast_reviewed: 2026-02-30\n---\n"
    with pytest.raises(
        ContentError, match=r"p\.md:3: `last_reviewed: 2026-02-30` is not a real date"
    ):
        pagemeta.parse_front_matter(text, "p.md")


def test_material_markup_fixes_are_narrow() -> None:
    from theme.sitekit.htmlfix import fix_material_markup

    html = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
        ' autocomplete="off"><label class="md-nav__link" for="x" tabindex="">A</label>'
        '<label class="md-nav__title" for="__toc">TOC</label><input autocomplete="off">'
    )
    fixed = fix_material_markup(html)
    assert 'autocomplete="off">' in fixed  # only md-toggle checkboxes lose it
    assert fixed.count("autocomplete") == 1
    assert 'tabindex=""' not in fixed
    assert 'for="__toc"' not in fixed
    assert 'for="__toc"' in fix_material_markup(html + '<input id="__toc">')


def test_material_markup_fixes_match_the_regular_expressions_they_replace() -> None:
    """The string searches give what the three regex substitutions gave, on awkward input too."""
    import random
    import re

    from theme.sitekit.htmlfix import fix_material_markup

    checkbox = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
    tabindex = re.compile(r'(<label\b[^>]*?) tabindex=""')
    toc = re.compile(r'(<label class="md-nav__title") for="__toc"')

    def reference(html: str) -> str:
        html = tabindex.sub(r"\1", checkbox.sub(r"\1", html))
        return html if 'id="__toc"' in html else toc.sub(r"\1", html)

    pieces = [
        '<input class="md-toggle"', ' autocomplete="off"', "<label", "<labelled", "<label_x",
        "<label>", ' tabindex=""', ">", "x", " ", '<label class="md-nav__title" for="__toc"',
        'id="__toc"', "<label\u00e9", '"',
    ]  # fmt: skip
    rng = random.Random(2)
    for _ in range(20_000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert fix_material_markup(html) == reference(html), html


def test_fast_attribute_lookup_matches_jinja() -> None:
    import jinja2

    from theme.sitekit.jinja_getattr import fast_getattr

    class Item:
        title = "t"

        def __getitem__(self, key: str) -> str:
            if key == "meta":
                return "from item"
            raise KeyError(key)

    env = jinja2.Environment()
    for obj, name in [
        (Item(), "title"), (Item(), "meta"), (Item(), "typeset"), ({"a": 1}, "a"),
        ({"a": 1}, "b"), ({"a": 1}, "items"), (None, "x"), ([1], "x"), (dict, "x"), (3, "real"),
    ]:  # fmt: skip
        expected, got = env.getattr(obj, name), fast_getattr(env, obj, name)
        assert type(got) is type(expected) and str(got) == str(expected), (obj, name)
    with pytest.raises(jinja2.UndefinedError):
        fast_getattr(env, env.undefined(name="x"), "y")


def test_menu_cache_key_decides_every_relative_link() -> None:
    """What navcache relies on: a link relative to a page depends only on the page folder's
    depth and on the leading part of it that some link of the section starts with."""
    import random

    from mkdocs.utils import get_relative_url

    from theme.sitekit.navcache import _folder_of, _parts

    rng = random.Random(3)
    names = ["a", "b", "c", "guides", "en"]

    def url() -> str:
        return "".join(f"{rng.choice(names)}/" for _ in range(rng.randint(0, 4)))

    for _ in range(300):
        section = [url() for _ in range(rng.randint(1, 6))]
        prefixes = {p[:n] for u in section for p in [_parts(u)] for n in range(len(p) + 1)}
        seen: dict[tuple, list[str]] = {}
        for _ in range(30):
            page = url()
            folder = _folder_of(page)
            depth = 0
            while depth < len(folder) and folder[: depth + 1] in prefixes:
                depth += 1
            links = [get_relative_url(u, page) for u in section]
            assert seen.setdefault((len(folder), folder[:depth]), links) == links, page
