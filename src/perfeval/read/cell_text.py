"""A cell's value as the sheet shows it: numbers in their number formats, dates in their date formats.

A workbook stores a number and a format; the form is read as printed, so
every value is turned back into the text Excel would display (Excel keeps
15 significant digits).
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

#: Significant digits Excel keeps of a number.
EXCEL_DIGITS = 15


def _general(value: Decimal) -> str:
    """A number in Excel's General format, without ever switching to an exponent."""
    if value.is_zero():
        return "0"
    digits = len(value.as_tuple().digits)
    if digits > EXCEL_DIGITS:
        value = value.quantize(Decimal(1).scaleb(value.adjusted() - EXCEL_DIGITS + 1), rounding=ROUND_HALF_UP)
    text = f"{value.normalize():f}"
    return text


def _exact(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest decimal that reads back to this float
    return Decimal(value)


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _sections(number_format: str) -> list[str]:
    """Split a number format at its ``;`` outside quotes."""
    out, current, quoted = [], "", False
    for c in number_format:
        if c == '"':
            quoted = not quoted
        if c == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += c
    out.append(current)
    return out


def _format_number(value: Decimal, number_format: str) -> str:
    """``value`` as Excel shows it in ``number_format`` (the common numeric formats)."""
    fmt = number_format or "General"
    sections = _sections(fmt)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1 and sections[1].strip():
        section, value = sections[1], -value
        negative = False
    elif value == 0 and len(sections) > 2 and sections[2].strip() and not _is_dash_zero(sections[2]):
        # The accounting formats print 0 as a dash (_ * "-"??_), which reads as a blank cell: a zero budget or
        # score would then be "not printed" (R1.7 would even take 年初预算数 as the base). The cell holds 0:
        # it is printed with the positive section's digits ("0.00"), as the number it is.
        section = sections[2]
    bare = _QUOTED.sub("", section)
    if bare.strip().lower() in ("general", "", "@") or re.search(r"[eE][+-]|\?|/", bare):
        text = _general(value if not negative else -value)
        return ("-" if negative else "") + text
    match = re.search(r"[0#?,.]*[0#?][0#?,.]*", bare)
    if match is None:
        return ("-" if negative else "") + _general(abs(value))
    pattern = match.group(0)
    # commas closing the digits scale the number down by a thousand each ("#,##0," shows 2,210,000 as 2,210)
    thousands = len(pattern) - len(pattern.rstrip(","))
    pattern = pattern.rstrip(",")
    percent = "%" in bare
    magnitude = abs(value) * 100 if percent else abs(value)
    magnitude = magnitude.scaleb(-3 * thousands) if thousands else magnitude
    magnitude = Decimal(_general(magnitude))  # Excel's 15 digits before its display rounding
    whole, _, frac = pattern.partition(".")
    places = sum(1 for c in frac if c in "0#?")
    with localcontext() as context:  # 1e300 in "0.00" has 303 digits: more than the default 28
        context.prec = max(context.prec, magnitude.adjusted() + places + 2)
        shown = magnitude.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if frac and "0" not in frac:  # "#.##": drop trailing zeros the format does not force
            shown = shown.normalize() if shown != shown.to_integral() else shown.quantize(Decimal(1))
    grouped = "," in whole.strip(",")
    body = f"{shown:,f}" if grouped else f"{shown:f}"
    minimum = whole.replace(",", "").count("0")
    int_part, dot, frac_part = body.partition(".")
    if int_part == "0" and minimum == 0:
        int_part = ""
    body = int_part.rjust(minimum, "0") + dot + frac_part
    if not body:
        body = "0"
    before, after = _split_literals(section)
    sign = "-" if negative and shown != 0 else ""
    # a currency sign in front (货币 / 会计专用 formats: ¥221.00) names no unit: the 万元 of the header stands
    return f"{sign}{_literal(before).strip(_CURRENCY)}{body}{_literal(after)}".strip()


_CURRENCY = " ¥￥$"


def _is_dash_zero(section: str) -> bool:
    """Whether a zero section prints no digits: the accounting formats' dash (_ * "-"??_), or a word for 0."""
    return not re.search(r"[0#]", _QUOTED.sub("", section))


def _split_literals(section: str) -> tuple[str, str]:
    """The raw text before and after the digit placeholders of a format section."""
    i, n, first, last = 0, len(section), -1, -1
    while i < n:
        c = section[i]
        if c == '"':
            j = section.find('"', i + 1)
            i = n if j < 0 else j + 1
            continue
        if c in "\\_*":
            i += 2
            continue
        if c == "[":
            j = section.find("]", i)
            i = n if j < 0 else j + 1
            continue
        if c in "0#?":
            if first < 0:
                first = i
            last = i
        i += 1
    if first < 0:
        return section, ""
    return section[:first], section[last + 1 :]


def _literal(part: str) -> str:
    """Literal text of a format fragment: quoted text, escaped characters and plain symbols."""
    out, i, n = [], 0, len(part)
    while i < n:
        c = part[i]
        if c == '"':
            j = part.find('"', i + 1)
            out.append(part[i + 1 : j if j >= 0 else n])
            i = n if j < 0 else j + 1
        elif c == "\\":
            out.append(part[i + 1 : i + 2])
            i += 2
        elif c in "_*":
            i += 2
        elif c == "[":
            j = part.find("]", i)
            i = n if j < 0 else j + 1
        elif c in ",.":
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


#: The format openpyxl gives a ``datetime`` written without one.
_OPENPYXL_DATETIME = "yyyy-mm-dd h:mm:ss"
_MIDNIGHT = datetime.time()
#: The built-in short date (format 14) as openpyxl and xlrd name it, which Excel shows in the
#: reader's locale, not as spelled (2023/6/30 in Chinese Excel, not 06-30-23).
_LOCALE_DATES = ("mm-dd-yy", "m/d/yy")
_DATE_TOKENS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|AM/PM|.', re.IGNORECASE)


def _format_date(value: datetime.datetime | datetime.date | datetime.time, number_format: str) -> str:
    """A date or time as its (common) number format shows it; ISO when the format is unknown."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day)
    else:
        moment = datetime.datetime(1900, 1, 1, value.hour, value.minute, value.second)
    if number_format == _OPENPYXL_DATETIME and isinstance(value, datetime.datetime) and value.time() == _MIDNIGHT:
        return value.date().isoformat()  # a date written by a program, not a time anyone printed
    fmt = _sections(number_format or "")[0]
    if fmt.lower() in _LOCALE_DATES or fmt.upper().startswith("[$-F800]"):
        return moment.date().isoformat()  # shown in the reader's locale (2023/6/30 in Chinese Excel): ISO says it
    tokens = _DATE_TOKENS.findall(fmt)
    if not any(t.lower() in ("yyyy", "yy", "m", "mm", "d", "dd", "h", "hh") for t in tokens):
        if isinstance(value, datetime.datetime) and value.time() != datetime.time():
            return value.isoformat(sep=" ")
        return value.isoformat() if not isinstance(value, datetime.datetime) else value.date().isoformat()
    out: list[str] = []
    previous = ""
    for i, token in enumerate(tokens):
        low = token.lower()
        following = next((t.lower() for t in tokens[i + 1 :] if t.lower() not in (":", " ")), "")
        if low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low in ("m", "mm"):
            minutes = previous in ("h", "hh") or following in ("s", "ss")
            number = moment.minute if minutes else moment.month
            out.append(f"{number:02d}" if low == "mm" else str(number))
        elif low in ("mmm", "mmmm"):
            out.append(moment.strftime("%b" if low == "mmm" else "%B"))
        elif low in ("d", "dd"):
            out.append(f"{moment.day:02d}" if low == "dd" else str(moment.day))
        elif low in ("h", "hh"):
            out.append(f"{moment.hour:02d}" if low == "hh" else str(moment.hour))
        elif low in ("s", "ss"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif not (token.startswith("[") or low == "am/pm"):
            out.append(token)
        if low not in (":", " "):
            previous = low
    return "".join(out).strip()


def display_text(value: object, number_format: str | None = "General") -> str | None:
    """A cell's value as the printed text it stands for (``None`` when empty).

    >>> display_text(1052.96), display_text(10, "0.00"), display_text(1052.96, "#,##0.00")
    ('1052.96', '10.00', '1,052.96')
    >>> display_text(0.9989, "0.00%"), display_text(" 有效提升 "), display_text(25000.0)
    ('99.89%', '有效提升', '25000')
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            return None
        return _format_number(_exact(value), number_format or "General")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return _format_date(value, number_format or "")
    if isinstance(value, datetime.timedelta):
        return str(value)
    text = str(value).strip()
    return text or None
