"""Turning scorecards, audits and errors into output: JSON elements and text blocks.

The JSON element of a table is the CLI contract (``score`` and ``audit
--format json``); the text blocks are for a terminal 100 columns wide, with
Chinese characters counted as two columns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from perfeval.auditing import Audit
from perfeval.decimals import fmt
from perfeval.errors import PerfevalError
from perfeval.findings import CATALOGUE, Finding, Severity

# The JSON elements live in report.elements (compiled with the core); their names are still importable from here.
from perfeval.report.elements import error_element as error_element
from perfeval.report.elements import plain_element as plain_element
from perfeval.report.elements import points as points
from perfeval.report.elements import score_element as score_element
from perfeval.scoring import Scorecard

WIDTH = 100


def audit_element(source: str, index: int, result: Audit) -> dict[str, Any]:
    """The ``audit --format json`` element: the score element plus the findings."""
    element = score_element(source, index, result.scorecard)
    element["findings"] = [f.to_dict() for f in result.findings]
    return element


# --- text -------------------------------------------------------------------


# Control characters (all but new line and tab) and bidirectional overrides
# that come from a table are shown escaped: printed raw, "\x1b[2J" in a
# project name would drive the terminal the audit is read on.
_UNSAFE = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}
_UNSAFE.update({c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def terminal_safe(text: str) -> str:
    r"""Text for a terminal: control characters from the input shown escaped.

    >>> terminal_safe("医药\x1b[2J储备\n\u202egnp.exe")
    '医药\\x1b[2J储备\n\\u202egnp.exe'
    """
    return text.translate(_UNSAFE)


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """Left-justify by display width."""
    return text + " " * max(0, width - display_width(text))


def clip(text: str, width: int) -> str:
    """Cut a line to ``width`` columns, marking the cut with …."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def wrap(text: str, width: int, indent: str) -> list[str]:
    """Wrap by display width (Chinese text has no spaces to break at)."""
    lines, line, used = [], "", display_width(indent)
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > width:
            lines.append(indent + line)
            line, used = "", display_width(indent)
            if c == " ":
                continue
        line += c
        used += w
    if line:
        lines.append(indent + line)
    return lines


def _title(source: str, index: int, project: str | None) -> str:
    return clip(f"{source}[{index}] · {project or '(no project name)'}", WIDTH)


def score_text(source: str, index: int, card: Scorecard) -> str:
    """A readable per-table summary of a scorecard."""
    ex = card.execution
    rate = f"{fmt(ex.printed_rate)}%" if ex.rate is not None else "undefined"
    lines = [
        _title(source, index, card.table.project),
        f"  execution  rate {rate}  →  {points(ex.points)} / {points(ex.weight)}",
    ]
    for row in card.indicators:
        met = {True: "met", False: "unmet", None: "?"}[row.met]
        weight = points(row.weight) if row.weight is not None else "—"
        name = pad(clip(row.name, 44), 44)
        printed = row.indicator.score or "—"
        lines.append(
            f"  {name} {row.kind.value:<12} {met:<5} {points(row.points):>7} / {weight:<7} (reported {printed})"
        )
    reported = f"   (reported {card.table.total or '—'} {card.table.grade or '—'})"
    lines.append(f"  total {points(card.total)}  grade {card.grade.label} {card.grade.english}{reported}")
    return terminal_safe("\n".join(lines))


_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "·"}
_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}
_SINGULAR = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _count(n: int, severity: Severity) -> str:
    return f"{n} {_SINGULAR[severity] if n == 1 else _PLURAL[severity]}"


def audit_text(source: str, index: int, result: Audit) -> str:
    """A compact audit block: reported against computed, then the findings grouped by severity.

    Each finding takes a head line (mark, code, path, reported → computed, rule) and its message in
    Chinese and in English; a finding on an indicator row names the row.
    """
    card, table = result.scorecard, result.table
    counts = " · ".join(_count(result.count(s), s) for s in Severity)
    reported = f"{table.total or '—'} {table.grade or '—'}"
    computed = f"{points(card.total)} {card.grade.label}"
    lines = [
        _title(source, index, table.project),
        f"  reported {pad(reported, 12)} computed {pad(computed, 12)} {counts}",
    ]
    names = [row.name for row in card.indicators]
    for severity in Severity:
        group = [f for f in result.findings if f.severity is severity]
        if group:
            lines.append(f"  {_PLURAL[severity]} ({len(group)})")
            for f in group:
                lines.extend(_finding_lines(f, names))
    return terminal_safe("\n".join(lines))


