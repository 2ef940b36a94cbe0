"""Q&A pages carry schema.org FAQPage data that matches their questions."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from theme.sitekit import faq

PAGE = """
<h2 id="birth">出生登記</h2>
<h3 id="q-birth-deadline">出生登記有期限嗎？</h3>
<p>有，<strong>60 日</strong>內。</p><ul><li>逾期罰鍰</li></ul>
<h3 id="q-proxy">可以委託嗎？</h3><p>可以 &amp; 請帶委託書 </script></p>
<h2 id="other">其他</h2><p>不是答案</p>
"""


def test_questions_and_answers_are_extracted() -> None:
    assert faq.questions(PAGE) == [
        ("出生登記有期限嗎？", "有， 60 日 內。 逾期罰鍰"),
        ("可以委託嗎？", "可以 & 請帶委託書"),
    ]


def test_json_ld_is_valid_and_cannot_close_the_script() -> None:
    body = faq.faq_json_ld(PAGE, "zh-Hant-TW")
    assert body is not None
    assert "</" not in body
    data = json.loads(body)
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"


def test_no_questions_no_data() -> None:
    assert faq.faq_json_ld("<h2>x</h2><p>y</p>", "en") is None


def test_built_qa_pages_have_faq_data_for_every_question(site_dir: Path) -> None:
    for path in (site_dir / "qa" / "index.html", site_dir / "en" / "qa" / "index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        script = soup.find("script", type="application/ld+json")
        assert script is not None, path
        names = [item["name"] for item in json.loads(script.string)["mainEntity"]]
        headings = [h3.get_text(" ", strip=True) for h3 in soup.select("article h3[id]")]
        assert names == headings
