"""Which text encoding a JSON or JSON Lines file is in: UTF-8, UTF-16/32, or GB18030 (GBK).

Windows tools save Chinese text as GBK/GB18030 or UTF-16.  The encoding is
found by strict decoding attempts in a fixed order, never by guessing:

1. a byte-order mark names it (UTF-8, UTF-16 or UTF-32, either byte order);
2. zero bytes among the first four name UTF-16/32 without a mark (RFC 4627);
3. strict UTF-8 — text in any other encoding almost never passes;
4. strict GB18030 (a superset of GBK and GB2312), accepted only when the text
   reads as Chinese: no private-use, unassigned or control characters, and at
   most :data:`RARE_SHARE` of its non-ASCII characters outside GB2312's
   common set — Latin-1, Big5 or Shift-JIS bytes read as GB18030 give rare
   characters in almost every pair.

A file that passes none is a :class:`~perfeval.errors.NotJSONError` naming
what was tried; text is never decoded silently wrong.  UTF-8 JSON Lines stay
on the fast path: the lines are handed on as bytes, and only the first line
holding a non-ASCII byte is decoded here, to choose the file's encoding.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable, Iterator
from typing import IO

from perfeval.errors import NotJSONError

__all__ = ["RARE_SHARE", "decode_document", "json_lines", "narrow_lines", "utf8_text", "wide_codec"]

#: The largest share of a GB18030 text's non-ASCII characters that may lie outside GB2312.
RARE_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NAMES = {"utf-32": "UTF-32", "utf-8-sig": "UTF-8", "utf-16": "UTF-16"}


def wide_codec(prefix: bytes) -> str | None:
    """The UTF-16/32 codec of text whose first bytes carry a mark or (JSON starts with ASCII) zero bytes."""
    for bom, codec in _BOMS:
        if prefix.startswith(bom) and codec != "utf-8-sig":
            return codec
    head = prefix[:4]
    if len(head) == 4 and 0 in head:
        if head[0] == 0 and head[1] == 0:
            return "utf-32-be"
        if head[2] == 0 and head[3] == 0 and head[1] == 0:
            return "utf-32-le"
        return "utf-16-be" if head[0] == 0 else "utf-16-le"
    return None


def _unlikely(text: str) -> str | None:
    """Why text decoded as GB18030 is not believably Chinese text, or ``None`` when it is."""
    wide = 0
    rare = 0
    for char in text:
        if char.isascii():
            continue
        wide += 1
        category = unicodedata.category(char)
        if category in ("Co", "Cn", "Cc", "Cs"):
            return f"it would hold U+{ord(char):04X}, a {'private-use' if category == 'Co' else 'control'} character"
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    if rare > wide * RARE_SHARE:
        return f"{rare} of its {wide} non-ASCII characters would be rare ones outside GB2312"
    return None


def _gb18030(data: bytes) -> tuple[str | None, str]:
    """The text as GB18030, or ``None`` and why not."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        return None, f"not GB18030 ({error.reason} at byte {error.start})"
    why = _unlikely(text)
    return (None, f"not believable as GB18030 ({why})") if why else (text, "")


def utf8_text(data: bytes) -> bool:
    """Whether a line holding non-ASCII bytes makes a JSON Lines file UTF-8 (as :func:`json_lines` decides)."""
    return _utf8(data)[0] is not None


