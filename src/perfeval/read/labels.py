"""The workbook's label cells: how a cell's text is compared with a label, and the spellings each label is found by."""

from __future__ import annotations

import re

from perfeval.reading.text import normalize


def label_key(text: str) -> str:
    """A cell's text as labels are compared: full-width folded, no spaces, no 其中 / trailing colon.

    >>> label_key(" 其中：当年财政拨款 "), label_key("项目资金（万元）"), label_key("项 目 名 称：")
    ('当年财政拨款', '项目资金(万元)', '项目名称')
    """
    key = re.sub(r"\s+", "", normalize(text))  # the one fold of reading.text: see docs/decisions.md
    key = key.removeprefix("其中:").removeprefix("其中")
    return key.rstrip(":")


TITLE = "项目支出绩效自评表"

#: Canonical label → the spellings it is found by (after :func:`label_key` and :func:`core_key`).
_ALIASES: dict[str, tuple[str, ...]] = {
    "项目名称": ("项目名称",),
    "主管部门": ("主管部门",),
    "实施单位": ("实施单位",),
    "预算单位": ("预算单位",),
    "年初预算数": ("年初预算数", "年初预算"),
    "全年预算数": (
        "全年预算数",
        "全年预算",
        "调整后预算数",
        "调整后预算",
        "全年调整预算数",
        "调整预算数",
        "调整后全年预算数",
    ),
    "全年执行数": ("全年执行数", "全年实际执行数", "实际执行数", "全年实际支出数", "实际支出数", "全年执行"),
    "分值": ("分值", "权重", "指标分值", "指标权重", "标准分值", "标准分"),
    "执行率": ("执行率", "预算执行率", "资金执行率"),
    "得分": ("得分", "自评得分", "实际得分", "自评分"),
    "备注": ("备注",),
    "年度资金总额": ("年度资金总额", "资金总额", "项目资金总额"),
    "当年财政拨款": ("当年财政拨款", "财政拨款", "本年财政拨款"),
    "上年结转资金": ("上年结转资金", "上年结转", "上年结余资金", "上年结余", "上年结转结余资金", "上年结转结余"),
    "其他资金": ("其他资金",),
    "预期目标": ("预期目标",),
    "实际完成情况": ("实际完成情况",),
    "一级指标": ("一级指标",),
    "二级指标": ("二级指标",),
    "三级指标": ("三级指标", "指标名称", "指标内容"),
    "指标性质": ("指标性质", "指标符号", "符号"),
    "指标值": ("指标值", "目标值", "全年指标值"),
    "年度指标值": ("年度指标值",),
    "度量单位": ("度量单位", "计量单位", "单位"),
    "实际完成值": ("实际完成值", "实际完成量", "全年实际值", "实际完成数", "全年实际完成值", "实际值"),
    "偏差原因分析及改进措施": ("偏差原因分析及改进措施", "偏离原因分析及改进措施"),  # and other 偏差原因… spellings
    "其他需要说明的事项": ("其他需要说明的事项",),
    "总分": ("总分",),
    "总分值": ("总分值",),
    "总得分": ("总得分", "总分分", "总分得分"),
    "自评等级": ("自评等级", "评价等级", "绩效等级"),
}
_CANONICAL = {spelling: label for label, spellings in _ALIASES.items() for spelling in spellings}
_INLINE = ("项目名称", "主管部门", "实施单位", "预算单位", "其他需要说明的事项", "总得分", "自评等级")
#: Headings of the form that are never a value (besides the labels).
HEADINGS = frozenset({"绩效指标", "年度指标", "项目支出绩效指标表", "年度总体目标", "项目资金(万元)", "项目资金"})
#: The computed columns of perfeval's own working paper (report/paper.py), headings beside the labels they check.
HEADINGS |= {"计算执行率", "计算得分", "计算总得分", "计算等级"}
SUM_LABELS = ("合计", "小计", "总计")
#: The marks a note opens with in perfeval-table/1: where on the form it was printed.
NOTE_MARKS = ("备注：", "其他需要说明的事项：")
#: Labels of the total line's own cells.
TOTAL_LABELS = ("总分", "总分值", "总得分", "得分")
TABLE_NO = re.compile(r"公开\s*\d+\s*表")
YEAR = re.compile(r"((?:19|20|21)\d\d)\s*年")
#: A year on a line of its own under the title: ``（2023年度）``.
YEAR_LINE = re.compile(r"\(?((?:19|20|21)\d\d)年度?\)?")
#: A bracketed qualifier closing a label (folded): ``(万元)``, ``(分)``, ``(%)``, ``(B/A)``, ``(盖章)``.
_QUALIFIER = re.compile(r"\([^()]*\)$")
#: Words that end a label without changing what it labels: 主管部门及代码.
_LABEL_SUFFIXES = ("及代码", "及编码")
#: The explanation column is found by the words it starts with (偏差原因…, 偏离原因…).
_EXPLANATION_STARTS = ("偏差原因", "偏离原因")


def core_key(key: str) -> str:
    """A label key without what qualifies it: ``(其中)`` in front, ``(万元)`` / ``及代码`` / a colon at the end."""
    core = key.removeprefix("(其中)")
    while True:
        stripped = _QUALIFIER.sub("", core).rstrip(":")
        for suffix in _LABEL_SUFFIXES:
            stripped = stripped.removesuffix(suffix)
        if stripped == core:
            return core
        core = stripped


def label_of(key: str) -> str | None:
    """The canonical label a cell's key spells, if any: exactly, or by its core words (``执行率(%)`` → 执行率)."""
    found = _CANONICAL.get(key)
    if found is not None or len(key) > 30:
        return found
    core = core_key(key)
    found = _CANONICAL.get(core)
    if found is None and core.startswith(_EXPLANATION_STARTS) and len(core) <= 16 and ":" not in core:
        found = "偏差原因分析及改进措施"
    return found


def _inline_pattern(label: str) -> re.Pattern[str]:
    """A cell opening with ``label`` (and its qualifiers), then maybe a colon, then maybe a value."""
    chars = r"\s*".join(re.escape(c) for c in label)
    suffixes = "|".join(map(re.escape, _LABEL_SUFFIXES))  # the same qualifiers core_key drops from a label
    qualifiers = rf"(?:\s*(?:{suffixes}|[（(][^（()）]*[）)]))*"
    return re.compile(rf"^\s*{chars}{qualifiers}\s*(?P<colon>[:：])?\s*(?P<rest>.*?)\s*$", re.DOTALL)


INLINE_PATTERNS = {label: _inline_pattern(label) for label in _INLINE}
