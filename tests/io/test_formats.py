""".xls, .ods, .docx and text-layer .pdf forms read to the same tables, scores and findings as their JSON.

The .xls, .ods and .pdf fixtures under tests/fixtures/formats/ were made by
scripts/make_format_fixtures.py (LibreOffice converting the .xlsx forms of
tests/io/conftest.py); the .docx forms are written here with python-docx.
"""

from __future__ import annotations

import functools
import json
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import perfeval
from perfeval.cli import main
from perfeval.errors import InputError, LayoutError, MissingExtraError
from perfeval.read.records import read_path, table_files
from perfeval.record import Record
from perfeval.values import Table

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats"
#: The tables of forms.xls / .ods / .pdf, in order: 03 and 08 stacked on one sheet, 22, 25.
NUMBERS = ("03", "08", "22", "25")
Sample = Callable[[str], Table]
Writer = Callable[..., int]


@functools.cache
def read_fixture(name: str) -> tuple[Record, ...]:
    """The records of a fixture file, read once for the tests that look at it."""
    return tuple(read_path(FIXTURES / name, source=name))


def same(table: Table) -> Table:
    """A table with what a form does not print (source, transcription notes) set aside."""
    return attrs.evolve(table, source=None, transcription_notes=())


def verdict(table: Table) -> tuple[object, ...]:
    """What perfeval makes of a table: its scores and its findings."""
    card = perfeval.score(table)
    return card.total, card.grade, tuple(f.to_dict() for f in perfeval.audit(table).findings)


@pytest.mark.parametrize(
    ("name", "library"),
    [("forms.xls", "xlrd"), ("forms.ods", "odf"), ("forms.pdf", "pdfplumber")],
)
def test_each_fixture_reads_to_the_tables_scores_and_findings_of_its_json(
    name: str, library: str, sample: Sample
) -> None:
    pytest.importorskip(library)
    records = read_fixture(name)
    assert [(r.index, r.error) for r in records] == [(i, None) for i in range(4)]
    tables = [r.table for r in records if r.table is not None]
    assert [same(t) for t in tables] == [same(sample(n)) for n in NUMBERS]
    assert [verdict(t) for t in tables] == [verdict(sample(n)) for n in NUMBERS]


def test_where_each_form_was_found() -> None:
    pytest.importorskip("xlrd")
    pytest.importorskip("pdfplumber")
    assert [r.table.source for r in read_fixture("forms.xls") if r.table] == [
        "forms.xls#两表!A1",
        "forms.xls#两表!A27",
        "forms.xls#表22!A1",
        "forms.xls#'Sheet 25'!A1",
    ]
    sources = [r.table.source.partition("#")[2] for r in read_fixture("forms.pdf") if r.table and r.table.source]
    assert sources == [
        "page 1, text above table 1",
        "page 1, text below the tables",  # 08's title ends page 1, its table fills page 2
        "page 3, text above table 1",
        "page 4, text above table 1",
    ]


def test_a_pdf_form_cut_by_a_page_break_joins_its_rest(sample: Sample) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(FIXTURES / "forms.pdf") as pdf:  # 25 starts on page 4 and ends on page 5
        assert len(pdf.pages) == 5
        assert "总得分" not in pdf.pages[3].extract_text().replace(" ", "")
        assert "总得分" in pdf.pages[4].extract_text().replace(" ", "")
    last = read_fixture("forms.pdf")[-1].table
    assert last is not None
    assert same(last) == same(sample("25"))
    assert [i.level1 for i in last.indicators][-3:] == ["效益指标", "效益指标", "满意度指标"]


def test_a_table_row_word_split_over_two_pages_is_one_row(sample: Sample) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(FIXTURES / "word-forms.pdf") as pdf:  # 在外举办会（交流会） of 22, cut after 交流
        [page] = [p for p in pdf.pages if p.extract_text().startswith("会）")]
        assert "在外举办" in pdf.pages[page.page_number - 2].extract_text()
    records = read_fixture("word-forms.pdf")
    assert [(r.index, r.error) for r in records] == [(i, None) for i in range(4)]
    tables = [r.table for r in records if r.table is not None]
    assert [same(t) for t in tables] == [same(sample(n)) for n in NUMBERS]
    assert tables[2].indicators[3].name == "在外举办会（交流会）"


