"""Web editing with Decap CMS for webmasters who will not use git (docs/webmaster.md#web-editing).

Three parts, all here:

- the Decap bundle, fetched from the npm registry with ``npm pack`` (the package alone, not its
  build tree), checked against the pinned sha512 and unpacked into ``build/decap/`` (never
  committed, never sent to citizens: the site makes no third-party request);
- the Decap configuration, made from the content itself: every page pair of ``content/pages`` as
  two entries (中文 ``name.md`` and English ``name.en.md``) with the front-matter keys the build
  accepts as form widgets, the news folder (new posts), and the office facts file;
- the local file API Decap's ``local_backend`` speaks (the protocol of ``decap-server``), which
  ``make preview`` serves at ``/admin/api/v1`` so edits are saved into ``content/`` on this
  computer and the preview shows them at once. It reads and writes below ``content/`` only.

On GitHub, Decap signs in through an OAuth app and commits through GitHub's API: set
``extra.cms`` in ``mkdocs.yml`` (``public: true``, ``repo``, ``base_url``) and the build ships
``/admin/`` (docs/webmaster.md explains the sign-in set-up). Without ``public: true`` the public
site has no ``/admin/``.

    python -m scripts.cms fetch      # download the bundle once (make cms)
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import yaml

from theme.sitekit import pages

ROOT = Path(__file__).resolve().parent.parent
VERSION = "3.16.3"
INTEGRITY = (  # `npm view decap-cms@3.16.3 dist.integrity`
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw"
    "=="
)
BUNDLE_DIR = ROOT / "build" / "decap" / VERSION
ADMIN_PAGE = ROOT / "theme" / "admin" / "index.html"
CONTENT = "content"  # the only folder the file API reads and writes
OFFICE_FILE = "content/data/office.yml"

# Front-matter keys the build reads (theme/sitekit/pagemeta.py, translations.py, news.py), as
# Decap widgets. ``translation_of`` is kept hidden: only ``make i18n-status --mark`` writes it.
PAGE_FIELDS = [
    {"label": "標題 Title", "name": "title", "widget": "string"},
    {"label": "摘要 Description", "name": "description", "widget": "text", "required": False},
    {
        "label": "上次檢視日 Last reviewed",
        "name": "last_reviewed",
        "widget": "datetime",
        "format": "YYYY-MM-DD",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
        "required": False,
    },
    {"label": "檢視週期 Review every", "name": "review_in", "widget": "string", "required": False},
    {"label": "負責單位 Owner", "name": "owner", "widget": "string", "required": False},
    {
        "label": "只有中文 Chinese only",
        "name": "translation",
        "widget": "select",
        "options": ["none"],
        "required": False,
    },
    {
        "label": "英文標題（只有中文的頁面）English title of a Chinese-only page",
        "name": "title_en",
        "widget": "string",
        "required": False,
    },
    # Written by tools, kept as they are: the translation record, the search page's settings.
    *(
        {"label": key, "name": key, "widget": "hidden", "required": False}
        for key in ("translation_of", "search_page", "search")
    ),
    # Markdown as typed: the rich-text editor would rewrite `{ #id }` and `{{ office.* }}`.
    {"label": "內容 Text", "name": "body", "widget": "markdown", "modes": ["raw"]},
]
# Front-matter keys of pages the build reads; a key Decap does not know is dropped on saving.
PAGE_KEYS = tuple(field["name"] for field in PAGE_FIELDS if field["name"] != "body")
NEWS_FIELDS = [
    PAGE_FIELDS[0],
    {
        "label": "日期 Date",
        "name": "date",
        "widget": "datetime",
        "format": "YYYY-MM-DD",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
    },
    {"label": "摘要 Summary", "name": "summary", "widget": "text", "required": False},
    {"label": "分類 Category", "name": "category", "widget": "string", "required": False},
    *PAGE_FIELDS[2:],
]
BILINGUAL = [
    {"label": "中文", "name": "zh-TW", "widget": "string"},
    {"label": "English", "name": "en", "widget": "string"},
]


# --- the bundle -------------------------------------------------------------------------------


def fetch(target: Path = BUNDLE_DIR) -> Path:
    """Download decap-cms with npm, check it against the pinned digest, unpack ``dist/``."""
    if (target / "decap-cms.js").is_file():
        return target
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["npm", "pack", f"decap-cms@{VERSION}", "--silent", "--pack-destination", scratch],
            check=True,
            timeout=600,
            stdout=subprocess.DEVNULL,
        )
        tarball = Path(scratch) / f"decap-cms-{VERSION}.tgz"
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if f"sha512-{digest}" != INTEGRITY:
            raise SystemExit(f"decap-cms-{VERSION}.tgz does not match the pinned digest")
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/dist/")
                if name != member.name and member.isfile() and not name.endswith(".map"):
                    member.name = name
                    archive.extract(member, partial, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    return target


# --- the configuration ------------------------------------------------------------------------


def config(root: Path, docs_dir: Path, settings: dict[str, Any], local_api: str | None) -> dict:
    """Decap's configuration for this content; ``settings`` is mkdocs.yml's ``extra.cms`` and
    ``local_api`` the preview's file API URL."""
    cms = settings
    result: dict[str, Any] = {
        "backend": {
            "name": "github",
            "repo": cms.get("repo", "OWNER/REPOSITORY"),
            "branch": cms.get("branch", "main"),
            **({"base_url": cms["base_url"]} if cms.get("base_url") else {}),
        },
        "locale": "zh_Hant",
        "publish_mode": "simple",
        "media_folder": "content/pages/assets/images",
        "public_folder": "/assets/images",
        "collections": [*page_collections(root, docs_dir), news_collection(root, docs_dir)],
    }
    if (root / OFFICE_FILE).is_file():
        result["collections"].append(office_collection())
    if local_api:
        result["local_backend"] = {"url": local_api, "allowed_hosts": ["127.0.0.1", "localhost"]}
    return result


