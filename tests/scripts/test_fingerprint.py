"""The theme's own stylesheets and scripts get content-hashed copies that the pages link to."""

from __future__ import annotations

import re
from pathlib import Path

from scripts.deploy.cache import IMMUTABLE, MODEST, cache_control
from scripts.fingerprint import FINGERPRINTED, fingerprint_site


def make_site(tmp_path: Path) -> tuple[Path, Path]:
    theme = tmp_path / "theme"
    (theme / "stylesheets").mkdir(parents=True)
    (theme / "stylesheets" / "gov.css").write_text("a { color: #123a66; }", encoding="utf-8")
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "assets" / "stylesheets" / "gov.css").write_text("a { color: #123a66; }", "utf-8")
    (site / "assets" / "stylesheets" / "gov.css.map").write_text("{}", encoding="utf-8")
    (site / "guides").mkdir()
    (site / "guides" / "index.html").write_text(
        '<link href="../assets/stylesheets/gov.css"><a href="../assets/stylesheets/gov.css.map">',
        encoding="utf-8",
    )
    return site, theme


def test_pages_link_the_hashed_copy_and_the_original_stays(tmp_path: Path) -> None:
    site, theme = make_site(tmp_path)
    renamed = fingerprint_site(site, theme)
    hashed = renamed["assets/stylesheets/gov.css"]
    assert FINGERPRINTED.search(hashed)
    assert (site / hashed).read_bytes() == (site / "assets/stylesheets/gov.css").read_bytes()
    html = (site / "guides" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{hashed}"' in html
    assert 'href="../assets/stylesheets/gov.css.map"' in html  # a longer name is left alone
    assert cache_control(hashed) == IMMUTABLE
    assert cache_control("assets/stylesheets/gov.css") == MODEST


def test_a_changed_file_gets_a_new_name(tmp_path: Path) -> None:
    site, theme = make_site(tmp_path)
    first = fingerprint_site(site, theme)["assets/stylesheets/gov.css"]
    site2, theme2 = make_site(tmp_path / "again")
    (site2 / "assets/stylesheets/gov.css").write_text("a { color: #1d4e89; }", "utf-8")
    assert fingerprint_site(site2, theme2)["assets/stylesheets/gov.css"] != first


def test_the_built_pages_link_only_hashed_theme_assets(site_dir: Path) -> None:
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'(?:href|src)="(assets/(?:stylesheets|javascripts)/[^"]+)"', home)
    assert len(linked) >= 5, linked
    for url in linked:
        assert cache_control(url) == IMMUTABLE, url
        assert (site_dir / url).is_file(), url
