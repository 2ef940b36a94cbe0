"""MkDocs hook: the web editor (Decap CMS) at /admin/ of the public site, only when mkdocs.yml
says ``extra.cms.public: true`` (docs/webmaster.md#web-editing). ``make preview`` always
serves it; a public site without that setting has no /admin/ at all."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from theme.sitekit import i18n


def on_post_build(config: MkDocsConfig) -> None:
    settings = config.extra.get("cms") or {}
    if not settings.get("public") or i18n.current_language(config) != i18n.DEFAULT_LANGUAGE:
        return
    from scripts import cms  # the bundle and its configuration; only for a site that ships it

    root = Path(config.config_file_path).resolve().parent
    cms.write_admin(Path(config.site_dir), root, Path(config.docs_dir).resolve(), settings)