def test_a_pdf_error_names_the_page_and_table() -> None:
    pytest.importorskip("pdfplumber")
    good, bad = read_path(FIXTURES / "missing-label.pdf", source="book.pdf")
    assert good.table is not None
    assert good.table.project == "省级粮食储备专项资金"
    assert isinstance(bad.error, LayoutError)
    assert str(bad.error) == "book.pdf[1]: page 2, text above table 1: no 项目名称 label found"


HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
#: A font with no map to Unicode (no ToUnicode, Identity encoding): its characters read as (cid:N).
UNMAPPED = (
    "<< /Type /Font /Subtype /Type0 /BaseFont /Foo /Encoding /Identity-H /DescendantFonts [<< /Type /Font"
    " /Subtype /CIDFontType2 /BaseFont /Foo /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
    " >>] >>"
)


def _pdf(*pages: bytes, font: str = HELVETICA) -> bytes:
    """A minimal PDF whose pages draw what ``pages`` say (no text), with a correct cross-reference table."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()]
    for i, content in enumerate(pages):
        resources = f"/Resources << /Font << /F1 {font} >> >>"
        page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] {resources} /Contents {4 + 2 * i} 0 R >>"
        objects += [page.encode(), b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_a_scanned_pdf_asks_for_ocr_never_an_empty_result(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_pdf(b"0 0 m 100 100 l S", b"10 10 50 50 re f"))  # drawings, no text
    [record] = read_path(scan, source="scan.pdf")
    assert isinstance(record.error, InputError)
    assert str(record.error) == (
        "scan.pdf[0]: no text layer — run OCR first (e.g. ocrmypdf), then read the OCR'd PDF: "
        "none of its 2 pages holds any text"
    )


def test_each_scanned_page_among_pages_with_text_is_reported(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    mixed = tmp_path / "mixed.pdf"
    image = b"q 100 0 0 100 50 50 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"
    mixed.write_bytes(_pdf(b"BT /F1 12 Tf 20 100 Td (text) Tj ET", image, b"BT /F1 12 Tf 20 100 Td (more) Tj ET"))
    [record] = read_path(mixed, source="mixed.pdf")
    assert isinstance(record.error, InputError)
    assert (
        str(record.error)
        == "mixed.pdf[0]: page 2: no text layer — run OCR first (e.g. ocrmypdf), then read the OCR'd PDF"
    )


def test_a_pdf_whose_text_has_no_unicode_map_asks_for_ocr(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    glyphs = tmp_path / "glyphs.pdf"
    glyphs.write_bytes(_pdf(b"BT /F1 12 Tf 20 100 Td <00120034> Tj ET", font=UNMAPPED))
    [record] = read_path(glyphs, source="glyphs.pdf")
    assert isinstance(record.error, InputError)
    assert record.error.message.startswith("its text is in fonts without a map to Unicode, so it cannot be read")
    assert record.error.message.endswith("no text layer — run OCR first (e.g. ocrmypdf), then read the OCR'd PDF")


def test_a_damaged_pdf_is_one_error_record(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not a PDF")
    [record] = read_path(bad)
    assert isinstance(record.error, InputError)
    assert "not a PDF file" in record.error.message or "cannot be read" in record.error.message


# --- Word ---------------------------------------------------------------------


def _docx_form(
    document: Any, table: Table, form_writer: Writer, *, split_at: str | None = None, total: str | None = None
) -> None:
    """Add one form to a Word document, laid out as the workbook writer lays it out.

    The title and the 编制单位 line are paragraphs; the ruled part is a Word table whose
    merged cells are python-docx merges (``gridSpan`` across, ``vMerge`` down).
    ``split_at``: a label whose row starts a second Word table (a form cut in two);
    ``total``: printed instead of the total score.
    """
    openpyxl = pytest.importorskip("openpyxl")
    from docx.table import _Cell

    ws = openpyxl.Workbook().active
    end = form_writer(ws, table, numbers="text")
    if total is not None:
        ws.cell(end - 2, 9).value = total
    first, last = 3, end - 2  # the title and 编制单位 lines above, the footnote below
    for r in (1, 2):
        texts = [str(c.value) for c in ws[r] if c.value is not None]
        document.add_paragraph("\t".join(texts))
    starts = [first]
    if split_at is not None:
        starts.append(next(r for r in range(first, last + 1) if ws.cell(r, 1).value == split_at))
    merged = [m for m in ws.merged_cells.ranges if first <= m.min_row <= last]
    for top, bottom in zip(starts, [*starts[1:], last + 1], strict=True):
        word = document.add_table(rows=bottom - top, cols=10)
        for r, tr in enumerate(word._tbl.tr_lst, start=top):
            tcs = list(tr.tc_lst)
            for c in range(1, 11):
                value = ws.cell(r, c).value
                if value is not None:
                    _Cell(tcs[c - 1], word).text = str(value)
            for m in merged:  # merged as Word merges: gridSpan across, vMerge down
                if m.min_row <= r <= m.max_row and m.min_row < bottom:
                    tc = tcs[m.min_col - 1]
                    tc.grid_span = m.max_col - m.min_col + 1
                    if m.max_row > m.min_row:
                        tc.vMerge = "restart" if r == m.min_row else "continue"
                    for covered in tcs[m.min_col : m.max_col]:
                        tr.remove(covered)
    document.add_paragraph(str(ws.cell(end - 1, 1).value))


@pytest.fixture
def docx_path(tmp_path: Path, form_writer: Writer, sample: Sample) -> Path:
    """03 and 08 one Word table each, 22 cut over two Word tables, 25 after a page break."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    _docx_form(document, sample("03"), form_writer)
    _docx_form(document, sample("08"), form_writer)
    _docx_form(document, sample("22"), form_writer, split_at="项目支出绩效指标表")
    document.add_page_break()
    _docx_form(document, sample("25"), form_writer)
    path = tmp_path / "forms.docx"
    document.save(path)
    return path


