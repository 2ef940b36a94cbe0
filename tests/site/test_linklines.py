"""Which blocks of the content are link lines (their links get 44 px targets)."""

from __future__ import annotations

import pytest

from theme.sitekit.linklines import is_link_line, mark_link_lines


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="x">出生登記</a>', True),
        ('詳見：<a href="x">出生登記</a>', True),
        ('See: <a href="x">Birth registration</a>', True),
        ('<time datetime="2026-11-20">民國115年11月20日</time> <a href="x">週六服務</a>', True),
        ('請於出生後 60 日內向<a href="x">戶政事務所</a>申請出生登記。', False),
        ("沒有連結的一行字", False),
    ],
)
def test_link_lines(html: str, expected: bool) -> None:
    assert is_link_line(html) is expected


def test_marks_the_start_tag_and_stops_at_a_nested_list() -> None:
    html = (
        '<ul><li><span>申辦須知</span><ul><li><a href="a">出生登記</a></li></ul></li>'
        '<li class="x"><a href="b">常見問答</a></li></ul>'
        '<p>這個長句子裡有一個<a href="c">連結</a>，不是連結行。</p>'
    )
    assert mark_link_lines(html) == (
        '<ul><li><span>申辦須知</span><ul><li class="gov-links"><a href="a">出生登記</a></li></ul>'
        '</li><li class="x gov-links"><a href="b">常見問答</a></li></ul>'
        '<p>這個長句子裡有一個<a href="c">連結</a>，不是連結行。</p>'
    )
