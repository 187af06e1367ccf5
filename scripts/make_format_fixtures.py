"""Remake the .xls, .ods and .pdf fixtures of tests/io/test_formats.py from the bundled tables.

The forms are laid out as .xlsx by the tests' own form writer (tests/io/conftest.py),
then LibreOffice converts them: ``soffice --headless --convert-to xls|ods|pdf``.
Needs openpyxl and LibreOffice (Debian: libreoffice-calc-nogui, fonts-wqy-zenhei for
the Chinese glyphs of the PDF). Run from the repository root:

    python scripts/make_format_fixtures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Side

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "formats"
sys.path.insert(0, str(ROOT / "tests" / "io"))

from conftest import load_sample, write_form  # noqa: E402  (the tests' form writer)

#: The tables of the fixtures: two stacked on the first sheet, one on each further sheet.
#: The width of each of the form's ten columns, in characters.
WIDTH = 14
SHEETS = {"两表": ("03", "08"), "表22": ("22",), "Sheet 25": ("25",)}
#: A PDF whose second form has no 项目名称 label, for the located error.
MISSING_LABEL = {"表03": ("03",), "表08": ("08",)}


def workbook(path: Path, sheets: dict[str, tuple[str, ...]], skip: tuple[str, ...] = ()) -> None:
    """The forms as one workbook, sheet by sheet; ``skip``: labels the last form leaves out."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, numbers in sheets.items():
        ws = wb.create_sheet(name)
        row = 1
        for number in numbers:
            last = name == list(sheets)[-1] and number == numbers[-1]
            end = write_form(ws, load_sample(number), top=row, numbers="float", skip=skip if last else ())
            ruled(ws, row + 2, end - 2)  # the title, 编制单位 line and footnote stand outside the ruled table
            row = end + 2
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # all columns on one page, rows run on
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for col in "ABCDEFGHIJ":
            ws.column_dimensions[col].width = WIDTH
    wb.save(path)


def ruled(ws: openpyxl.worksheet.worksheet.Worksheet, first: int, last: int) -> None:
    """Rule rows ``first..last`` of the form's ten columns as the printed form is, text wrapped in its cells."""
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=first, max_row=last, min_col=1, max_col=10):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    spans = {
        (m.min_row, m.min_col): m.max_col - m.min_col + 1 for m in ws.merged_cells.ranges if m.min_row == m.max_row
    }
    tall = {(m.min_row, m.min_col) for m in ws.merged_cells.ranges if m.min_row != m.max_row}
    for row in ws.iter_rows(min_row=first, max_row=last, min_col=1, max_col=10):
        for cell in row:  # LibreOffice sizes no row to fit its wrapped text: give each the lines it needs
            text = str(cell.value or "")
            if not text or (cell.row, cell.column) in tall:
                continue
            width = sum(2 if ord(c) > 0x2E80 else 1 for c in text)
            lines = -(-width // (WIDTH * spans.get((cell.row, cell.column), 1) - 3))
            height = ws.row_dimensions[cell.row].height or 15
            ws.row_dimensions[cell.row].height = max(height, 15 * lines)


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("needs LibreOffice: apt-get install libreoffice-calc-nogui fonts-wqy-zenhei")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        forms, broken = Path(tmp) / "forms.xlsx", Path(tmp) / "missing-label.xlsx"
        workbook(forms, SHEETS)
        workbook(broken, MISSING_LABEL, skip=("项 目 名 称",))
        for source, formats in ((forms, ("xls", "ods", "pdf")), (broken, ("pdf",))):
            for fmt in formats:
                profile = f"-env:UserInstallation=file://{tmp}/profile"
                command = [soffice, "--headless", profile, "--convert-to", fmt, "--outdir", str(OUT), str(source)]
                subprocess.run(command, check=True, capture_output=True)
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(ROOT), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
