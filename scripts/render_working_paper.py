"""Print the bundled tables' working paper through LibreOffice and keep pages as PNG (docs/images/).

Usage: python scripts/render_working_paper.py [OUT_DIR]
Needs ``soffice`` (libreoffice-calc-nogui), ``pdftoppm`` (poppler-utils) and a CJK font (fonts-wqy-zenhei).
Prints the number of pages; writes working-paper-summary.png and working-paper-table.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from perfeval.cli import main as main_cli

#: The pages kept: the Summary's first, and table 22 (因公出国（境）专项经费) with its findings.
PAGES = {"working-paper-summary": 1, "working-paper-table": None}


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "working-paper.xlsx"
        main_cli(["audit", "--example", "--format", "xlsx", "--output", str(book), "--quiet"])
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
            check=True,
            capture_output=True,
        )
        pdf = book.with_suffix(".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        print(f"{pages} pages")
        table_page = _page_of(pdf, pages, "因公出国（境）专项经费")
        for name, page in PAGES.items():
            number = page or table_page
            prefix = Path(tmp) / name
            pick = ["-f", str(number), "-l", str(number), "-singlefile"]
            subprocess.run(["pdftoppm", "-png", "-r", "110", *pick, str(pdf), str(prefix)], check=True)
            (out / f"{name}.png").write_bytes(prefix.with_suffix(".png").read_bytes())


def _page_of(pdf: Path, pages: int, text: str) -> int:
    """The first page whose header names ``text``."""
    for number in range(1, pages + 1):
        page = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if page.lstrip().startswith(text):
            return number
    raise SystemExit(f"no page starts with {text}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
