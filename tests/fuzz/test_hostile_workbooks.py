"""Hostile workbooks, by fuzzing: every ``.xlsx`` gives tables or located ``PerfevalError`` records, never a crash.

Workbooks in the printed layout (written like ``tests/io``'s form writer) with
cells replaced by hostile values and number formats, with cells merged,
rows and columns deleted or shuffled, and workbooks whose bytes are damaged
or that are no workbook at all. Through :func:`perfeval.read.records.read_path`
each record holds a table (which audits and round-trips) or a located
``PerfevalError`` — never an ``InternalError`` (a bug caught late) and never
any other exception — in bounded time.

The default run keeps to a few seconds; for a long run set
``PERFEVAL_FUZZ_EXAMPLES`` (e.g. 2000).
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

import perfeval
from perfeval.errors import InternalError, PerfevalError
from perfeval.read.json_format import from_dict, to_dict
from perfeval.read.records import read_path
from perfeval.record import Record
from perfeval.report.render import audit_text
from perfeval.values import Table

openpyxl = pytest.importorskip("openpyxl")
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: E402

# A quarter of the JSON fuzzers' default: every example writes and reads a workbook.
EXAMPLES = max(1, int(os.environ.get("PERFEVAL_FUZZ_EXAMPLES", "100")) // 4)
FUZZ = settings(max_examples=EXAMPLES)  # the rest (derandomized in CI): tests/conftest.py

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]


def _form_writer() -> Callable[..., int]:
    """The printed-layout writer of ``tests/io/conftest.py`` (a conftest cannot be imported by name)."""
    spec = importlib.util.spec_from_file_location("_perfeval_form_writer", Path(__file__).parents[1] / "io/conftest.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    writer: Callable[..., int] = module.write_form
    return writer


def _base_workbooks() -> list[bytes]:
    """Valid workbooks: bundled tables in the printed layout, numbers as numbers, text or both."""
    write_form = _form_writer()
    tables = [t for p in perfeval.example_paths()[:3] for t in perfeval.load(p)]
    out = []
    for i, table in enumerate(tables):
        wb = openpyxl.Workbook()
        write_form(wb.active, table, top=1 + i, left=1 + i % 2, numbers=("float", "text", "mixed")[i % 3])
        if i == 0:  # two tables in one sheet, a third in a sheet of its own
            after = write_form(wb.active, tables[1], top=60, left=2, numbers="mixed", two_row_header=False)
            write_form(wb.create_sheet("表 2"), tables[2], top=after % 7 + 1, inline_labels=True)
        buffer = io.BytesIO()
        wb.save(buffer)
        out.append(buffer.getvalue())
    return out


BASES = _base_workbooks()

LABELS = [
    "项目支出绩效自评表", "2023年度项目支出绩效自评表", "（2023年度）", "项目名称", "项目名称：", "主管部门",
    "实施单位", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "备注", "年度资金总额",
    "其中：当年财政拨款", "上年结转资金", "其他资金", "预期目标", "实际完成情况", "一级指标", "二级指标", "三级指标",
    "指标性质", "指标值", "年度指标值", "度量单位", "实际完成值", "偏差原因分析及改进措施", "其他需要说明的事项",
    "总分", "总分值", "总得分", "自评等级", "合计", "小计", "产出指标", "公开12表",
]  # fmt: skip
HOSTILE_TEXT = [
    "1e999999999", "-1e-999999999", "NaN", "nan", "-NaN", "Infinity", "-inf", "∞", "9" * 5000, "0." + "0" * 5000 + "1",
    "-5", "-0.01", "１２．５", "－５", "𝟏𝟐𝟑", "𝟗𝟎%", "١٢٣", "²³", "½", "Ⅻ", "≥≥90%", "大于1e999999999元", "-50%",
    "2023年13月32日前", "99999999年12月31日前", "-", "/", "无", " ", "\u3000", "\t\n\r", "\x7f\x85\u2028\u202e\ufeff",
    "_x0007_", "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "TRUE", "=1/0", "=SUM(A1:A3)", "=", "==", "'=1",
    "x" * 32767, "项目名称" * 3000, "项目支出绩效自评表" * 500, "\n".join(LABELS), "项目名称：" + "名" * 20000,
    "得分\n得分", "（其中）当年财政拨款（万元）", "偏差原因" + "很" * 12, "（）", "(", "）", "：", ":",
]  # fmt: skip
NUMBER_FORMATS = [
    "General", "0", "0.00", "#,##0.00", "0.00%", "0%", "0.00E+00", "##0.0E+0", "# ?/?", "@", "yyyy-mm-dd",
    'yyyy"年"m"月"d"日"', "yyyy-mm-dd h:mm:ss", "h:mm:ss", "[h]:mm:ss", "mm:ss.0", "mmmm d, yyyy", "0.00;[Red]-0.00",
    '#,##0;(#,##0);"-"', '"¥"#,##0.00', "0." + "0" * 60, "#.##", "000000", ";;;", '"', "\\", "[", "[Red]", "0.00\\%",
    '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)', "[$-409]mmmm d, yyyy;@", '0.00"万元"', "#,##0.00_ ", "0;-0;;@",
]  # fmt: skip

text_values = (
    st.sampled_from(HOSTILE_TEXT)
    | st.sampled_from(LABELS)
    | st.text(max_size=20)
    | st.text(alphabet="0123456789.,-+eE%万元 ０１２３４５６７８９．𝟏𝟐١٢≥≤<>=年月日底前", max_size=14)
).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text))  # not storable in an .xlsx at all
cell_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**300), max_value=10**300)  # openpyxl writes no int beyond a float's range
    | st.sampled_from([10**300, -(10**300), 2**63, -(2**63)])
    | st.floats()
    | st.sampled_from([1e308, -1e308, 5e-324, -5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 1e15, 1e16])
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.datetimes(min_value=datetime.datetime(1900, 3, 1))
    | st.dates(min_value=datetime.date(1900, 3, 1))
    | st.times()
    | st.timedeltas(min_value=datetime.timedelta(0), max_value=datetime.timedelta(days=10**5))
    | text_values
)
number_formats = st.sampled_from(NUMBER_FORMATS) | st.text(alphabet='0#?,.;%"\\[]_*@Ee+-/yymdhs年', max_size=12)


@contextmanager
def _saved(wb: Any) -> Iterator[Path]:
    """A workbook written to a temporary ``.xlsx`` file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.xlsx"
        wb.save(path)
        yield path


