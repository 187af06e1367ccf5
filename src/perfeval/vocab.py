"""The printed form's vocabulary: its column labels, indicator kinds, tiers, grades, level-1 groups.

One home for the words of the form, so that the readers, the audit and the
reports spell a label, a kind or a group the same way.
"""

from __future__ import annotations

import enum
from typing import Final

from perfeval.caching import short_text_cache
from perfeval.reading.text import PLACEHOLDERS, normalize

#: The funds block's columns (R1): field → printed label.
FUNDS_COLUMNS: Final[dict[str, str]] = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数"}
#: The funds block's lines: field → printed label (as the reader finds it; the form prints "其中：当年财政拨款").
FUNDS_LINES: Final[dict[str, str]] = {
    "total": "年度资金总额",
    "fiscal": "当年财政拨款",
    "carryover": "上年结转资金",
    "other": "其他资金",
}
#: The execution cells on the 年度资金总额 line: field → printed label.
EXECUTION_COLUMNS: Final[dict[str, str]] = {"weight": "分值", "rate": "执行率", "score": "得分"}
#: The indicator table's columns, in printed order: field → printed label.
INDICATOR_COLUMNS: Final[dict[str, str]] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "operator": "指标性质",
    "target": "指标值",
    "unit": "度量单位",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "explanation": "偏差原因分析及改进措施",
}


class Kind(enum.Enum):
    """What the target cell makes an indicator (R3.4)."""

    QUANTITATIVE = "quantitative"
    QUALITATIVE = "qualitative"
    DEADLINE = "deadline"


class Tier(enum.Enum):
    """The three qualitative tiers of R5.1, by their Chinese names."""

    ACHIEVED = "达成"
    PARTIAL = "部分达成"
    NOT_ACHIEVED = "未达成"

    @classmethod
    def parse(cls, text: str) -> Tier | None:
        """Read a tier cell: "达成", "部分达成", "未达成" or the English names.

        >>> Tier.parse("部分达成"), Tier.parse("not-achieved"), Tier.parse("良好")
        (<Tier.PARTIAL: '部分达成'>, <Tier.NOT_ACHIEVED: '未达成'>, None)
        """
        cell = normalize(text).replace(" ", "").lower()
        return _TIER_SPELLINGS.get(cell)


_TIER_SPELLINGS: Final = {
    "达成": Tier.ACHIEVED,
    "达成年度指标": Tier.ACHIEVED,
    "achieved": Tier.ACHIEVED,
    "部分达成": Tier.PARTIAL,
    "部分达成年度指标并具有一定效果": Tier.PARTIAL,
    "partial": Tier.PARTIAL,
    "未达成": Tier.NOT_ACHIEVED,
    "未达成年度指标且效果较差": Tier.NOT_ACHIEVED,
    "not-achieved": Tier.NOT_ACHIEVED,
    "not_achieved": Tier.NOT_ACHIEVED,
}


class Grade(enum.Enum):
    """The four grades of R9.2, valued by their Chinese label.

    >>> Grade.parse("优秀").english
    'excellent'
    """

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @property
    def label(self) -> str:
        """The Chinese label printed in 自评等级: 优, 良, 中 or 差."""
        return self._value_  # not the enum's Python-level value property

    @property
    def english(self) -> str:
        """The English name: excellent, good, fair, poor."""
        return self.name.lower()

    def __str__(self) -> str:
        return self._value_  # not the enum's Python-level value property

    @classmethod
    def parse(cls, text: str) -> Grade | None:
        """Read a printed grade ("优", "优秀", "良好", "中", "差" …); ``None`` if not one.

        >>> Grade.parse("良好"), Grade.parse(" 优 "), Grade.parse("B")
        (<Grade.GOOD: '良'>, <Grade.EXCELLENT: '优'>, None)
        """
        return _grade_of(text)


@short_text_cache(256)  # a handful of spellings, read on every table (its grade cell)
def _grade_of(text: str) -> Grade | None:
    return _GRADE_SPELLINGS.get(normalize(text).replace(" ", "").lower())


_GRADE_SPELLINGS: Final = {
    "优": Grade.EXCELLENT,
    "优秀": Grade.EXCELLENT,
    "excellent": Grade.EXCELLENT,
    "良": Grade.GOOD,
    "良好": Grade.GOOD,
    "good": Grade.GOOD,
    "中": Grade.FAIR,
    "中等": Grade.FAIR,
    "fair": Grade.FAIR,
    "差": Grade.POOR,
    "较差": Grade.POOR,
    "poor": Grade.POOR,
}


# --- level 1 and its level-2 kinds (R8.1, R8.4) -------------------------------

#: The level-1 groups and the level-2 kinds listed under each, without their trailing 指标.
LEVEL2_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "产出指标": ("数量", "质量", "时效", "成本"),
    "效益指标": ("经济效益", "社会效益", "生态效益", "可持续影响"),
    "满意度指标": ("服务对象满意度",),
}
#: R8.4 the listed level-2 kinds (without 指标) and the level 1 each belongs to.
LEVEL1_OF_KIND: Final[dict[str, str]] = {kind: level1 for level1, kinds in LEVEL2_KINDS.items() for kind in kinds}


def bare_name(text: str | None) -> str:
    """A level name as R8.4 compares it: normalised, without spaces and a trailing 指标.

    >>> bare_name(" 数量 指标 "), bare_name(None)
    ('数量', '')
    """
    return "".join(normalize(text or "").split()).removesuffix("指标")


def level1_of(level2: str | None) -> str | None:
    """R8.4: the level 1 a listed level-2 kind belongs to ("质量指标" → 产出指标); ``None`` if not listed.

    >>> level1_of("社会效益指标"), level1_of("服务对象满意度"), level1_of("社会效益类")
    ('效益指标', '满意度指标', None)
    """
    return LEVEL1_OF_KIND.get(bare_name(level2))


def level1_name(text: str | None) -> str | None:
    """The canonical name of a printed level 1; ``None`` when the cell is blank (R8.4).

    >>> level1_name("产出 指标"), level1_name("效益"), level1_name("—"), level1_name("其他")
    ('产出指标', '效益指标', None, '其他指标')
    """
    bare = bare_name(text)
    if bare in PLACEHOLDERS:
        return None
    return bare + "指标"


@short_text_cache(1024)  # a handful of spellings on every row of every table
def level2_kind(text: str | None) -> str | None:
    """The level-2 kind without 指标 when it is one of the listed kinds: "时效指标" → "时效".

    >>> level2_kind("时效指标"), level2_kind(" 社会效益 "), level2_kind("效率指标")
    ('时效', '社会效益', None)
    """
    bare = bare_name(text)
    return bare if bare in LEVEL1_OF_KIND else None


@short_text_cache(1024)
def group_of(level1: str | None, level2: str | None) -> tuple[str | None, bool]:
    """R8.4 the row's level-1 group and whether it was inferred from the level 2.

    A printed level 1 is never changed; a blank one is inferred only from a
    listed level-2 kind, else the row is in no group (``None``).

    >>> group_of("产出", "社会效益指标"), group_of("-", "质量指标"), group_of(None, "效率")
    (('产出指标', False), ('产出指标', True), (None, False))
    """
    name = level1_name(level1)
    if name is not None:
        return name, False
    kind = level2_kind(level2)
    return (LEVEL1_OF_KIND[kind], True) if kind is not None else (None, False)
