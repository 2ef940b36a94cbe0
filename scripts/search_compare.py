"""Measure Material's search (lunr + jieba) against Pagefind (extended) on the real site.

Why: issue 2 asks to pick the Chinese search engine on numbers. Both engines are driven in
headless Chromium over 127.0.0.1 with the query list of tests/site/search_queries.yml; printed:
recall of the expected page in the top 3, results in the wrong language, index bytes on disk and
bytes fetched by the first search, and what each costs in build time. docs/search.md has the
figures and the choice.

Material needs jieba, which the site does not install; put it on a path first:
    .venv/bin/pip install --target /tmp/jieba-lib jieba
    .venv/bin/python -m scripts.search_compare --jieba-path /tmp/jieba-lib
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from scripts.search_index import bundle_size, index_site

ROOT = Path(__file__).resolve().parent.parent
QUERIES_FILE = ROOT / "tests" / "site" / "search_queries.yml"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOP = 3
WAIT_MS = 10_000
# 戶政 words jieba's (Simplified-trained) dictionary does not know; as a webmaster would add.
JIEBA_USER_WORDS = (
    "戶政事務所",
    "戶籍謄本",
    "戶口名簿",
    "國民身分證",
    "身分證",
    "印鑑證明",
    "印鑑登記",
    "印鑑",
    "自然人憑證",
    "門牌",
    "門牌整編",
    "出生登記",
    "結婚登記",
    "離婚登記",
    "死亡登記",
    "死亡宣告",
    "收養登記",
    "終止收養",
    "監護登記",
    "輔助登記",
    "遷入登記",
    "遷出登記",
    "住址變更",
    "姓名變更",
    "更正登記",
    "歸化",
    "喪失國籍",
    "回復國籍",
    "人別確認",
    "到府服務",
    "臺中市",
    "委託書",
    "規費",
    "初領",
    "補領",
    "換領",
    "戶籍法",
)


@dataclass
class EngineResult:
    """What one engine did with the whole query list."""

    name: str
    build_seconds: float  # wall time added to the site build
    build_cpu_seconds: float  # CPU time added (user + system)
    index_bytes: int = 0
    first_search_bytes: int = 0
    hits: dict[str, int] = field(default_factory=lambda: {"zh": 0, "en": 0})
    totals: dict[str, int] = field(default_factory=lambda: {"zh": 0, "en": 0})
    wrong_language: int = 0
    misses: list[str] = field(default_factory=list)


def load_queries(path: Path = QUERIES_FILE) -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _mkdocs(config: Path, site_dir: Path, extra_path: str | None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra_path, env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    subprocess.run([*command, "--site-dir", str(site_dir)], cwd=ROOT, env=env, check=True)


def measured(run: Callable[[], None]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of the child processes ``run`` starts.

    CPU time is the fairer figure here: other builds may share this 2-core machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


@contextmanager
def material_search_config(user_dict: Path) -> Iterator[Path]:
    """mkdocs.yml plus Material's search plugin with jieba, beside mkdocs.yml (hooks need that)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    search = {
        "lang": ["zh", "en"],
        "separator": r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])',
        "jieba_dict_user": str(user_dict),
    }
    config["plugins"] = [{"search": search}, *config["plugins"]]
    path = ROOT / ".search-compare.tmp.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _path_of(href: str) -> str:
    path = urlsplit(href).path
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def pagefind_top(page: Any, base: str, lang: str, query: str, *, fold: bool) -> list[str]:
    """Page paths Pagefind ranks first: through the site's search page (fold) or the raw API."""
    search_page = "/search/" if lang == "zh" else "/en/search/"
    if fold:
        page.goto(f"{base}{search_page}?q={quote(query)}")
        page.wait_for_selector("form[data-gov-search][data-ready]", timeout=WAIT_MS)
        hrefs = page.eval_on_selector_all(".gov-search__title a", "els => els.map(a => a.href)")
        return [_path_of(h) for h in hrefs]
    if not page.url.endswith(search_page):
        page.goto(base + search_page)
    return page.evaluate(
        """async (q) => {
            const pf = await import('/pagefind/pagefind.js');
            const {RANKING} = await import('/assets/javascripts/search-core.js');
            await pf.options({ranking: RANKING});
            const found = await pf.search(q);
            return Promise.all(found.results.slice(0, 10).map(async r => (await r.data()).url));
        }""",
        query,
    )


def material_top(page: Any, base: str, lang: str, query: str) -> list[str]:
    """Page paths Material's search shows first (one entry per page, as its UI groups them)."""
    home = "/" if lang == "zh" else "/en/"
    ready = """() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && !/\\d|初始化|Initializing|No matching|沒有/.test(meta.textContent);
    }"""
    if urlsplit(page.url).path != home:
        page.goto(base + home)
    page.fill(".md-search__input", "")
    page.press(".md-search__input", "End")  # Material searches on keyup, not on input
    page.wait_for_function(ready, timeout=WAIT_MS)  # worker loaded, placeholder shown
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")
    page.wait_for_function(
        """(q) => {
            const meta = document.querySelector('.md-search-result__meta');
            const input = document.querySelector('.md-search__input');
            return meta && input.value === q && /\\d|No matching|沒有/.test(meta.textContent);
        }""",
        arg=query,
        timeout=WAIT_MS,
    )
    page.wait_for_timeout(150)  # the worker answers per keystroke; let the last answer land
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "els => els.map(a => a.href)"
    )
    paths: list[str] = []
    for href in hrefs:
        path = _path_of(href)
        if path not in paths:
            paths.append(path)
    return paths


