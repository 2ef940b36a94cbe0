"""SARIF output: valid SARIF 2.1.0, each finding on the Markdown line it was written on (MkDocs
sites, the i18n plugin's suffix layout included), else on the built page."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from site_linkcheck.cli import main
from site_linkcheck.config import Config, load_config
from site_linkcheck.runner import check_site
from site_linkcheck.sources import MkDocsSources

REPO = Path(__file__).resolve().parents[2]

# The parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) this tool writes, with
# the schema's required properties, enums and minimums; any property the schema does not define
# for these objects is rejected, as the schema's additionalProperties: false does.
_MESSAGE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"text": {"type": "string"}, "id": {"type": "string"}},
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
}
_MULTIFORMAT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
    "required": ["text"],
}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_LOCATION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "minimum": -1},
        "message": _MESSAGE,
        "physicalLocation": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "artifactLocation": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "uri": {"type": "string", "pattern": r"^[\x21-\x7e]+$"},
                        "uriBaseId": {"type": "string"},
                        "index": {"type": "integer", "minimum": -1},
                    },
                },
                "region": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "startLine": {"type": "integer", "minimum": 1},
                        "startColumn": {"type": "integer", "minimum": 1},
                    },
                    "anyOf": [{"required": ["startLine"]}],
                },
            },
            "anyOf": [{"required": ["artifactLocation"]}],
        },
    },
}
SARIF_SUBSET_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string", "format": "uri"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "additionalProperties": False,
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _MULTIFORMAT,
                                                "fullDescription": _MULTIFORMAT,
                                                "help": _MULTIFORMAT,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "additionalProperties": False,
                                                    "properties": {"level": _LEVEL},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "properties": {"type": "object"},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": _LEVEL,
                                "message": _MESSAGE,
                                "locations": {"type": "array", "items": _LOCATION},
                                "relatedLocations": {"type": "array", "items": _LOCATION},
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def validate_sarif(log: dict) -> None:
    jsonschema.Draft7Validator(SARIF_SUBSET_SCHEMA).validate(log)
    run = log["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in run["results"]:  # SARIF §3.27.6: ruleIndex points at the rule with ruleId
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]


MKDOCS_YML = """\
site_name: test
docs_dir: docs
use_directory_urls: true
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  analytics: !ENV [ANALYTICS, ""]
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: zh-TW
          default: true
        - locale: en
