"""Reading printed cells: numbers, quantities with units, deadlines, tiers (R3, R5.2, R6).

Every reader is a pure function of the cell text, cached because tables
repeat the same spellings ("100", "%", "≥") endlessly, and every reading
records *how* the cell was read so explanations and findings can say it.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import attrs
from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

from perfeval.caching import short_text_cache
from perfeval.decimals import div, mul, step_of
from perfeval.errors import CellError
from perfeval.reading.operators import Operator, around_number
from perfeval.reading.text import PLACEHOLDERS, has_full_width, normalize
from perfeval.vocab import Tier

#: More digits than any printed cell has; longer strings are refused, not read.
MAX_DIGITS = 30

_NUMBER = r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_NUMBER_RE = re.compile(_NUMBER)
_UNIT = r"[A-Za-z%‰/·²³°℃()\u4e00-\u9fff]{1,12}"
# Text before the number (a label and the comparison, read by R2.2's closed list), the number,
# its unit, and a closing 以上 / 以下 / 以内.
_QUANTITY_RE = re.compile(
    rf"(?P<before>[^0-9]*?)(?P<num>{_NUMBER})"
    # The unit is lazy so that "95%以上" keeps "以上" as the comparison, not the unit.
    rf"(?P<unit>{_UNIT}?)??(?P<post>以上|以下|以内)?"
)
_HOSTILE_RE = re.compile(r"(?i)nan|inf|[0-9.]e[+-]?[0-9]")

#: Money units and their size in 元 (R3.1): amounts convert between them.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "百万元": Decimal(1000000),
    "亿元": Decimal(100000000),
}


#: Units a cell may carry even when the 度量单位 column says otherwise.
KNOWN_UNITS = frozenset(
    {*MONEY_UNITS, "%", "‰", "个", "人", "人次", "万人", "次", "天", "日", "小时", "分钟", "年", "月", "个月", "周",
     "户", "家", "项", "件", "篇", "份", "场", "条", "吨", "万吨", "亩", "万亩", "米", "公里", "千米", "平方米",
     "立方米", "辆", "台", "套", "本", "期", "批", "所", "座", "处", "名", "位", "元/人", "公斤", "千克", "kg", "km"}
)  # fmt: skip


def _plausible_unit(unit: str, column: str) -> bool:
    """A unit written in the cell is believed if it is the column's, a known unit, or short."""
    return unit == column or unit in KNOWN_UNITS or (not column and len(unit) <= 4)


@short_text_cache(4096)
def is_placeholder(text: str) -> bool:
    """Whether a cell prints nothing ("", "-", "/", "无" …).

    >>> is_placeholder(" — "), is_placeholder("0")
    (True, False)
    """
    return normalize(text) in PLACEHOLDERS


def read_decimal(text: str | None, *, units: tuple[str, ...] = ()) -> Decimal | None:
    """Read a plain numeric cell (funds, weights, scores); ``None`` if blank.

    Thousands separators, a sign, full-width digits and one of ``units`` as a
    suffix are accepted; anything else raises :class:`CellError`.

    >>> read_decimal("1,052.96")
    Decimal('1052.96')
    >>> read_decimal("９．５０分", units=("分",))
    Decimal('9.50')
    """
    if text is None:
        return None
    return _read_decimal(text, units)


@short_text_cache(8192)
def _read_decimal(text: str, units: tuple[str, ...]) -> Decimal | None:
    cell = normalize(text)
    if cell in PLACEHOLDERS:
        return None
    body = cell.replace(" ", "")
    for unit in units:
        if body.endswith(unit) and len(body) > len(unit):
            body = body[: -len(unit)]
            break
    if _NUMBER_RE.fullmatch(body):
        return _to_decimal(body, text)
    if len(cell) > 60:
        cell = cell[:57] + "…"
    if _HOSTILE_RE.search(body):
        raise CellError(f"not a printed number (exponents, NaN and infinities are refused): {cell!r}")
    raise CellError(f"not a number: {cell!r}")


def _to_decimal(body: str, original: str) -> Decimal:
    digits = body.replace(",", "")
    # body matched _NUMBER: ASCII digits, at most one sign and one point (no per-character loop).
    if len(digits) - (digits[:1] in "+-") - ("." in digits) > MAX_DIGITS:
        raise CellError(f"a number of more than {MAX_DIGITS} digits: {original[:40]!r}…")
    return Decimal(digits)


