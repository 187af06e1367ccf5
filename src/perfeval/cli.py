"""The ``perfeval`` command line: ``score``, ``audit`` and ``explain``.

The CLI never computes a score itself and never prints a traceback: inputs
that cannot be read are reported in their place and the batch goes on.
Exit status: 2 if any input could not be read, else (``audit``) 1 if any
finding is at or above ``--fail-on``, else 0; 130 after Ctrl-C, 141 when the
reader of standard output went away (``| head``).  Errors are worded in
Chinese and English (:mod:`perfeval.cli_errors`); progress goes to standard
error when it is a terminal (:mod:`perfeval.report.progress`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from perfeval import __version__
from perfeval.pipes import BROKEN_PIPE, quiet_stdout

if TYPE_CHECKING:  # the engine is imported when a command runs, so that --help and --version start quickly
    from perfeval.outcome import Mode
    from perfeval.read.blocks import Block
    from perfeval.read.records import Unparsed
    from perfeval.record import Record
    from perfeval.report.printing import Printed, Tally


def _inputs(args: argparse.Namespace) -> list[tuple[Path, str]]:
    from perfeval.examples import EXAMPLE_NAME, example_paths

    pairs = [(Path(p), p) for p in args.paths]
    if args.example:
        pairs += [(p, f"{EXAMPLE_NAME}/{p.name}") for p in example_paths()]
    return pairs


#: The path that names standard input, read as JSON Lines (``zcat t.jsonl.gz | perfeval audit -``).
STDIN = "-"
_STDIN_NAMES = {"source": "<stdin>", "what": "standard input"}  # how its records and its emptiness are named


def _records(args: argparse.Namespace) -> Iterator[Record]:
    from perfeval.read.records import read_path, read_stream
    from perfeval.report.progress import STATE

    for path, source in _inputs(args):
        STATE.reading = source  # for the note an interrupted batch leaves
        yield from read_stream(sys.stdin.buffer, **_STDIN_NAMES) if source == STDIN else read_path(path, source)


def _unparsed(args: argparse.Namespace) -> Iterator[Record | Unparsed]:
    """Records whose JSON lines are parsed where they are audited (in the workers with --jobs)."""
    from perfeval.read.records import unparsed_path, unparsed_stream
    from perfeval.report.progress import STATE

    for path, source in _inputs(args):
        STATE.reading = source
        yield from unparsed_stream(sys.stdin.buffer, **_STDIN_NAMES) if source == STDIN else unparsed_path(path, source)


def _blocks(args: argparse.Namespace) -> Iterator[Record | Unparsed | Block]:
    """Records, JSON Lines in blocks of lines: the workers (--jobs) split, parse and audit them."""
    from perfeval.read.blocks import block_stream
    from perfeval.read.records import unparsed_path
    from perfeval.report.progress import STATE

    for path, source in _inputs(args):
        STATE.reading = source
        if source == STDIN:
            yield from block_stream(sys.stdin.buffer, **_STDIN_NAMES)
        else:
            yield from unparsed_path(path, source, stream=block_stream)


def _batch(args: argparse.Namespace, mode: Mode) -> int:
    from perfeval.batch import collect_less, run, run_blocks, run_mapped
    from perfeval.errors import PerfevalError
    from perfeval.report.output import check_output, standard_output, writing
    from perfeval.report.printing import Joiner, Tally, render_json_bytes, render_text, write_printed, write_rendered
    from perfeval.report.progress import count_tables, shown, wanted
    from perfeval.rules import rules_named

    if not args.paths and not args.example:
        raise PerfevalError("no input: name one or more files, or use --example")
    collect_less()  # as the workers (--jobs) do
    rules = rules_named(args.rules)
    if args.output is not None and args.output != STDIN:  # before anything is read
        check_output(args.output, [path for path, _ in _inputs(args)])
    tally = Tally()
    fmt = args.format
    total = count_tables([path for path, _ in _inputs(args)]) if wanted(args.quiet) else None
    if fmt in ("csv", "xlsx"):
        from perfeval.report.writers import write_tabular  # only these formats need it

        outcomes = shown(run(_records(args), rules, mode, args.jobs or 1), total, args.quiet)
        write_tabular(outcomes, fmt, args.output, tally.add)
        return _status(tally, args, mode)
    # JSON is printed straight from the rules core's results (the batch path); text from the typed values.
    plain = fmt in ("json", "jsonl")
    render = render_json_bytes if plain else render_text  # JSON as bytes: written as the encoder gave them
    jobs = args.jobs if args.jobs is not None else _default_jobs(args)
    if jobs > 1 or plain:
        # Blocks of lines, each rendered and written as one text: by the workers, or (JSON, one process) here,
        # where a record that comes on its own (a workbook's table) is written as soon as it is done.
        chunk = 1 if jobs <= 1 else None
        blocks = run_blocks(_blocks(args), render, Joiner(fmt), rules, mode, jobs, plain=plain, chunk=chunk)
        printed = shown(blocks, total, args.quiet, tables=_tables)
        with writing(args.output) if args.output else standard_output() as out:
            write_printed(printed, fmt, out, tally, mode, binary=True)
        return _status(tally, args, mode)
    items = shown(run_mapped(_unparsed(args), render_text, rules, mode), total, args.quiet)
    if args.output:
        with writing(args.output) as out:  # beside the target, renamed into place at the end
            write_rendered(items, fmt, out, tally, mode)
    else:
        with standard_output() as out:
            write_rendered(items, fmt, out, tally, mode)
    return _status(tally, args, mode)


def _default_jobs(args: argparse.Namespace) -> int:
    """``--jobs`` not given: one process, or one per CPU when the JSON Lines inputs are large enough to pay."""
    from perfeval.read.blocks import AUTO_JOBS_BYTES, jsonl_bytes

    large = jsonl_bytes([path for path, source in _inputs(args) if source != STDIN], AUTO_JOBS_BYTES) >= AUTO_JOBS_BYTES
    return _jobs("auto") if large else 1


def _tables(block: Printed) -> int:
    return block.tables


def _status(tally: Tally, args: argparse.Namespace, mode: Mode) -> int:
    from perfeval.findings import Severity

    if tally.unreadable:
        return 2
    if mode == "audit" and args.fail_on != "never" and tally.worst >= Severity(args.fail_on).rank:
        return 1
    return 0


def _explain(args: argparse.Namespace) -> int:
    import json

    from perfeval.batch import run
    from perfeval.errors import PerfevalError
    from perfeval.report.elements import error_element
    from perfeval.report.render import error_text, explain_element, explain_text
    from perfeval.rules import rules_named
    from perfeval.scoring import Scorecard

    rules = rules_named(args.rules)
    status = 0
    shown = 0
    lacking = 0  # tables without the row --indicator asks for: noted and skipped, the batch goes on
    elements: list[dict[str, Any]] = []
    for outcome in run(_records(args), rules, "score"):
        if args.table is not None and outcome.index != args.table:
            continue
        shown += 1
        if outcome.error is not None:
            status = 2
            if args.format == "json":
                elements.append(error_element(outcome.source, outcome.index, outcome.error))
            else:
                print(error_text(outcome.source, outcome.index, outcome.error) + "\n")
            continue
        assert isinstance(outcome.result, Scorecard)
        only = None if args.indicator is None else [args.indicator]
        if only is not None and not 0 <= args.indicator < len(outcome.result.indicators):
            lacking += 1
            rows = len(outcome.result.indicators)
            print(
                f"perfeval: {outcome.source}[{outcome.index}]: no indicator {args.indicator} ({rows} rows)",
                file=sys.stderr,
            )
            continue
        if args.format == "json":
            elements.append(explain_element(outcome.source, outcome.index, outcome.result, only))
        else:
            print(explain_text(outcome.source, outcome.index, outcome.result, only) + "\n")
    if args.format == "json":
        print(json.dumps(elements, ensure_ascii=False, indent=1))
    if args.table is not None and not shown:
        raise PerfevalError(f"no input has a table at position {args.table}")
    if lacking and lacking == shown:
        raise PerfevalError(f"no input table has an indicator {args.indicator}")
    return status


class _Parser(argparse.ArgumentParser):
    """argparse, its usage errors worded in both languages like the others (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        from perfeval.cli_errors import usage_error

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {usage_error(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="perfeval",
        description="Score and audit 项目支出绩效自评表 (project expenditure performance self-evaluations).",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"perfeval {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="table files (.json, .jsonl, .xlsx, .xls, .ods, .docx, .pdf), folders, or - (JSON Lines on stdin)",
        )
        p.add_argument("--rules", default="central-2020", choices=RULE_SET_NAMES, help="rule set (R10)")
        p.add_argument("--example", action="store_true", help="also read the 26 bundled Yunnan 2023 tables")

    def batch(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--output", "-o", metavar="FILE", help="write here instead of standard output (required for xlsx)"
        )
        p.add_argument(
            "--jobs",
            "-j",
            type=_jobs,
            default=None,
            help="worker processes, or auto (one per CPU); default 1, or auto for text/json/jsonl output "
            "of JSON Lines inputs of 4 MiB or more",
        )
        p.add_argument(
            "--quiet",
            "-q",
            action="store_true",
            help="no progress bar (it is shown on standard error only when that is a terminal)",
        )

    def sub(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXIT_STATUSES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    score_p = sub("score", "score tables: execution, indicators, total and grade")
    common(score_p)
    score_p.add_argument(
        "--format",
        default="text",
        choices=["text", "json", "jsonl"],
        help="text for people (default); json, one array; jsonl, one line a table, written as it comes",
    )
    batch(score_p)
    score_p.set_defaults(func=lambda a: _batch(a, "score"))

    audit_p = sub("audit", "recompute every number and report the findings (R11)")
    common(audit_p)
    audit_p.add_argument(
        "--format",
        default="text",
        choices=["text", "json", "jsonl", "csv", "xlsx"],
        help="text (default), json or jsonl as for score; csv, one row a finding (UTF-8 with BOM, for Excel); "
        "xlsx, the Excel working paper (needs --output and the excel extra)",
    )
    audit_p.add_argument(
        "--fail-on",
        default="error",
        choices=["error", "warning", "info", "never"],
        help="exit with status 1 when a finding is at least this severe (default error); never: only 0 or 2",
    )
    batch(audit_p)
    audit_p.set_defaults(func=lambda a: _batch(a, "audit"))

    explain_p = sub("explain", "show the steps behind every computed number")
    common(explain_p)
    explain_p.add_argument("--table", type=int, help="only the table at this position in its file")
    explain_p.add_argument("--indicator", type=int, help="only this indicator (0-based)")
    explain_p.add_argument("--format", default="text", choices=["text", "json"], help="steps as text or as data")
    explain_p.set_defaults(func=_explain)
    return parser


#: The names of :data:`perfeval.rules.RULE_SETS`, so that --help imports no rule (a test keeps them equal).
RULE_SET_NAMES = ("central-2016", "central-2020", "guangxi", "platform")


def _jobs(text: str) -> int:
    """``--jobs``: a number of worker processes, or ``auto`` for one per CPU this process may use."""
    if text == "auto":
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes, nor 'auto': {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more, or 'auto'")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)  # --help and --version end here, before the engine is imported
    from perfeval.cli_errors import bilingual, internal
    from perfeval.errors import PerfevalError
    from perfeval.report.progress import STATE

    try:
        status: int = args.func(args)
    except PerfevalError as error:
        print(bilingual(error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nperfeval: {STATE.note()}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        quiet_stdout()
        return BROKEN_PIPE
    except Exception as error:  # never a traceback: say it is a bug, and what it was
        print(internal(error), file=sys.stderr)
        return 2
    return status


EXIT_STATUSES = """\
exit status:
  0    done; for audit, no finding at or above --fail-on
  1    audit: a finding at or above --fail-on (default: error)
  2    an input could not be read, or the command could not run (a usage error)
  130  interrupted (Ctrl-C): the output is incomplete; a note says where it stopped
  141  the reader of standard output went away (perfeval … | head): ends quietly

Errors are printed in Chinese and English. Progress is shown on standard error
when it is a terminal (not when piped, not with --quiet)."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
