"""Write the downloadable forms as ODF (.odt/.ods) and PDF into content/pages/files/forms/.

Run by hand when a form's content (scripts/formgen/forms.py) or the office name changes, then
commit the files; the site build and CI only read them (they need no LibreOffice):

    .venv/bin/python -m scripts.make_forms            # only forms whose ODF changed
    .venv/bin/python -m scripts.make_forms --force    # every PDF again
    .venv/bin/python -m scripts.make_forms --only entrustment-letter

The ODF is written by scripts/formgen/odf.py (byte-identical when nothing changed, so git shows
no change). The PDF is made from that ODF by LibreOffice headless (Debian packages
``libreoffice-writer-nogui`` and ``libreoffice-calc-nogui``): tagged PDF with the subset CJK
font embedded, so it has a real text layer for screen readers and search.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from scripts.formgen import odf
from scripts.formgen.forms import ALL_FORMS
from scripts.formgen.model import Form, Text

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "content" / "pages" / "files" / "forms"
OFFICE_FILE = ROOT / "content" / "data" / "office.yml"
PDF_OPTIONS = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
}
PDF_FILTERS = {"odt": "writer_pdf_Export", "ods": "calc_pdf_Export"}


def office_name(path: Path = OFFICE_FILE) -> Text:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Text(data["name"]["zh-TW"], data["name"]["en"])


def write_odf(form: Form, office: Text, out_dir: Path) -> bool:
    """Write the form's ODF file; return True when its bytes changed."""
    target = out_dir / f"{form.id}.{form.kind}"
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / target.name
        odf.write(form, office, fresh)
        if target.is_file() and target.read_bytes() == fresh.read_bytes():
            return False
        shutil.copyfile(fresh, target)
    return True


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(
        "LibreOffice is needed to make the PDFs: apt-get install libreoffice-writer-nogui "
        "libreoffice-calc-nogui (需要 LibreOffice 才能產生 PDF)"
    )


def convert_to_pdf(sources: Sequence[Path], kind: str, out_dir: Path) -> None:
    """One LibreOffice run per file kind, with a throw-away profile (no ~/.config changes)."""
    if not sources:
        return
    with tempfile.TemporaryDirectory() as profile:
        command = [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            f"pdf:{PDF_FILTERS[kind]}:{json.dumps(PDF_OPTIONS)}",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
    for source in sources:
        if not source.with_suffix(".pdf").is_file():
            raise SystemExit(f"LibreOffice did not write {source.with_suffix('.pdf')}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="FORM_ID")
    parser.add_argument("--force", action="store_true", help="make every PDF again")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    office = office_name()
    forms = [make(office) for make in ALL_FORMS]
    unknown = set(args.only) - {form.id for form in forms}
    if unknown:
        print(f"unknown form id: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    args.out_dir.mkdir(parents=True, exist_ok=True)
    pending: dict[str, list[Path]] = {"odt": [], "ods": []}
    for form in forms:
        if args.only and form.id not in args.only:
            continue
        changed = write_odf(form, office, args.out_dir)
        source = args.out_dir / f"{form.id}.{form.kind}"
        if changed or args.force or not source.with_suffix(".pdf").is_file():
            pending[form.kind].append(source)
        print(f"{source.name}: {'written' if changed else 'unchanged'}")
    for kind, sources in pending.items():
        convert_to_pdf(sources, kind, args.out_dir)
        for source in sources:
            print(f"{source.with_suffix('.pdf').name}: written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
