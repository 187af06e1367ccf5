"""Exact decimal arithmetic in one explicit context, never the ambient one.

A caller who sets ``decimal.getcontext().prec = 5`` must not change a score,
so every operation here names :data:`CONTEXT` and every rounding names its
mode (ROUND_HALF_UP unless a rule says otherwise).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Final

from perfeval.errors import CellError, FieldTypeError

#: Wide enough for 30-digit cells scaled by 亿 with room to spare.
CONTEXT: Final = Context(prec=80, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])

ZERO: Final = Decimal("0.00")
ONE: Final = Decimal(1)
TWO: Final = Decimal(2)
HUNDRED: Final = Decimal(100)
CENT: Final = Decimal("0.01")

# The context's own operations, bound once: every table takes dozens of them, and a wrapper's call (or the
# method's look-up on CONTEXT) cost as much as the arithmetic.

#: ``a × b`` in :data:`CONTEXT`.
mul: Final = CONTEXT.multiply
#: ``a / b`` in :data:`CONTEXT` (80 significant digits).
div: Final = CONTEXT.divide
#: ``a − b`` in :data:`CONTEXT`.
sub: Final = CONTEXT.subtract
#: ``a + b`` in :data:`CONTEXT`, as it is (:func:`add` sums any number of terms, from 0.00).
plus: Final = CONTEXT.add
#: ``a`` rounded half up (the context's rounding) to the exponent of ``b``, in :data:`CONTEXT`: the context's
#: method takes its two arguments by position, where ``Decimal.quantize``'s keywords are parsed on every call.
quantize: Final = CONTEXT.quantize


def add(*terms: Decimal) -> Decimal:
    """The exact sum of ``terms``, from 0.00 (so it prints two places at least)."""
    total = ZERO
    for term in terms:
        total = plus(total, term)
    return total


def round2(value: Decimal) -> Decimal:
    """Round half up to two places: ``round2(Decimal("0.805")) == Decimal("0.81")``."""
    return quantize(value, CENT)


def places(value: Decimal) -> int:
    """How many decimal places ``value`` was printed with ("9" → 0, "9.90" → 2)."""
    # str() is a single C call; as_tuple() builds a named tuple in Python (twice as slow).
    text = str(value)
    if "E" in text:
        exponent = value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    dot = text.find(".")
    return 0 if dot < 0 else len(text) - dot - 1


#: 1, 0.1, 0.01 … made once: quantize targets for round_to and step_of.
_QUANTA: Final = tuple(Decimal(1).scaleb(-digits) for digits in range(2 * 30 + 1))


def quantum(digits: int) -> Decimal:
    """One unit of the ``digits``-th decimal place: 2 → 0.01, 0 → 1."""
    return _QUANTA[digits] if 0 <= digits < len(_QUANTA) else Decimal(1).scaleb(-digits)


def round_to(value: Decimal, digits: int) -> Decimal:
    """Round half up to ``digits`` places (R11 printed precision)."""
    return quantize(value, quantum(digits))


def step_of(value: Decimal) -> Decimal:
    """One unit of the last printed digit: "24" → 1, "0.5" → 0.1 (R4.5)."""
    return quantum(places(value))


def fmt(value: Decimal | None) -> str | None:
    """A decimal as the plain string the outputs print (no exponent); ``None`` stays ``None``."""
    if value is None:
        return None
    return plain(value)


def plain(value: Decimal) -> str:
    """A decimal as the plain string the outputs print: ``f"{value:f}"``, no exponent.

    ``str`` gives the same text unless it writes an exponent (a positive exponent, or more than six zeros
    after the point), and takes a third of the time.

    >>> plain(Decimal("12.50")), plain(Decimal("1E+2")), plain(Decimal("0.0000001")), plain(Decimal("-0"))
    ('12.50', '100', '0.0000001', '-0')
    """
    text = str(value)
    return f"{value:f}" if "E" in text else text


def need_decimal(value: object, name: str) -> Decimal:
    """``value`` as a Decimal if it is one (or a whole number); a :class:`FieldTypeError` naming ``name`` otherwise.

    >>> need_decimal(Decimal("89.99"), "total")
    Decimal('89.99')
    >>> need_decimal(89.99, "total")
    Traceback (most recent call last):
    perfeval.errors.FieldTypeError: total must be a Decimal, not float 89.99 (floats lose digits: pass Decimal("89.99"))
    """
    if isinstance(value, Decimal):
        if not value.is_finite():  # NaN or Infinity would raise InvalidOperation at the first comparison
            raise CellError(f"{name} must be a finite number, not {value}")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)  # exact
    hint = f' (floats lose digits: pass Decimal("{value!r}"))' if isinstance(value, float) else ""
    raise FieldTypeError(f"{name} must be a Decimal, not {type(value).__name__} {value!r}{hint}")