def _load(data: bytes) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data))


def _records(path: Path, limit: float = 10.0) -> list[Record]:
    started = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's own warnings about the workbook it reads
        records = list(read_path(path, source="hostile.xlsx"))  # any exception fails the test
    assert time.monotonic() - started < limit
    return records


def _event(name: str) -> None:
    if currently_in_test_context():  # the law is checked by the plain tests too
        event(name)


def check(path: Path, limit: float = 10.0) -> list[Record]:
    """The law: each record of the workbook a table (which audits and round-trips) or a located PerfevalError."""
    records = _records(path, limit)
    assert records
    assert [r.index for r in records] == list(range(len(records)))
    for record in records:
        assert record.source == "hostile.xlsx"
        assert (record.table is None) != (record.error is None)
        error = record.error
        if error is not None:
            assert isinstance(error, PerfevalError)
            assert not isinstance(error, InternalError), str(error)
            assert error.message
            assert str(error).startswith(f"hostile.xlsx[{record.index}]: "), str(error)
            if error.code not in ("unreadable-file", "too-large"):  # a table's problem names its sheet and cell
                assert error.path is not None
                assert "!" in error.path, str(error)
            _event(f"error {error.code}")
            continue
        table = record.table
        assert isinstance(table, Table)
        assert table.source is not None
        assert table.source.startswith("hostile.xlsx#")
        result = perfeval.audit(table)
        audit_text("hostile.xlsx", record.index, result).encode("utf-8")
        json.dumps(to_dict(table), ensure_ascii=False).encode("utf-8")
        assert from_dict(to_dict(table)) == table
        _event("table")
    return records


def _cells(ws: Any) -> list[tuple[int, int]]:
    """Every cell of the sheet's used range, and one row and column beyond it."""
    return [(r, c) for r in range(1, ws.max_row + 2) for c in range(1, ws.max_column + 2)]


def _set(ws: Any, row: int, col: int, value: object, number_format: str | None) -> None:
    cell = ws.cell(row, col)
    if type(cell).__name__ == "MergedCell":  # covered by a merge: write its origin instead
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                cell = ws.cell(rng.min_row, rng.min_col)
                break
    cell.value = value
    if number_format is not None:
        cell.number_format = number_format


@FUZZ
@given(st.sampled_from(range(len(BASES))), st.data())
def test_any_cell_values_in_a_valid_layout(base: int, data: st.DataObject) -> None:
    """A valid workbook whose cells hold anything Excel stores reads into tables or located errors."""
    wb = _load(BASES[base])
    for _ in range(data.draw(st.integers(1, 12), label="changes")):
        ws = data.draw(st.sampled_from(wb.worksheets))
        row, col = data.draw(st.sampled_from(_cells(ws)))
        value = data.draw(cell_values, label="value")
        _set(ws, row, col, value, data.draw(st.none() | number_formats, label="format"))
    with _saved(wb) as path:
        check(path)