def test_word_forms_read_to_the_tables_scores_and_findings_of_their_json(docx_path: Path, sample: Sample) -> None:
    records = list(read_path(docx_path, source="forms.docx"))
    assert [(r.index, r.error) for r in records] == [(i, None) for i in range(4)]
    tables = [r.table for r in records if r.table is not None]
    assert [same(t) for t in tables] == [same(sample(n)) for n in NUMBERS]
    assert [verdict(t) for t in tables] == [verdict(sample(n)) for n in NUMBERS]
    assert [t.source for t in tables] == [f"forms.docx#paragraph {n}" for n in (1, 4, 7, 11)]


def test_word_merged_cells_come_from_grid_span_and_vmerge(docx_path: Path) -> None:
    xml = zipfile.ZipFile(docx_path).read("word/document.xml").decode()
    assert 'w:gridSpan w:val="8"' in xml
    assert '<w:vMerge w:val="restart"/>' in xml
    assert "<w:vMerge/>" in xml
    grain = perfeval.load(docx_path)[0]
    assert [i.level1 for i in grain.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]


def test_a_word_table_error_names_the_table_row_and_column(tmp_path: Path, form_writer: Writer, sample: Sample) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    _docx_form(document, sample("03"), form_writer)
    _docx_form(document, sample("08"), form_writer, total="九十")
    path = tmp_path / "bad.docx"
    document.save(path)
    good, bad = read_path(path, source="bad.docx")
    assert good.error is None
    assert bad.error is not None
    assert str(bad.error) == "bad.docx[1]: table 2, row 21, column 9: $.total: not a number: '九十'"


def test_a_word_table_wider_than_the_cap_is_refused(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    span = cell._tc.get_or_add_tcPr().makeelement(qn("w:gridSpan"), {qn("w:val"): "100000"})
    cell._tc.get_or_add_tcPr().append(span)
    path = tmp_path / "wide.docx"
    document.save(path)
    [record] = read_path(path, source="wide.docx")
    assert isinstance(record.error, InputError)
    assert record.error.message == "a table row wider than 1,000 columns; perfeval reads no more"


# --- encodings ----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "gb18030", "gbk"])
def test_json_in_each_encoding_reads_as_its_utf8_original(tmp_path: Path, encoding: str) -> None:
    originals = perfeval.example_paths()[:5]
    for original in originals:
        path = tmp_path / f"{original.stem}.json"
        path.write_bytes(original.read_text(encoding="utf-8").encode(encoding))
        assert [same(t) for t in perfeval.load(path)] == [same(t) for t in perfeval.load(original)]
    lines = "".join(json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) + "\n" for p in originals)
    jsonl = tmp_path / "all.jsonl"
    jsonl.write_bytes(lines.encode(encoding))
    assert [same(t) for t in perfeval.load(jsonl)] == [same(perfeval.load(p)[0]) for p in originals]