@attrs.frozen(slots=True)
class Quantity:
    """A number with its unit as read from a cell (R3.1–R3.2).

    ``step`` is one unit of the last printed digit (R4.5); ``bound`` the
    comparison written inside the cell ("大于1亿元" → GT); ``how`` the
    notes on how the cell was read.
    """

    value: Decimal
    unit: str = ""
    step: Decimal = Decimal(1)
    bound: Operator | None = None
    how: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.value:f}{self.unit}"

    def in_unit(self, unit: str) -> Quantity | None:
        """This amount in another money unit, or ``None`` if not convertible.

        >>> read_quantity("1亿元", "").in_unit("万元").value
        Decimal('10000')
        """
        if unit == self.unit:
            return self
        if self.unit not in MONEY_UNITS or unit not in MONEY_UNITS:
            return None
        factor = div(MONEY_UNITS[self.unit], MONEY_UNITS[unit])  # never the ambient context
        note = f"{self} converted to {unit} (×{factor:f})"
        return attrs.evolve(
            self,
            value=mul(self.value, factor),
            unit=unit,
            step=mul(self.step, factor),
            how=(*self.how, note),
        )


def read_quantity(text: str | None, unit_column: str | None = None) -> Quantity | None:
    """Read a target or actual cell as a number with its unit; ``None`` if not one.

    The unit written in the cell wins over the 度量单位 column; a comparison
    in the cell ("≥266米", "95%以上", "满意率达95%以上") is kept as ``bound``.

    >>> q = read_quantity("≥266米", "")
    >>> (q.value, q.unit, q.bound)
    (Decimal('266'), '米', <Operator.GE: '≥'>)
    """
    if text is None:
        return None
    return _read_quantity(text, unit_column or "")


@short_text_cache(16384)
def _read_quantity(text: str, unit_column: str) -> Quantity | None:
    cell = normalize(text).replace(" ", "")
    if not cell or len(cell) > 80:
        return None
    if _NUMBER_RE.fullmatch(cell):  # the common case, a bare number: what the full pattern would read
        return _bare_quantity(cell, text, unit_column)
    match = _QUANTITY_RE.fullmatch(cell)
    if match is None:
        return None
    # R3.2 by R2.2's steps 3–4: the spelling right before the number and a suffix right after it count.
    comparison = around_number(match["before"], match["post"] or "")
    if match["before"] and not comparison.counted:
        return None  # "第3名", "前3" … a number inside text is not a quantity
    try:
        value = _to_decimal(match["num"], text)
    except CellError:
        return None
    how = []
    if has_full_width(text):
        how.append("full-width characters read as ASCII")
    if "," in match["num"]:
        how.append("thousands separators removed")
    bound = comparison.operator
    spelling = "…".join(comparison.counted)
    if bound is not None:
        how.append(f"comparison {spelling!r} in the cell read as {bound.symbol}")
    elif comparison.counted:
        how.append(f"comparison {spelling!r} in the cell unreadable ({comparison.unreadable}, R2.2)")
    column = normalize(unit_column).replace(" ", "")
    unit = match["unit"] or column
    if match["unit"]:
        if not _plausible_unit(unit, column):
            return None  # "2022年年化担保": a number followed by text, not a unit
        how.append(f"unit {unit!r} taken from the cell")
    return Quantity(value=value, unit=unit, step=step_of(value), bound=bound, how=tuple(how))


def _bare_quantity(cell: str, text: str, unit_column: str) -> Quantity | None:
    """A cell that is only a number: no label, comparison or unit of its own."""
    try:
        value = _to_decimal(cell, text)
    except CellError:
        return None
    how = []
    if has_full_width(text):
        how.append("full-width characters read as ASCII")
    if "," in cell:
        how.append("thousands separators removed")
    column = normalize(unit_column).replace(" ", "")
    return Quantity(value=value, unit=column, step=step_of(value), bound=None, how=tuple(how))


# --- deadlines (R6.1) -----------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PRE = r"(?:在|于|截至|截止|截止到|截至到|到)?"
_BEFORE = r"(?:前|之前|以前|内|以内|止)?"
# "2023年12月底前完成": the date form followed by what is to be done by then.
_DONE = r"(?:全部)?(?:完成|办结|结束|实施完毕)?"
_DEADLINE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
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
    if text is None:
        return None
    return _read_deadline(text, year)


@short_text_cache(4096)
def _read_deadline(text: str, year: int | None) -> Deadline | None:
    cell = normalize(text).replace(" ", "")
    for pattern, name in _DEADLINE_PATTERNS:
        match = pattern.fullmatch(cell)
        if match is None:
            continue
        date = _period_end(match.groupdict(), name, year)
        if date is not None:
            return Deadline(date=date, how=f"{cell!r} read as the deadline {date.isoformat()} ({name})")
    return None


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
            return isoparse(f"{year:04d}-{int(groups['m'] or 0):02d}-{int(groups['d'] or 0):02d}").date()
        return datetime.date(year, int(groups["m"] or 0), int(groups["d"] or 0))
    except ValueError:
        return None  # 2023年2月30日, 13月 …: not a date


def _month_end(year: int, month: int) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    first = datetime.date(year, month, 1)
    return first + relativedelta(months=1, days=-1)