@FUZZ
@given(st.sampled_from(range(len(BASES))), st.data())
def test_any_number_formats_on_numbers(base: int, data: st.DataObject) -> None:
    """Numbers of any size in any number format (dates and times included) read as text or a located error."""
    wb = _load(BASES[base])
    ws = wb.worksheets[0]
    numbers = [(c.row, c.column) for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)]
    for _ in range(data.draw(st.integers(1, 8))):
        row, col = data.draw(st.sampled_from(numbers or _cells(ws)))
        value = data.draw(
            st.floats(allow_nan=False) | st.integers(-(10**20), 10**20) | st.sampled_from([1e308, 5e-324, -1e300])
        )
        _set(ws, row, col, value, data.draw(number_formats))
    with _saved(wb) as path:
        check(path)


@FUZZ
@given(st.sampled_from(range(len(BASES))), st.data())
def test_merges_deletions_and_shuffles(base: int, data: st.DataObject) -> None:
    """Cells merged at random, rows and columns deleted, inserted or shuffled: tables or located errors."""
    wb = _load(BASES[base])
    for _ in range(data.draw(st.integers(1, 6), label="changes")):
        ws = data.draw(st.sampled_from(wb.worksheets))
        rows, cols = max(ws.max_row, 1), max(ws.max_column, 1)
        action = data.draw(st.sampled_from(["merge", "unmerge", "delete rows", "delete cols", "insert", "shuffle"]))
        event(action)
        if action == "merge":
            r1, c1 = data.draw(st.integers(1, rows)), data.draw(st.integers(1, cols))
            r2, c2 = data.draw(st.integers(r1, rows + 2)), data.draw(st.integers(c1, cols + 2))
            if (r1, c1) != (r2, c2):
                ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        elif action == "unmerge" and ws.merged_cells.ranges:
            ws.merged_cells.remove(data.draw(st.sampled_from(sorted(ws.merged_cells.ranges, key=str))))
        elif action == "delete rows":  # merged ranges are not moved: they now cover other cells
            ws.delete_rows(data.draw(st.integers(1, rows)), data.draw(st.integers(1, 5)))
        elif action == "delete cols":
            ws.delete_cols(data.draw(st.integers(1, cols)), data.draw(st.integers(1, 3)))
        elif action == "insert":
            ws.insert_rows(data.draw(st.integers(1, rows)), data.draw(st.integers(1, 3)))
        elif action == "shuffle":
            values = [[(c.value, c.number_format) for c in row] for row in ws.iter_rows(max_col=cols)]
            order = data.draw(st.permutations(range(len(values))))
            for r, source in enumerate(order, start=1):
                for c, (value, fmt) in enumerate(values[source], start=1):
                    if type(ws.cell(r, c)).__name__ != "MergedCell":
                        ws.cell(r, c).value, ws.cell(r, c).number_format = value, fmt
    with _saved(wb) as path:
        check(path)


RAW_NUMBERS = [
    "9" * 400, "-" + "9" * 4000, "9" * 5000, "1E+400", "-1e400", "1e-400", "4.9e-324", "-0", "+5", "1.", ".5", "nan",
    "NaN", "inf", "-Infinity", "0x10", "1_000", "１２", "", " ", "1e", "--1", "1,5",
]  # fmt: skip


@FUZZ
@given(st.sampled_from([0, 2]), st.data())  # the workbooks with numeric cells
def test_numbers_other_programs_may_store(index: int, data: st.DataObject) -> None:
    """A numeric cell's stored text may be anything another program wrote: 5,000 digits, 1E+400, nan …"""
    wb = _load(BASES[index])
    ws = wb.worksheets[0]
    numbers = [c for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)]
    marks = []
    for i in range(data.draw(st.integers(1, 4))):
        cell = data.draw(st.sampled_from(numbers))
        cell.value = 7_000_001 + i  # a marker to find in the sheet's XML
        cell.number_format = data.draw(number_formats)
        marks.append(
            (f"<v>{cell.value}</v>", data.draw(st.sampled_from(RAW_NUMBERS) | st.text("0123456789.eE+-", max_size=30)))
        )
    buffer = io.BytesIO()
    wb.save(buffer)

    def change(name: str, content: bytes) -> bytes:
        for mark, raw in marks:
            if name == "xl/worksheets/sheet1.xml":
                content = content.replace(mark.encode(), f"<v>{raw}</v>".encode())
        return content

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.xlsx"
        path.write_bytes(_rezipped(buffer.getvalue(), change))
        check(path)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 2))  # merges of 16,384 cells: the slowest examples
