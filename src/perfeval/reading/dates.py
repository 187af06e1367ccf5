"""Reading printed dates: deadlines, completion dates and periods (R3.4, R6.1, R6.3).

Pure functions of the cell text (and the table's year), cached like the
number readers; a reading records how it was read.
"""

from __future__ import annotations

import datetime
import re
from typing import Final

import attrs

from perfeval.caching import short_text_cache
from perfeval.reading.text import is_plain_number, normalize

# --- deadlines (R6.1) -----------------------------------------------------

_CN_DIGITS: Final = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PRE: Final = r"(?:在|于|截至|截止|截止到|截至到|到)?"
_BEFORE: Final = r"(?:前|之前|以前|内|以内|止)?"
# "2023年12月底前完成": the date form followed by what is to be done by then.
_DONE: Final = r"(?:全部)?(?:完成|办结|结束|实施完毕)?"
_DEADLINE_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(_PRE + pattern + _BEFORE + _DONE), name)
    for pattern, name in (
        (r"(?P<y>[0-9]{4})年(?:度)?(?:年底|年末|底|末|内|度内)", "year-end"),
        (r"(?:年底|年末|年内)", "year-end"),
        (r"(?P<y>[0-9]{4})年(?P<h>上|下)半年(?:末|底)?", "half"),
        (r"(?P<y>[0-9]{4})年(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?", "quarter"),
        (r"(?:(?P<y>[0-9]{4})年)?(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})[日号]", "day"),
        (r"(?:(?P<y>[0-9]{4})年)?(?P<m>[0-9]{1,2})月(?:底|末|份)?", "month"),
        (r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})", "iso"),
    )
)


@attrs.frozen(slots=True)
class Deadline:
    """A deadline read from a target cell: the last day that is on time."""

    date: datetime.date
    how: str


def read_deadline(text: str | None, year: int | None) -> Deadline | None:
    """Read a deadline cell (R6.1); ``year`` is the table's, for "12月31日前".

    >>> read_deadline("2023年6月底前", None).date
    datetime.date(2023, 6, 30)
    >>> read_deadline("12月31日前", 2023).date
    datetime.date(2023, 12, 31)
    """
    if text is None or is_plain_number(text):  # "95.5": no 年 or 月, at most one separator (may_hold_date)
        return None
    return _read_deadline(text, year)


@short_text_cache(4096)
def _read_deadline(text: str, year: int | None) -> Deadline | None:
    cell = normalize(text).replace(" ", "")
    if not may_hold_date(cell):
        return None  # "95%以上", "100": no pattern is tried on a cell that cannot hold a date
    for pattern, name in _DEADLINE_PATTERNS:
        match = pattern.fullmatch(cell)
        if match is None:
            continue
        date = _period_end(match.groupdict(), name, year)
        if date is not None:
            return Deadline(date=date, how=f"{cell!r} read as the deadline {date.isoformat()} ({name})")
    return None


def may_hold_date(cell: str) -> bool:
    """Whether a normalised cell could hold a date at all: it names 年 or 月, or it has two separators.

    Every deadline form does (R6.1: "2023年底", "12月31日前", "2023-12-31"); "95.5", "≥90%" and "第3名" do not.

    >>> may_hold_date("2023年底前"), may_hold_date("2023/12/31"), may_hold_date("95.5"), may_hold_date("年内")
    (True, True, False, True)
    """
    return "年" in cell or "月" in cell or cell.count("-") + cell.count("/") + cell.count(".") >= 2


def _period_end(groups: dict[str, str | None], name: str, table_year: int | None) -> datetime.date | None:
    given = groups.get("y")
    year = int(given) if given else table_year
    if year is None or not 1900 <= year <= 2200:
        return None
    try:
        if name == "year-end":
            return datetime.date(year, 12, 31)
        if name == "half":
            return datetime.date(year, 6 if groups["h"] == "上" else 12, 30 if groups["h"] == "上" else 31)
        if name == "quarter":
            return _month_end(year, 3 * _CN_DIGITS[groups["q"] or "4"])
        if name == "month":
            return _month_end(year, int(groups["m"] or 0))
        if name == "iso":
            from dateutil.parser import isoparse  # here: importing dateutil's parser costs ≈10 ms at start

            return isoparse(f"{year:04d}-{int(groups['m'] or 0):02d}-{int(groups['d'] or 0):02d}").date()
        return datetime.date(year, int(groups["m"] or 0), int(groups["d"] or 0))
    except ValueError:
        return None  # 2023年2月30日, 13月 …: not a date


_ONE_DAY: Final = datetime.timedelta(days=1)


