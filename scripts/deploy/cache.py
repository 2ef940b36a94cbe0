"""Cache-Control for each built file: revalidated pages, immutable fingerprinted assets.

CloudFront keeps pages for a day (``s-maxage``) because every deploy invalidates the pages it
changed; browsers revalidate pages on every visit (``max-age=0``), so a deploy shows at once.
Only files whose name carries a content hash may be cached for a year: a new build gives them
a new name. The local server (scripts/server) uses the same rules. A precompressed variant
(``index.html.br``) is cached as the file it encodes.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from scripts.precompress import identity_key

REVALIDATE = "public, max-age=0, s-maxage=86400, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
MODEST = "public, max-age=3600, s-maxage=86400"

# Pages, feeds, the sitemap and data files change without changing their name.
REVALIDATED_SUFFIXES = {".html", ".xml", ".gz", ".json", ".webmanifest", ".ics", ".csv", ".txt"}
# Material's bundles (bundle.a5f9d56c.min.js, main.57a0d79d.min.css and their source maps).
MATERIAL_FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
# The theme's own files, copied by the build under a content hash (scripts/fingerprint.py).
THEME_FINGERPRINT = re.compile(r"^assets/.+\.[0-9a-f]{8}\.(?:css|js)$")
# Pagefind's index chunks (en_3ed8cdf.pf_index, pagefind.en_8bed78598a.pf_meta, ...).
PAGEFIND_FINGERPRINT = re.compile(r"_[0-9a-f]{7,}\.pf_(?:fragment|index|meta)$")


def is_fingerprinted(key: str) -> bool:
    """True when the file's name changes whenever its content does."""
    key = identity_key(key)
    name = PurePosixPath(key).name
    if MATERIAL_FINGERPRINT.search(name) or THEME_FINGERPRINT.search(key):
        return True
    return key.startswith("pagefind/") and bool(PAGEFIND_FINGERPRINT.search(name))


def is_revalidated(key: str) -> bool:
    """True for pages, feeds, the sitemap and data that keep their name when they change."""
    return PurePosixPath(identity_key(key)).suffix.lower() in REVALIDATED_SUFFIXES


def cache_control(key: str) -> str:
    """The Cache-Control header for a site-relative key such as ``guides/birth/index.html``."""
    if is_fingerprinted(key):
        return IMMUTABLE
    if is_revalidated(key):
        return REVALIDATE
    return MODEST
