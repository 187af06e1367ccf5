"""Throughput of ``perfeval audit --format jsonl`` against a pure-Python floor, measured honestly.

Both sides run as child processes on the same JSON Lines file, alternately,
in the same run:

(a) the floor: ``json.loads`` of each line and the table's total computed
    with floats, no validation, nothing written;
(b) ``perfeval audit --format jsonl FILE > /dev/null``.

Printed: the median wall time of each, the median ratio b / a over the
repeats, tables per second, and the peak memory (``ru_maxrss``) of each child.

Then, once, (c) the I/O bound: the CPU time of only ``json.loads`` of each
input line and the JSON encoding of its audit record (taken from (b)'s
output) — what any CPython program that reads these tables and writes this
output pays before it validates, scores or checks anything; and (d) the
audit floor: (c) plus a ``Decimal`` of every numeric cell (funds, execution,
weights, scores, totals) — the least any CPython audit of them does.

    python benchmarks/throughput.py --tables 50000 --repeats 3

Targets (issue 5) on 50,000 tables: ratio ≤ 4 (stretch ≤ 3), peak ≤ 150 MiB
(stretch ≤ 100).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent


def floor(path: str) -> int:
    """The floor: parse each line and add the total up with floats. Returns the table count."""
    count = 0
    checksum = 0.0
    with open(path, "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            doc = json.loads(line)
            total = doc["funds"]["total"]
            annual = float((total.get("annual") or "0").replace(",", ""))
            executed = float((total.get("executed") or "0").replace(",", ""))
            rate = executed / annual * 100 if annual else 0.0
            points = 10 * min(rate, 100) / 100
            for row in doc["indicators"]:
                points += float((row.get("score") or "0").replace(",", ""))
            checksum += points
            count += 1
    return count


def io_bound(tables: str, records: str) -> float:
    """CPU seconds of json.loads of every input line plus encoding every output record, nothing else."""
    encoder = json.JSONEncoder(ensure_ascii=False)  # as perfeval encodes its records
    spent = 0.0
    with open(tables, "rb") as inp, open(records, "rb") as out:
        for line, record in zip((x for x in inp if x.strip()), out, strict=True):
            start = time.process_time()
            json.loads(line)
            spent += time.process_time() - start
            element = json.loads(record)  # not timed: only to have the record to encode
            start = time.process_time()
            encoder.encode(element)
            spent += time.process_time() - start
    return spent


_NUMERIC = (("weight", "rate", "score"), ("weight", "score"))


def audit_floor(tables: str, records: str) -> float:
    """The audit floor: the I/O bound plus a ``Decimal`` of every numeric cell — the least any CPython audit does."""
    spent = io_bound(tables, records)
    with open(tables, "rb") as inp:
        docs = [json.loads(line) for line in inp if line.strip()]
    start = time.process_time()
    for doc in docs:
        for line in doc["funds"].values():
            for cell in line.values():
                if cell is not None:
                    Decimal(cell.replace(",", ""))
        for key in _NUMERIC[0]:
            if (cell := doc["execution"].get(key)) is not None:
                Decimal(cell.replace(",", ""))
        for row in doc["indicators"]:
            for key in _NUMERIC[1]:
                if (cell := row.get(key)) is not None:
                    Decimal(cell.replace(",", ""))
        for key in ("subtotal", "total"):
            if (cell := doc.get(key)) is not None:
                Decimal(cell.replace(",", ""))
    return spent + time.process_time() - start


def _run(argv: list[str]) -> tuple[float, float, int]:
    """Run a child with its output to /dev/null: (seconds, peak MiB, exit status)."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr = child.stderr.read() if child.stderr else b""
        if child.stderr:
            child.stderr.close()
    if child.returncode not in (0, 1):  # audit exits 1 when it finds errors in the tables
        raise SystemExit(f"{argv} failed ({child.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is in KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50000, help="tables to generate (default 50,000)")
    parser.add_argument("--repeats", type=int, default=3, help="alternate runs of each side (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", help="use this JSON Lines file instead of generating one")
    parser.add_argument("--jobs", default="1", help="pass --jobs to perfeval audit (a number, or auto; default 1)")
    parser.add_argument("--floor-only", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_only:
        floor(args.floor_only)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = args.file
        if path is None:
            path = str(Path(tmp) / "tables.jsonl")
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(args.tables), "-o", path, "--seed", str(args.seed)],
                check=True,
            )
        with open(path, "rb") as handle:
            n = sum(1 for line in handle if line.strip())
        size = os.path.getsize(path) / 2**20
        floor_cmd = [sys.executable, str(Path(__file__).resolve()), "--floor-only", path]
        # --jobs always given: without it, a large input runs one worker a CPU
        audit_cmd = [sys.executable, "-m", "perfeval.cli", "audit", "--format", "jsonl", "--jobs", args.jobs, path]
        floors, audits, ratios, floor_peak, audit_peak = [], [], [], 0.0, 0.0
        print(f"{n} tables, {size:.1f} MiB of JSON Lines; {args.repeats} alternate runs")
        for i in range(args.repeats):
            a, a_peak, _ = _run(floor_cmd)
            b, b_peak, _ = _run(audit_cmd)
            floors.append(a)
            audits.append(b)
            ratios.append(b / a)
            floor_peak, audit_peak = max(floor_peak, a_peak), max(audit_peak, b_peak)
            print(f"  run {i + 1}: floor {a:6.2f} s   perfeval {b:6.2f} s   ratio {b / a:5.2f}   peak {b_peak:.0f} MiB")
        a, b = statistics.median(floors), statistics.median(audits)
        print(f"floor     median {a:6.2f} s  {n / a:9.0f} tables/s  peak {floor_peak:6.1f} MiB")
        print(f"perfeval  median {b:6.2f} s  {n / b:9.0f} tables/s  peak {audit_peak:6.1f} MiB")
        print(f"median ratio perfeval / floor: {statistics.median(ratios):.2f}")
        records = str(Path(tmp) / "records.jsonl")
        with open(records, "wb") as out:
            subprocess.run(audit_cmd, stdout=out, check=False)
        bound = io_bound(path, records)
        print(f"I/O bound (json.loads in + encoding the records out, CPU): {bound:6.2f} s = {bound / a:.2f} × floor")
        least = audit_floor(path, records)
        print(f"audit floor (I/O bound + a Decimal of every numeric cell): {least:6.2f} s = {least / a:.2f} × floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