def test_text_in_no_readable_encoding_is_an_error_naming_what_was_tried(tmp_path: Path) -> None:
    path = tmp_path / "big5.json"
    path.write_bytes('{"project": "省級醫藥儲備補助資金"}'.encode("big5"))
    [record] = read_path(path, source="big5.json")
    assert record.error is not None
    assert record.error.code == "not-json"
    assert record.error.message == (
        "the document is in no encoding perfeval reads: not UTF-8 (invalid start byte at byte 13); "
        "not believable as GB18030 (it would hold U+E0F4, a private-use character); save it as UTF-8"
    )


def test_short_gbk_that_is_also_valid_utf8_is_refused_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "short.json"
    path.write_bytes('{"project": "医药"}'.encode("gbk"))  # D2BD D2A9: two Cyrillic letters in UTF-8
    [record] = read_path(path, source="short.json")
    assert record.error is not None
    assert "UTF-8 and GB18030 both read it" in record.error.message


def test_a_gb18030_jsonl_line_that_breaks_the_encoding_is_its_own_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes('{"project": "甲项目"}\n'.encode("gb18030") + b'{"project": "\x81"}\n' + b'{"project": "b"}\n')
    records = list(read_path(path, source="mixed.jsonl"))
    assert [r.table.project if r.table else r.error.message for r in records] == [  # type: ignore[union-attr]
        "甲项目",
        "line 2: the line is not GB18030 text like the lines above it: illegal multibyte sequence at byte 13",
        "b",
    ]


# --- folders, the CLI, missing extras --------------------------------------------


