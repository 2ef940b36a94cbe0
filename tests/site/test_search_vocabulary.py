"""The citizen vocabulary file, the search data built next to the index, and Q&A questions as
search documents of their own (no browser: the engine's use of them is in test_search.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import opencc
import pytest

from scripts.search_data import SEARCH_JSON, TYPO_JSON, simplified_table, sounds
from scripts.search_index import BUNDLE_DIR, SearchIndexError, SiteSearch, search_documents
from theme.sitekit.errors import ContentError
from theme.sitekit.search_vocabulary import check_terms_on_site, load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = ROOT / "content" / "data" / "search-vocabulary.yml"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "search-vocabulary.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sites_vocabulary_loads() -> None:
    vocabulary = load_vocabulary(VOCABULARY)
    zh, en = vocabulary["zh-TW"], vocabulary["en"]
    assert zh.words["報戶口"] == "出生登記" and zh.words["領養"] == "收養"
    assert {"請問", "怎麼", "什麼", "要", "哪裡", "需要"} <= set(zh.drop)
    assert en.words["report a birth"] == "birth registration"
    assert {"how", "do", "my", "i"} <= set(en.drop)


def test_every_guide_has_a_term_with_spoken_names(site_dir: Path) -> None:
    """The starting list covers every guide: a term of its title has everyday names."""
    data = json.loads((site_dir / BUNDLE_DIR / SEARCH_JSON.format(lang="zh-hant-tw")).read_text())
    terms = set(data["words"].values())
    guides = [page[1] for page in data["pages"].values() if page[2] == "guide"]
    assert len(guides) >= 18
    uncovered = [title for title in guides if not any(term in title for term in terms)]
    assert not uncovered, f"guides without a term in the vocabulary: {uncovered}"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "zh-TW:\n  words:\n    - term: 出生登記\n      say: [報戶口]\n    - term: 收養\n"
            "      say: [報戶口]\n",
            6,
            "already on line 4 as a spoken word",
        ),
        (
            "zh-TW:\n  drop: [請問]\n  words:\n    - term: 請問\n      say: [問]\n",
            4,
            "already on line 2 as a dropped word",
        ),
        ("zh-TW:\n  words:\n    - term: 出生登記\n", 3, "This entry has no `say`"),
        (
            "zh-TW:\n  words:\n    - term: 出生登記\n      say: 報戶口\n",
            4,
            "must be a list of words",
        ),
        ("zh-TW:\n  words:\n    - term: birth\n      say: [報戶口]\n", 3, "has no Chinese"),
        (
            "en:\n  words:\n    - term: birth registration\n      say: [報戶口]\n",
            4,
            "The English part has Chinese",
        ),
        ("zh-TW:\n  word:\n    - term: 出生登記\n", 2, "`word` is not known here"),
        ("fr: {}\n", 1, "`fr` is not known here"),
        ("zh-TW:\n  words: 出生登記\n", 2, "`words` must be a list of entries"),
        ("zh-TW:\n  words:\n    - term: 出生登記\n      term: 收養\n", 4, "is given twice"),
        ("zh-TW: [\n", 2, "not valid YAML"),
    ],
)
def test_mistakes_name_file_and_line_in_chinese_then_english(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(ContentError) as caught:
        load_vocabulary(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message
    first_chinese = next(i for i, ch in enumerate(message) if "\u4e00" <= ch <= "\u9fff")
    assert first_chinese < message.index(words), "the Chinese message comes first"


def test_a_term_no_page_has_stops_the_build(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "zh-TW:\n  words:\n    - term: 出生登記\n      say: [報戶口]\n"
        "    - term: 火星移民\n      say: [去火星]\n",
    )
    vocabulary = load_vocabulary(path)
    with pytest.raises(ContentError, match=r":5: 用語「火星移民」.*is on no Chinese page"):
        check_terms_on_site(vocabulary, {"zh-TW": "出生登記須知", "en": ""}, path)
    check_terms_on_site({"zh-TW": vocabulary["en"]}, {}, path)  # nothing listed: nothing missing


def test_a_broken_vocabulary_stops_the_build_before_it_starts(tmp_path: Path) -> None:
    path = _file(tmp_path, "zh-TW:\n  words:\n    - term: 出生登記\n      say: [報戶口, 報戶口]\n")
    with pytest.raises(SearchIndexError, match=r"search-vocabulary.yml:4: 「報戶口」已在第 4 行"):
        SiteSearch(vocabulary=path)


# --- Simplified Chinese, from OpenCC -------------------------------------------------------


def test_simplified_table_comes_from_opencc() -> None:
    words = Counter({"戶籍謄本": 5, "臺中": 9, "颱風": 2, "發給": 3, "頭髮": 1, "出生登記": 4})
    table = simplified_table(words)
    assert table["chars"]["户"] == "戶" and table["chars"]["誊"] == "謄"
    assert table["chars"]["发"] == "發", "OpenCC's own choice wins for 发 (發/髮)"
    assert table["chars"]["台"] == "臺", "the commoner of 臺 and 颱 on the site"
    assert table["phrases"]["台风"] == "颱風"
    assert table["phrases"]["头发"] == "頭髮"


def test_published_table_round_trips_through_opencc(site_dir: Path) -> None:
    """Every entry the browser gets is OpenCC's conversion of a site character or word."""
    data = json.loads((site_dir / BUNDLE_DIR / SEARCH_JSON.format(lang="zh-hant-tw")).read_text())
    to_simplified = opencc.OpenCC("t2s")
    table = data["s2t"]
    assert len(table["chars"]) > 300
    for simple, traditional in [*table["chars"].items(), *table["phrases"].items()]:
        assert to_simplified.convert(traditional) == simple, (simple, traditional)
    assert "s2t" not in json.loads(
        (site_dir / BUNDLE_DIR / SEARCH_JSON.format(lang="en")).read_text()
    )


