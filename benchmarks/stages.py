"""Where a table's time goes: each stage of ``perfeval audit --format jsonl``, timed in process.

Streams a JSON Lines file as the CLI does (nothing kept between tables) and
adds up, per stage, the time spent on every table: ``json.loads``,
``from_dict``, ``audit`` (scoring and the checks), building the output
element and encoding it. Prints microseconds a table.

    python benchmarks/generate.py 20000 -o tables.jsonl
    python benchmarks/stages.py tables.jsonl
"""

from __future__ import annotations

import json
import sys
from time import perf_counter

from perfeval.auditing import audit
from perfeval.read.json_format import from_dict
from perfeval.report.render import audit_element

STAGES = ("json.loads", "from_dict", "audit", "element", "encode")


def main(path: str) -> int:
    encoder = json.JSONEncoder(ensure_ascii=False)  # as the CLI encodes its records
    spent = dict.fromkeys(STAGES, 0.0)
    n = 0
    with open(path, "rb") as handle:
        for line in handle:
            t0 = perf_counter()
            doc = json.loads(line)
            t1 = perf_counter()
            table = from_dict(doc)
            t2 = perf_counter()
            result = audit(table)  # scoring and the checks
            t3 = perf_counter()
            element = audit_element(path, n, result)
            t4 = perf_counter()
            encoder.encode(element)
            t5 = perf_counter()
            for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                spent[stage] += seconds
            n += 1
    for stage, seconds in spent.items():
        print(f"{stage:14} {seconds / n * 1e6:7.1f} µs a table")
    print(f"{'total':14} {sum(spent.values()) / n * 1e6:7.1f} µs a table ({n} tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
