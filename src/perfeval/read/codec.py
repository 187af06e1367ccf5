"""The JSON codec seam: msgspec when it is installed (the default install has it), the stdlib otherwise.

Decoding a table (:func:`parse_table`) gives what :func:`~perfeval.read.json_format.parse_json`
gives, every fraction an exact ``Decimal``; whole numbers may come back as ``int``
(exact too: ``from_dict`` takes either). Whatever the fast decoder refuses is parsed
again by ``parse_json``, so every error keeps its message. msgspec is imported after
the first few documents (:data:`WARM_UP`), so that a short run starts quickly. Encoding (:func:`dump_line`)
writes compact JSON; values the fast encoder refuses go through the stdlib encoder.
Measured on generated tables: decoding 15.7 → 9–10 µs a table, encoding 21 → 6.3 µs
(docs/decisions.md, "JSON codec").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from perfeval.read.json_fast import checked_view
from perfeval.read.json_format import parse_json
from perfeval.views import TableView

__all__ = ["dump_bytes", "dump_line", "fast", "fast_codec", "parse_table", "parse_view"]

#: Documents read (and lines written) by the stdlib before msgspec is imported: a run of a few tables does
#: not pay its import (≈7 ms); either codec gives the same values and writes the same bytes.
WARM_UP = 32

# A ``-0`` whole number (an ``int`` would lose its sign): such text is parsed by the stdlib.
_NEGATIVE_ZERO = re.compile(rb"-0(?![0-9.eE])")
_NEGATIVE_ZERO_TEXT = re.compile(r"-0(?![0-9.eE])")
#: Top-level keys whose raw value a message may quote (``repr``): given as ``Decimal``, as the stdlib gives them.
_QUOTED = ("year", "format")
_STDLIB_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class _Fast:
    """msgspec's decoder and encoder, made once, and the exceptions that send a document to the stdlib."""

    def __init__(self) -> None:
        import msgspec  # raises ImportError without it: the stdlib then does everything

        self.decode = msgspec.json.Decoder(float_hook=Decimal).decode
        self.encode = msgspec.json.Encoder().encode
        self.failed: tuple[type[BaseException], ...] = (msgspec.DecodeError, RecursionError, ValueError, TypeError)
        from perfeval.read import json_structs  # imports msgspec too

        self.decode_view = json_structs.decoder()
        self.view_refused = json_structs.REFUSED


#: The fast codec once loaded; ``False`` when msgspec cannot be imported; ``None`` before the first use.
_fast: _Fast | Literal[False] | None = None
_uses = 0


def fast() -> bool:
    """Whether the fast codec (msgspec) is installed, and so used after the first :data:`WARM_UP` documents."""
    return _loaded() is not None


def _loaded() -> _Fast | None:
    global _fast
    if _fast is None:
        try:
            _fast = _Fast()
        except ImportError:
            _fast = False
    return _fast or None


def _warm() -> _Fast | None:
    """The fast codec, once :data:`WARM_UP` documents have been handled without it."""
    global _uses
    if _uses < WARM_UP:
        _uses += 1
        return None
    return _loaded()


def parse_table(text: str | bytes, *, what: str = "document") -> Any:
    """A JSON document (a table, or an array of them) as :func:`parse_json` reads it, faster.

    >>> parse_table(b'{"total": 95.50, "year": 2023}')
    {'total': Decimal('95.50'), 'year': Decimal('2023')}
    >>> parse_table(b'{"total": 1,}', what="line 3")
    Traceback (most recent call last):
    perfeval.errors.NotJSONError: not JSON: Expecting property name enclosed in double quotes at line 1 column 13
    """
    codec = _warm()
    if codec is None or _negative_zero(text):
        return parse_json(text, what=what)
    try:
        doc = codec.decode(text)
    except codec.failed:  # the stdlib says what is wrong, in today's words (or reads what msgspec cannot)
        return parse_json(text, what=what)
    if type(doc) is dict:
        _quoted_as_decimal(doc)
    elif type(doc) is list:
        for item in doc:
            if type(item) is dict:
                _quoted_as_decimal(item)
    return doc


def parse_view(text: str | bytes) -> TableView | None:
    """One table line decoded straight into what the rules read: the batch path, where no table value is built.

    ``None`` when msgspec is not installed or the first :data:`WARM_UP` documents are not read yet, and for any
    line only the long way reads (see :mod:`perfeval.read.json_structs`): the caller then reads it with
    :func:`parse_table` and ``from_dict``, which say what is wrong with it.
    """
    if _uses < WARM_UP:
        return None
    codec = _fast or _loaded()  # loaded once: no call a line
    if codec is None:
        return None
    try:
        doc = codec.decode_view(text)
    except codec.view_refused:
        return None
    return checked_view(doc)


def fast_codec() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes]] | None:
    """msgspec's line decoder (into views, as :func:`parse_view` decodes) and its encoder (as :func:`dump_bytes`
    encodes), for a loop that calls them itself; ``None`` without msgspec or before :data:`WARM_UP` documents."""
    if _uses < WARM_UP:
        return None
    codec = _fast or _loaded()
    return None if codec is None else (codec.decode_view, codec.encode)


def _negative_zero(text: str | bytes) -> bool:
    """Whether ``text`` may hold the whole number ``-0`` (the regex alone: ``"-0" in text`` is slower)."""
    if isinstance(text, bytes):
        return _NEGATIVE_ZERO.search(text) is not None
    return _NEGATIVE_ZERO_TEXT.search(text) is not None


def _quoted_as_decimal(obj: dict[str, Any]) -> None:
    for key in _QUOTED:
        value = obj.get(key)
        if type(value) is int:
            obj[key] = Decimal(value)


def dump_line(element: dict[str, Any]) -> str:
    """One output element as one line of compact JSON, Chinese kept as it is.

    >>> dump_line({"项目": "甲", "n": [1, None, True]})
    '{"项目":"甲","n":[1,null,true]}'
    """
    fast = _fast_encoded(element)
    return fast.decode() if fast is not None else _STDLIB_ENCODER.encode(element)


def dump_bytes(element: dict[str, Any]) -> bytes:
    """:func:`dump_line` as UTF-8 bytes, for output written as bytes (the batch path: no decode, no encode again).

    >>> dump_bytes({"项目": "甲"}) == dump_line({"项目": "甲"}).encode()
    True
    """
    fast = _fast_encoded(element)
    if fast is not None:
        return fast
    # A file name that is not UTF-8 reaches Python as lone surrogates (\udcff): written back as its own bytes,
    # as a text stream with surrogateescape writes it.
    return _STDLIB_ENCODER.encode(element).encode("utf-8", "surrogateescape")


def _fast_encoded(element: dict[str, Any]) -> bytes | None:
    """``element`` encoded by msgspec once warm; ``None`` before, or for what it refuses (the stdlib writes it)."""
    codec = _fast if _fast and _uses >= WARM_UP else _warm()  # warm and loaded: no call a line
    if codec is None:
        return None
    try:
        return codec.encode(element)
    except (TypeError, ValueError, OverflowError, UnicodeError):  # a lone surrogate, a huge int …
        return None