def _utf8(data: bytes) -> tuple[str | None, str]:
    """The text as UTF-8, or ``None`` and why not.

    Short GBK text can be valid UTF-8 too (医药 is D2BD D2A9: two Cyrillic letters).
    UTF-8 text with no character from U+0800 up (so no Chinese) that also reads as
    believable GB18030 is ambiguous, and refused rather than guessed.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, f"not UTF-8 ({error.reason} at byte {error.start})"
    if text.isascii() or any(ord(c) >= 0x800 for c in text) or _gb18030(data)[0] is None:
        return text, ""
    return None, "UTF-8 and GB18030 both read it, as different text (save it as UTF-8 with a byte-order mark)"


def decode_document(data: bytes, what: str = "the document") -> str:
    """A whole JSON document's text, in whichever encoding it is in.

    >>> decode_document('{"项目": 1}'.encode("gb18030")), decode_document('{"a": 1}'.encode("utf-16"))
    ('{"项目": 1}', '{"a": 1}')
    >>> decode_document(b'{"a": "caf\\xe9s"}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    perfeval.errors.NotJSONError: the document is in no encoding perfeval reads: not UTF-8 (...); not ... GB18030 ...
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError as error:
                name = _NAMES[codec]
                raise NotJSONError(
                    f"{what} starts with a {name} byte-order mark but is not {name} text: "
                    f"{error.reason} at byte {error.start}"
                ) from None
    wide = wide_codec(data)
    if wide is not None:
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            pass  # zero bytes, yet not UTF-16/32: tried below, and named in the error
    text, utf8 = _utf8(data)
    if text is not None:
        return text
    if "both" in utf8:
        raise NotJSONError(f"{what} cannot be decoded with confidence: {utf8}")
    text, why = _gb18030(data)
    if text is not None:
        return text
    raise NotJSONError(f"{what} is in no encoding perfeval reads: {utf8}; {why}; save it as UTF-8")


Line = bytes | str | None | NotJSONError


def json_lines(handle: IO[bytes], bounded_lines: Callable[[IO[bytes]], Iterator[bytes | None]]) -> Iterator[Line]:
    """The lines of a JSON Lines stream in its encoding: bytes (UTF-8), text, ``None`` (too long) or an error.

    ``bounded_lines`` splits a byte stream into lines of bounded length.  UTF-8
    lines stay bytes; GB18030 lines are decoded one by one; UTF-16/32 text is
    decoded incrementally as it is read.  A line that is not text in the
    file's encoding is an error in its place, and the lines after it go on.
    """
    lines = bounded_lines(handle)
    try:  # not next(lines, None): a first line too long to read is None too, and is reported
        first = next(lines)
    except StopIteration:
        return
    codec = None if first is None else wide_codec(first)
    if codec is not None:
        yield from _wide_lines(first, handle, codec)
        return
    yield from narrow_lines(first, lines)


def narrow_lines(first: bytes | None, lines: Iterator[bytes | None], start: int = 1) -> Iterator[Line]:
    """Byte lines: UTF-8 until the first non-ASCII line says otherwise, then GB18030.

    ``start`` is the number of the line ``first`` (a stream read in blocks hands its rest on here from a
    line whose lines above were all ASCII).
    """
    chosen: str | None = None
    for number, line in enumerate(_chain(first, lines), start=start):
        if line is None or chosen == "utf-8" or line.isascii():
            yield line
            continue
        body = line.removeprefix(codecs.BOM_UTF8) if number == 1 else line
        if chosen is None:
            text, utf8 = _utf8(body)
            if text is not None:
                chosen = "utf-8"
                yield line
                continue
            text, why = _gb18030(body) if "both" not in utf8 else (None, "")
            if text is None:
                tried = "; ".join(filter(None, (utf8, why)))
                yield NotJSONError(f"the line is in no encoding perfeval reads: {tried}")
                continue
            chosen = "gb18030"
            yield text
            continue
        try:
            yield body.decode("gb18030")
        except UnicodeDecodeError as error:
            why = f"{error.reason} at byte {error.start}"
            yield NotJSONError(f"the line is not GB18030 text like the lines above it: {why}")


def _chain(first: bytes | None, rest: Iterator[bytes | None]) -> Iterator[bytes | None]:
    yield first
    yield from rest


#: JSON Lines records longer than this are refused without being held in memory.
#: A printed table is a few kilobytes; 1 MiB bounds what one hostile line can cost
#: once parsed (a line of ``[0,0,…]`` becomes one object per two bytes).
MAX_LINE_BYTES = 1024 * 1024
_CHUNK = 1 << 16


def _wide_lines(first: bytes | None, handle: IO[bytes], codec: str) -> Iterator[Line]:
    """Lines of UTF-16/32 text, decoded incrementally; a line longer than the byte cap is ``None``."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    pending = ""
    skipping = False
    data = first or b""
    while True:
        final = not data
        try:
            pending += decoder.decode(data, final=final)
        except UnicodeDecodeError as error:
            yield NotJSONError(f"the file is not {codec.upper()} text from here on: {error.reason}")
            return
        *complete, pending = pending.split("\n")
        for line in complete:
            if skipping or len(line) * 2 > MAX_LINE_BYTES:
                skipping = False
                yield None
            else:
                yield line + "\n"
        if len(pending) * 2 > MAX_LINE_BYTES:
            pending, skipping = "", True
        if final:
            if pending or skipping:
                yield None if skipping else pending
            return
        data = handle.read(_CHUNK)