def _values(f: Finding) -> str:
    """``reported → computed`` for a finding's head line (a ratio or a rate is said as one)."""
    if f.reported is None and f.computed is None:
        return ""
    if f.code == "over-achievement":
        return f"{f.reported} (×{f.computed})"
    if f.code == "over-execution":
        return f"{f.reported} ({f.computed}%)"
    return f"{f.reported if f.reported is not None else '—'} → {f.computed if f.computed is not None else '—'}"


def _finding_lines(f: Finding, names: list[str]) -> list[str]:
    group = f.group
    path = f"level1 {group or '(空)'}" if group is not None else f.path.removeprefix("$.")  # the name must show
    values = clip(_values(f), 24)
    head = f"    {_MARK[f.severity]} {pad(f.code, 28)} {pad(clip(path, 28), 28)} {pad(values, 24)} {f.rule}"
    zh = f.message_zh
    row = f.row
    if row is not None and row < len(names) and names[row]:
        zh = f"{clip(names[row], 30)}：{zh}"
    also = wrap(f"also 另见: {', '.join(f.also)}", WIDTH, " " * 6) if f.also else []  # R11 v2 merged codes
    return [head.rstrip(), *wrap(zh, WIDTH, " " * 6), *wrap(f.message_en, WIDTH, " " * 6), *also]


def error_text(source: str, index: int, error: PerfevalError) -> str:
    """An unreadable input in text output: where, the error code, and what is wrong."""
    where = f" at {error.path}" if error.path else ""
    head = clip(f"{source}[{index}] · cannot be read ({error.code}){where}", WIDTH)
    return terminal_safe("\n".join([head, *wrap(error.message, WIDTH, "  ")]))


def summary_text(
    tables: int, unreadable: int, with_errors: int, codes: dict[str, int], severities: dict[str, str]
) -> str:
    """The closing summary of an audit run: tables read, tables with errors, findings by code."""
    lines = [
        "─" * 60,
        f"tables read {tables} · unreadable {unreadable} · with errors {with_errors}",
    ]
    if codes:
        total = sum(codes.values())
        lines.append(f"findings by code ({total}):")
        rank = {s.value: s.rank for s in Severity}
        order = sorted(codes.items(), key=lambda kv: (-rank[severities[kv[0]]], -kv[1], kv[0]))
        for code, n in order:
            entry = CATALOGUE[code]
            title = f"{entry.title_zh} · {entry.title_en}"
            lines.append(clip(f"  {severities[code]:<8}{n:>5}  {pad(code, 28)} {pad(entry.rule, 6)} {title}", WIDTH))
    return "\n".join(lines)


def explain_text(source: str, index: int, card: Scorecard, only: Iterable[int] | None = None) -> str:
    """Every computed number with its steps (``perfeval explain``)."""
    rows = list(card.indicators)
    selected = set(only) if only is not None else None
    lines = [_title(source, index, card.table.project)]
    if selected is None:
        lines.append(f"  execution: {points(card.execution.points)}")
        lines.extend(f"    {step}" for step in card.execution.steps)
    for row in rows:
        if selected is not None and row.index not in selected:
            continue
        lines.append(f"  [{row.index}] {row.name}: {points(row.points)}")
        lines.extend(f"    {step}" for step in row.steps)
    if selected is None:
        lines.append(f"  total: {points(card.total)} {card.grade.label}")
        lines.extend(f"    {step}" for step in card.steps)
    return terminal_safe("\n".join(lines))


def explain_element(source: str, index: int, card: Scorecard, only: Iterable[int] | None = None) -> dict[str, Any]:
    """The steps behind every computed number, as data (``perfeval explain --format json``)."""
    selected = set(only) if only is not None else None
    element: dict[str, Any] = {"source": source, "index": index, "project": card.table.project}
    if selected is None:
        ex = card.execution
        element["execution"] = {
            "rate": fmt(ex.printed_rate),
            "points": points(ex.points),
            "steps": [s.to_dict() for s in ex.steps],
        }
    element["indicators"] = [
        {
            "index": row.index,
            "name": row.name,
            "kind": row.kind.value,
            "met": row.met,
            "points": points(row.points),
            "steps": [s.to_dict() for s in row.steps],
        }
        for row in card.indicators
        if selected is None or row.index in selected
    ]
    if selected is None:
        element["total"] = {
            "points": points(card.total),
            "grade": card.grade.label,
            "steps": [s.to_dict() for s in card.steps],
        }
    return element
