"""Build the site search index with Pagefind (extended build) after the MkDocs build.

Why Pagefind: it segments Chinese with ICU4X (no jieba in the MkDocs build) and writes one index
per ``<html lang>``, so Chinese pages search Chinese pages and English pages English ones
(docs/search.md has the measured comparison with Material's search + jieba).

Only the article marked ``data-pagefind-body`` (theme/overrides/main.html) is indexed: the guide
bricks, the top bar, the footer and English fallback copies of Chinese pages are not.

The variant table (content/data/search-variants.yml) is checked here and written next to the
index as JSON; the search page's script expands a query into every spelling in it
(身份證 → 身分證, 台中 → 臺中), so the index itself keeps the page's own wording.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
VARIANTS_FILE = ROOT / "content" / "data" / "search-variants.yml"
BUNDLE_DIR = "pagefind"
VARIANTS_JSON = "gov-variants.json"
PAGEFIND_TIMEOUT_S = 300
# The site map's list of every page title would outrank the pages themselves; its text stays.
EXCLUDED_SELECTORS = ".gov-sitemap"
# Pagefind ships its own UIs; the site uses theme/overrides/assets/javascripts/search.js instead.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """A problem a webmaster can fix; the message is bilingual and names the file."""


def pagefind_binary(root: Path = ROOT) -> Path:
    """The extended Pagefind binary npm installed (the extended build segments Chinese)."""
    candidates = sorted((root / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended"))
    if not candidates:
        raise SearchIndexError(
            "找不到 Pagefind（擴充版）：請執行 `make node`（npm ci）安裝。\n"
            "Pagefind (extended) is not installed: run `make node` (npm ci)."
        )
    return candidates[0]


def load_variant_groups(path: Path = VARIANTS_FILE) -> list[list[str]]:
    """Read and check the variant table; every mistake names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SearchIndexError(
            f"{path}: 無法讀取異體字表（{error.strerror}）。\n"
            f"{path}: cannot read the variant table ({error.strerror})."
        ) from error
    try:
        node = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SearchIndexError(
            f"{path}: 異體字表不是正確的 YAML：{error}\n"
            f"{path}: the variant table is not valid YAML: {error}"
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise SearchIndexError(
            f"{path}: 需要 `groups:` 清單，每列一組寫法，例如 `- [臺, 台]`。\n"
            f"{path}: expected a `groups:` list, one group of spellings a line, e.g. `- [臺, 台]`."
        )
    lines = _group_lines(node)
    seen: dict[str, int] = {}
    groups: list[list[str]] = []
    for index, group in enumerate(data["groups"]):
        where = f"{path}:{lines[index]}" if index < len(lines) else str(path)
        if not isinstance(group, list) or not all(isinstance(s, str) and s.strip() for s in group):
            raise SearchIndexError(
                f"{where}: 每組須是文字清單，例如 `- [臺, 台]`。\n"
                f"{where}: each group must be a list of words, e.g. `- [臺, 台]`."
            )
        spellings = [s.strip() for s in group]
        if len(set(spellings)) < 2:
            raise SearchIndexError(
                f"{where}: 每組至少要有兩種不同寫法。\n"
                f"{where}: a group needs at least two different spellings."
            )
        for spelling in spellings:
            if spelling in seen:
                raise SearchIndexError(
                    f"{where}: 「{spelling}」已在第 {seen[spelling]} 列的組別，"
                    "同一寫法只能屬於一組。\n"
                    f"{where}: '{spelling}' is already in the group on line {seen[spelling]}; "
                    "a spelling may belong to one group only."
                )
            seen[spelling] = lines[index] if index < len(lines) else 0
        groups.append(spellings)
    return groups


def _group_lines(node: yaml.Node | None) -> list[int]:
    """1-based line of each entry under ``groups:`` (for error messages)."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "groups" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def run_pagefind(site_dir: Path, binary: Path) -> str:
    """Index every built page that has ``data-pagefind-body``; return Pagefind's summary."""
    command = [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]
    command += ["--exclude-selectors", EXCLUDED_SELECTORS]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise SearchIndexError(
            f"Pagefind 逾時（超過 {PAGEFIND_TIMEOUT_S} 秒）。\n"
            f"Pagefind did not finish within {PAGEFIND_TIMEOUT_S} s."
        ) from error
    if result.returncode != 0:
        raise SearchIndexError(
            f"Pagefind 建立搜尋索引失敗：\n{result.stderr or result.stdout}\n"
            "Pagefind could not build the search index (its output is above)."
        )
    return result.stdout


def index_site(site_dir: Path) -> None:
    """Write the Pagefind bundle and the variant table into ``site_dir/pagefind/``."""
    groups = load_variant_groups()
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(
            f"{site_dir}: 網站尚未建置（沒有 index.html）。\n"
            f"{site_dir}: the site is not built (no index.html)."
        )
    if "data-pagefind-body" not in (site_dir / "index.html").read_text(encoding="utf-8"):
        # Without it Pagefind would index whole pages: top bar, bricks and footer included.
        raise SearchIndexError(
            f"{site_dir / 'index.html'}: 沒有 data-pagefind-body 標記"
            "（theme/overrides/main.html）。\n"
            f"{site_dir / 'index.html'}: no data-pagefind-body marker "
            "(theme/overrides/main.html), so search would index top bars and footers."
        )
    run_pagefind(site_dir, pagefind_binary())
    bundle = site_dir / BUNDLE_DIR
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    payload = json.dumps({"groups": groups}, ensure_ascii=False, separators=(",", ":"))
    (bundle / VARIANTS_JSON).write_text(payload, encoding="utf-8")


def bundle_size(site_dir: Path) -> int:
    """Bytes of the search bundle on disk (for the notes and the comparison)."""
    return sum(p.stat().st_size for p in (site_dir / BUNDLE_DIR).rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "site")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        index_site(args.site_dir)
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    seconds = time.perf_counter() - started
    size = bundle_size(args.site_dir)
    print(f"Search index built in {seconds:.2f} s ({size / 1024:.0f} KiB in {BUNDLE_DIR}/)")


if __name__ == "__main__":
    main()
