"""Explanations as data: the steps behind every computed number.

A :class:`Step` keeps its rule id, a format template and the values it was
computed from; the text is only built when somebody reads it, so scoring a
million tables does not format a million sentences nobody prints.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from perfeval.decimals import fmt


def _show(value: object) -> object:
    if isinstance(value, Decimal):
        return fmt(value)
    if value is None:
        return "—"
    return value


class Joined(tuple[str, ...]):
    """Notes joined with "; " only when a step's text is built (not for every row scored)."""

    __slots__ = ()

    def __str__(self) -> str:
        return "; ".join(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@attrs.frozen(slots=True)
class Step:
    """One step of a computation: ``R4.2 1 / 6 × 15.00 = 2.50 (unmet: 1 < 6)``.

    >>> str(Step("R4.2", "{} / {} × {} = {}", (Decimal(1), Decimal(6), Decimal("15.00"), Decimal("2.50"))))
    'R4.2 1 / 6 × 15.00 = 2.50'
    """

    rule: str
    template: str
    args: tuple[object, ...] = ()

    @property
    def text(self) -> str:
        """The step without its rule id."""
        return self.template.format(*(_show(a) for a in self.args))

    def __str__(self) -> str:
        return f"{self.rule} {self.text}"

    def to_dict(self) -> dict[str, str]:
        """``{"rule", "text"}`` for JSON output."""
        return {"rule": self.rule, "text": self.text}
