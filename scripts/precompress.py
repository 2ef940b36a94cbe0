"""Write ``name.br`` and ``name.gz`` beside every text file of the built site.

The files are compressed once, at build time, at settings no server could afford per request;
``make serve`` (scripts/server/static.py) and CloudFront (scripts/deploy/directory_index.js)
then send the variant the browser accepts, with ``Content-Encoding``. Every file with a
compressible suffix gets both variants, however small: CloudFront's function picks a variant
by name alone, so a missing one would be a 404. Both encoders are deterministic (gzip without
a time stamp), so an unchanged file gives unchanged variants and the deploy skips them.

Quality: Brotli's best setting (11) for stylesheets, scripts and SVG, which every first visit
downloads and which change only with the theme (~8% smaller than 5: 5 KB on a first view); the
fast setting (5) for pages and data, which change every build (11 would add ~9 s to each build
on 2 cores for ~0.7 KB less per 45 KB page), and for scripts over 256 KB: only Material's
unused word-segmentation dictionary for Thai is that big, and 11 takes 1.5 s on it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import brotli

# Text formats the site serves. Pagefind's .pf_* and .pagefind files are gzip already.
COMPRESSIBLE_SUFFIXES = (
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".xml",
    ".svg",
    ".txt",
    ".csv",
    ".map",
    ".webmanifest",
    ".ics",
)
# (Content-Encoding, file suffix), in the order a server prefers them.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
BEST_QUALITY_SUFFIXES = (".css", ".js", ".mjs", ".svg")
BEST_QUALITY_MAX_BYTES = 256 * 1024
FAST_BROTLI_QUALITY = 5
GZIP_LEVEL = 9


def is_compressible(name: str) -> bool:
    """True for a file the build writes .br and .gz variants of (by its name alone)."""
    return PurePosixPath(name).suffix.lower() in COMPRESSIBLE_SUFFIXES


def identity_key(key: str) -> str:
    """``guides/index.html`` for ``guides/index.html.br``; any other key unchanged."""
    for _, suffix in ENCODINGS:
        if key.endswith(suffix) and is_compressible(key.removesuffix(suffix)):
            return key.removesuffix(suffix)
    return key


def encoding_of(key: str) -> str | None:
    """The Content-Encoding of a variant (``br``, ``gzip``), None for any other file."""
    for encoding, suffix in ENCODINGS:
        if key.endswith(suffix) and is_compressible(key.removesuffix(suffix)):
            return encoding
    return None


def brotli_quality(name: str, size: int) -> int:
    best = PurePosixPath(name).suffix.lower() in BEST_QUALITY_SUFFIXES
    return 11 if best and size <= BEST_QUALITY_MAX_BYTES else FAST_BROTLI_QUALITY


@dataclass
class Totals:
    files: int = 0
    raw: int = 0
    br: int = 0
    gz: int = 0


def compress_file(path: Path) -> tuple[int, int, int]:
    """Write both variants of one file; return the sizes (raw, br, gz)."""
    data = path.read_bytes()
    br = brotli.compress(data, quality=brotli_quality(path.name, len(data)))
    gz = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    path.with_name(path.name + ".br").write_bytes(br)
    path.with_name(path.name + ".gz").write_bytes(gz)
    return len(data), len(br), len(gz)


def compress_site(site_dir: Path, threads: int | None = None) -> Totals:
    """Compress every text file of ``site_dir`` (both encoders release the GIL: threads)."""
    files = [p for p in sorted(site_dir.rglob("*")) if p.is_file() and is_compressible(p.name)]
    totals = Totals(files=len(files))
    with ThreadPoolExecutor(max_workers=threads or os.cpu_count() or 1) as pool:
        for raw, br, gz in pool.map(compress_file, files):
            totals.raw += raw
            totals.br += br
            totals.gz += gz
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path, nargs="?", default=Path("build/site"))
    args = parser.parse_args()
    started = time.perf_counter()
    totals = compress_site(args.site_dir)
    print(
        f"Compressed {totals.files} files: {totals.raw / 1e6:.1f} MB -> "
        f"br {totals.br / 1e6:.1f} MB, gzip {totals.gz / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
