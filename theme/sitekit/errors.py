"""Build errors a webmaster can act on: they always name the file, and the line when known."""

from __future__ import annotations

from mkdocs.exceptions import PluginError


class ContentError(PluginError):
    """A mistake in ``content/`` that must stop the build, located by file and line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
