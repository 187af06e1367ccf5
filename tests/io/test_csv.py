"""``audit --format csv``: one row per finding, UTF-8 with a BOM, and it parses back to the same findings."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import perfeval
from perfeval.batch import run
from perfeval.cli import main
from perfeval.findings import Finding
from perfeval.outcome import Outcome
from perfeval.read.records import iter_records
from perfeval.report.rows import CSV_COLUMNS
from perfeval.report.spreadsheet_safety import restore
from perfeval.report.writers import write_tabular

FINDING_KEYS = ("code", "severity", "path", "reported", "computed", "rule", "message_zh", "message_en")


@pytest.fixture
def outcomes(tmp_path: Path) -> list[Outcome]:
    """The 26 bundled tables, with an unreadable file in the middle."""
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    paths = perfeval.example_paths()
    return list(run(iter_records([*paths[:13], broken, *paths[13:]])))


def parse(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def finding_of(row: dict[str, str]) -> Finding:
    also = tuple(row["also"].split(";")) if row["also"] else ()  # R11 v2: merged codes joined with ";"
    return Finding.from_dict({**{key: restore(row[key]) or None for key in FINDING_KEYS}, "also": also})


def test_csv_parses_back_to_the_same_findings(outcomes: list[Outcome], tmp_path: Path) -> None:
    seen: list[Outcome] = []
    out = tmp_path / "findings.csv"
    write_tabular(iter(outcomes), "csv", out, seen.append)
    assert seen == outcomes
    rows = parse(out.read_bytes())
    assert tuple(rows[0]) == CSV_COLUMNS
    audits = [o for o in outcomes if isinstance(o.result, perfeval.Audit)]
    expected = [(o.source, o.index, o.result.table.project, f) for o in audits for f in o.result.findings]
    got = [(r["source"], int(r["index"]), r["project"], finding_of(r)) for r in rows if r["code"] != "not-json"]
    assert got == expected
    assert len(expected) > 100


def test_an_unreadable_input_is_a_row_with_its_error_code(outcomes: list[Outcome], tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    write_tabular(iter(outcomes), "csv", out, lambda o: None)
    [row] = [r for r in parse(out.read_bytes()) if r["code"] == "not-json"]
    assert row["source"].endswith("broken.json")
    assert (row["index"], row["severity"], row["project"]) == ("0", "error", "")
    assert row["message_en"].startswith("not JSON")


def test_csv_goes_to_standard_output_with_a_bom(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status = main(["audit", "--example", "--format", "csv"])
    assert status == 1  # the bundled tables have error findings
    rows = parse(capsysbinary.readouterr().out)
    assert {r["source"] for r in rows} <= {f"yunnan-2023/{p.name}" for p in perfeval.example_paths()}
    assert rows[0]["source"] == "yunnan-2023/02-radio-frequency-fee-transfer.json"
    assert (rows[0]["code"], rows[0]["reported"], rows[0]["computed"]) == ("execution-rate-mismatch", "91.37", "90.14")


def test_cli_csv_to_a_file_and_exit_status_for_unreadable_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["audit", str(broken), "--format", "csv", "--output", str(out)]) == 2
    [row] = parse(out.read_bytes())
    assert row["code"] == "not-json"


def test_csv_rows_are_written_as_outcomes_come(outcomes: list[Outcome]) -> None:
    stream = io.StringIO()
    written: list[int] = []

    def watch(outcome: Outcome) -> None:
        written.append(stream.getvalue().count("\n"))

    from perfeval.report.writers import write_csv

    write_csv(iter(outcomes), stream, watch)
    assert written == sorted(written)
    assert written[-1] > written[0]
