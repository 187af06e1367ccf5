"""Regenerate the golden snapshot of ``perfeval audit --example``.

    python scripts/snapshot.py            # rewrite tests/samples/snapshot/yunnan-2023.json
    python scripts/snapshot.py --check    # exit 1 if the snapshot is out of date

Per bundled table: the computed total and grade (next to the reported ones)
and every finding as code, path, reported and computed value.  Review the
diff by eye against the raw tables before committing it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import perfeval

SNAPSHOT = Path(__file__).resolve().parent.parent / "tests" / "samples" / "snapshot" / "yunnan-2023.json"


def snapshot() -> list[dict[str, Any]]:
    """The audit of every bundled table, reduced to what the snapshot pins."""
    out = []
    for path in perfeval.example_paths():
        [table] = perfeval.load(path)
        result = perfeval.audit(table)
        out.append(
            {
                "file": path.name,
                "project": table.project,
                "reported": {"total": table.total, "grade": table.grade},
                "computed": {"total": f"{result.scorecard.total:f}", "grade": result.scorecard.grade.label},
                "findings": [
                    {"code": f.code, "path": f.path, "reported": f.reported, "computed": f.computed}
                    | ({"also": list(f.also)} if f.also else {})  # R11 v2: the codes merged into it
                    for f in result.findings
                ],
            }
        )
    return out


def render(data: list[dict[str, Any]]) -> str:
    """The snapshot as stable JSON text (one finding a line, easy to diff)."""
    lines = ["["]
    for i, table in enumerate(data):
        head = {k: v for k, v in table.items() if k != "findings"}
        body = json.dumps(head, ensure_ascii=False)[:-1]
        findings = ",\n".join(f"    {json.dumps(f, ensure_ascii=False)}" for f in table["findings"])
        block = f'  {body}, "findings": [\n{findings}\n  ]}}' if findings else f'  {body}, "findings": []}}'
        lines.append(block + ("," if i < len(data) - 1 else ""))
    lines.append("]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the snapshot is current")
    args = parser.parse_args(argv)
    text = render(snapshot())
    if args.check:
        current = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
        if current != text:
            print(f"{SNAPSHOT} is out of date: run python scripts/snapshot.py and review the diff", file=sys.stderr)
            return 1
        return 0
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(text, encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
