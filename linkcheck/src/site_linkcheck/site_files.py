"""An index of the files in a built site, and the S3/CloudFront rules for finding a target."""

from __future__ import annotations

import os
from dataclasses import dataclass

HTML_SUFFIXES = (".html", ".htm")
CSS_SUFFIX = ".css"


@dataclass(slots=True, frozen=True)
class SiteFiles:
    """Every file and folder under the site root, as site-relative POSIX paths."""

    root: str
    files: frozenset[str]
    dirs: frozenset[str]

    @classmethod
    def scan(cls, root: str) -> SiteFiles:
        files: set[str] = set()
        dirs: set[str] = {""}
        stack = [""]
        while stack:
            rel = stack.pop()
            with os.scandir(os.path.join(root, rel) if rel else root) as entries:
                for entry in entries:
                    path = f"{rel}/{entry.name}" if rel else entry.name
                    if entry.is_dir():
                        dirs.add(path)
                        stack.append(path)
                    elif entry.is_file():
                        files.add(path)
        return cls(root, frozenset(files), frozenset(dirs))

    def html_pages(self) -> list[str]:
        return sorted(f for f in self.files if f.lower().endswith(HTML_SUFFIXES))

    def stylesheets(self) -> list[str]:
        return sorted(f for f in self.files if f.lower().endswith(CSS_SUFFIX))


@dataclass(slots=True, frozen=True)
class Lookup:
    """Outcome of looking up a site path: the file served, or why nothing is."""

    file: str | None
    problem: str = ""  # "" | "not-found" | "dir-without-index" | "no-trailing-slash"


def lookup(site: SiteFiles, path: str) -> Lookup:
    """Which file a static host (S3 + CloudFront, index document "index.html") serves for path.

    A folder URL is served by its ``index.html``; a folder without one is broken (S3 has no
    directory listings). A folder named without its trailing slash works only where the host
    redirects, so it is served but flagged.
    """
    if path == "" or path.endswith("/"):
        index = f"{path}index.html"
        if index in site.files:
            return Lookup(index)
        folder = path.rstrip("/")
        return Lookup(None, "dir-without-index" if folder in site.dirs else "not-found")
    if path in site.files:
        return Lookup(path)
    if path in site.dirs:
        index = f"{path}/index.html"
        if index in site.files:
            return Lookup(index, "no-trailing-slash")
        return Lookup(None, "dir-without-index")
    return Lookup(None, "not-found")


def is_html(path: str) -> bool:
    return path.lower().endswith(HTML_SUFFIXES)
