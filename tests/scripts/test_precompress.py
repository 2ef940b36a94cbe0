"""The build's precompressed copies: beside every text file, decoding to it, reproducible."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from scripts.precompress import (
    compress_site,
    encoding_of,
    identity_key,
    is_compressible,
)


def test_text_files_get_both_copies_and_binaries_none(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    page = tmp_path / "guides" / "index.html"
    page.write_text("<p>出生登記</p>" * 50, encoding="utf-8")
    (tmp_path / "form.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "chunk.pf_fragment").write_bytes(b"\x1f\x8b already gzip")

    totals = compress_site(tmp_path)

    assert totals.files == 1
    assert (
        brotli.decompress((tmp_path / "guides" / "index.html.br").read_bytes()) == page.read_bytes()
    )
    assert (
        gzip.decompress((tmp_path / "guides" / "index.html.gz").read_bytes()) == page.read_bytes()
    )
    assert totals.br < totals.raw and totals.gz < totals.raw
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "chunk.pf_fragment",
        "form.pdf",
    ]


def test_copies_are_byte_for_byte_reproducible(tmp_path: Path) -> None:
    """The deploy uploads only what changed: an unchanged page must give unchanged copies."""
    (tmp_path / "main.css").write_text("body { color: #123a66; }\n" * 40, encoding="utf-8")
    compress_site(tmp_path)
    first = [(tmp_path / n).read_bytes() for n in ("main.css.br", "main.css.gz")]
    compress_site(tmp_path)
    assert [(tmp_path / n).read_bytes() for n in ("main.css.br", "main.css.gz")] == first


def test_variant_names() -> None:
    assert identity_key("guides/index.html.br") == "guides/index.html"
    assert identity_key("sitemap.xml.gz") == "sitemap.xml"
    assert identity_key("files/archive.tar.gz") == "files/archive.tar.gz"
    assert encoding_of("assets/app.js.gz") == "gzip"
    assert encoding_of("assets/app.js.br") == "br"
    assert encoding_of("files/form.pdf") is None
    assert is_compressible("a/B.HTML") and not is_compressible("x.pf_index")


def test_the_built_site_has_a_copy_of_every_text_file(site_dir: Path) -> None:
    texts = [p for p in site_dir.rglob("*") if p.is_file() and is_compressible(p.name)]
    assert len(texts) > 200
    for path in texts:
        original = path.read_bytes()
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original, path
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original, path