def test_near_homophones_come_from_pinyin() -> None:
    table = sounds(set("籍藉鑑監記計"))
    assert {"籍", "藉"} <= set(table["ji"]) and {"鑑", "監"} <= set(table["jian"])
    assert "藉" in table["jie"], "every reading of a character is kept"


def test_typo_data_is_published_apart(site_dir: Path) -> None:
    """Loaded only when a word finds nothing: the site's terms, and the sounds (Chinese)."""
    zh = json.loads((site_dir / BUNDLE_DIR / TYPO_JSON.format(lang="zh-hant-tw")).read_text())
    en = json.loads((site_dir / BUNDLE_DIR / TYPO_JSON.format(lang="en")).read_text())
    assert "戶籍謄本" in zh["terms"] and "印鑑證明" in zh["terms"]
    assert len(zh["sounds"]) > 300
    assert "transcript" in en["terms"] and "sounds" not in en


# --- Q&A questions as results of their own -------------------------------------------------

QA_PAGE = (
    '<html lang="zh-Hant-TW"><head><title>常見問答 - 戶政</title>'
    '<script type="application/ld+json">{"@type": "FAQPage"}</script></head><body>'
    '<nav>選單</nav><div data-pagefind-body><article><h1 id="qa">常見問答</h1><p>依業務分類。</p>'
    '<h2 id="birth">出生登記</h2>'
    '<h3 id="q-birth-deadline">出生登記有期限嗎？</h3><p>有，60 日內。</p>'
    '<p>詳見：<a href="../guides/birth/#deadline">出生登記</a></p>'
    '<h3 id="q-birth-proxy">可以委託別人辦嗎？</h3><p>可以。</p>'
    "</article></div><footer>頁尾</footer></body></html>"
)


def test_each_question_is_a_document_with_its_anchor() -> None:
    documents = dict(search_documents(QA_PAGE, "qa/index.html"))
    assert list(documents) == [
        "qa/index.html",
        "qa/q-birth-deadline/index.html",
        "qa/q-birth-proxy/index.html",
    ]
    intro = documents["qa/index.html"]
    assert "依業務分類" in intro and "出生登記有期限嗎" not in intro
    question = documents["qa/q-birth-deadline/index.html"]
    assert "<title>出生登記有期限嗎？</title>" in question
    assert (
        '<h2 id="q-birth-deadline" data-pagefind-meta="title">出生登記有期限嗎？</h2>' in question
    )
    assert "有，60 日內。" in question and "可以委託" not in question
    assert 'data-pagefind-meta="url:/qa/#q-birth-deadline"' in question
    assert 'data-pagefind-meta="guide:/guides/birth/"' in question
    assert "guide:" not in documents["qa/q-birth-proxy/index.html"]


def test_other_pages_are_one_document() -> None:
    page = QA_PAGE.replace('"FAQPage"', '"WebPage"')
    assert [path for path, _ in search_documents(page, "qa/index.html")] == ["qa/index.html"]
    assert search_documents(page.replace(" data-pagefind-body", ""), "x/index.html") == []


def test_built_index_lists_questions_with_their_guides(site_dir: Path) -> None:
    for lang, prefix in (("zh-hant-tw", "/"), ("en", "/en/")):
        data = json.loads((site_dir / BUNDLE_DIR / SEARCH_JSON.format(lang=lang)).read_text())
        pages = {page[0]: page for page in data["pages"].values()}
        question = pages[f"{prefix}qa/#q-birth-deadline"]
        assert question[2] == "qa" and question[3] == f"{prefix}guides/birth/"
        assert pages[f"{prefix}guides/birth/"][2] == "guide"
        assert pages[f"{prefix}qa/"][2] != "qa", "the Q&A page keeps its introduction"
        assert len([p for p in pages.values() if p[2] == "qa"]) >= 50