def score(result: EngineResult, queries: dict[str, list[dict[str, Any]]], top: Callable) -> None:
    for lang, items in queries.items():
        for item in items:
            try:
                paths = top(lang, item["q"])
            except Exception as error:
                print(f"  {result.name}: {item['q']!r} gave no answer ({type(error).__name__})")
                paths = []
            result.totals[lang] += 1
            if any(p in item["expect"] for p in paths[:TOP]):
                result.hits[lang] += 1
            else:
                result.misses.append(f"{item['q']} → {paths[:TOP]}")
            other = [p for p in paths if p.startswith("/en/") != (lang == "en")]
            result.wrong_language += bool(other)


def first_search_bytes(browser: Any, url: str, run: Callable[[Any], None]) -> int:
    """Bytes of search files (index, worker, wasm, lunr) fetched by the first search."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def record(response: Any) -> None:
        name = response.url
        if any(k in name for k in ("pagefind", "search_index", "lunr", "search.")):
            with suppress(Exception):  # redirects and aborted requests have no body
                sizes.append(len(response.body()))

    page.on("response", record)
    run(page)
    page.wait_for_timeout(300)
    context.close()
    return sum(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jieba-path", help="folder holding the jieba package (pip --target)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    work = Path(tempfile.mkdtemp(prefix="search-compare-"))
    try:
        plain_dir, material_dir = work / "pagefind", work / "material"
        user_dict = work / "jieba-user.txt"
        user_dict.write_text("".join(f"{w} 2000\n" for w in JIEBA_USER_WORDS), encoding="utf-8")
        times: dict[str, list[tuple[float, float]]] = {"plain": [], "pagefind": [], "material": []}
        with material_search_config(user_dict) as config:
            for _ in range(args.repeats):  # interleaved, so a busy moment hits all three alike
                times["plain"].append(
                    measured(lambda: _mkdocs(ROOT / "mkdocs.yml", plain_dir, None))
                )
                times["pagefind"].append(measured(lambda: index_site(plain_dir)))
                times["material"].append(
                    measured(lambda: _mkdocs(config, material_dir, args.jieba_path))
                )
        wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
        base_seconds = wall["plain"]
        pagefind = EngineResult("Pagefind 1.6 extended", wall["pagefind"], cpu["pagefind"])
        pagefind.index_bytes = bundle_size(plain_dir)
        pagefind_raw = EngineResult(
            "Pagefind, no variant folding", wall["pagefind"], cpu["pagefind"]
        )
        pagefind_raw.index_bytes = pagefind.index_bytes
        material = EngineResult(
            "Material + jieba",
            wall["material"] - wall["plain"],
            cpu["material"] - cpu["plain"],
        )
        material.index_bytes = sum(
            p.stat().st_size for p in material_dir.rglob("search_index.json")
        )

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            with serve(plain_dir) as base:
                page = browser.new_page()
                score(
                    pagefind, queries, lambda lang, q: pagefind_top(page, base, lang, q, fold=True)
                )
                score(
                    pagefind_raw,
                    queries,
                    lambda lang, q: pagefind_top(page, base, lang, q, fold=False),
                )
                pagefind.first_search_bytes = first_search_bytes(
                    browser,
                    base,
                    lambda p: pagefind_top(p, base, "zh", "身分證", fold=True),
                )
                pagefind_raw.first_search_bytes = pagefind.first_search_bytes
            with serve(material_dir) as base:
                page = browser.new_page()
                score(material, queries, lambda lang, q: material_top(page, base, lang, q))
                material.first_search_bytes = first_search_bytes(
                    browser, base, lambda p: material_top(p, base, "zh", "身分證")
                )
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"MkDocs build without a search plugin: {base_seconds:.2f} s wall, "
        f"{cpu['plain']:.2f} s CPU (medians of {args.repeats})"
    )
    for result in (material, pagefind_raw, pagefind):
        zh, en = result.hits["zh"], result.hits["en"]
        print(f"\n{result.name}")
        print(f"  top-{TOP} recall zh: {zh}/{result.totals['zh']}  en: {en}/{result.totals['en']}")
        print(f"  queries with results in the other language: {result.wrong_language}")
        print(f"  index on disk: {result.index_bytes / 1024:.0f} KiB")
        print(f"  fetched by the first search: {result.first_search_bytes / 1024:.0f} KiB")
        print(
            f"  added build time: {result.build_seconds:.2f} s wall, "
            f"{result.build_cpu_seconds:.2f} s CPU"
        )
        for miss in result.misses:
            print(f"    miss: {miss}")


if __name__ == "__main__":
    main()
