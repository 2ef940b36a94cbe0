"""Page weight: what each built page costs a visitor on first load (gzip), guides against 150 kB.

Counts the HTML plus every stylesheet, script and font the page loads (fonts found through the
stylesheets' @font-face rules), each gzip-compressed at level 6 (a typical CDN/server setting)
and each counted once per page. Images and the favicon are printed apart: they are not part of
the target. A second pass opens the heaviest guide in headless Chromium and lists every request
it really makes, so nothing loaded at run time (workers, fetches) is missed.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "build" / "site"
GUIDE_TARGET = 150_000  # bytes, gzip, first load of a guide page
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf", ".eot")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.I)
ORIGIN = "http://site.test"


@dataclass
class PageWeight:
    """Gzip bytes per kind for one page."""

    rel: str
    parts: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> {asset: bytes}

    def add(self, kind: str, name: str, size: int) -> None:
        self.parts.setdefault(kind, {})[name] = size

    def total(self, kind: str) -> int:
        return sum(self.parts.get(kind, {}).values())

    @property
    def counted(self) -> int:
        return sum(self.total(kind) for kind in ("html", "css", "js", "font"))

    @property
    def is_guide(self) -> bool:
        bare = self.rel.removeprefix("en/")
        return bare.startswith("guides/") and bare != "guides/index.html"


@functools.cache
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def _local(site_dir: Path, page_url: str, ref: str) -> Path | None:
    """The built file ``ref`` points to from ``page_url``, or None if it is not on the site."""
    parts = urlsplit(urljoin(ORIGIN + page_url, ref))
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    target = site_dir / parts.path.lstrip("/")
    if parts.path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def _page_url(rel: str) -> str:
    return "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def _fonts_of(css: Path) -> list[Path]:
    """Font files a stylesheet declares in @font-face (what a browser may fetch)."""
    fonts = []
    for block in FONT_FACE.findall(css.read_text("utf-8", errors="replace")):
        for ref in CSS_URL.findall(block):
            target = (css.parent / urlsplit(ref).path).resolve()
            if target.suffix in FONT_SUFFIXES and target.is_file():
                fonts.append(target)
    return fonts


def weigh(site_dir: Path, html: Path) -> PageWeight:
    rel = html.relative_to(site_dir).as_posix()
    url = _page_url(rel)
    weight = PageWeight(rel)
    weight.add("html", rel, gzip_size(html))
    soup = BeautifulSoup(html.read_text("utf-8"), "lxml")
    refs = [("css", link["href"]) for link in soup.select("link[rel~=stylesheet][href]")] + [
        ("js", script["src"]) for script in soup.select("script[src]")
    ]
    refs += [("img", img["src"]) for img in soup.select("img[src]")]
    refs += [("img", link["href"]) for link in soup.select("link[rel~=icon][href]")]
    for kind, ref in refs:
        target = _local(site_dir, url, ref)
        if target is None:
            weight.add("missing", ref, 0)
            continue
        name = target.relative_to(site_dir).as_posix()
        weight.add(kind, name, gzip_size(target))
        if kind == "css":
            for font in _fonts_of(target):
                weight.add("font", font.relative_to(site_dir).as_posix(), gzip_size(font))
    return weight


def _inline_costs(html: Path) -> dict[str, int]:
    """Raw bytes of inline SVG icons, scripts and styles in one page's HTML."""
    soup = BeautifulSoup(html.read_text("utf-8"), "lxml")
    return {
        "inline <svg> icons": sum(len(str(svg).encode()) for svg in soup.find_all("svg")),
        "inline <script>": sum(
            len(str(s).encode()) for s in soup.find_all("script") if not s.get("src")
        ),
        "navigation (nav.md-nav)": sum(
            len(str(nav).encode())
            for nav in soup.select("nav.md-nav--primary, nav.md-nav--secondary")
        ),
    }


def _kb(size: int) -> str:
    return f"{size / 1000:7.1f}"


