"""Remake the .xls, .ods and .pdf fixtures of tests/io/test_formats.py from the bundled tables.

The forms are laid out as .xlsx by the tests' own form writer (tests/io/conftest.py),
then LibreOffice converts them: ``soffice --headless --convert-to xls|ods|pdf``.
Also a Word document of the same forms (python-docx), printed to PDF by LibreOffice
Writer. Needs openpyxl, python-docx and LibreOffice (Debian: libreoffice-calc-nogui,
libreoffice-writer-nogui, fonts-wqy-zenhei for the Chinese glyphs of the PDFs). Run from the repository root:

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
#: Word forms on portrait pages: rows broken across pages, merged cells reaching over a break, amounts wrapped.
PORTRAIT = ("01", "02", "03", "04", "05", "06", "07", "08")


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


def word_document(path: Path, numbers: tuple[str, ...], landscape: bool = True) -> None:
    """The forms as a Word document (one ruled table a form, title and 编制单位 lines as paragraphs).

    Word (and LibreOffice Writer) let a table row break across pages: the PDF of
    this document (landscape) splits a row of form 22 between two pages. On a
    portrait page the ten columns are narrow: amounts wrap inside their cells.
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.table import _Cell

    document = docx.Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for number in numbers:
        ws = openpyxl.Workbook().active
        end = write_form(ws, load_sample(number), numbers="text")
        first, last = 3, end - 2
        for r in (1, 2):
            document.add_paragraph("\t".join(str(c.value) for c in ws[r] if c.value is not None))
        merged = [m for m in ws.merged_cells.ranges if first <= m.min_row <= last]
        table = document.add_table(rows=last - first + 1, cols=10)
        table.style = "Table Grid"
        for r, tr in enumerate(table._tbl.tr_lst, start=first):
            tcs = list(tr.tc_lst)
            for c in range(1, 11):
                if ws.cell(r, c).value is not None:
                    _Cell(tcs[c - 1], table).text = str(ws.cell(r, c).value)
            for m in merged:  # Word's merges: gridSpan across, vMerge down
                if m.min_row <= r <= m.max_row:
                    tc = tcs[m.min_col - 1]
                    tc.grid_span = m.max_col - m.min_col + 1
                    if m.max_row > m.min_row:
                        tc.vMerge = "restart" if r == m.min_row else "continue"
                    for covered in tcs[m.min_col : m.max_col]:
                        tr.remove(covered)
        document.add_paragraph(str(ws.cell(end - 1, 1).value))
    document.save(path)


def calc_breaks(path: Path, number: str = "01") -> None:
    """Form ``number`` twice, one sheet each, with a page break after its 一级指标 header row, then after 预期目标.

    Calc never breaks a row across pages: the row under the break opens the next
    page whole (the subtotal under the indicator header, the goal texts).
    """
    from openpyxl.worksheet.pagebreak import Break

    workbook(path, {"指标表头后分页": (number,), "预期目标后分页": (number,)})
    wb = openpyxl.load_workbook(path)
    for ws, label in zip(wb.worksheets, ("一级指标", "预期目标"), strict=True):
        [row] = [c.row for r in ws.iter_rows() for c in r if c.value == label]
        ws.row_breaks.append(Break(id=row))
    wb.save(path)


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("needs LibreOffice: apt-get install libreoffice-calc-nogui fonts-wqy-zenhei")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        forms, broken = Path(tmp) / "forms.xlsx", Path(tmp) / "missing-label.xlsx"
        workbook(forms, SHEETS)
        workbook(broken, MISSING_LABEL, skip=("项 目 名 称",))
        word = Path(tmp) / "word-forms.docx"
        word_document(word, tuple(n for numbers in SHEETS.values() for n in numbers))
        portrait = Path(tmp) / "word-portrait.docx"  # rows broken across pages, amounts wrapped in their cells
        word_document(portrait, PORTRAIT, landscape=False)
        breaks = Path(tmp) / "calc-breaks.xlsx"
        calc_breaks(breaks)
        sources = ((forms, ("xls", "ods", "pdf")), (broken, ("pdf",)), (word, ("pdf",)))
        for source, formats in (*sources, (portrait, ("pdf",)), (breaks, ("pdf",))):
            for fmt in formats:
                profile = f"-env:UserInstallation=file://{tmp}/profile"
                command = [soffice, "--headless", profile, "--convert-to", fmt, "--outdir", str(OUT), str(source)]
                subprocess.run(command, check=True, capture_output=True)
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(ROOT), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
