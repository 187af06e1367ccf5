"""Reading printed words: qualitative tiers (R5.2) and deadline phrases (R6.2)."""

from __future__ import annotations

import re
from typing import Final

from perfeval.caching import short_text_cache
from perfeval.reading.text import is_placeholder, normalize
from perfeval.vocab import Tier

# --- qualitative tiers (R5.2) and deadline phrases (R6.2) -------------------

SUCCESS_WORDS: Final = (
    "达成", "完成", "按时", "及时", "满足", "是", "有效", "提升", "合格", "正常", "显著",
    "达到", "实现", "提高", "改善", "良好", "到位", "落实", "上升", "增强", "优秀", "顺利",
)  # fmt: skip
NEGATION_WORDS: Final = ("未", "没有", "不", "否", "无")
#: Words that leave success open: an actual holding one states no plain success (R5.2), its tier is unknown.
HEDGE_WORDS: Final = ("有待", "待定", "待提高", "待完善", "待评估", "待验收")
# Words that contain a negation character without negating anything.
_NOT_NEGATIONS: Final = ("不断", "无线", "无缝", "无纸化", "是否")
_PUNCTUATION: Final = re.compile(r"[\s,，.。;；:：、!！?？\"'“”‘’()（）《》\[\]【】]")

ON_TIME_WORDS: Final = ("按时完成", "及时完成", "提前完成", "已完成", "按时", "及时", "提前", "按期")
LATE_WORDS: Final = ("未按时", "未及时", "延期", "逾期", "推迟", "滞后", "未完成", "超期")


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
    hedge = next((word for word in HEDGE_WORDS if word in cell), None)
    if hedge is not None:  # "有待提高", "达标待定": success not stated plainly
        return None, f"actual {actual!r} leaves it open ({hedge})"
    stated = cell.replace("是否", "")  # "whether": no 是 (yes) in it
    for word in SUCCESS_WORDS:
        if word in stated:
            return Tier.ACHIEVED, f"actual {actual!r} states success ({word})"
    return None, f"actual {actual!r} states neither success nor failure"


def read_timeliness(actual: str | None) -> bool | None:
    """R6.2: ``True`` for 按时完成-like text, ``False`` for 延期/逾期/未按时, else ``None``.

    A phrase counts the other way when a negation stands right before it (R5.2's 未, 没有, 不, 否, 无, with
    能, 曾, 法 or 存在 between): "未按期完成" and "未能按时完成" are late, "未延期" and "不存在逾期" on time;
    "未提前完成" (not early) says nothing. Text that says both, or neither, is ``None``.

    >>> read_timeliness("按时完成"), read_timeliness("延期完成"), read_timeliness("详见附件")
    (True, False, None)
    >>> read_timeliness("未能按时完成"), read_timeliness("按时完成，未延期"), read_timeliness("提前完成，部分延期")
    (False, True, None)
    """
    if actual is None:
        return None
    cell = _plain(actual)
    said: set[bool] = set()
    for words, meaning in ((LATE_WORDS, False), (ON_TIME_WORDS, True)):
        for word in words:
            start = cell.find(word)
            while start >= 0:
                if not _negated_before(cell, start):
                    said.add(meaning)
                elif not word.startswith("提前"):  # not early ("未提前完成") is not late
                    said.add(not meaning)
                start = cell.find(word, start + 1)
    return said.pop() if len(said) == 1 else None


#: A negation ending right before a phrase, with the words that may stand between ("未能按时", "不存在逾期").
_NEGATION_BEFORE: Final = re.compile(r"(?:未|没有?|不|否|无)(?:能够|能|曾|法|存在|有)?$")


def _negated_before(cell: str, start: int) -> bool:
    """Whether a negation (not 是否, 不断 …) ends right before ``cell[start:]``."""
    before = cell[max(0, start - 4) : start]
    return _NEGATION_BEFORE.search(before) is not None and not before.endswith("是否")
