"""``make preview`` in Chromium, as a webmaster uses it: break a page, see the error banner over
the last good page, fix it, see the page, without touching the browser (it reloads by itself)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scripts import cms
from tests.site.tinybuild import HOME_ZH, home_en, make_site, preview

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WAIT_MS = 30_000


def test_break_a_page_see_the_banner_fix_it_see_the_page(page: Any, tmp_path: Path) -> None:
    make_site(tmp_path, {"index.md": HOME_ZH, "index.en.md": home_en()})
    home = tmp_path / "content" / "pages" / "index.md"
    with preview(tmp_path) as url:
        page.goto(f"{url}/")
        page.get_by_role("heading", name="首頁", level=1).wait_for(timeout=WAIT_MS)

        home.write_text(HOME_ZH.replace("title: 首頁", "title: [首頁"), encoding="utf-8")
        banner = page.get_by_role("alert")
        banner.wait_for(timeout=WAIT_MS)  # the page reloaded itself and shows the banner
        text = banner.inner_text()
        assert "content/pages/index.md:2" in text
        assert "頁首設定格式錯誤" in text and "front matter is not valid YAML" in text
        assert page.get_by_role("heading", name="首頁", level=1).is_visible()  # last good page
        page.screenshot(path=str(tmp_path / "banner.png"))

        home.write_text(HOME_ZH.replace("電話", "聯絡電話"), encoding="utf-8")
        page.get_by_text("聯絡電話").wait_for(timeout=WAIT_MS)
        # Only the translation is behind now; its banner says so, not the fixed mistake.
        assert "content/pages/index.md:2" not in page.content()


@pytest.mark.skipif(
    not (cms.BUNDLE_DIR / "decap-cms.js").is_file(), reason="run `make cms` to fetch Decap CMS"
)
def test_the_web_editor_saves_a_page_the_preview_then_shows(page: Any, tmp_path: Path) -> None:
    make_site(tmp_path, {"index.md": HOME_ZH, "index.en.md": home_en()})
    home = tmp_path / "content" / "pages" / "index.md"
    with preview(tmp_path) as url:
        page.goto(f"{url}/admin/")
        page.get_by_role("button", name="登入").click(timeout=WAIT_MS)
        page.goto(f"{url}/admin/#/collections/pages-home/entries/index-md")
        page.get_by_label("標題 Title").fill("新首頁", timeout=WAIT_MS)
        page.get_by_role("button", name="發布").first.click()
        page.get_by_text("立即發布").first.click(timeout=WAIT_MS)
        for _ in range(100):  # the editor writes through the preview's file API
            if "title: 新首頁" in home.read_text(encoding="utf-8"):
                break
            page.wait_for_timeout(100)
        text = home.read_text(encoding="utf-8")
        assert text == HOME_ZH.replace("title: 首頁", "title: 新首頁")  # nothing else rewritten
        for _ in range(60):  # the preview rebuilds the saved page
            page.goto(f"{url}/")
            if "新首頁" in page.title():
                break
            page.wait_for_timeout(250)
        assert page.title().startswith("新首頁")