def test_a_folder_in_every_format_audits_to_the_findings_of_its_json(
    tmp_path: Path, docx_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for library in ("openpyxl", "xlrd", "odf", "pdfplumber"):
        pytest.importorskip(library)
    folder = tmp_path / "disclosure"
    folder.mkdir()
    for name in ("forms.xls", "forms.ods", "forms.pdf"):
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(docx_path, folder / "forms.docx")
    originals = [next(p for p in perfeval.example_paths() if p.name.startswith(n)) for n in NUMBERS]
    for original in originals:
        text = original.read_text(encoding="utf-8")
        (folder / f"{original.stem}.gb18030.json").write_bytes(text.encode("gb18030"))
        (folder / f"{original.stem}.utf16.json").write_bytes(text.encode("utf-16"))
    assert {p.suffix for p in table_files(folder)} == {".xls", ".ods", ".pdf", ".docx", ".json"}
    assert main(["audit", "--format", "jsonl", str(folder)]) in (0, 1)
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all("error" not in r for r in records)
    assert len(records) == 4 * 4 + 2 * 4

    def key(record: dict[str, Any]) -> tuple[str, str]:
        return record["project"], json.dumps(record["findings"], ensure_ascii=False, sort_keys=True)

    by_project: dict[str, set[str]] = {}
    for project, findings in map(key, records):
        by_project.setdefault(project, set()).add(findings)
    assert all(len(findings) == 1 for findings in by_project.values())  # every format: the same findings
    assert len(by_project) == 4


@pytest.mark.parametrize(
    ("suffix", "module", "extra"),
    [(".xls", "xlrd", "xls"), (".ods", "odf", "ods"), (".docx", "docx", "docx"), (".pdf", "pdfplumber", "pdf")],
)
def test_a_missing_library_names_its_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    path = tmp_path / f"book{suffix}"
    path.write_bytes(b"anything")
    [record] = read_path(path)
    assert isinstance(record.error, MissingExtraError)
    assert f"pip install 'perfeval[{extra}]'" in str(record.error)


def test_an_ods_row_repeated_past_the_cap_is_refused_and_the_other_sheets_read(tmp_path: Path) -> None:
    pytest.importorskip("odf")
    hostile = tmp_path / "hostile.ods"
    with zipfile.ZipFile(FIXTURES / "forms.ods") as source, zipfile.ZipFile(hostile, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "content.xml":  # the first sheet's title row, repeated a million times
                data = data.replace(b"<table:table-row ", b'<table:table-row table:number-rows-repeated="1000000" ', 1)
            out.writestr(item, data)
    records = list(read_path(hostile, source="hostile.ods"))
    assert isinstance(records[0].error, InputError)
    assert records[0].error.message == (
        "两表: text beyond 200,000 rows, 1,000 columns or 1,000,000 cells; perfeval reads no more"
    )
    assert [r.table.project for r in records[1:] if r.table] == [
        "因公出国（境）专项经费",
        "小微企业融资担保降费奖补专项资金",
    ]


def _chars(text: str, x: float, top: float, size: float = 10.0) -> list[dict[str, float | str]]:
    """Characters as pdfplumber gives them, drawn left to right from ``x``, each ``size`` wide."""
    return [
        {"text": c, "x0": x + i * size, "x1": x + (i + 1) * size, "top": top, "bottom": top + size, "size": size}
        for i, c in enumerate(text)
    ]


def test_pdf_text_overflowing_its_cell_stays_its_cells() -> None:
    pytest.importorskip("pdfplumber")
    from perfeval.read.pdf_reader import _cell_texts

    # Two rows of three 40-pt cells. 年度资金总额 (60 pt) starts in the first cell and runs
    # over the empty second one; 1,052.96 is right-aligned in the third; on the second
    # row a wrapped name has two lines, and two texts abut a ruling line from both sides.
    boxes = [(0, 0, 40, 20), (40, 0, 80, 20), (80, 0, 120, 20), (0, 20, 40, 50), (40, 20, 80, 50), (80, 20, 120, 50)]
    chars = [
        *_chars("年度资金总额", 2, 5),
        *_chars("1,052.96", 118 - 8 * 4, 5, 4),
        *_chars("储备粮", 2, 23),
        *_chars("合格率", 2, 35),
        *_chars("ab", 60, 30),
        *_chars("cd", 82, 30),
    ]
    texts = [text for _, text in _cell_texts(boxes, chars)]
    assert texts == ["年度资金总额", "", "1,052.96", "储备粮合格率", "ab", "cd"]


def test_an_ods_cell_written_without_its_text_reads_by_its_value(tmp_path: Path) -> None:
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet, load
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    from perfeval.read.ods_reader import _grid

    document = OpenDocumentSpreadsheet()
    sheet, row = OdsTable(name="表1"), TableRow()
    label = TableCell(valuetype="string")
    label.addElement(P(text="年初预算数"))
    for cell in (
        label,
        TableCell(valuetype="float", value="1052.960"),
        TableCell(valuetype="boolean", booleanvalue="true"),
    ):
        row.addElement(cell)
    sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    document.save(tmp_path / "code.ods")
    [read] = [t for t in load(str(tmp_path / "code.ods")).spreadsheet.childNodes if t.qname[1] == "table"]
    assert dict(_grid(read).cells) == {(1, 1): "年初预算数", (1, 2): "1052.96", (1, 3): "true"}


def test_an_ods_zero_printed_as_a_dash_reads_as_zero(tmp_path: Path) -> None:
    """An accounting format prints 0 as "-": the cell holds the number 0, read so (a dash alone is a blank cell,
    and a zero budget would be "not printed"); a dash typed as text stays a dash."""
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet, load
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    from perfeval.read.ods_reader import _grid

    document = OpenDocumentSpreadsheet()
    sheet, row = OdsTable(name="表1"), TableRow()
    cells = (("currency", "0", " -   "), ("float", "0", "—"), ("string", None, "-"), ("float", "5", "5"))
    for kind, value, shown in cells:
        cell = TableCell(valuetype=kind, value=value) if value is not None else TableCell(valuetype=kind)
        cell.addElement(P(text=shown))
        row.addElement(cell)
    sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    document.save(tmp_path / "zero.ods")
    [read] = [t for t in load(str(tmp_path / "zero.ods")).spreadsheet.childNodes if t.qname[1] == "table"]
    assert dict(_grid(read).cells) == {(1, 1): "0", (1, 2): "0", (1, 3): "-", (1, 4): "5"}
