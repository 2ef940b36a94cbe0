"""The problems this process's build found, gathered for the summary block.

Checks call ``report``: the problem is kept for the summary and also logged as a MkDocs
warning, so ``strict`` mode fails the build even where no summary is printed (a plain
``mkdocs build``). The runners that print the summary (``scripts.parallel_build``,
``scripts.preview``, ``scripts.check``) put ``HideReported`` on their console handler, so each
problem is shown once, in the block at the end, not also scattered through the log.

MkDocs' own link and anchor warnings carry neither a line nor a Chinese text: they are caught
here (``catch_link_warnings``) and reworded by ``links.reword`` once the pages are rendered.
"""

from __future__ import annotations

import logging

from theme.sitekit.checks.problem import Problem

log = logging.getLogger("mkdocs.plugins.hro.checks")
PROBLEM_ATTR = "hro_problem"
_problems: list[Problem] = []
_link_warnings: list[str] = []
_said_by_mkdocs: set[str] = set()
# MkDocs' lines before a hook's error ("Error reading page 'x':"): shown, never a problem.
_CONTEXT_LINES = ("Error reading page", "Error building page")


def reset() -> None:
    _problems.clear()
    _link_warnings.clear()
    _said_by_mkdocs.clear()


def report(problem: Problem) -> None:
    """Keep ``problem`` for the summary and log it as a warning (fails a strict build)."""
    if problem in _problems:
        return
    _problems.append(problem)
    log.warning(problem.one_line(), extra={PROBLEM_ATTR: problem})


def note(problem: Problem, logged_as: str) -> None:
    """Keep a problem MkDocs itself logs (a hook's error that stopped the build)."""
    if problem not in _problems:
        _problems.append(problem)
    _said_by_mkdocs.add(logged_as)


def take() -> list[Problem]:
    """The problems found since the last ``take`` (which starts afresh)."""
    found = list(_problems)
    _problems.clear()
    _said_by_mkdocs.clear()
    return found


def take_link_warnings() -> list[str]:
    found = list(_link_warnings)
    _link_warnings.clear()
    return found


class _CatchLinkWarnings(logging.Filter):
    def __init__(self, is_link_warning) -> None:
        super().__init__()
        self.is_link_warning = is_link_warning

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and self.is_link_warning(record.getMessage()):
            _link_warnings.append(record.getMessage())
            return False
        return True


def catch_link_warnings(is_link_warning) -> None:
    """Hold MkDocs' link warnings back for rewording (once per process)."""
    logger = logging.getLogger("mkdocs.structure.pages")
    if not any(isinstance(f, _CatchLinkWarnings) for f in logger.filters):
        logger.addFilter(_CatchLinkWarnings(is_link_warning))


class HideReported(logging.Filter):
    """For a console handler: problems wait for the summary block, and the block replaces
    MkDocs' "Aborted with N warnings" line. Other warnings stay on screen and join the block."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, PROBLEM_ATTR, None) is not None:
            return False
        text = record.getMessage()
        if text.startswith("Aborted with ") or text in _said_by_mkdocs:
            return False
        if text.startswith(_CONTEXT_LINES):
            return True
        if record.levelno >= logging.WARNING and record.name.startswith("mkdocs"):
            other = Problem("", 0, "build-message", "", text)
            if other not in _problems:
                _problems.append(other)
        return True
