"""schema.org FAQPage data for Q&A pages, taken from the rendered questions and answers.

Every ``<h3 id=...>`` on a Q&A page is a question; the HTML up to the next heading is its answer.
Search engines show such pages as expandable answers, and the data stays in step with the text.
"""

from __future__ import annotations

import html
import json
import re

_QUESTION = re.compile(r"<h3\b[^>]*>(.*?)</h3>(.*?)(?=<h[1-3]\b|\Z)", re.DOTALL | re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def _text(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()


def questions(page_html: str) -> list[tuple[str, str]]:
    """The (question, answer text) pairs of a rendered Q&A page."""
    pairs = []
    for match in _QUESTION.finditer(page_html):
        question, answer = _text(match.group(1)), _text(match.group(2))
        if question and answer:
            pairs.append((question, answer))
    return pairs


def faq_json_ld(page_html: str, lang: str) -> str | None:
    """The JSON-LD script body for the page, safe to put inside ``<script>``; None if no Q&A."""
    pairs = questions(page_html)
    if not pairs:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": lang,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in pairs
        ],
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
