"""perfeval: score and audit 项目支出绩效自评表 (project expenditure performance self-evaluations).

>>> import perfeval
>>> [t] = perfeval.load(perfeval.example_paths()[21])
>>> card = perfeval.score(t)
>>> card.total, card.grade.label
(Decimal('52.15'), '差')
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers; at run time each name is imported on first use (__getattr__)
    from perfeval.auditing import Audit, audit, matches
    from perfeval.errors import (
        CellError,
        FieldTypeError,
        InputError,
        InternalError,
        InvalidTableError,
        MissingExtraError,
        NotJSONError,
        PerfevalError,
        Problem,
        RuleSetError,
        UnknownRuleSetError,
    )
    from perfeval.examples import example_paths
    from perfeval.findings import CATALOGUE, Finding, Severity
    from perfeval.outcome import Outcome
    from perfeval.read.json_format import dumps, from_dict, to_dict
    from perfeval.read.records import iter_records, load
    from perfeval.reading.operators import Direction, Operator
    from perfeval.record import Record
    from perfeval.report.export import write_csv, write_working_paper
    from perfeval.report.frames import findings_dataframe, to_dataframe
    from perfeval.rules import CENTRAL_2016, CENTRAL_2020, GUANGXI, PLATFORM, RULE_SETS, RuleSet, rules_named
    from perfeval.scoring import ExecutionScore, IndicatorScore, Scorecard, grade_for, score
    from perfeval.values import Deduction, Execution, Funds, FundsLine, Goals, Indicator, Table
    from perfeval.vocab import Grade, Kind, Tier

__version__ = "0.1.0"

__all__ = [
    "CATALOGUE",
    "CENTRAL_2016",
    "CENTRAL_2020",
    "GUANGXI",
    "PLATFORM",
    "RULE_SETS",
    "Audit",
    "CellError",
    "Deduction",
    "Direction",
    "Execution",
    "ExecutionScore",
    "FieldTypeError",
    "Finding",
    "Funds",
    "FundsLine",
    "Goals",
    "Grade",
    "Indicator",
    "IndicatorScore",
    "InputError",
    "InternalError",
    "InvalidTableError",
    "Kind",
    "MissingExtraError",
    "NotJSONError",
    "Operator",
    "Outcome",
    "PerfevalError",
    "Problem",
    "Record",
    "RuleSet",
    "RuleSetError",
    "Scorecard",
    "Severity",
    "Table",
    "Tier",
    "UnknownRuleSetError",
    "__version__",
    "audit",
    "dumps",
    "example_paths",
    "findings_dataframe",
    "from_dict",
    "grade_for",
    "iter_records",
    "load",
    "matches",
    "rules_named",
    "score",
    "to_dataframe",
    "to_dict",
    "write_csv",
    "write_working_paper",
]

#: Every export, loaded on first use: ``import perfeval`` (and the CLI's start) imports none of the engine,
#: and never pandas.
_LAZY = {
    "Audit": "perfeval.auditing",
    "audit": "perfeval.auditing",
    "matches": "perfeval.auditing",
    "CellError": "perfeval.errors",
    "FieldTypeError": "perfeval.errors",
    "InputError": "perfeval.errors",
    "InternalError": "perfeval.errors",
    "InvalidTableError": "perfeval.errors",
    "MissingExtraError": "perfeval.errors",
    "NotJSONError": "perfeval.errors",
    "PerfevalError": "perfeval.errors",
    "Problem": "perfeval.errors",
    "RuleSetError": "perfeval.errors",
    "UnknownRuleSetError": "perfeval.errors",
    "example_paths": "perfeval.examples",
    "CATALOGUE": "perfeval.findings",
    "Finding": "perfeval.findings",
    "Severity": "perfeval.findings",
    "Outcome": "perfeval.outcome",
    "dumps": "perfeval.read.json_format",
    "from_dict": "perfeval.read.json_format",
    "to_dict": "perfeval.read.json_format",
    "iter_records": "perfeval.read.records",
    "load": "perfeval.read.records",
    "Direction": "perfeval.reading.operators",
    "Operator": "perfeval.reading.operators",
    "Record": "perfeval.record",
    "CENTRAL_2016": "perfeval.rules",
    "CENTRAL_2020": "perfeval.rules",
    "GUANGXI": "perfeval.rules",
    "PLATFORM": "perfeval.rules",
    "RULE_SETS": "perfeval.rules",
    "RuleSet": "perfeval.rules",
    "rules_named": "perfeval.rules",
    "ExecutionScore": "perfeval.scoring",
    "IndicatorScore": "perfeval.scoring",
    "Scorecard": "perfeval.scoring",
    "grade_for": "perfeval.scoring",
    "score": "perfeval.scoring",
    "Deduction": "perfeval.values",
    "Execution": "perfeval.values",
    "Funds": "perfeval.values",
    "FundsLine": "perfeval.values",
    "Goals": "perfeval.values",
    "Indicator": "perfeval.values",
    "Table": "perfeval.values",
    "Grade": "perfeval.vocab",
    "Kind": "perfeval.vocab",
    "Tier": "perfeval.vocab",
    "write_csv": "perfeval.report.export",
    "write_working_paper": "perfeval.report.export",
    "findings_dataframe": "perfeval.report.frames",
    "to_dataframe": "perfeval.report.frames",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module 'perfeval' has no attribute {name!r}")


def __dir__() -> list[str]:
    """Every public name, the lazy ones too, so that tab completion offers them."""
    return sorted({*globals(), *__all__})
