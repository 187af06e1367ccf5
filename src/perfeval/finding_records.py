"""Findings as the rules core makes them: records whose messages are formatted once, ready to print.

:func:`record` fills a catalogue entry's (:data:`~perfeval.findings.CATALOGUE`) two messages and
gives a :class:`FindingRecord`; the batch writes its :meth:`~FindingRecord.to_dict` straight out, and
:meth:`~FindingRecord.finding` builds the typed :class:`~perfeval.findings.Finding` for a library
caller. The audit makes several of these a table, so this module is compiled with the core
(``perfeval.build_info``); each entry's two message templates are f-strings compiled once.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from perfeval.findings import CATALOGUE, Finding, Severity

__all__ = ["FindingRecord", "family_record", "make", "merged", "record", "record_dict"]


class FindingRecord(NamedTuple):
    """A finding as the rules core makes it: its messages formatted once, ready to print.

    The batch writes :meth:`to_dict` straight out; :meth:`finding` builds the
    typed :class:`~perfeval.findings.Finding` for a library caller.
    """

    code: str
    #: The severity's text ("error", "warning", "info"), as printed.
    severity: str
    path: str
    reported: str | None
    computed: str | None
    rule: str
    message_zh: str
    message_en: str
    also: tuple[str, ...] = ()
    row: int | None = None
    group: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The output record: the keys of :meth:`Finding.to_dict <perfeval.findings.Finding.to_dict>`, in order."""
        return record_dict(self)

    def finding(self) -> Finding:
        """The typed :class:`~perfeval.findings.Finding` of this record."""
        return Finding(
            self.code, _SEVERITIES[self.severity], self.path, self.reported, self.computed, self.rule,
            self.message_zh, self.message_en, self.also, row=self.row, group=self.group,
        )  # fmt: skip


def record_dict(record: FindingRecord) -> dict[str, Any]:
    """:meth:`FindingRecord.to_dict` as a function: the batch calls it for every finding, and a compiled
    function is called directly where a method is looked up on the record's class first."""
    return {
        "code": record[0],
        "severity": record[1],
        "path": record[2],
        "reported": record[3],
        "computed": record[4],
        "rule": record[5],
        "message_zh": record[6],
        "message_en": record[7],
        "also": list(record[8]),
    }


_SEVERITIES: Final = {s.value: s for s in Severity}

#: A catalogue entry's two messages: filled from a finding's reported and computed text and its other values.
Messages = Callable[[str, str, dict[str, str]], tuple[str, str]]


def _compiled(*templates: str) -> Messages:
    """Message templates as f-strings compiled once: ``str.format_map`` parses its template on every call.

    The templates are this module's constants, never input (input only fills the fields). Templates
    with a format spec or a field that is not a plain name keep format_map. (Measured: filling the
    pieces of a parsed template in compiled code is slower than these f-strings.)

    >>> _compiled("得分{reported}，{kept!r}", "score {computed}")("16.00", "15.00", {"kept": "x"})
    ("得分16.00，'x'", 'score 15.00')
    """
    strings = []
    for template in templates:
        pieces = []
        for literal, name, spec, conversion in string.Formatter().parse(template):
            # unicode_escape spells every character the source could misread (\\, new lines); braces are doubled.
            text = literal.encode("unicode_escape").decode("ascii").replace('"', '\\"')
            pieces.append(text.replace("{", "{{").replace("}", "}}"))
            if name is not None:
                if spec or not name.isidentifier():
                    return lambda reported, computed, values: tuple(  # type: ignore[return-value]
                        t.format_map({"reported": reported, "computed": computed, **values}) for t in templates
                    )
                field = name if name in ("reported", "computed") else f"v[{name!r}]"
                pieces.append(f"{{{field}{'!' + conversion if conversion else ''}}}")
        strings.append(f'f"""{"".join(pieces)}"""')
    messages: Messages = eval(f"lambda reported, computed, v: ({', '.join(strings)},)")
    return messages


#: What :func:`record` reads of a catalogue entry, looked up once per code: severity text, rule, the
#: two messages.
_ENTRIES: Final = {c.code: (c.severity.value, c.rule, _compiled(c.zh, c.en)) for c in CATALOGUE.values()}

#: A named tuple's own ``__new__`` is a Python function; the records are made with tuple's.
_new_tuple: Final = tuple.__new__


def record(
    code: str,
    path: str,
    reported: str | None,
    computed: str | None,
    *,
    row: int | None = None,
    group: str | None = None,
    **extra: str,
) -> FindingRecord:
    """A finding of catalogue ``code``, its messages filled in; ``row`` the indicator, ``group`` the level-1 group.

    >>> r = record("score-exceeds-weight", "$.indicators[0].score", "16.00", "15.00", row=0, weight="15.00")
    >>> r.severity, r.message_zh, r.to_dict()["also"]
    ('error', '得分16.00超过分值15.00，应为15.00', [])
    """
    severity, rule, messages = _ENTRIES[code]
    if extra:
        rule = extra.get("rule", rule)
    zh, en = messages(reported if reported is not None else "—", computed if computed is not None else "—", extra)
    return _new_tuple(FindingRecord, (code, severity, path, reported, computed, rule, zh, en, (), row, group))


def make(
    code: str,
    path: str,
    reported: str | None,
    computed: str | None,
    *,
    row: int | None = None,
    group: str | None = None,
    **extra: str,
) -> Finding:
    """A typed :class:`~perfeval.findings.Finding` of catalogue ``code`` (see :func:`record`)."""
    return record(code, path, reported, computed, row=row, group=group, **extra).finding()


def merged(findings: list[FindingRecord], order: tuple[str, ...]) -> FindingRecord | None:
    """R11 v2 one finding per wrong cell: the first code of ``order`` present, the others in its ``also``.

    >>> from perfeval.findings import INDICATOR_SCORE_FAMILY
    >>> a = record("score-above-computed", "$.indicators[0].score", "15.00", "2.50")
    >>> b = record("unmet-target-full-score", "$.indicators[0].score", "15.00", "2.50")
    >>> m = merged([a, b], INDICATOR_SCORE_FAMILY)
    >>> m.code, m.severity, m.also
    ('unmet-target-full-score', 'error', ('score-above-computed',))
    """
    if len(findings) < 2:
        return findings[0] if findings else None
    ranked = sorted(findings, key=lambda f: order.index(f.code))
    return ranked[0]._replace(also=tuple(f.code for f in ranked[1:]))


def family_record(
    family: dict[str, dict[str, str]],
    order: tuple[str, ...],
    path: str,
    reported: str | None,
    computed: str | None,
    row: int | None = None,
) -> FindingRecord:
    """:func:`merged` for a family's codes found on one cell (each with its messages' other values).

    Only the finding printed is formatted; the others are codes in its ``also``.

    >>> from perfeval.findings import INDICATOR_SCORE_FAMILY
    >>> m = family_record({"score-above-computed": {}, "unmet-target-full-score": {}},
    ...                   INDICATOR_SCORE_FAMILY, "$.indicators[0].score", "15.00", "2.50")
    >>> m.code, m.also, m.message_en
    ('unmet-target-full-score', ('score-above-computed',), 'target not met yet full marks 15.00; the rule gives 2.50')
    """
    if len(family) == 1:
        [(code, extra)] = family.items()
        return record(code, path, reported, computed, row=row, **extra)
    code, *also = filter(family.__contains__, order)
    assert len(also) + 1 == len(family), f"not all of {list(family)} are in {order}"
    first = record(code, path, reported, computed, row=row, **family[code])
    return _new_tuple(FindingRecord, (*first[:8], tuple(also), row, None))
