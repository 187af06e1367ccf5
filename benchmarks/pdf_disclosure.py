"""How long a 100-page PDF disclosure takes to read: the bundled forms printed by LibreOffice, repeated.

Lays the bundled tables out as ruled forms (one a sheet, the layout of
scripts/make_format_fixtures.py), converts the workbook to PDF with
``soffice --headless --convert-to pdf`` until it has at least ``--pages``
pages, then times :func:`perfeval.load` on it (best of ``--repeats``) and
checks every form reads to the scores and findings of its JSON (and counts
the forms equal to it in every cell: a space at a line wrap is not printed).

    python benchmarks/pdf_disclosure.py --pages 100

Needs openpyxl, pdfplumber and LibreOffice (with a Chinese font, e.g. fonts-wqy-zenhei).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

import perfeval

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_format_fixtures import workbook  # noqa: E402  (the fixtures' ruled layout)


def disclosure(directory: Path, pages: int) -> tuple[Path, list[str]]:
    """A PDF of at least ``pages`` pages of forms, and the sample numbers in it, in order."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("needs LibreOffice: apt-get install libreoffice-calc-nogui fonts-wqy-zenhei")
    numbers = [p.name[:2] for p in perfeval.example_paths()]
    # A form takes about 1.35 pages in this layout (main checks the count).
    order = [numbers[i % len(numbers)] for i in range(-(-pages * 10 // 13))]
    sheets = {f"表{i + 1:03d}": (n,) for i, n in enumerate(order)}
    source = directory / "disclosure.xlsx"
    workbook(source, sheets)
    profile = f"-env:UserInstallation=file://{directory}/profile"
    command = [soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(directory), str(source)]
    subprocess.run(command, check=True, capture_output=True)
    return directory / "disclosure.pdf", order


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import pdfplumber

    with tempfile.TemporaryDirectory() as tmp:
        path, order = disclosure(Path(tmp), args.pages)
        with pdfplumber.open(path) as pdf:
            page_count = len(pdf.pages)
        size = path.stat().st_size
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            tables = perfeval.load(path)
            times.append(time.perf_counter() - start)
    expected = {p.name[:2]: perfeval.load(p)[0] for p in perfeval.example_paths()}

    def same(table: perfeval.Table) -> perfeval.Table:
        return attrs.evolve(table, source=None, transcription_notes=())

    def verdict(table: perfeval.Table) -> tuple[object, ...]:
        card = perfeval.score(table)
        return card.total, card.grade, tuple(f.to_dict() for f in perfeval.audit(table).findings)

    pairs = list(zip(tables, order, strict=False))
    equal = sum(same(t) == same(expected[n]) for t, n in pairs)
    agree = sum(verdict(t) == verdict(expected[n]) for t, n in pairs)
    print(f"{page_count} pages, {len(tables)} forms, {size:,} bytes")
    print(f"{agree} with the scores and findings of their JSON; {equal} equal to it in every cell")
    print(f"read in {min(times):.2f} s (best of {args.repeats}; all: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"{min(times) / page_count * 1000:.0f} ms a page")
    return 0 if agree == len(order) == len(tables) and page_count >= args.pages else 1


if __name__ == "__main__":
    sys.exit(main())
