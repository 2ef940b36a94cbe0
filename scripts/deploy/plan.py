"""What a deploy must do: which built files to upload, which objects to delete, what to purge.

A file is uploaded only when its content differs from the object in the bucket. Single-part
uploads (all of ours: ``PutObject``) have the content's MD5 as their ETag, which the bucket
listing returns for free; an ETag with a ``-`` comes from a multipart upload and is not an MD5,
so for those the SHA-256 we store in the object's metadata is compared instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from scripts.deploy.cache import cache_control, is_revalidated
from scripts.precompress import encoding_of, identity_key
from scripts.server.static import content_type

SHA256_METADATA = "sha256"  # stored as x-amz-meta-sha256 on every object we upload
WILDCARD_THRESHOLD = 500  # more changed paths than this: one "/*" (cheaper, same effect)
SKIPPED_NAMES = {".DS_Store"}


@dataclass(frozen=True)
class LocalFile:
    """One built file and the object it becomes."""

    key: str  # "guides/birth/index.html"
    path: Path
    md5: str
    sha256: str
    size: int
    content_type: str
    cache_control: str
    content_encoding: str | None = None  # "br" or "gzip" for a precompressed variant


@dataclass(frozen=True)
class RemoteObject:
    key: str
    etag: str  # without quotes
    size: int

    @property
    def is_multipart(self) -> bool:
        return "-" in self.etag


@dataclass
class Plan:
    uploads: list[LocalFile] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    unchanged: int = 0
    replaced: list[str] = field(default_factory=list)  # keys that existed and changed

    @property
    def invalidation_paths(self) -> list[str]:
        return invalidation_paths([*self.replaced, *self.deletes])

    @property
    def is_empty(self) -> bool:
        return not self.uploads and not self.deletes


def _digests(path: Path) -> tuple[str, str]:
    md5, sha256 = hashlib.md5(usedforsecurity=False), hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            md5.update(chunk)
            sha256.update(chunk)
    return md5.hexdigest(), sha256.hexdigest()


def scan_site(site_dir: Path) -> list[LocalFile]:
    """Every file of the built site, with its hashes and headers, in key order.

    A precompressed variant (``index.html.br``) is stored with the type of the file it encodes
    and its ``Content-Encoding``: CloudFront's function sends it for ``index.html`` to a
    browser that accepts the encoding, and S3 answers with the stored headers.
    """
    files = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.name in SKIPPED_NAMES:
            continue
        key = path.relative_to(site_dir).as_posix()
        md5, sha256 = _digests(path)
        files.append(
            LocalFile(
                key=key,
                path=path,
                md5=md5,
                sha256=sha256,
                size=path.stat().st_size,
                content_type=content_type(Path(identity_key(key))),
                cache_control=cache_control(key),
                content_encoding=encoding_of(key),
            )
        )
    return files


def upload_order(file: LocalFile) -> tuple[int, str]:
    """Assets first, pages last: a page never goes live before the files it links to."""
    return (1 if is_revalidated(file.key) else 0, file.key)


def make_plan(
    local: Iterable[LocalFile],
    remote: Mapping[str, RemoteObject],
    stored_sha256: Callable[[str], str | None],
    *,
    force: bool = False,
) -> Plan:
    """Compare the build with the bucket. ``stored_sha256(key)`` reads an object's metadata."""
    plan = Plan()
    built = set()
    for file in local:
        built.add(file.key)
        existing = remote.get(file.key)
        if existing is None:
            plan.uploads.append(file)
            continue
        if existing.is_multipart:
            same = stored_sha256(file.key) == file.sha256
        else:
            same = existing.etag == file.md5
        if same and not force:
            plan.unchanged += 1
        else:
            plan.uploads.append(file)
            plan.replaced.append(file.key)
    plan.uploads.sort(key=upload_order)
    plan.deletes = sorted(set(remote) - built)
    return plan


def invalidation_paths(keys: Iterable[str], threshold: int = WILDCARD_THRESHOLD) -> list[str]:
    """CloudFront paths for changed or deleted keys; a page is cached under two URLs.

    ``guides/birth/index.html`` is served as ``/guides/birth/`` and ``/guides/birth/index.html``.
    Past ``threshold`` paths, one ``/*`` is cheaper (each path over 1,000 a month is billed).
    """
    paths = set()
    for key in keys:
        paths.add("/" + key)
        if key == "index.html" or key.endswith("/index.html"):
            paths.add("/" + key.removesuffix("index.html"))
    if len(paths) > threshold:
        return ["/*"]
    return sorted(quote(path, safe="/-_.~") for path in paths)
