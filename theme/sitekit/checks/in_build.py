"""The checks as MkDocs runs them: the content checks once per build, the link warnings of each
language reworded once its pages are rendered. Used by ``theme/hooks/content_checks.py`` and by
the preview's page rebuilds (``scripts/preview.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from theme.sitekit import pages
from theme.sitekit.checks import collect, links, registry
from theme.sitekit.checks.content import Content
from theme.sitekit.checks.problem import Problem

# Set (in ``config.extra``) by the preview, which runs the content checks itself, once, beside
# the language processes, instead of in the default language's build.
PREVIEW_RUNS_CONTENT_CHECKS = "_preview_runs_content_checks"


def content_of(config: Any) -> Content:
    root = Path(config.config_file_path).resolve().parent
    return Content(root, Path(config.docs_dir).resolve(), dict(config.extra))


def content_problems(config: Any) -> list[Problem]:
    return registry.run(content_of(config))


def hooks_run_content_checks(config: Any) -> bool:
    return not config.extra.get(PREVIEW_RUNS_CONTENT_CHECKS)


def link_problems(config: Any, files: Any) -> list[Problem]:
    """MkDocs' held-back link warnings of this build, with lines and suggestions."""
    warnings = collect.take_link_warnings()
    if not warnings or files is None:
        return []
    docs_dir = Path(config.docs_dir).resolve()

    def source_of(src_uri: str) -> str | None:
        path = docs_dir / src_uri
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def anchors_of(src_uri: str) -> set[str] | None:
        file = files.get_file_from_path(src_uri)
        page = getattr(file, "page", None)
        return getattr(page, "present_anchor_ids", None)

    ours = [f for f in files if _inside(f.abs_src_path, docs_dir)]
    return links.reword(
        warnings,
        shown=lambda src_uri: pages.shown_path(docs_dir / src_uri),
        source_of=source_of,
        doc_uris=[f.src_uri for f in ours if f.is_documentation_page()],
        other_uris=[f.src_uri for f in ours if not f.is_documentation_page()],
        anchors_of=anchors_of,
    )


def _inside(path: str | None, folder: Path) -> bool:
    return bool(path) and Path(path).resolve().is_relative_to(folder)
