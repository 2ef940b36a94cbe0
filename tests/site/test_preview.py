"""``make preview`` never goes blank: after any error the last good pages stay, with an error
banner; the fix shows without a restart. Over HTTP here; in Chromium in tests/e2e/test_preview.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.tinybuild import HOME_ZH, home_en, make_site, preview, wait_for

BANNER = 'id="hro-preview-errors"'
pytestmark = pytest.mark.slow


def _site(tmp_path: Path) -> Path:
    make_site(tmp_path, {"index.md": HOME_ZH, "index.en.md": home_en()})
    return tmp_path / "content"


def test_a_failed_full_rebuild_keeps_the_pages_and_recovers_without_restart(
    tmp_path: Path,
) -> None:
    content = _site(tmp_path)
    office = content / "data" / "office.yml"
    good = office.read_text(encoding="utf-8")
    with preview(tmp_path) as url:
        wait_for(f"{url}/en/", "Phone", 30)
        # A data file changes: everything is rebuilt, and that fails.
        office.write_text(good.replace("\n  evening:", "\n   evening:"), encoding="utf-8")
        for page in ("/", "/en/"):
            body = wait_for(f"{url}{page}", BANNER, 60)
            assert "(04)2222-0000" in body  # the last good page, not a 404
        assert "content/data/office.yml" in body and "縮排不對" in body
        office.write_text(good, encoding="utf-8")
        wait_for(f"{url}/en/", BANNER, 60, absent=True)
        # Page saves work again: no restart.
        home = content / "pages" / "index.md"
        home.write_text(HOME_ZH + "\n新的段落。\n", encoding="utf-8")
        body = wait_for(f"{url}/", "新的段落", 30)


def test_a_page_that_cannot_render_keeps_its_last_good_version(tmp_path: Path) -> None:
    home = _site(tmp_path) / "pages" / "index.md"
    with preview(tmp_path) as url:
        home.write_text(HOME_ZH.replace("title: 首頁", "title: [首頁") + "\n壞掉\n", "utf-8")
        body = wait_for(f"{url}/", BANNER, 30)
        assert "壞掉" not in body and "電話" in body
        assert "content/pages/index.md:2" in body
        home.write_text(HOME_ZH + "\n修好了\n", encoding="utf-8")
        body = wait_for(f"{url}/", "修好了", 30)
        # The English page now translates an older Chinese text: shown, and said in the banner.
        assert "翻譯之後，中文版 index.md 又修改過" in body