@given(st.sampled_from(range(len(BASES))), st.data())
def test_far_cells_and_huge_merges_in_bounded_time(index: int, data: st.DataObject) -> None:
    """A cell at XFD1048576, a header merged across every column or a merge of the whole sheet: read fast."""
    wb = _load(BASES[index])
    ws = wb.worksheets[0]
    marks = {}
    label_rows = sorted({c.row for row in ws.iter_rows() for c in row if c.value in LABELS}) or [1]  # before a far cell
    for i in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["far cell", "wide merge", "tall merge", "giant merge"]))
        event(action)
        if action == "far cell":
            row, col = data.draw(st.sampled_from([(1_048_576, 16_384), (1_048_576, 1), (1, 16_384), (500_000, 3)]))
            ws.cell(row, col).value = data.draw(st.sampled_from(LABELS) | text_values)
            continue
        # merged in the XML afterwards: openpyxl itself would make a MergedCell of every cell covered
        mark = f"Z{9000 + i}:Z{9001 + i}"
        ws.merge_cells(mark)
        if action == "wide merge":  # a label cell's row merged across every column
            row = data.draw(st.sampled_from(label_rows))
            marks[mark] = f"A{row}:XFD{row}"
        elif action == "tall merge":
            col = data.draw(st.sampled_from("ABCDEFGHIJ"))
            marks[mark] = (
                f"{col}{data.draw(st.integers(1, 40))}:{col}{data.draw(st.sampled_from([60, 5000, 1_048_576]))}"
            )
        else:
            marks[mark] = data.draw(st.sampled_from(["A1:XFD1048576", "A1:Z100000", "B20:XFD21"]))
    buffer = io.BytesIO()
    wb.save(buffer)

    def change(name: str, content: bytes) -> bytes:
        for mark, ref in marks.items():
            content = content.replace(f'ref="{mark}"'.encode(), f'ref="{ref}"'.encode())
        return content

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.xlsx"
        path.write_bytes(_rezipped(buffer.getvalue(), change))
        check(path, limit=10.0)


def _flipped(data: bytes, draw: st.DataObject) -> bytes:
    raw = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 8))):
        at = draw.draw(st.integers(0, len(raw) - 1))
        raw[at] = draw.draw(st.integers(0, 255))
    return bytes(raw)


