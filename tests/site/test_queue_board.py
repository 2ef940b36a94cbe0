"""The live queue board (線上叫號) in the built site: the queue page and the home-page panel
carry every counter of content/data/queue.yml, load their small script after the first
paint and only there, and say how to see the numbers without JavaScript; a mistake in queue.yml or a
misspelt marker stops the build naming the file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from forms_lambda.api.queue_html import BOARD_JSON, BOARD_PAGES
from forms_lambda.domain.queue_config import load_queue_config
from tests.site.tinybuild import build_with_hook

ROOT = Path(__file__).resolve().parents[2]
QUEUE = ROOT / "content" / "data" / "queue.yml"
BOARDS = {
    "index.html": ("zh-TW", True),
    "en/index.html": ("en", True),
    "queue/index.html": ("zh-TW", False),
    "en/queue/index.html": ("en", False),
}

# queue.js under its content-hashed name (scripts/fingerprint.py)
QUEUE_JS = re.compile(r"queue(\.[0-9a-f]+)?\.js")


def soup_of(site_dir: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "lxml")


@pytest.mark.parametrize("rel", sorted(BOARDS))
def test_the_board_lists_every_counter_and_says_how_to_read_it_without_javascript(
    site_dir: Path, rel: str
) -> None:
    lang, compact = BOARDS[rel]
    config = load_queue_config(QUEUE)
    soup = soup_of(site_dir, rel)
    (board,) = soup.select(".hro-queue[data-queue]")
    assert board["data-queue"] == BOARD_JSON and board["data-lang"] == lang
    assert ("hro-queue--compact" in board["class"]) is compact
    assert 10 <= int(board["data-refresh"]) <= 15
    words = json.loads(board["data-words"])
    assert {"open", "closed", "no_data", "failed", "updated"} <= set(words)
    rows = board.select("tr[data-counter]")
    assert [r["data-counter"] for r in rows] == list(config.counters)
    assert [r.th.get_text() for r in rows] == [c.name[lang] for c in config.counters.values()]
    assert all(r.select_one('[data-q="number"]').get_text() == "—" for r in rows)
    services = board.select("tr[data-service]")
    assert [r["data-service"] for r in services] == ([] if compact else list(config.services))
    assert board.select_one('[aria-live="polite"][data-q="announce"]') is not None
    assert board.select_one("table caption") is not None
    assert board.select('th[scope="col"]') and board.select('th[scope="row"]')
    link = board.select_one("noscript a")
    assert link is not None and link["href"] == BOARD_PAGES[lang]
    # A placeholder the loader fetches after the first paint (partials/after-paint.html).
    assert not [s for s in soup.select("script[src]") if QUEUE_JS.search(s["src"])]
    scripts = [s for s in soup.select("script[data-after-paint]") if QUEUE_JS.search(s["data-src"])]
    assert len(scripts) == 1 and scripts[0]["type"] == "text/plain"


def test_only_pages_with_a_board_load_its_script(built_pages) -> None:
    loading = {p.rel for p in built_pages if QUEUE_JS.search(p.path.read_text(encoding="utf-8"))}
    assert loading == set(BOARDS)


def test_the_queue_page_is_in_the_menu_in_both_languages(site_dir: Path) -> None:
    for rel, href in (("index.html", "queue/"), ("en/index.html", "queue/")):
        menu = soup_of(site_dir, rel).select("nav.md-nav--primary a[href]")
        assert any(a["href"].rstrip("/").endswith(href.rstrip("/")) for a in menu), rel


def project(tmp_path: Path, queue_text: str, page: str = "<!-- hro-queue: board -->\n") -> Path:
    pages = tmp_path / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "index.md").write_text(f"---\ntitle: 首頁\n---\n\n# 首頁\n\n{page}", encoding="utf-8")
    data = tmp_path / "content" / "data"
    data.mkdir()
    (data / "queue.yml").write_text(queue_text, encoding="utf-8")
    return tmp_path


def test_a_mistake_in_queue_yml_stops_the_build_at_its_line(tmp_path: Path) -> None:
    text = QUEUE.read_text(encoding="utf-8").replace("services: [id-card]", "services: [id-cards]")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "id-cards" in t)
    result = build_with_hook(project(tmp_path, text), "queue")
    assert result.returncode != 0
    assert f"content/data/queue.yml:{line}: 叫號設定有誤 / the queue settings are wrong" in (
        result.stdout + result.stderr
    )
    assert "'id-cards' is not in the services list" in result.stdout + result.stderr


def test_a_misspelt_marker_stops_the_build_at_its_line(tmp_path: Path) -> None:
    page = "intro\n\n<!-- hro-queue: pannel -->\n"
    result = build_with_hook(project(tmp_path, QUEUE.read_text(encoding="utf-8"), page), "queue")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "content/pages/index.md:9: 未知的叫號區塊 'pannel'" in output
    assert "use one of: board, panel" in output


def test_a_good_marker_builds_the_board(tmp_path: Path) -> None:
    result = build_with_hook(project(tmp_path, QUEUE.read_text(encoding="utf-8")), "queue")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="hro-queue" data-queue="/api/queue"' in html
