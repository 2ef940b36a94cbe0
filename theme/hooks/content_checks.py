"""MkDocs hook: the content checks (``theme.sitekit.checks``) in every build.

Each problem is logged as a warning, so strict mode stops the build; the runners that print the
summary block collect them (``theme.sitekit.checks.collect``). The content checks run once per
build, in the default language's build; the link warnings of every language are reworded once
its pages are rendered; an error a hook raises is kept for the summary as well.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from theme.sitekit import i18n
from theme.sitekit.checks import collect, in_build, links
from theme.sitekit.checks.problem import from_error
from theme.sitekit.errors import ContentError

_files: Files | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    collect.catch_link_warnings(links.is_link_warning)
    if not i18n.is_language_sub_build(config):
        collect.reset()
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    default = i18n.current_language(config) == i18n.DEFAULT_LANGUAGE
    if default and in_build.hooks_run_content_checks(config):
        for problem in in_build.content_problems(config):
            collect.report(problem)


@event_priority(-1000)  # the files as every plugin left them (the i18n plugin swaps languages)
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    global _files
    _files = files
    return env


@event_priority(100)  # before mkdocs-static-i18n's on_post_build starts the next language
def on_post_build(config: MkDocsConfig) -> None:
    for problem in in_build.link_problems(config, _files):
        collect.report(problem)


def on_build_error(error: Exception) -> None:
    if isinstance(error, ContentError):
        collect.note(from_error(error), str(error))
