"""The web editor (Decap CMS): its configuration matches the content, its file API stays inside
content/, and the public build ships /admin/ only when mkdocs.yml asks."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml

from scripts import cms
from theme.sitekit import office, pages

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "content" / "pages"


def _config(local_api: str | None = None) -> dict:
    return cms.config(ROOT, DOCS, {}, local_api)


def test_every_collection_points_at_files_that_exist() -> None:
    config = _config()
    files = [f["file"] for c in config["collections"] for f in c.get("files", [])]
    folders = [c["folder"] for c in config["collections"] if "folder" in c]
    assert len(files) > 100
    assert all((ROOT / name).is_file() for name in files), files
    assert all((ROOT / name).is_dir() for name in folders), folders
    # Every page of both languages is editable, news posts through their folder.
    listed = {(ROOT / name).relative_to(DOCS).as_posix() for name in files if "pages/" in name}
    every = {uri for uri in pages.iter_markdown(DOCS) if not uri.startswith("news/posts/")}
    assert listed == every


def test_fields_keep_every_front_matter_key_the_content_uses() -> None:
    """Decap drops a key it has no field for: every key in use must have one."""
    used = {key for page in pages.load(DOCS).pages.values() for key in page.front}
    config = _config()
    named = {
        field["name"]
        for collection in config["collections"]
        for fields in [collection.get("fields", [])]
        + [f["fields"] for f in collection.get("files", [])]
        for field in fields
    }
    assert used <= named, used - named
    assert "body" in named


def test_widgets_write_what_the_build_accepts() -> None:
    fields = {field["name"]: field for field in cms.PAGE_FIELDS}
    assert fields["title"].get("required", True) is True
    assert fields["last_reviewed"]["format"] == "YYYY-MM-DD"  # pagemeta reads a YAML date
    assert fields["body"]["modes"] == ["raw"]  # `{ #id }` and shortcodes kept as typed
    assert fields["translation_of"]["widget"] == "hidden"


def test_the_office_form_has_every_fact_the_footer_needs() -> None:
    [data] = [c for c in _config()["collections"] if c["name"] == "data"]
    [office_file] = data["files"]
    assert (ROOT / office_file["file"]).samefile(ROOT / "content" / "data" / "office.yml")
    names = {field["name"] for field in office_file["fields"]}
    hours = next(f for f in office_file["fields"] if f["name"] == "hours")
    names |= {f"hours.{field['name']}" for field in hours["fields"]}
    assert set(office.REQUIRED_KEYS) <= names


def test_local_backend_only_in_the_preview() -> None:
    assert "local_backend" not in _config()
    assert _config("http://127.0.0.1:8000/admin/api/v1")["local_backend"]["url"].endswith(
        "/admin/api/v1"
    )


# --- the file API ---------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "content" / "pages" / "a.md").write_text("---\ntitle: A\n---\n", "utf-8")
    (tmp_path / "secret.txt").write_text("no", "utf-8")
    return tmp_path


def test_api_lists_reads_and_writes_content(repo: Path) -> None:
    listed = cms.handle(
        repo,
        {
            "action": "entriesByFolder",
            "params": {"folder": "content/pages", "extension": "md", "depth": 1},
        },
    )
    assert [e["file"]["path"] for e in listed] == ["content/pages/a.md"]
    entry = {"path": "content/pages/b.md", "raw": "---\ntitle: B\n---\n", "slug": "b"}
    image = {
        "path": "content/pages/assets/x.png",
        "content": base64.b64encode(b"\x89PNG").decode(),
        "encoding": "base64",
    }
    answer = cms.handle(
        repo, {"action": "persistEntry", "params": {"entry": entry, "assets": [image]}}
    )
    assert answer == {"message": "entry persisted"}
    assert (repo / "content/pages/b.md").read_text("utf-8") == entry["raw"]
    assert (repo / "content/pages/assets/x.png").read_bytes() == b"\x89PNG"
    got = cms.handle(repo, {"action": "getEntry", "params": {"path": "content/pages/b.md"}})
    assert got["data"] == entry["raw"] and len(got["file"]["id"]) == 64


@pytest.mark.parametrize(
    "path", ["secret.txt", "../etc/passwd", "content/../secret.txt", "/etc/passwd"]
)
def test_api_refuses_anything_outside_content(repo: Path, path: str) -> None:
    status, body = cms.serve_json(
        repo, json.dumps({"action": "getEntry", "params": {"path": path}}).encode()
    )
    assert status == 403 and "outside content/" in json.loads(body)["error"]
    status, _ = cms.serve_json(
        repo, json.dumps({"action": "deleteFile", "params": {"path": path}}).encode()
    )
    assert status == 403
    assert (repo / "secret.txt").is_file()


def test_api_answers_same_origin_json_only(repo: Path) -> None:
    def call(**headers: str) -> int:
        base = {"host": "127.0.0.1:8114", "content-type": "application/json"}
        status, _, _ = cms.admin_response(
            "POST",
            "/admin/api/v1",
            b'{"action": "info"}',
            {**base, **headers},
            root=repo,
            docs_dir=repo / "content" / "pages",
            settings={},
            origin="http://127.0.0.1:8114",
        )
        return status

    assert call() == 200
    assert call(origin="http://127.0.0.1:8114") == 200
    assert call(origin="https://evil.example") == 403
    assert call(**{"content-type": "text/plain"}) == 403
    assert call(host="evil.example:8114") == 403


# --- the public site -----------------------------------------------------------------------


def test_the_public_site_has_no_editor(site_dir: Path) -> None:
    assert not (site_dir / "admin").exists()
    config = yaml.safe_load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "!python")
    )
    assert config["extra"]["cms"]["public"] is False


def test_an_enabled_site_ships_the_editor_without_the_local_api(
    tmp_path: Path, monkeypatch
) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "decap-cms.js").write_text("/* bundle */", "utf-8")
    monkeypatch.setattr(cms, "fetch", lambda target=bundle: bundle)
    site = tmp_path / "site"
    cms.write_admin(site, ROOT, DOCS, {"public": True, "repo": "office/site"})
    assert (site / "admin" / "decap" / "decap-cms.js").is_file()
    assert 'src="decap/decap-cms.js"' in (site / "admin" / "index.html").read_text("utf-8")
    config = yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"] == {"name": "github", "repo": "office/site", "branch": "main"}
    assert "local_backend" not in config