def _print_table(weights: list[PageWeight]) -> None:
    print(f"{'page':42} {'HTML':>7} {'CSS':>7} {'JS':>7} {'fonts':>7} {'total':>7}  (kB gzip)")
    for w in sorted(weights, key=lambda w: w.counted, reverse=True):
        mark = ""
        if w.is_guide:
            verdict = "ok" if w.counted <= GUIDE_TARGET else "OVER"
            mark = f"  <- guide, {verdict} (target {GUIDE_TARGET // 1000} kB)"
        print(
            f"{w.rel:42} {_kb(w.total('html'))} {_kb(w.total('css'))} {_kb(w.total('js'))}"
            f" {_kb(w.total('font'))} {_kb(w.counted)}{mark}"
        )
        for ref in w.parts.get("missing", {}):
            print(f"{'':42} !! not on this site or missing: {ref}")


def _print_breakdown(site_dir: Path, heaviest: PageWeight) -> None:
    print(f"\nWhat the heaviest guide costs ({heaviest.rel}):")
    for kind in ("html", "css", "js", "font", "img"):
        for name, size in sorted(heaviest.parts.get(kind, {}).items(), key=lambda kv: -kv[1]):
            raw = (site_dir / name).stat().st_size
            print(f"  {kind:5} {name:58} {_kb(size)} kB gzip ({raw / 1000:.1f} kB raw)")
    page = site_dir / heaviest.rel
    raw_html = page.stat().st_size
    for what, size in _inline_costs(page).items():
        print(f"  in the HTML: {what:32} {size / 1000:6.1f} kB raw ({100 * size / raw_html:.0f}%)")


def _serve(site_dir: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _browser_requests(site_dir: Path, rel: str) -> None:
    """List what Chromium really requests when it opens the page (catches run-time loads)."""
    try:
        from playwright.sync_api import sync_playwright

        from tests.conftest import CHROMIUM, CHROMIUM_ARGS
    except ImportError as exc:
        print(f"\n(browser pass skipped: {exc})")
        return
    if not Path(CHROMIUM).exists():
        print(f"\n(browser pass skipped: {CHROMIUM} is missing)")
        return
    server, base = _serve(site_dir)
    seen: list[tuple[str, int, str]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()

            def record(response) -> None:
                seen.append((response.request.resource_type, response.status, response.url))

            page.on("response", record)
            page.goto(f"{base}{_page_url(rel)}", wait_until="networkidle", timeout=15_000)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"\nRequests Chromium makes when opening {rel} (nothing leaves 127.0.0.1):")
    for kind, status, url in seen:
        path = urlsplit(url).path
        size = ""
        target = _local(site_dir, path, path) if status == 200 else None
        if target is not None:
            size = f"{_kb(gzip_size(target))} kB gzip"
        outside = "" if url.startswith(base) else "  !! THIRD PARTY"
        print(f"  {status} {kind:11} {path:58} {size}{outside}")


def main() -> None:
    site_dir = SITE_DIR
    if not (site_dir / "index.html").is_file():
        subprocess.run(
            [sys.executable, "-m", "scripts.build_site", "--quiet"], cwd=ROOT, check=True
        )
    weights = [weigh(site_dir, html) for html in sorted(site_dir.rglob("*.html"))]
    print(f"Page weight on first load, {len(weights)} pages in {site_dir.relative_to(ROOT)}:")
    _print_table(weights)
    guides = [w for w in weights if w.is_guide]
    if not guides:
        print("\nNo guide pages found under guides/.")
        return
    heaviest = max(guides, key=lambda w: w.counted)
    over = [w.rel for w in guides if w.counted > GUIDE_TARGET]
    print(
        f"\nGuides: {len(guides)}, heaviest {heaviest.rel} at {heaviest.counted / 1000:.1f} kB"
        f" (target {GUIDE_TARGET / 1000:.0f} kB): {'OVER: ' + ', '.join(over) if over else 'ok'}"
    )
    _print_breakdown(site_dir, heaviest)
    _browser_requests(site_dir, heaviest.rel)


if __name__ == "__main__":
    main()