def page_collections(root: Path, docs_dir: Path) -> list[dict[str, Any]]:
    """One collection per top folder of content/pages (news posts apart), each page's Chinese
    and English files as two entries."""
    by_folder: dict[str, list[dict[str, Any]]] = {}
    uris = sorted(
        pages.iter_markdown(docs_dir),
        key=lambda uri: (
            pages.source_uri(uri) if uri.endswith(pages.TRANSLATION_SUFFIX) else uri,
            uri,
        ),
    )
    for uri in uris:
        if uri.startswith("news/posts/"):
            continue
        folder = uri.split("/", 1)[0] if "/" in uri else "(home)"
        english = uri.endswith(pages.TRANSLATION_SUFFIX)
        path = (docs_dir / uri).relative_to(root).as_posix()
        by_folder.setdefault(folder, []).append(
            {
                "label": f"{uri} ({'English' if english else '中文'})",
                "name": uri.replace("/", "--").replace(".", "-"),
                "file": path,
                "fields": PAGE_FIELDS,
            }
        )
    return [
        {"name": f"pages-{folder.strip('()')}", "label": f"頁面 Pages: {folder}", "files": files}
        for folder, files in sorted(by_folder.items())
    ]


def news_collection(root: Path, docs_dir: Path) -> dict[str, Any]:
    folder = (docs_dir / "news" / "posts").relative_to(root).as_posix()
    return {
        "name": "news",
        "label": "最新消息 News (中文 name.md, English name.en.md)",
        "folder": folder,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
        "summary": "{{date}} {{title}} ({{filename}})",
        "sortable_fields": ["date", "title"],
        "fields": NEWS_FIELDS,
    }


def office_collection() -> dict[str, Any]:
    """The office facts (content/data/office.yml): the keys every page footer needs."""
    fields: list[dict[str, Any]] = [
        {"label": name, "name": name, "widget": "object", "fields": BILINGUAL}
        for name in ("name", "short_name", "city", "address", "hotline_1996")
    ]
    fields += [
        {"label": name, "name": name, "widget": "string"}
        for name in ("phone", "phone_display", "fax", "email", "site_url")
    ]
    fields.append(
        {
            "label": "hours",
            "name": "hours",
            "widget": "object",
            "fields": [
                {"label": name, "name": name, "widget": "object", "fields": BILINGUAL}
                for name in ("weekdays", "evening", "saturday")
            ],
        }
    )
    return {
        "name": "data",
        "label": "資料檔 Data files",
        "files": [
            {
                "label": "機關資料 Office facts",
                "name": "office",
                "file": OFFICE_FILE,
                "fields": fields,
            }
        ],
    }


