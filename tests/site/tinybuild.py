"""Run the real MkDocs build, with one of our hooks, on a tiny project made by a test.

Hook tests use it to prove a marker expands and a data mistake stops the build, without
building the whole site.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EXTENSIONS = ("attr_list", "tables", "toc")


def build_with_hook(
    project: Path, hook: str, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
) -> subprocess.CompletedProcess:
    """Write ``mkdocs.yml`` for ``project/content/pages`` with ``theme/hooks/<hook>.py``; build."""
    (project / "mkdocs.yml").write_text(
        "site_name: Test\n"
        "docs_dir: content/pages\n"
        "site_dir: site\n"
        f"markdown_extensions: [{', '.join(extensions)}]\n"
        f"hooks: [{ROOT / 'theme' / 'hooks' / f'{hook}.py'}]\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


OFFICE_FILE = ROOT / "content" / "data" / "office.yml"
# A page and its translation that pass every content check.
HOME_ZH = (
    "---\ntitle: 首頁\nlast_reviewed: 2026-11-20\n---\n\n"
    "# 首頁 { #home }\n\n電話 {{ office.phone_display }}\n"
)


def home_en(home_zh: str = HOME_ZH) -> str:
    """The English home page, marked as the translation of ``home_zh``."""
    from theme.sitekit import translations

    fingerprint = translations.hash_of_text(home_zh, "content/pages/index.md")
    return (
        f'---\ntitle: Home\nlast_reviewed: 2026-11-20\ntranslation_of: "{fingerprint}"\n---\n\n'
        "# Home { #home }\n\nPhone {{ office.phone_display }}\n"
    )


def make_site(project: Path, pages: dict[str, str], office_text: str | None = None) -> Path:
    """A small bilingual site with the real theme, site hooks and content checks; its config.

    ``pages`` maps paths below content/pages to their text (bytes for binary files).
    """
    docs = project / "content" / "pages"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / ".meta.yml").write_text("review_in: 6 months\n", encoding="utf-8")
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    data = project / "content" / "data"
    data.mkdir(parents=True, exist_ok=True)
    office = office_text if office_text is not None else OFFICE_FILE.read_text(encoding="utf-8")
    (data / "office.yml").write_text(office, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        f"""site_name: Test
site_url: https://example.gov.tw/
docs_dir: content/pages
site_dir: site
strict: true
theme:
  name: material
  custom_dir: {ROOT / "theme" / "overrides"}
  language: zh-TW
  font: false
markdown_extensions: [attr_list, md_in_html, admonition, tables, toc]
hooks:
  - {ROOT / "theme" / "hooks" / "content_checks.py"}
  - {ROOT / "theme" / "hooks" / "site_hooks.py"}
validation:
  links: {{anchors: warn, unrecognized_links: warn, absolute_links: warn}}
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: zh-TW, name: 中文, default: true}}
        - {{locale: en, name: English}}
extra:
  office_file: content/data/office.yml
""",
        encoding="utf-8",
    )
    return config


def build_pages(
    project: Path, pages: dict[str, str | bytes], office_text: str | None = None
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a small site with these pages (see make_site)."""
    make_site(project, pages, office_text)
    return run_in(project, "mkdocs", "build", "--strict")


def run_in(
    project: Path, *command: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``python -m <command>`` from ``project`` (messages name content/pages/...), with this
    repository's ``scripts`` and ``theme`` importable."""
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=timeout,
    )


@contextlib.contextmanager
def preview(project: Path, ready_timeout: float = 120) -> Iterator[str]:
    """``make preview`` of ``project`` on a free 127.0.0.1 port; stopped (its whole process
    group) when the block ends. Yields the base URL once the home page is served."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts.preview", "-q", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/", "</html>", ready_timeout)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def fetch(url: str) -> tuple[int, str]:
    """Status and text of ``url`` (127.0.0.1 only), bounded by a timeout."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def wait_for(url: str, text: str, seconds: float, absent: bool = False) -> str:
    """The page at ``url`` once it contains ``text`` (or no longer does); bounded in time."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if status == 200 and (text not in body if absent else text in body):
            return body
        time.sleep(0.1)
    state = "still shows" if absent else "did not show"
    raise AssertionError(f"{url} {state} {text!r} within {seconds} s:\n{body[-2000:]}")