"""


def _mkdocs_site(root: Path) -> tuple[Path, Path]:
    """A MkDocs project and the pages MkDocs would have built from it (written by hand)."""
    docs = root / "docs"
    (docs / "guides").mkdir(parents=True)
    (docs / "files").mkdir()
    (docs / "files" / "form.pdf").write_bytes(b"%PDF")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "guides" / "birth.md").write_text(
        "# 出生登記\n\n下載[申請書](../files/form.pdf)。\n\n"
        "見[死亡登記](death.md#應備文件)與[舊表單](../files/old-form.pdf)。\n",
        encoding="utf-8",
    )
    (docs / "guides" / "death.md").write_text("# 死亡登記\n", encoding="utf-8")
    (docs / "guides" / "birth.en.md").write_text(
        "# Birth\n\nSee the [form](../files/gone.pdf).\n", encoding="utf-8"
    )
    site = root / "site"
    for page in ("guides/birth", "guides/death", "en/guides/birth", "en/guides/death"):
        (site / page).mkdir(parents=True)
    (site / "files").mkdir()
    (site / "files" / "form.pdf").write_bytes(b"%PDF")
    nav = '<nav><a href="../../missing-in-theme/">theme link</a></nav>\n'
    (site / "guides" / "birth" / "index.html").write_text(
        "<!doctype html><html><head><title>出生登記</title></head><body>\n"
        + nav
        + '<p>下載<a href="../../files/form.pdf">申請書</a>。</p>\n'
        '<p>見<a href="../death/#應備文件">死亡登記</a>與'
        '<a href="../../files/old-form.pdf">舊表單</a>。</p>\n</body></html>\n',
        encoding="utf-8",
    )
    (site / "guides" / "death" / "index.html").write_text(
        "<!doctype html><title>死亡登記</title><h1 id='死亡登記'>死亡登記</h1>", encoding="utf-8"
    )
    (site / "en" / "guides" / "birth" / "index.html").write_text(
        '<!doctype html><title>Birth</title>\n<p>See the <a href="../../../files/gone.pdf">'
        "form</a>.</p>\n",
        encoding="utf-8",
    )
    (site / "en" / "guides" / "death" / "index.html").write_text(  # a fallback page
        "<!doctype html><title>死亡登記</title>", encoding="utf-8"
    )
    return root, site


def test_sarif_points_at_the_markdown_line(tmp_path: Path, monkeypatch) -> None:
    root, _built = _mkdocs_site(tmp_path)
    monkeypatch.chdir(root)  # paths in SARIF are relative to the repository root
    out = root / "links.sarif"
    code = main(["site", "--config", "/dev/null", "--mkdocs", "mkdocs.yml", "--quiet",
                 "--sarif-report", str(out)])  # fmt: skip
    assert code == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    validate_sarif(log)
    places = set()
    for result in log["runs"][0]["results"]:
        where = result["locations"][0]["physicalLocation"]
        url = result["message"]["text"].split(" ")[1]
        places.add((url, where["artifactLocation"]["uri"], where["region"]["startLine"]))
    assert places == {
        ("../death/#應備文件", "docs/guides/birth.md", 5),  # written "death.md#應備文件"
        ("../../files/old-form.pdf", "docs/guides/birth.md", 5),  # written "../files/..."
        ("../../../files/gone.pdf", "docs/guides/birth.en.md", 3),  # the English page
        ("../../missing-in-theme/", "site/guides/birth/index.html", 2),  # not in the Markdown
    }
    related = [r.get("relatedLocations") for r in log["runs"][0]["results"]]
    assert sum(1 for r in related if r) == 3  # Markdown results also name the built page


def test_source_candidates_for_plain_and_i18n_layouts(tmp_path: Path) -> None:
    root, _ = _mkdocs_site(tmp_path)
    sources = MkDocsSources(root / "mkdocs.yml")
    docs = (root / "docs").as_posix()
    assert sources.source_of("guides/birth/index.html").endswith("docs/guides/birth.md")
    assert sources.source_of("en/guides/birth/index.html").endswith("docs/guides/birth.en.md")
    # No English file: the page is the default language's, as the i18n fallback builds it.
    assert sources.source_of("en/guides/death/index.html").endswith("docs/guides/death.md")
    assert sources.source_of("404.html") is None
    assert docs.endswith("docs")


@pytest.mark.parametrize("folder_index", ["index.md", "README.md"])
def test_folder_pages(tmp_path: Path, folder_index: str) -> None:
    (tmp_path / "docs" / "about").mkdir(parents=True)
    (tmp_path / "docs" / "about" / folder_index).write_text("# x")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    sources = MkDocsSources(tmp_path / "mkdocs.yml")
    assert sources.source_of("about/index.html").endswith(f"docs/about/{folder_index}")


def test_plain_static_site_points_at_the_built_page(
    fixture_site: Path, tmp_path: Path, monkeypatch
) -> None:
    from site_linkcheck.reports import render_sarif

    monkeypatch.chdir(REPO)
    result = check_site(str(fixture_site), Config())
    log = json.loads(render_sarif(result))
    validate_sarif(log)
    locations = [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]
    assert len(locations) == len(result.broken) + len(result.warnings)
    assert {
        (place["artifactLocation"]["uri"], place["region"]["startLine"]) for place in locations
    } >= {("tests/linkcheck/site/index.html", 30), ("tests/linkcheck/site/deep/a/b/page.html", 6)}
    assert all(place["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for place in locations)
    monkeypatch.chdir(tmp_path)  # a site outside the working folder: absolute file URIs
    log = json.loads(render_sarif(result))
    validate_sarif(log)
    first = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"].startswith("file:///")


def test_real_site_pages_map_to_their_markdown(site_dir: Path, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    sources = MkDocsSources(load_config(REPO / "linkcheck.yml").mkdocs)
    assert sources.source_of("guides/birth/index.html") == "content/pages/guides/birth.md"
    assert sources.source_of("en/guides/birth/index.html") == "content/pages/guides/birth.en.md"
    assert sources.source_of("index.html") == "content/pages/index.md"
    mapped = [
        p
        for p in (str(f.relative_to(site_dir)) for f in site_dir.rglob("index.html"))
        if sources.source_of(p)
    ]
    assert len(mapped) > 50
