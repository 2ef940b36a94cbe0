"""``make preview`` in Chromium, as a webmaster uses it: break a page, see the error banner over
the last good page, fix it, see the page, without touching the browser (it reloads by itself)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
