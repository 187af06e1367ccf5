"""The audit (R11) as typed values: a table's scorecard and its findings.

The checks themselves live once, in :mod:`perfeval.checks` (over the scores of
:mod:`perfeval.points`); :func:`audit` runs them and builds the typed
:class:`Audit`, with every step of every score.
"""

from __future__ import annotations

import attrs

from perfeval.checks import check, matches
from perfeval.findings import Finding, Severity
from perfeval.rules import CENTRAL_2020, RuleSet
from perfeval.scoring import Scorecard, explained
from perfeval.values import Table


@attrs.frozen(slots=True)
class Audit:
    """A table's scorecard and the findings of the audit.

    >>> import perfeval
    >>> [t] = perfeval.load(perfeval.example_paths()[21])
    >>> result = audit(t)
    >>> result.scorecard.total, result.table.total
    (Decimal('52.15'), '90.56')
    >>> result.count(Severity.ERROR), result.count(Severity.WARNING), result.at_least(Severity.ERROR)
    (3, 6, True)
    >>> result.errors[0].code, result.errors[0].path
    ('unmet-target-full-score', '$.indicators[0].score')
    >>> len(result.warnings), len(result.infos)
    (6, 0)
    """

    scorecard: Scorecard
    findings: tuple[Finding, ...]

    @property
    def table(self) -> Table:
        """The audited table."""
        return self.scorecard.table

    def count(self, severity: Severity) -> int:
        """How many findings of one severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error findings."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The warning findings."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The info findings."""
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    def _repr_html_(self) -> str:
        """The form with reported and computed values side by side, findings beside their cells (Jupyter)."""
        from perfeval.report.html_view import audit_html

        return audit_html(self)

    def at_least(self, severity: Severity) -> bool:
        """Whether any finding is at or above ``severity``."""
        return any(f.severity.rank >= severity.rank for f in self.findings)


def audit(table: Table, rules: RuleSet | str = CENTRAL_2020) -> Audit:
    """Score ``table`` and report every disagreement with the rules (R11).

    ``rules`` is a rule set or its name (R10.2).  Findings on one score cell
    are merged into one (R11 v2): the first code of its family, the others in
    its ``also``.

    >>> import perfeval
    >>> [t] = perfeval.load(perfeval.example_paths()[21])
    >>> sorted({f.code for f in audit(t, "platform").findings if f.severity.value == "error"})
    ['unmet-target-full-score']
    """
    card, scorecard = explained(table, rules)  # refuses anything but a Table with a FieldTypeError
    return Audit(scorecard, tuple(r.finding() for r in check(card)))


__all__ = ["Audit", "audit", "matches"]