_DONE_SUFFIX = re.compile(r"(?:已|前)?(?:完成|办结|结束|实施)$")


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

_PERIOD_YEAR = r"(?P<y>[0-9]{4})"
_TARGET_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(_PERIOD_YEAR + r"年度?"), "year"),
    (re.compile(_PERIOD_YEAR + r"年(?P<m>[0-9]{1,2})月"), "month"),
    (re.compile(_PERIOD_YEAR + r"\.(?P<m>[0-9]{1,2})"), "month"),
)
_ACTUAL_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    *_TARGET_PERIODS,
    (re.compile(_PERIOD_YEAR + r"年(?P<m>[0-9]{1,2})月份"), "month"),
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
    """R3.4 a target that is exactly a period: YYYY年, YYYY年度, YYYY年M月, YYYY.M, or YYYY with unit 年.

    Only a 时效 row reads it as a deadline (its last day); elsewhere it is a number or text.

    >>> read_target_period("2019.10").last, read_target_period("2019", "年").last, read_target_period("2019")
    (datetime.date(2019, 10, 31), datetime.date(2019, 12, 31), None)
    >>> read_target_period("2022年年化担保") is None
    True
    """
    if text is None:
        return None
    cell = normalize(text).replace(" ", "")
    if cell.isascii() and cell.isdigit() and len(cell) == 4 and normalize(unit_column or "") == "年":
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


# --- qualitative tiers (R5.2) and deadline phrases (R6.2) -------------------

SUCCESS_WORDS = (
    "达成", "完成", "按时", "及时", "满足", "是", "有效", "提升", "合格", "正常", "显著",
    "达到", "实现", "提高", "改善", "良好", "到位", "落实", "上升", "增强", "优秀", "顺利",
)  # fmt: skip
NEGATION_WORDS = ("未", "没有", "不", "否", "无")
# Words that contain a negation character without negating anything.
_NOT_NEGATIONS = ("不断", "无线", "无缝", "无纸化", "是否")
_PUNCTUATION = re.compile(r"[\s,，.。;；:：、!！?？\"'“”‘’()（）《》\[\]【】]")

ON_TIME_WORDS = ("按时完成", "及时完成", "提前完成", "已完成", "按时", "及时", "提前", "按期")
LATE_WORDS = ("未按时", "未及时", "延期", "逾期", "推迟", "滞后", "未完成", "超期")


def _plain(text: str) -> str:
    return _PUNCTUATION.sub("", normalize(text))


def has_negation(text: str) -> bool:
    """Whether the text negates (未, 没有, 不, 否, 无), ignoring 不断, 无线 …

    >>> has_negation("未完成"), has_negation("不断提升")
    (True, False)
    """
    cell = text
    for word in _NOT_NEGATIONS:
        cell = cell.replace(word, "")
    return any(word in cell for word in NEGATION_WORDS)


def read_tier(actual: str | None, target: str | None) -> tuple[Tier | None, str]:
    """Read the qualitative tier from the actual cell (R5.2), with how it was read.

    >>> read_tier("有效提升", "有效提升")[0]
    <Tier.ACHIEVED: '达成'>
    >>> read_tier("部分完成", "全部完成")[0]
    <Tier.PARTIAL: '部分达成'>
    >>> read_tier("无", "有效提升")[0], read_tier("—", "有效提升")[0]
    (<Tier.NOT_ACHIEVED: '未达成'>, None)
    """
    if actual is None or (is_placeholder(actual) and normalize(actual) != "无"):
        return None, "the actual cell is empty"
    # "无" is a blank in a numeric cell, but as a qualitative actual it is R5.2's negation: not achieved.
    return _read_tier(actual, target or "")


@short_text_cache(4096)
def _read_tier(actual: str, target: str) -> tuple[Tier | None, str]:
    cell = _plain(actual)
    if cell and cell == _plain(target):
        return Tier.ACHIEVED, f"actual {actual!r} repeats the target"
    if "部分" in cell:
        return Tier.PARTIAL, f"actual {actual!r} says 部分 (partly)"
    if has_negation(cell):
        return Tier.NOT_ACHIEVED, f"actual {actual!r} is negated"
    for word in SUCCESS_WORDS:
        if word in cell:
            return Tier.ACHIEVED, f"actual {actual!r} states success ({word})"
    return None, f"actual {actual!r} states neither success nor failure"


def read_timeliness(actual: str | None) -> bool | None:
    """R6.2: ``True`` for 按时完成-like text, ``False`` for 延期/逾期/未按时, else ``None``.

    >>> read_timeliness("按时完成"), read_timeliness("延期完成"), read_timeliness("详见附件")
    (True, False, None)
    """
    if actual is None:
        return None
    cell = _plain(actual)
    if any(word in cell for word in LATE_WORDS):
        return False
    if any(word in cell for word in ON_TIME_WORDS):
        return True
    return None