class _PlainDumper(yaml.SafeDumper):
    """No ``&id001`` anchors: the file stays readable by people."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(root: Path, docs_dir: Path, settings: dict[str, Any], local_api: str | None):
    return yaml.dump(
        config(root, docs_dir, settings, local_api),
        Dumper=_PlainDumper,
        allow_unicode=True,
        sort_keys=False,
    )


# --- the local file API (decap-server's protocol) ---------------------------------------------


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def handle(root: Path, body: dict[str, Any]) -> Any:
    """One request of Decap's ``local_backend``: ``{"action": ..., "params": {...}}``."""
    action = body.get("action")
    params = body.get("params") or {}
    if action == "info":
        return {"repo": root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        folder = _inside(root, params["folder"])
        depth = int(params.get("depth") or 1)
        return [_entry(root, p) for p in _list(folder, str(params.get("extension", "")), depth)]
    if action == "entriesByFiles":
        return [_entry(root, _inside(root, f["path"]), f.get("label")) for f in params["files"]]
    if action == "getEntry":
        return _entry(root, _inside(root, params["path"]))
    if action == "persistEntry":
        entry = params.get("entry")
        for data in params.get("dataFiles") or [entry]:
            _write(_inside(root, data["path"]), str(data["raw"]).encode("utf-8"))
        for asset in params.get("assets") or []:
            _write(_inside(root, asset["path"]), _decode(asset))
        return {"message": "entry persisted"}
    if action == "getMedia":
        folder = _inside(root, params["mediaFolder"])
        return [_media(root, p) for p in _list(folder, "", 1)]
    if action == "getMediaFile":
        return _media(root, _inside(root, params["path"]))
    if action == "persistMedia":
        path = _inside(root, params["asset"]["path"])
        _write(path, _decode(params["asset"]))
        return _media(root, path)
    if action in ("deleteFile", "deleteFiles"):
        for name in params.get("paths") or [params.get("path")]:
            _inside(root, name).unlink(missing_ok=True)
        return {"message": "deleted"}
    if action == "getDeployPreview":
        return None
    raise ApiError(422, f"Unknown action {action}")


def _inside(root: Path, name: Any) -> Path:
    """``name`` below ``root/content``; anything else is refused."""
    base = (root / CONTENT).resolve()
    path = (root / str(name)).resolve()
    if not isinstance(name, str) or not path.is_relative_to(base):
        raise ApiError(403, f"{name!r} is outside {CONTENT}/")
    return path


def _list(folder: Path, extension: str, depth: int) -> list[Path]:
    if depth <= 0 or not folder.is_dir():
        return []
    found: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            found += _list(child, extension, depth - 1)
        elif child.name.endswith(extension):
            found.append(child)
    return found


def _entry(root: Path, path: Path, label: str | None = None) -> dict[str, Any]:
    name = path.relative_to(root.resolve()).as_posix()
    try:
        raw = path.read_bytes()
    except OSError:
        return {"data": None, "file": {"path": name, "label": label, "id": None}}
    digest = hashlib.sha256(raw).hexdigest()
    return {"data": raw.decode("utf-8"), "file": {"path": name, "label": label, "id": digest}}


def _media(root: Path, path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    return {
        "id": hashlib.sha256(raw).hexdigest(),
        "content": base64.b64encode(raw).decode("ascii"),
        "encoding": "base64",
        "path": path.relative_to(root.resolve()).as_posix(),
        "name": path.name,
    }


def _decode(asset: dict[str, Any]) -> bytes:
    content = str(asset.get("content", ""))
    if asset.get("encoding") == "base64":
        return base64.b64decode(content)
    return content.encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so the preview never reads half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.cms.tmp")
    scratch.write_bytes(data)
    scratch.replace(path)


def serve_json(root: Path, raw_body: bytes) -> tuple[int, bytes]:
    """The HTTP status and JSON answer for one API request body."""
    try:
        answer = handle(root, json.loads(raw_body or b"{}"))
        status = 200
    except ApiError as error:
        answer, status = {"error": str(error)}, error.status
    except (KeyError, TypeError, ValueError, OSError) as error:
        answer, status = {"error": f"{type(error).__name__}: {error}"}, 400
    return status, json.dumps(answer, ensure_ascii=False).encode("utf-8")


# --- /admin/ on the public site (only when mkdocs.yml asks) -----------------------------------


def write_admin(site_dir: Path, root: Path, docs_dir: Path, settings: dict[str, Any]) -> None:
    """Put the editor into the built site: its page, its configuration (GitHub only, no local
    file API) and the bundle, fetched first if needed."""
    bundle = fetch()
    admin = site_dir / "admin"
    shutil.rmtree(admin, ignore_errors=True)
    shutil.copytree(bundle, admin / "decap")
    shutil.copy2(ADMIN_PAGE, admin / "index.html")
    (admin / "config.yml").write_text(config_yaml(root, docs_dir, settings, None), "utf-8")


# --- /admin/ over HTTP (make preview) ---------------------------------------------------------

MISSING_BUNDLE = (
    "<!doctype html><html lang='zh-Hant-TW'><meta charset='utf-8'><title>Decap CMS</title>"
    "<p>尚未下載網頁編輯器：請執行 <code>make cms</code>（從 npm 下載一次）。</p>"
    "<p lang='en'>The web editor is not downloaded yet: run <code>make cms</code> once.</p></html>"
)
TYPES = {".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm"}


def admin_response(
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
    *,
    root: Path,
    docs_dir: Path,
    settings: dict[str, Any],
    origin: str,
) -> tuple[int, str, bytes]:
    """The answer to a request below /admin/: the page, its configuration, the bundle, or the
    file API. The API answers only same-origin JSON requests (another web page open in the
    same browser cannot write content files) addressed to this host."""
    if path in ("/admin", "/admin/", "/admin/index.html"):
        page = ADMIN_PAGE.read_bytes() if (BUNDLE_DIR / "decap-cms.js").is_file() else None
        return 200, "text/html; charset=utf-8", page or MISSING_BUNDLE.encode()
    if path == "/admin/config.yml":
        text = config_yaml(root, docs_dir, settings, f"{origin}/admin/api/v1")
        return 200, "text/yaml; charset=utf-8", text.encode("utf-8")
    if path.startswith("/admin/decap/") and method == "GET":
        name = path.removeprefix("/admin/decap/")
        target = (BUNDLE_DIR / name).resolve()
        if target.is_relative_to(BUNDLE_DIR.resolve()) and target.is_file():
            return 200, TYPES.get(target.suffix, "application/octet-stream"), target.read_bytes()
        return 404, "text/plain", b"not found"
    if path == "/admin/api/v1" and method == "POST":
        same_origin = headers.get("origin", origin) == origin
        host_ok = f"http://{headers.get('host', '')}" == origin
        is_json = headers.get("content-type", "").startswith("application/json")
        if not (same_origin and host_ok and is_json):
            return 403, "application/json", b'{"error": "same-origin JSON requests only"}'
        status, answer = serve_json(root, body)
        return status, "application/json; charset=utf-8", answer
    return 404, "text/plain", b"not found"


def main(argv: list[str]) -> int:
    if argv[:1] != ["fetch"]:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        where = fetch()
    except (OSError, subprocess.SubprocessError) as error:
        print(
            f"無法下載 Decap CMS（{error}）；預覽仍可使用，只是沒有 /admin/。\n"
            f"Could not fetch Decap CMS ({error}); the preview works without /admin/.",
            file=sys.stderr,
        )
        return 1
    print(f"Decap CMS {VERSION} in {where.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