def _rezipped(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The workbook's zip with each member changed (``None`` drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            content = change(info.filename, old.read(info))
            if content is not None:
                new.writestr(info.filename, content)
    return out.getvalue()


@FUZZ
@given(st.sampled_from(range(len(BASES))), st.data())
def test_damaged_bytes(index: int, data: st.DataObject) -> None:
    """A workbook with bytes changed, cut short, or one of its XML parts damaged: tables or a clear error, fast."""
    base = BASES[index]
    how = data.draw(st.sampled_from(["flip", "truncate", "member"]))
    event(how)
    if how == "flip":
        damaged = _flipped(base, data)
    elif how == "truncate":
        damaged = base[: data.draw(st.integers(0, len(base) - 1))]
    else:
        names = zipfile.ZipFile(io.BytesIO(base)).namelist()
        victim = data.draw(st.sampled_from(names))
        kind = data.draw(st.sampled_from(["drop", "empty", "garbage", "cut", "flip"]))
        garbage = data.draw(st.binary(max_size=50))
        cut = data.draw(st.integers(0, 2000))

        def change(name: str, content: bytes) -> bytes | None:
            if name != victim:
                return content
            return {"drop": None, "empty": b"", "garbage": garbage, "cut": content[:cut]}.get(
                kind, _flipped(content, data)
            )

        damaged = _rezipped(base, change)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.xlsx"
        path.write_bytes(damaged)
        check(path)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


NOT_WORKBOOKS = {
    "empty file": b"",
    "text": "项目名称,年度资金总额\n".encode(),
    "PNG": b"\x89PNG\r\n\x1a\n\x00\x00 binary",
    "empty zip": _zip({}),
    "zip of text": _zip({"a.txt": b"hello"}),
    "zip with a bad content types": _zip({"[Content_Types].xml": b"<not xml"}),
    "a JSON table": perfeval.example_paths()[0].read_bytes(),
}


@pytest.mark.parametrize("name", list(NOT_WORKBOOKS))
def test_files_that_are_no_workbook(name: str, tmp_path: Path) -> None:
    """Whatever is named ``.xlsx`` but is none is one located ``unreadable-file`` error."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(NOT_WORKBOOKS[name])
    [record] = check(path)
    assert record.error is not None
    assert record.error.code == "unreadable-file"


def test_workbooks_without_tables(tmp_path: Path) -> None:
    """An empty workbook, one whose sheets hold no table, or only a chart sheet: one located error."""
    books = [openpyxl.Workbook() for _ in range(3)]
    books[1].active["C3"] = "项目"
    books[1].create_sheet("空")
    books[2].create_chartsheet("图")
    books[2].remove(books[2].active)
    for i, wb in enumerate(books):
        path = tmp_path / f"{i}" / "hostile.xlsx"
        path.parent.mkdir()
        wb.save(path)
        [record] = check(path)
        assert record.error is not None


def test_a_huge_sheet_reads_in_bounded_time(tmp_path: Path) -> None:
    """A valid table followed by 20,000 filled rows: read (or refused) in under 10 seconds."""
    wb = _load(BASES[1])
    ws = wb.active
    start = ws.max_row + 1
    rng = random.Random(7)
    for r in range(start, start + 20_000):
        ws.cell(r, 1).value = rng.choice(["产出指标", "数量指标", "合计", "x"])
        ws.cell(r, 3).value = f"指标{r}"
        ws.cell(r, 7).value = rng.random() * 100
        ws.cell(r, 8).value = "10"
    path = tmp_path / "hostile.xlsx"
    wb.save(path)
    records = check(path, limit=10.0)
    assert len(records) == 1


def test_one_bad_table_never_stops_the_others(tmp_path: Path) -> None:
    """Two damaged tables and a good one: each damage located in its record, the good table still read."""
    wb = _load(BASES[0])
    ws = wb.worksheets[0]
    heads = [c for row in ws.iter_rows() for c in row if c.value == "全年执行数"]
    heads[1].value = "全年"  # the second table loses a header
    budget = ws.cell(heads[0].row + 1, heads[0].column - 2)  # 年初预算数 of the first table's 年度资金总额
    budget.value, budget.number_format = 1e300, "0.00"
    path = tmp_path / "hostile.xlsx"
    wb.save(path)
    first, second, third = check(path)
    assert first.error is not None  # read as Excel shows it, then refused at its cell
    assert first.error.code == "invalid-table"
    assert f"Sheet!{budget.coordinate}: $.funds.total.initial: a number of more than 30 digits" in str(first.error)
    assert second.error is not None
    assert second.error.code == "workbook-layout"
    assert "no 全年执行数 column found" in second.error.message
    assert third.table is not None


def test_the_cli_answers_hostile_workbooks_without_a_traceback(tmp_path: Path) -> None:
    """``perfeval audit --format jsonl`` on damaged and odd workbooks: one line each, exit status 0/1/2."""
    odd = _load(BASES[0])
    ws = odd.worksheets[0]
    ws["C8"], ws["C8"].number_format = 1e300, "#,##0.00"
    ws["D8"], ws["D8"].number_format = 5e-324, "yyyy-mm-dd"
    ws.merge_cells("A20:D40")
    ws.delete_rows(30, 3)
    odd.save(tmp_path / "odd.xlsx")
    (tmp_path / "cut.xlsx").write_bytes(BASES[1][: len(BASES[1]) // 2])
    (tmp_path / "png.xlsx").write_bytes(NOT_WORKBOOKS["PNG"])
    files = [tmp_path / name for name in ("odd.xlsx", "cut.xlsx", "png.xlsx")]
    proc = subprocess.run(
        [*COMMAND, "audit", "--format", "jsonl", *map(str, files)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,  # a guard against a hang, not a measurement
    )
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode in (0, 1, 2)
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["source"] for line in lines][-2:] == [str(files[1]), str(files[2])]
    assert all("error" in line or "findings" in line for line in lines)
    assert all(line["error"]["code"] != "internal-error" for line in lines if "error" in line)


def test_numbers_beyond_28_digits_in_fixed_formats_read_as_excel_shows_them() -> None:
    """Regression: 1e300 in ``0.00`` crashed with ``decimal.InvalidOperation``; Excel shows 15 digits then zeros."""
    from perfeval.read.cell_text import display_text

    assert display_text(1e300, "0.00") == "1" + "0" * 300 + ".00"
    assert display_text(1.2345678901234567e20, "#,##0") == "123,456,789,012,346,000,000"
    assert display_text(-1e308, "0.00%").startswith("-1" + "0" * 310)
    assert display_text(Decimal(10) ** 40, "0.0") == "1" + "0" * 40 + ".0"
