"""Give the theme's own stylesheets and scripts content-hashed names, so they can be cached a year.

Material's files carry a hash in their name already (``main.57a0d79d.min.css``); ours
(``gov.css``, ``forms.js``, …) did not, so browsers had to check them again every hour. After
the MkDocs build, each file of ``theme/overrides/assets/`` gets a copy named
``gov.<8 hex digits of its SHA-256>.css`` and every page's reference to it points at the copy
(scripts/deploy/cache.py then sends it as immutable). The unhashed file stays beside it: the
form backend's own pages (forms_lambda/pages.py) and scripts that load a sibling by name
still find it, with the short cache it always had.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEME_ASSETS = ROOT / "theme" / "overrides" / "assets"
SUFFIXES = (".css", ".js")
HASH_LENGTH = 8
# A name this step gave: gov.0123abcd.css (scripts/deploy/cache.py marks it immutable).
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.(?:css|js)$")


def fingerprinted_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    return f"{path.stem}.{digest}{path.suffix}"


def fingerprint_site(site_dir: Path, theme_assets: Path = THEME_ASSETS) -> dict[str, str]:
    """Copy each theme asset to its hashed name and point every page at it; the renames made."""
    renamed = {}
    for source in sorted(theme_assets.rglob("*")):
        if source.suffix not in SUFFIXES or not source.is_file():
            continue
        key = "assets/" + source.relative_to(theme_assets).as_posix()
        built = site_dir / key
        if not built.is_file():
            continue
        hashed = built.with_name(fingerprinted_name(built))
        shutil.copy2(built, hashed)
        renamed[key] = key.rsplit("/", 1)[0] + "/" + hashed.name
    if renamed:
        # A reference ends the attribute value: `…/gov.css"`, not a longer name like gov.css.map.
        pattern = re.compile(
            "(" + "|".join(re.escape(key) for key in sorted(renamed, key=len, reverse=True)) + ')"'
        )
        for page in site_dir.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            if "assets/" not in html:
                continue
            new = pattern.sub(lambda m: renamed[m.group(1)] + '"', html)
            if new != html:
                page.write_text(new, encoding="utf-8")
    return renamed
