"""The error root and its subclasses; every error names where it happened.

Each error subclasses :class:`PerfevalError` *and* the builtin it resembles
(``ValueError``, ``TypeError`` …), so callers may catch either.  An error
carries the JSON path of the cell (``$.indicators[2].weight``) and, once the
loader knows it, the source file and the position of the table in it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs


@attrs.frozen(slots=True)
class Problem:
    """One thing wrong with an input, at one JSON path."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class PerfevalError(Exception):
    """The root of every error perfeval raises on purpose.

    >>> error = PerfevalError("not a number: 'abc'", path="$.total").located("t.json", 0)
    >>> print(error)
    t.json[0]: $.total: not a number: 'abc'
    >>> error.to_dict()
    {'code': 'perfeval-error', 'message': "not a number: 'abc'", 'path': '$.total'}

    Every subclass is also the builtin it resembles, so either can be caught:

    >>> issubclass(InvalidTableError, ValueError), issubclass(UnknownRuleSetError, LookupError)
    (True, True)
    """

    code: str = "perfeval-error"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        source: str | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.source = source
        self.index = index

    def located(self, source: str | None, index: int | None = None) -> PerfevalError:
        """Record the file (and the table's position in it) where this happened."""
        self.source = source if self.source is None else self.source
        self.index = index if self.index is None else self.index
        return self

    def to_dict(self) -> dict[str, str | None]:
        """The error as the CLI prints it: ``{"code", "message", "path"}``."""
        return {"code": self.code, "message": self.message, "path": self.path}

    def __str__(self) -> str:
        where = []
        if self.source is not None:
            where.append(self.source if self.index is None else f"{self.source}[{self.index}]")
        if self.path is not None and self.path not in self.message:  # problems already name theirs
            where.append(self.path)
        return ": ".join([*where, self.message])

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling; worker
        # processes (--jobs) send errors back to the parent.
        # The location is named explicitly: on MissingExtraError ``path`` is
        # ImportError's own attribute, not in ``__dict__``.
        state = {**self.__dict__, "path": self.path, "source": self.source, "index": self.index}
        return (_rebuild, (type(self), self.message, state))


def _rebuild(cls: type[PerfevalError], message: str, state: dict[str, object]) -> PerfevalError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    for name, value in state.items():
        setattr(error, name, value)
    return error


class InvalidTableError(PerfevalError, ValueError):
    """A table that does not follow ``perfeval-table/1``; lists every problem."""

    code = "invalid-table"

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        source: str | None = None,
        index: int | None = None,
    ) -> None:
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else Problem("$", "invalid table")
        count = len(self.problems)
        message = "; ".join(str(p) for p in self.problems[:10])
        if count > 10:
            message += f"; … and {count - 10} more"
        if count > 1:
            message = f"{count} problems: {message}"
        super().__init__(message, path=first.path, source=source, index=index)


class LayoutError(PerfevalError, ValueError):
    """A table in a workbook whose label cells cannot all be found; names the sheet and cell."""

    code = "workbook-layout"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        # One problem: its message (the path is printed before it); several: each with its own cell.
        message = first.message if len(self.problems) == 1 else "; ".join(str(p) for p in self.problems)
        super().__init__(message, path=first.path)


class CellError(PerfevalError, ValueError):
    """A single printed cell that cannot be read as what its field needs."""

    code = "unreadable-cell"


class FieldTypeError(PerfevalError, TypeError):
    """A Python value of the wrong type, e.g. a ``float`` where a decimal belongs."""

    code = "wrong-type"


class NotJSONError(PerfevalError, ValueError):
    """An input that is not a JSON document (or not a JSON line)."""

    code = "not-json"


class InputError(PerfevalError, OSError):
    """A file that cannot be opened or read."""

    code = "unreadable-file"


class RuleSetError(PerfevalError, ValueError):
    """A rule set built in an impossible state: an option outside its choices, a negative weight …"""

    code = "invalid-rules"


class TooLargeError(InputError):
    """An input beyond one of perfeval's documented size limits (a whole ``.json`` document, a sheet's cells).

    It is refused before it is held in memory; the limit and how to change it are in the security documentation.
    """

    code = "too-large"


class WorkerLostError(PerfevalError, RuntimeError):
    """A worker process of a parallel batch (``--jobs``) ended without finishing its tables (killed, out of memory)."""

    code = "worker-lost"


class UnknownRuleSetError(PerfevalError, LookupError):
    """A rule-set name that perfeval does not ship."""

    code = "unknown-rules"


class MissingExtraError(PerfevalError, ImportError):
    """An optional feature whose extra (``pip install perfeval[excel]``) is absent."""

    code = "missing-extra"


class InternalError(PerfevalError, RuntimeError):
    """A bug in perfeval, reported with the table it happened on."""

    code = "internal-error"