def _month_end(year: int, month: int) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    # The day before the first of the next month (dateutil's relativedelta took 5 µs a call).
    return datetime.date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY


_DONE_SUFFIX: Final = re.compile(r"(?:已|前)?(?:完成|办结|结束|实施)$")


def read_date(text: str | None, year: int | None) -> datetime.date | None:
    """Read an actual completion date ("2023年11月20日", "2023-11-20", "2023年11月完成").

    A month without a day is read as its last day: nothing earlier is proved.

    >>> read_date("2023年11月", None), read_date("2023-07-15", None)
    (datetime.date(2023, 11, 30), datetime.date(2023, 7, 15))
    """
    if text is None:
        return None
    cell = normalize(text).replace(" ", "")
    if not any(c.isdigit() for c in cell):
        return None
    deadline = _read_deadline(cell, year) or _read_deadline(_DONE_SUFFIX.sub("", cell), year)
    return deadline.date if deadline else None


# --- periods: bare years and months (R3.4, R6.3) ----------------------------

_PERIOD_YEAR: Final = r"(?P<y>[0-9]{4})"
_TARGET_PERIODS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(_PERIOD_YEAR + r"年度?"), "year"),
    # "2023年6月份" is "2023年6月" said with 份 (month): the same period, a deadline in a 时效 row only.
    (re.compile(_PERIOD_YEAR + r"年(?P<m>[0-9]{1,2})月份?"), "month"),
    (re.compile(_PERIOD_YEAR + r"\.(?P<m>[0-9]{1,2})"), "month"),
)
_ACTUAL_PERIODS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    *_TARGET_PERIODS,
    (re.compile(_PERIOD_YEAR + r"年第?(?P<q>[一二三四1-4])季度"), "quarter"),
    (re.compile(_PERIOD_YEAR + r"年(?P<h>上|下)半年"), "half"),
)


@attrs.frozen(slots=True)
class Period:
    """A period printed as a bare year, month, quarter or half (R3.4, R6.3): its first and last day."""

    first: datetime.date
    last: datetime.date
    how: str


def read_target_period(text: str | None, unit_column: str | None = None) -> Period | None:
    """R3.4 a target that is exactly a period: YYYY年, YYYY年度, YYYY年M月(份), YYYY.M, or YYYY with unit 年.

    Only a 时效 row reads it as a deadline (its last day); elsewhere it is a number or text.

    >>> read_target_period("2019.10").last, read_target_period("2019", "年").last, read_target_period("2019")
    (datetime.date(2019, 10, 31), datetime.date(2019, 12, 31), None)
    >>> read_target_period("2022年年化担保") is None
    True
    """
    if text is None:
        return None
    return _target_period(text, unit_column or "")


@short_text_cache(4096)  # every 时效 row, and every other row whose target reads as a deadline, asks
def _target_period(text: str, unit_column: str) -> Period | None:
    cell = normalize(text).replace(" ", "")
    if cell.isascii() and cell.isdigit() and len(cell) == 4 and normalize(unit_column) == "年":
        cell += "年"
    return _period(cell, _TARGET_PERIODS)


def read_actual_period(text: str | None) -> Period | None:
    """R6.3 an actual that is a period form (also YYYY年第N季度, YYYY年上/下半年), a trailing 完成 allowed.

    >>> p = read_actual_period("2023年第三季度完成")
    >>> p.first, p.last
    (datetime.date(2023, 7, 1), datetime.date(2023, 9, 30))
    """
    if text is None:
        return None
    return _actual_period(text)


@short_text_cache(4096)  # every deadline row's actual
def _actual_period(text: str) -> Period | None:
    cell = normalize(text).replace(" ", "")
    return _period(cell, _ACTUAL_PERIODS) or _period(_DONE_SUFFIX.sub("", cell), _ACTUAL_PERIODS)


def _period(cell: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> Period | None:
    for pattern, name in patterns:
        match = pattern.fullmatch(cell)
        if match is None:
            continue
        year = int(match["y"])
        if not 1900 <= year <= 2100:
            return None
        if name == "year":
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        elif name == "half":
            first_month = 1 if match["h"] == "上" else 7
            first, last = datetime.date(year, first_month, 1), _month_end(year, first_month + 5)  # type: ignore[assignment]
        else:
            months = 3 if name == "quarter" else 1
            end = 3 * _CN_DIGITS[match["q"]] if name == "quarter" else int(match["m"])
            if not 1 <= end <= 12:
                return None
            first, last = datetime.date(year, end - months + 1, 1), _month_end(year, end)  # type: ignore[assignment]
        return Period(first, last, f"{cell!r} read as the period {first.isoformat()} – {last.isoformat()} ({name})")
    return None
