"""Site search (Pagefind) on the real built site: recall, one language per index, variant folding,
the search page and top-bar form, and the indexing step's error messages.

Queries and expected pages are in search_queries.yml (shared with scripts/search_compare.py).
Pagefind needs HTTP, so the browser tests use the ``site_url`` server; one tab is shared by the
query tests of a module so the index loads once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import yaml

from scripts.search_chunks import read as read_pagefind
from scripts.search_data import SEARCH_JSON
from scripts.search_index import (
    BUNDLE_DIR,
    ENTRY_JSON,
    SearchIndexError,
    SiteSearch,
    index_site,
    load_variant_groups,
    merge_bundle,
    search_document,
)
from tests.conftest import visit
from tests.site.conftest import BuiltPage
from tests.site.test_axe import AXE_JS, WCAG_TAGS, _describe
from tests.site.test_vnu import _run_vnu

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text("utf-8"))
TOP = 3
WAIT_MS = 15_000
SEARCH_PAGE = {"zh": "/search/", "en": "/en/search/"}


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["q"] for item in items]


class SearchTab:
    """One browser tab on a search page; ``run`` submits a query the way a user does."""

    def __init__(self, page: Any, site_url: str) -> None:
        self.page = page
        self.site_url = site_url
        self.lang: str | None = None

    def open(self, lang: str) -> None:
        if self.lang != lang:
            visit(self.page, self.site_url + SEARCH_PAGE[lang])
            self.page.wait_for_selector(
                "form[data-gov-search][data-ready]", state="attached", timeout=WAIT_MS
            )
            self.lang = lang

    def run(self, lang: str, query: str) -> list[str]:
        """Result page paths, best first."""
        self.open(lang)
        page = self.page
        page.eval_on_selector("#gov-search-results", "el => el.removeAttribute('data-query')")
        page.fill("#gov-search-q", query)
        page.press("#gov-search-q", "Enter")
        page.wait_for_function(
            "q => document.querySelector('#gov-search-results').dataset.query === q",
            arg=query,
            timeout=WAIT_MS,
        )
        hrefs = page.eval_on_selector_all(".gov-search__title a", "els => els.map(a => a.href)")
        return [urlsplit(href).path for href in hrefs]


@pytest.fixture(scope="module")
def indexed_url(site_url: str, site_dir: Path) -> str:
    """The served site, once it is known to carry the search index."""
    if not (site_dir / BUNDLE_DIR / "pagefind-entry.json").is_file():
        pytest.fail(
            f"{site_dir} has no search index ({BUNDLE_DIR}/): build with `make build` "
            "(python -m scripts.build_site), not a bare `mkdocs build`",
            pytrace=False,
        )
    return site_url


@pytest.fixture(scope="module")
def search_tab(browser: Any, indexed_url: str):
    context = browser.new_context()
    try:
        yield SearchTab(context.new_page(), indexed_url)
    finally:
        context.close()


# --- recall: the expected page is in the top 3 ---------------------------------------------

# Runs every query of a language through the search page's own engine in one call (the form's
# path is tested below): what the results page and the box show, in that order.
RUN_ALL = """async (queries) => {
    const core = await import('/assets/javascripts/search-core.js');
    const engine = await core.openSearch();
    const found = {};
    for (const q of queries) {
        const answer = await engine.search(q, {limit: 5});
        found[q] = answer.results.map((r) => new URL(r.url, location.href).pathname);
    }
    return found;
}"""


@pytest.fixture(scope="module")
def ranked(search_tab: SearchTab) -> dict[str, dict[str, list[str]]]:
    """Result paths, best first, of every query in search_queries.yml, per language."""
    found = {}
    for lang, items in QUERIES.items():
        search_tab.open(lang)
        found[lang] = search_tab.page.evaluate(RUN_ALL, [item["q"] for item in items])
    return found


@pytest.mark.browser
@pytest.mark.parametrize("item", QUERIES["zh"], ids=_ids(QUERIES["zh"]))
def test_chinese_query_finds_expected_page(ranked: dict, item: dict[str, Any]) -> None:
    found = ranked["zh"][item["q"]]
    assert set(found[:TOP]) & set(item["expect"]), (
        f"{item['q']!r}: expected one of {item['expect']} in the top {TOP}, got {found[:TOP]}"
    )


@pytest.mark.browser
@pytest.mark.parametrize("item", QUERIES["en"], ids=_ids(QUERIES["en"]))
def test_english_query_finds_expected_page(ranked: dict, item: dict[str, Any]) -> None:
    found = ranked["en"][item["q"]]
    assert set(found[:TOP]) & set(item["expect"]), (
        f"{item['q']!r}: expected one of {item['expect']} in the top {TOP}, got {found[:TOP]}"
    )


@pytest.mark.browser
def test_no_query_lists_a_page_of_the_other_language(ranked: dict) -> None:
    mixed = [
        (q, path)
        for lang, results in ranked.items()
        for q, paths in results.items()
        for path in paths
        if path.startswith("/en/") != (lang == "en")
    ]
    assert not mixed, mixed


@pytest.mark.browser
@pytest.mark.parametrize(
    ("lang", "query", "guide"),
    [
        ("zh", "初領國民身分證", "/guides/first-id-card/"),
        ("zh", "護照人別確認", "/guides/passport-identity-check/"),
        ("zh", "收養", "/guides/adoption/"),
        ("zh", "自然人憑證", "/guides/natural-person-certificate/"),
        ("en", "natural person certificate", "/en/guides/natural-person-certificate/"),
        ("en", "marriage registration", "/en/guides/marriage/"),
    ],
)
def test_a_service_name_finds_its_guide_first(
    ranked: dict, search_tab: SearchTab, lang: str, query: str, guide: str
) -> None:
    found = ranked[lang].get(query)
    if found is None:
        search_tab.open(lang)
        found = search_tab.page.evaluate(RUN_ALL, [query])[query]
    assert found[0] == guide, found


def test_query_list_is_large_enough() -> None:
    everyday = [item for items in QUERIES.values() for item in items if "kind" in item]
    assert len(everyday) >= 120, "at least 120 everyday queries (colloquial, question, ...)"
    kinds = {item["kind"] for item in everyday}
    assert {"colloquial", "question", "simplified", "typo", "english"} <= kinds


def test_expected_pages_exist(site_dir: Path) -> None:
    """A renamed guide must fail here with a clear message, not as a search miss."""
    missing = [
        url
        for items in QUERIES.values()
        for item in items
        for url in item["expect"]
        if not (site_dir / url.lstrip("/") / "index.html").is_file()
    ]
    assert all(set(item) <= {"q", "expect", "note", "kind"} for i in QUERIES.values() for item in i)
    assert not missing, f"search_queries.yml expects pages that are not built: {missing}"


# --- one language per index ------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("query", ["PDF", "身分證", "戶籍", "passport"])
def test_chinese_search_returns_no_english_page(search_tab: SearchTab, query: str) -> None:
    found = search_tab.run("zh", query)
    assert not [p for p in found if p.startswith("/en/")], found


@pytest.mark.browser
@pytest.mark.parametrize("query", ["PDF", "ID card", "household", "身分證"])
def test_english_search_returns_no_chinese_page(search_tab: SearchTab, query: str) -> None:
    found = search_tab.run("en", query)
    assert all(p.startswith("/en/") for p in found), found


@pytest.mark.browser
def test_both_languages_find_their_own_copy_of_a_shared_word(search_tab: SearchTab) -> None:
    """PDF is on the forms page in both languages: each search shows only its own copy."""
    assert "/forms/" in search_tab.run("zh", "PDF")
    assert "/en/forms/" in search_tab.run("en", "PDF")


def test_index_has_one_language_per_html_lang(site_dir: Path) -> None:
    entry = json.loads((site_dir / BUNDLE_DIR / "pagefind-entry.json").read_text("utf-8"))
    assert set(entry["languages"]) == {"zh-hant-tw", "en"}


def test_only_the_article_is_indexed(built_pages: list[BuiltPage]) -> None:
    """Bricks, top bar and footer stay out; English fallback copies are not indexed twice."""
    problems = []
    for built in built_pages:
        bodies = built.soup.select("[data-pagefind-body]")
        fallback = built.soup.select_one(".gov-fallback") is not None
        if len(bodies) > 1:
            problems.append(f"{built.rel}: {len(bodies)} data-pagefind-body elements")
        if fallback and bodies:
            problems.append(f"{built.rel}: English fallback copy is indexed")
        for body in bodies:
            if body.select(".gov-brick, .gov-topbar, footer, .md-footer, .gov-fallback"):
                problems.append(f"{built.rel}: bricks, top bar or footer inside data-pagefind-body")
    assert not problems, "\n".join(problems)


def test_search_page_and_guides_are_marked(site_dir: Path) -> None:
    guide = (site_dir / "guides" / "seal" / "index.html").read_text("utf-8")
    search = (site_dir / "search" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" in guide
    assert "data-pagefind-body" not in search, "the search page must not find itself"


# --- variant folding ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "variant"),
    [("身份證", "身分證"), ("台中", "臺中"), ("印鑑証明", "印鑑證明"), ("戶口謄本", "戶籍謄本")],
)
def test_variant_finds_the_same_pages_as_the_standard_form(
    search_tab: SearchTab, query: str, variant: str
) -> None:
    folded = search_tab.run("zh", query)
    standard = search_tab.run("zh", variant)
    assert folded and folded[:TOP] == standard[:TOP]


@pytest.mark.browser
def test_query_expansion_covers_both_directions(search_tab: SearchTab) -> None:
    """臺 also searches 台 (the pages write 臺, so this is checked on the expansion itself)."""
    search_tab.open("zh")
    spellings = search_tab.page.evaluate(
        """async () => {
            const m = await import('/assets/javascripts/search-core.js');
            const groups = [['臺', '台'], ['證', '証'], ['身分', '身份']];
            return [m.expandQuery('臺中', groups), m.expandQuery('身分證', groups),
                    m.expandQuery('臺臺臺臺臺', groups).length];
        }"""
    )
    assert spellings[0] == ["臺中", "台中"]
    assert set(spellings[1]) == {"身分證", "身分証", "身份證", "身份証"}
    assert spellings[2] <= 8, "a query is expanded into at most 8 spellings"


def test_variant_table_is_published_next_to_the_index(site_dir: Path) -> None:
    for lang in ("zh-hant-tw", "en"):
        path = site_dir / BUNDLE_DIR / SEARCH_JSON.format(lang=lang)
        published = json.loads(path.read_text("utf-8"))
        assert published["variants"] == load_variant_groups()
    assert ["身分", "身份"] in published["variants"] and ["臺", "台"] in published["variants"]


# --- the search UI -----------------------------------------------------------------------------


@pytest.mark.browser
def test_top_bar_form_leads_to_results_with_keyboard(page: Any, indexed_url: str) -> None:
    visit(page, indexed_url + "/guides/birth/")
    page.focus("#gov-topbar-q")
    page.keyboard.type("印鑑")
    page.keyboard.press("Enter")
    page.wait_for_selector(
        "#gov-search-results[data-query='印鑑']", state="attached", timeout=WAIT_MS
    )
    assert urlsplit(page.url).path == "/search/"
    assert page.input_value("#gov-search-q") == "印鑑"
    first = page.eval_on_selector(".gov-search__title a", "a => a.getAttribute('href')")
    assert urlsplit(first).path == "/guides/seal/"


@pytest.mark.browser
def test_english_top_bar_searches_english_pages(page: Any, indexed_url: str) -> None:
    visit(page, indexed_url + "/en/")
    page.fill("#gov-topbar-q", "passport")
    page.press("#gov-topbar-q", "Enter")
    page.wait_for_selector(
        "#gov-search-results[data-query='passport']", state="attached", timeout=WAIT_MS
    )
    assert urlsplit(page.url).path == "/en/search/"
    hrefs = page.eval_on_selector_all(".gov-search__title a", "els => els.map(a => a.href)")
    assert "/en/guides/passport-identity-check/" in [urlsplit(h).path for h in hrefs[:TOP]]


@pytest.mark.browser
def test_result_count_is_announced_and_results_are_headed_links(
    page: Any, indexed_url: str
) -> None:
    visit(page, f"{indexed_url}/search/?q={quote('出生登記')}")
    page.wait_for_selector(
        "#gov-search-results[data-query='出生登記']", state="attached", timeout=WAIT_MS
    )
    status = page.locator("#gov-search-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    count = len(page.query_selector_all("#gov-search-results > li"))
    assert count >= 1 and "找到" in status.inner_text()
    assert page.locator("#gov-search-results > li h2 a").count() == count
    assert page.locator("#gov-search-results mark").count() >= 1, "the match is highlighted"
    assert page.locator("label[for='gov-search-q']").count() == 1, "the field has a label"


def _results_page(page: Any, indexed_url: str, lang: str, query: str) -> None:
    visit(page, f"{indexed_url}{SEARCH_PAGE[lang]}?q={quote(query)}")
    page.wait_for_function(
        "q => document.querySelector('#gov-search-results').dataset.query === q",
        arg=query,
        timeout=WAIT_MS,
    )


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "query"), [("zh", "身份證"), ("en", "passport")])
def test_results_have_no_wcag_violations(
    page: Any, indexed_url: str, lang: str, query: str
) -> None:
    """The results are built by script, so the site-wide axe run on the empty page misses them."""
    _results_page(page, indexed_url, lang, query)
    assert page.locator("#gov-search-results > li").count() >= 1
    page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    assert not result["violations"], _describe(result)


@pytest.mark.browser
def test_results_are_valid_html(browser: Any, indexed_url: str, tmp_path: Path) -> None:
    """The Nu checker on the page as the script leaves it, with results, in both languages."""
    files = []
    tab = browser.new_page()
    try:
        for lang, query in (("zh", "台中"), ("en", "seal certificate")):
            _results_page(tab, indexed_url, lang, query)
            html = tab.evaluate("() => '<!DOCTYPE html>\\n' + document.documentElement.outerHTML")
            files.append(tmp_path / f"search-{lang}.html")
            files[-1].write_text(html, encoding="utf-8")
    finally:
        tab.close()
    errors = [m for m in _run_vnu(files) if m.get("type") == "error"]
    assert not errors, "\n".join(f"{m.get('url')}: {m.get('message')}" for m in errors)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "prefix"), [("zh", "/"), ("en", "/en/")])
def test_no_result_offers_the_guides_qa_and_contact_page(
    page: Any, indexed_url: str, lang: str, prefix: str
) -> None:
    _results_page(page, indexed_url, lang, "zzzxqv")
    assert ("No results" if lang == "en" else "沒有找到結果") in page.inner_text(
        "#gov-search-status"
    )
    assert page.locator("#gov-search-results > li").count() == 0
    hrefs = page.eval_on_selector_all("#gov-search-help a", "els => els.map(a => a.href)")
    paths = [urlsplit(h).path for h in hrefs]
    assert paths == [prefix + "guides/", prefix + "qa/", prefix + "about/contact/"]


@pytest.mark.browser
def test_search_sends_nothing_to_third_parties(page: Any, indexed_url: str) -> None:
    origin = urlsplit(indexed_url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, f"{indexed_url}/search/?q={quote('身份證')}")
    page.wait_for_selector(
        "#gov-search-results[data-query='身份證']", state="attached", timeout=WAIT_MS
    )
    outside = [u for u in requested if urlsplit(u).netloc not in (origin, "")]
    assert not outside, outside
    assert any("/pagefind/" in u for u in requested), "the index came from the site itself"


@pytest.mark.browser
def test_without_javascript_the_page_points_to_the_site_map(browser: Any, indexed_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        for lang, sitemap in (("zh", "/sitemap/"), ("en", "/en/sitemap/")):
            tab.goto(indexed_url + SEARCH_PAGE[lang])
            note = tab.locator(".gov-search__noscript")
            assert note.is_visible()
            href = note.locator("a").get_attribute("href")
            assert urlsplit(tab.evaluate("h => new URL(h, location.href).href", href)).path == (
                sitemap
            )
    finally:
        context.close()


# --- the indexing step ---------------------------------------------------------------------


def _variants_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "search-variants.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("groups:\n  - [臺, 台]\n  - [台, 颱]\n", 3, "one group only"),
        ("groups:\n  - [臺]\n", 2, "at least two"),
        ("groups:\n  - [臺, 臺]\n", 2, "at least two"),
        ("groups:\n  - 臺台\n", 2, "list of words"),
        ("variants: []\n", None, "`groups:`"),
        ("groups: [\n", None, "not valid YAML"),
    ],
)
def test_bad_variant_table_names_file_and_line(
    tmp_path: Path, text: str, line: int | None, words: str
) -> None:
    path = _variants_file(tmp_path, text)
    with pytest.raises(SearchIndexError) as caught:
        load_variant_groups(path)
    message = str(caught.value)
    assert words in message
    assert str(path) + (f":{line}" if line else "") in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), "the message is bilingual"


def test_unbuilt_site_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="not built"):
        index_site(tmp_path)


def test_site_without_body_marker_is_refused(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html lang='en'><body><p>x</p></body></html>")
    with pytest.raises(SearchIndexError, match="data-pagefind-body"):
        index_site(tmp_path)
    assert not (tmp_path / BUNDLE_DIR).exists(), "nothing is written on error"


# --- the index built during the build ------------------------------------------------------------


def test_index_equals_pagefind_run_on_the_finished_site(site_dir: Path, tmp_path: Path) -> None:
    """``make build`` indexes each language as soon as its pages are rendered, from their
    articles only (scripts/search_index.py). Indexing the finished site afterwards gives the
    same: the same page fragments byte for byte, and every word at the same positions of the
    same pages. Only the page numbering may differ (the order Pagefind met the files)."""
    reference = tmp_path / "reference"
    index_site(site_dir, reference)
    built = site_dir / BUNDLE_DIR
    fragments = {p.name for p in (built / "fragment").iterdir()}
    assert fragments == {p.name for p in (reference / "fragment").iterdir()}
    assert all(
        (built / "fragment" / name).read_bytes() == (reference / "fragment" / name).read_bytes()
        for name in fragments
    )
    ours, theirs = _entry(built), _entry(reference)
    assert ours.keys() == theirs.keys() == {"zh-hant-tw", "en"}
    for lang in ours:
        assert _drop_hash(ours[lang]) == _drop_hash(theirs[lang])
        assert _indexed(built, ours[lang]["hash"]) == _indexed(reference, theirs[lang]["hash"])
        data = SEARCH_JSON.format(lang=lang)
        assert (built / data).read_bytes() == (reference / data).read_bytes()


def _entry(bundle: Path) -> dict[str, dict[str, Any]]:
    return json.loads((bundle / ENTRY_JSON).read_text("utf-8"))["languages"]


def _drop_hash(language: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in language.items() if key != "hash"}


def _indexed(bundle: Path, language_hash: str) -> tuple[set[tuple], set[tuple]]:
    """(pages, word occurrences) of one language's index, with pages named by their hash.

    Pagefind's files (scripts/search_chunks.py reads them): pf_meta [version, pages [[hash,
    word count, ...]], chunks [[from, to, hash]], ...], pf_index [words [[word, pages [[page
    number, positions, ...]], variants [[form, pages]]]]], page numbers counted from the
    previous page of the same list. Fields after the ones named here are compared as they are.
    """
    meta = read_pagefind(bundle / f"pagefind.{language_hash}.pf_meta")
    pages = [page[0] for page in meta[1]]
    occurrences: set[tuple] = set()
    for chunk in meta[2]:
        words = read_pagefind(bundle / "index" / f"{chunk[2]}.pf_index")[0]
        for word, word_pages, variants, *rest in words:
            forms = [(word, word_pages, rest)]
            forms += [(f"{word}~{v[0]}", v[1], v[2:]) for v in variants]
            for form, form_pages, extra in forms:
                number = 0
                for step, *located in form_pages:
                    number += step
                    occurrences.add((form, pages[number], repr(located), repr(extra)))
    return {repr(page) for page in meta[1]}, occurrences


def test_search_document_keeps_language_title_and_article() -> None:
    page = (
        '<!doctype html><html lang="zh-Hant-TW" class="no-js"><head><meta charset="utf-8">'
        "<title>出生登記 - 戶政</title><link rel=stylesheet href=x.css></head><body>"
        '<nav class="md-nav">選單 選單</nav><div data-pagefind-body><h1 id="birth">出生登記</h1>'
        "<p>內容</p></div><footer>頁尾</footer></body></html>"
    )
    document = search_document(page)
    assert document is not None
    assert '<html lang="zh-Hant-TW" class="no-js">' in document
    assert "<title>出生登記 - 戶政</title>" in document
    assert '<div data-pagefind-body><h1 id="birth">出生登記</h1><p>內容</p></div>' in document
    assert "選單" not in document and "x.css" not in document
    assert search_document(page.replace(" data-pagefind-body", "")) is None


def test_language_bundles_merge_into_one_entry(tmp_path: Path) -> None:
    zh, en = tmp_path / "site" / BUNDLE_DIR, tmp_path / "en.pagefind"
    for bundle, lang in ((zh, "zh-hant-tw"), (en, "en")):
        (bundle / "index").mkdir(parents=True)
        (bundle / "index" / f"{lang}_abc1234.pf_index").write_bytes(lang.encode())
        (bundle / "pagefind.js").write_text("shared", encoding="utf-8")
        entry = {"version": "1.6.0", "languages": {lang: {"page_count": 1}}, "x": [1]}
        (bundle / ENTRY_JSON).write_text(json.dumps(entry), encoding="utf-8")
    merge_bundle(en, zh)
    entry = json.loads((zh / ENTRY_JSON).read_text("utf-8"))
    assert list(entry) == ["version", "languages", "x"]
    assert list(entry["languages"]) == ["en", "zh-hant-tw"]
    assert (zh / "index" / "en_abc1234.pf_index").read_bytes() == b"en"
    assert (zh / "index" / "zh-hant-tw_abc1234.pf_index").read_bytes() == b"zh-hant-tw"
    assert (zh / "pagefind.js").read_text("utf-8") == "shared"


def test_build_without_marked_pages_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="data-pagefind-body"):
        SiteSearch().finish(tmp_path, [tmp_path / BUNDLE_DIR, tmp_path / "en.pagefind"])


# --- how citizens ask: the rewrite and the suggestion are shown ---------------------------------


@pytest.mark.browser
def test_results_page_shows_what_else_it_searched(page: Any, indexed_url: str) -> None:
    _results_page(page, indexed_url, "zh", "報戶口")
    assert "也搜尋了：出生登記" in page.inner_text("#gov-search-rewrite")
    assert "「報戶口」找到" in page.inner_text("#gov-search-status"), "the query as typed is kept"
    first = page.eval_on_selector(".gov-search__title a", "a => a.getAttribute('href')")
    assert urlsplit(first).path == "/guides/birth/"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("lang", "query", "suggestion"),
    [
        ("zh", "戶藉謄本", "戶籍謄本"),
        ("zh", "印監證明", "印鑑證明"),
        ("en", "transcrpit", "transcript"),
    ],
)
def test_a_misspelt_word_gets_a_suggestion_that_searches_it(
    page: Any, indexed_url: str, lang: str, query: str, suggestion: str
) -> None:
    _results_page(page, indexed_url, lang, query)
    note = page.locator("#gov-search-rewrite .gov-search__suggestion")
    assert suggestion in note.inner_text()
    assert ("您是不是要找" if lang == "zh" else "Did you mean") in note.inner_text()
    href = note.locator("a").get_attribute("href")
    assert f"q={quote(suggestion)}" in href.replace("+", "%20")


@pytest.mark.browser
def test_question_results_name_themselves_and_link_to_their_anchor(
    page: Any, indexed_url: str
) -> None:
    _results_page(page, indexed_url, "zh", "身分證照片有什麼規定")
    links = page.eval_on_selector_all(
        ".gov-search__result:has(.gov-search__kind) .gov-search__title a",
        "els => els.map(a => a.getAttribute('href'))",
    )
    assert "/qa/#q-id-photo" in links
    assert page.locator(".gov-search__kind").first.inner_text() == "常見問答"


# --- results as you type (the top bar's box) ----------------------------------------------------

BOX = "#gov-topbar-q"
LISTBOX = "#gov-topbar-suggestions"


def _type(page: Any, text: str) -> None:
    page.focus(BOX)
    page.keyboard.type(text)
    page.wait_for_function(
        "q => document.querySelector('#gov-topbar-suggestions')?.dataset.query === q",
        arg=text,
        timeout=WAIT_MS,
    )


def _options(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        f"{LISTBOX} [role=option]",
        "els => els.map(o => new URL(o.dataset.href, location.href).pathname)",
    )


@pytest.mark.browser
def test_box_suggests_as_you_type_and_is_a_combobox(page: Any, indexed_url: str) -> None:
    visit(page, indexed_url + "/guides/seal/")
    _type(page, "報戶口")
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "gov-topbar-suggestions"
    assert page.locator(LISTBOX).get_attribute("role") == "listbox"
    options = _options(page)
    assert options[0] == "/guides/birth/"
    assert options[-1] == "/search/", "the last option opens every result"
    assert "也搜尋了：出生登記" in page.inner_text(".gov-suggest__note")
    status = page.locator(".gov-suggest__status")
    assert status.get_attribute("aria-live") == "polite" and "筆建議" in status.inner_text()


@pytest.mark.browser
def test_box_is_keyboard_navigable(page: Any, indexed_url: str) -> None:
    visit(page, indexed_url + "/")
    _type(page, "離婚")
    page.keyboard.press("ArrowDown")
    active = page.locator(BOX).get_attribute("aria-activedescendant")
    first = page.locator(f"{LISTBOX} [role=option]").first
    assert active == first.get_attribute("id") and first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.locator(BOX).get_attribute("aria-activedescendant") == active
    page.keyboard.press("Escape")
    assert page.locator(BOX).get_attribute("aria-expanded") == "false"
    assert page.locator(".gov-suggest").is_hidden()
    page.keyboard.press("ArrowDown")  # opens the list again on the first option
    with page.expect_navigation(timeout=WAIT_MS):
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/guides/divorce/"


@pytest.mark.browser
def test_enter_without_a_chosen_option_opens_the_results_page(page: Any, indexed_url: str) -> None:
    visit(page, indexed_url + "/en/")
    _type(page, "passport")
    assert all(path.startswith("/en/") for path in _options(page)), "English pages only"
    with page.expect_navigation(timeout=WAIT_MS):
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/en/search/"


@pytest.mark.browser
def test_box_with_no_match_offers_the_guides_qa_and_contact(page: Any, indexed_url: str) -> None:
    visit(page, indexed_url + "/about/")
    _type(page, "zzzxqv")
    assert _options(page) == ["/guides/", "/qa/", "/about/contact/", "/search/"]
    assert "沒有符合的網頁" in page.inner_text(".gov-suggest__note")


@pytest.mark.browser
def test_search_loads_only_when_the_box_is_used(page: Any, indexed_url: str) -> None:
    """The first view carries a few lines of script; Pagefind and the engine load on focus."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    visit(page, indexed_url + "/guides/birth/")
    page.wait_for_load_state("load")
    # the box's script, under its content-hashed name (scripts/fingerprint.py)
    assert [p for p in requested if re.fullmatch(r"/assets/javascripts/search-box\.\w+\.js", p)]
    assert not [p for p in requested if "/pagefind/" in p or "search-core" in p], requested
    _type(page, "印鑑")
    assert any("/pagefind/" in p for p in requested)
    assert not [p for p in requested if p.endswith(".pf_fragment")], "titles need no fragment"


@pytest.mark.browser
def test_box_without_javascript_submits_to_the_results_page(browser: Any, indexed_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(indexed_url + "/guides/birth/")
        assert tab.locator(BOX).get_attribute("role") is None, "a plain field without script"
        tab.fill(BOX, "印鑑")
        with tab.expect_navigation(timeout=WAIT_MS):
            tab.press(BOX, "Enter")
        assert urlsplit(tab.url).path == "/search/" and "q=" in tab.url
    finally:
        context.close()


@pytest.mark.browser
def test_open_suggestions_have_no_wcag_violations(page: Any, indexed_url: str) -> None:
    visit(page, indexed_url + "/guides/birth/")
    _type(page, "身分證")
    page.keyboard.press("ArrowDown")
    page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    assert not result["violations"], _describe(result)
