"""Bilingual and Taiwan government-site conventions, checked on every built page (no browser).

Each test walks all pages and reports every page that breaks the rule, not just the first.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from tests.site.conftest import DEFAULT_LANG, HTML_LANG, OTHER_LANG, ROOT, BuiltPage, url_to_file
from theme.sitekit import office

DOCS_DIR = ROOT / "content" / "pages"
OFFICE_FILE = ROOT / "content" / "data" / "office.yml"
LANGS = (DEFAULT_LANG, OTHER_LANG)
FAKE_ORIGIN = "http://site.test"
ACCESSKEYS = {"U": "top navigation", "C": "main content", "Z": "footer"}
POLICY_PAGES = ("about/privacy/", "about/security/", "about/open-data/", "about/accessibility/")
EN_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


def _resolve(page: BuiltPage, href: str) -> str:
    """The URL path ``href`` points to, seen from ``page``."""
    return urlsplit(urljoin(FAKE_ORIGIN + page.url, href)).path


def _site_origin() -> str:
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert match, "mkdocs.yml has no site_url"
    parts = urlsplit(match.group(1))
    return f"{parts.scheme}://{parts.netloc}"


# --- language -----------------------------------------------------------------------------


def test_html_lang_matches_page_language(built_pages: list[BuiltPage]) -> None:
    problems = []
    for page in built_pages:
        html = page.soup.find("html")
        found = html.get("lang") if html else None
        if found != HTML_LANG[page.lang]:
            problems.append(f"{page.rel}: <html lang={found!r}>, expected {HTML_LANG[page.lang]!r}")
    assert not problems, _report(problems)


def _check_pair(page: BuiltPage, links: dict[str, str], what: str, site_dir: Path) -> list[str]:
    problems = []
    for lang in LANGS:
        href = links.get(lang)
        if href is None:
            problems.append(f"{page.rel}: no {what} for hreflang={lang}")
            continue
        target = _resolve(page, href)
        if target != page.url_in(lang):
            problems.append(
                f"{page.rel}: {what} hreflang={lang} points to {target}, "
                f"expected {page.url_in(lang)}"
            )
        elif not url_to_file(site_dir, target).is_file():
            problems.append(f"{page.rel}: {what} hreflang={lang} points to missing {target}")
    return problems


def test_hreflang_alternates_name_both_languages(
    content_pages: list[BuiltPage], site_dir: Path
) -> None:
    problems = []
    for page in content_pages:
        links = {
            link["hreflang"]: link["href"]
            for link in page.soup.select("head link[rel~=alternate][hreflang][href]")
        }
        problems += _check_pair(page, links, "<link rel=alternate>", site_dir)
    assert not problems, _report(problems)


def test_language_switch_lands_on_same_page(content_pages: list[BuiltPage], site_dir: Path) -> None:
    problems = []
    for page in content_pages:
        links = {a["hreflang"]: a["href"] for a in page.soup.select("a.md-select__link[hreflang]")}
        problems += _check_pair(page, links, "language switch link", site_dir)
    assert not problems, _report(problems)


def _sources(url_in_default: str, suffix: str) -> list[str]:
    bare = url_in_default.strip("/")
    return [f"{bare}/index{suffix}", f"{bare}{suffix}"] if bare else [f"index{suffix}"]


def _has_english_source(url_in_default: str) -> bool:
    return any((DOCS_DIR / name).is_file() for name in _sources(url_in_default, ".en.md"))


def _is_generated(url_in_default: str) -> bool:
    """Pages a hook generates (news page 2, 3, ...) have no source file in either language."""
    return not any((DOCS_DIR / name).is_file() for name in _sources(url_in_default, ".md"))


def test_untranslated_pages_show_english_notice_and_mark_chinese(
    content_pages: list[BuiltPage],
) -> None:
    problems = []
    fallbacks = []
    for page in (p for p in content_pages if p.lang == OTHER_LANG):
        article = page.soup.select_one("article")
        notice = page.soup.select_one(".gov-fallback")
        if _is_generated(page.url_in(DEFAULT_LANG)):
            continue
        if _has_english_source(page.url_in(DEFAULT_LANG)):
            if notice is not None:
                problems.append(f"{page.rel}: translated page shows the fallback notice")
            continue
        fallbacks.append(page.rel)
        if notice is None or notice.get("lang") != "en" or "English" not in notice.get_text():
            problems.append(f"{page.rel}: untranslated page lacks a visible English notice")
        chinese = article.select_one(f'[lang="{HTML_LANG[DEFAULT_LANG]}"]') if article else None
        if chinese is None or not re.search(r"[\u4e00-\u9fff]", chinese.get_text()):
            problems.append(f"{page.rel}: Chinese fallback text is not marked lang=zh-Hant-TW")
        elif chinese.find("h1") is None:
            problems.append(f"{page.rel}: the Chinese <h1> is outside the lang=zh-Hant-TW block")
    assert not problems, _report(problems)
    if not fallbacks:
        pytest.skip("every page is translated: no fallback page to check")


def test_sitemap_xml_lists_both_languages_with_alternates(
    content_pages: list[BuiltPage], site_dir: Path
) -> None:
    tree = ET.parse(site_dir / "sitemap.xml")
    problems = []
    listed: set[str] = set()
    for url in tree.getroot().findall("sm:url", SITEMAP_NS):
        loc = urlsplit(url.findtext("sm:loc", "", SITEMAP_NS)).path
        listed.add(loc)
        alternates = {
            link.get("hreflang"): urlsplit(link.get("href", "")).path
            for link in url.findall("xhtml:link[@rel='alternate']", SITEMAP_NS)
        }
        if set(alternates) != set(LANGS):
            problems.append(f"{loc}: xhtml:link alternates {sorted(alternates)}, expected {LANGS}")
            continue
        if loc not in alternates.values():
            problems.append(f"{loc}: its alternates do not include the page itself")
        for lang, path in alternates.items():
            listed.add(path)
            if not url_to_file(site_dir, path).is_file():
                problems.append(f"{loc}: alternate hreflang={lang} {path} is not a built page")
    for page in content_pages:
        if page.url not in listed:
            problems.append(f"{page.url}: built page missing from sitemap.xml")
    assert not problems, _report(problems)


# --- blocks, skip link, accesskeys ---------------------------------------------------------

_HIDDEN_CLASS_RULE = re.compile(
    r"(?:^|[};])\s*\.([A-Za-z][\w-]*)\s*\{\s*display\s*:\s*none\s*(?:!important\s*)?;?\s*\}", re.M
)


def _classes_hidden_by_css(page: BuiltPage, site_dir: Path) -> set[str]:
    """Classes whose whole rule is ``display: none`` in the stylesheets the page loads."""
    hidden: set[str] = set()
    for link in page.soup.select("link[rel~=stylesheet][href]"):
        css = url_to_file(site_dir, _resolve(page, link["href"]))
        if css.is_file():
            hidden |= set(_HIDDEN_CLASS_RULE.findall(css.read_text("utf-8")))
    return hidden


def _is_focusable(tag: Tag, hidden_classes: set[str]) -> bool:
    if tag.has_attr("disabled") or set(tag.get("class", [])) & hidden_classes:
        return False
    if any(
        parent.has_attr("hidden") or set(parent.get("class", [])) & hidden_classes
        for parent in tag.parents
        if isinstance(parent, Tag) and parent.name != "[document]"
    ):
        return False
    tabindex = tag.get("tabindex")
    if tabindex is not None and tabindex.strip().lstrip("-").isdigit():
        return int(tabindex) >= 0
    if tag.name in ("a", "area"):
        return tag.has_attr("href")
    if tag.name == "input":
        return tag.get("type", "text").lower() != "hidden"
    if tag.name == "summary":
        return tag.parent is not None and tag.parent.name == "details"
    return tag.name in ("button", "select", "textarea", "iframe")


def _first_focusable(soup: BeautifulSoup, hidden_classes: set[str]) -> Tag | None:
    body = soup.find("body")
    for tag in body.find_all(True) if body else []:
        if tag.find_parent("noscript") is None and _is_focusable(tag, hidden_classes):
            return tag
    return None


def test_skip_link_is_first_focusable_and_reaches_main_content(
    built_pages: list[BuiltPage], site_dir: Path
) -> None:
    problems = []
    for page in built_pages:
        first = _first_focusable(page.soup, _classes_hidden_by_css(page, site_dir))
        if first is None or "gov-skip" not in first.get("class", []):
            problems.append(f"{page.rel}: first focusable element is {str(first)[:120]!r}")
            continue
        target = first.get("href", "")
        if not target.startswith("#") or page.soup.find(id=target[1:]) is None:
            problems.append(f"{page.rel}: skip link target {target!r} is not on the page")
            continue
        if page.soup.find(id=target[1:]).find_parent("article") is None:
            problems.append(f"{page.rel}: skip link target {target!r} is outside the main content")
    assert not problems, _report(problems)


def test_guide_bricks_carry_accesskeys_in_their_regions(built_pages: list[BuiltPage]) -> None:
    problems = []
    for page in built_pages:
        for key, region in ACCESSKEYS.items():
            found = page.soup.select(f'[accesskey="{key}"]')
            if len(found) != 1:
                problems.append(f"{page.rel}: {len(found)} elements with accesskey={key}")
                continue
            brick = found[0]
            if brick.name != "a" or brick.get_text(strip=True) != ":::" or not brick.get("title"):
                problems.append(f"{page.rel}: accesskey={key} is not a titled ::: link")
            href = brick.get("href", "")
            if not href.startswith("#") or page.soup.find(id=href[1:]) is None:
                problems.append(f"{page.rel}: ::: {key} link target {href!r} is missing")
            inside = {
                "U": brick.find_parent(class_="md-header") is None
                and brick.find_parent("main") is None
                and brick.find_parent("footer") is None,
                "C": brick.find_parent("article") is not None,
                "Z": brick.find_parent("footer") is not None,
            }[key]
            if not inside:
                problems.append(f"{page.rel}: ::: {key} is not in the {region} block")
        keys = [
            " ".join(tag.get_attribute_list("accesskey")) for tag in page.soup.select("[accesskey]")
        ]
        order = [k for k in keys if k in ACCESSKEYS]
        if order != ["U", "C", "Z"]:
            problems.append(f"{page.rel}: bricks in source order {order}, expected U, C, Z")
    assert not problems, _report(problems)


# --- footer -------------------------------------------------------------------------------


def _expected_date_text(iso: str, lang: str) -> str:
    day = dt.date.fromisoformat(iso)
    if lang == DEFAULT_LANG:
        return f"民國{day.year - 1911}年{day.month}月{day.day}日"
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def test_footer_has_office_facts_policies_and_update_date(
    built_pages: list[BuiltPage], site_dir: Path
) -> None:
    raw = office.load(OFFICE_FILE)
    problems = []
    for page in built_pages:
        facts = office.localize(raw, page.lang)
        footer = page.soup.select_one("footer .gov-footer")
        if footer is None:
            problems.append(f"{page.rel}: no .gov-footer inside <footer>")
            continue
        text = " ".join(footer.get_text(" ").split())
        wanted = {
            "office name": facts["name"],
            "address": facts["address"],
            "phone": facts["phone_display"],
            "fax": facts["fax"],
            "e-mail": facts["email"],
            "weekday hours": facts["hours"]["weekdays"],
            "evening hours": facts["hours"]["evening"],
            "Saturday hours": facts["hours"]["saturday"],
        }
        for what, value in wanted.items():
            if " ".join(str(value).split()) not in text:
                problems.append(f"{page.rel}: footer lacks the {what} ({value})")
        if footer.select_one(f'a[href="mailto:{facts["email"]}"]') is None:
            problems.append(f"{page.rel}: footer e-mail is not a mailto: link")
        if footer.select_one('a[href^="tel:"]') is None:
            problems.append(f"{page.rel}: footer phone is not a tel: link")
        targets = {_resolve(page, a["href"]) for a in footer.select("a[href]")}
        prefix = "/" if page.lang == DEFAULT_LANG else f"/{OTHER_LANG}/"
        for policy in POLICY_PAGES:
            if prefix + policy not in targets:
                problems.append(f"{page.rel}: footer has no link to {prefix + policy}")
            elif not url_to_file(site_dir, prefix + policy).is_file():
                problems.append(f"{page.rel}: footer link {prefix + policy} is not a built page")
        if page.is_special:
            continue
        time = footer.select_one("time[datetime]")
        if time is None:
            problems.append(f"{page.rel}: footer has no last-updated <time datetime>")
            continue
        expected = _expected_date_text(time["datetime"], page.lang)
        shown = time.get_text(strip=True)
        if shown != expected:
            problems.append(f"{page.rel}: last-updated date {shown!r}, expected {expected!r}")
    assert not problems, _report(problems)


# --- no third parties ---------------------------------------------------------------------

# Elements and attributes that make the browser fetch something.
RESOURCE_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
    "form": ("action",),  # a form sending visitors' input elsewhere is a third party too
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
GOOGLE_FONTS = re.compile(r"fonts\.(?:googleapis|gstatic)\.com", re.I)


def _foreign(url: str, origin: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "blob"):
        return False
    return f"{parts.scheme}://{parts.netloc}" != origin


def _resource_urls(soup: BeautifulSoup) -> list[tuple[str, str]]:
    found = []
    for name, attrs in RESOURCE_ATTRS.items():
        for tag in soup.find_all(name):
            for attr in attrs:
                value = tag.get(attr)
                if not value:
                    continue
                urls = [part.split()[0] for part in value.split(",") if part.strip()]
                urls = urls if attr == "srcset" else [value]
                found += [(f"<{name} {attr}>", url) for url in urls]
    for style in soup.find_all("style"):
        found += [("<style>", url) for url in CSS_URL.findall(style.get_text())]
    for tag in soup.find_all(style=True):
        found += [(f"<{tag.name} style>", url) for url in CSS_URL.findall(tag["style"])]
    return found


def test_no_page_loads_anything_from_another_origin(
    built_pages: list[BuiltPage], site_dir: Path
) -> None:
    origin = _site_origin()
    problems = []
    for page in built_pages:
        html = page.path.read_text("utf-8")
        if GOOGLE_FONTS.search(html):
            problems.append(f"{page.rel}: mentions Google Fonts")
        for where, url in _resource_urls(page.soup):
            if _foreign(url, origin):
                problems.append(f"{page.rel}: {where} loads {url}")
    for css in sorted(site_dir.rglob("*.css")):
        text = css.read_text("utf-8")
        rel = css.relative_to(site_dir)
        if GOOGLE_FONTS.search(text):
            problems.append(f"{rel}: mentions Google Fonts")
        problems += [
            f"{rel}: loads {url}" for url in CSS_URL.findall(text) if _foreign(url, origin)
        ]
    assert not problems, _report(problems)


def test_third_party_check_catches_foreign_resources() -> None:
    """The detector itself: a page with each kind of foreign resource is caught."""
    origin = "https://south-hro.example.gov.tw"
    soup = BeautifulSoup(
        """<html><head>
        <link rel="preconnect" href="https://fonts.gstatic.com">
        <link rel="stylesheet" href="//cdn.example.com/x.css">
        <style>@import "https://evil.example/a.css"; body{background:url(/ok.png)}</style>
        <script src="https://www.googletagmanager.com/gtag/js"></script></head>
        <body><img src="data:image/png;base64,AA" srcset="a.png 1x, https://img.example/b.png 2x">
        <iframe src="https://www.youtube.com/embed/x"></iframe>
        <form action="https://forms.example.com/x"></form>
        <a href="https://www.moi.gov.tw/">a link is not a resource</a>
        <link rel="canonical" href="https://south-hro.example.gov.tw/x/"></body></html>""",
        "lxml",
    )
    foreign = {url for _, url in _resource_urls(soup) if _foreign(url, origin)}
    assert foreign == {
        "https://fonts.gstatic.com",
        "//cdn.example.com/x.css",
        "https://www.googletagmanager.com/gtag/js",
        "https://img.example/b.png",
        "https://www.youtube.com/embed/x",
        "https://evil.example/a.css",
        "https://forms.example.com/x",
    }


# --- site map page ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_site_map_page_lists_the_menu_and_explains_keys_and_text_size(
    content_pages: list[BuiltPage], site_dir: Path, lang: str
) -> None:
    url = "/sitemap/" if lang == DEFAULT_LANG else f"/{OTHER_LANG}/sitemap/"
    page = next((p for p in content_pages if p.url == url), None)
    assert page is not None, f"no site map page at {url}"
    article = page.soup.select_one("article")
    text = " ".join(article.get_text(" ").split())
    keys = ("Alt+U", "Alt+C", "Alt+Z")
    problems = [f"{url}: does not explain {key}" for key in keys if key not in text]
    if article.find(id="font-size") is None or "Ctrl" not in text:
        problems.append(f"{url}: no #font-size section telling how to zoom (Ctrl and +)")
    tree = article.select_one(".gov-sitemap")
    assert tree is not None, f"{url}: no generated page list (.gov-sitemap)"
    listed = set()
    for link in tree.select("a[href]"):
        target = _resolve(page, link["href"])
        listed.add(target)
        if not link.get_text(strip=True):
            problems.append(f"{url}: list link to {target} has no text")
        if (target.startswith(f"/{OTHER_LANG}/")) != (lang == OTHER_LANG):
            problems.append(f"{url}: list links to {target}, a page in the other language")
        if not url_to_file(site_dir, target).is_file():
            problems.append(f"{url}: list links to missing page {target}")
    menu = {_resolve(page, a["href"]) for a in page.soup.select("nav.md-nav--primary a[href]")}
    problems += [f"{url}: menu page {m} missing from the list" for m in sorted(menu - listed)]
    assert not problems, _report(problems)
