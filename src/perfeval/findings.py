"""The finding catalogue of R11: codes, severities, rules and messages.

A :class:`Finding` is a value: frozen, comparable, and serialisable with
:meth:`Finding.to_dict`.  Messages are one line each in Chinese and English,
built from the catalogue templates below.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs


class Severity(enum.StrEnum):
    """How serious a finding is: ``info < warning < error``; each member equals its text.

    >>> Severity.ERROR >= Severity.WARNING, Severity.ERROR == "error", max(Severity).value
    (True, True, 'error')
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info."""
        return RANKS[self.value]  # a module constant, not a dict built on every call

    def _other_rank(self, other: object) -> int | None:
        if isinstance(other, Severity):
            return other.rank
        return RANKS.get(other) if isinstance(other, str) else None

    # Ordered by rank, not alphabetically as text: "warning" > "error" as strings.
    def __lt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank < rank

    def __le__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank <= rank

    def __gt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank > rank

    def __ge__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank >= rank

    def __eq__(self, other: object) -> bool:
        # Spelled out (it is str's) so that type checkers accept ``severity == "error"`` under --strict.
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        # Hash as the text it equals, so that pandas and sets find "error" by Severity.ERROR and back.
        return hash(self.value)


#: The rank of each severity's text: 2 for error, 1 for warning, 0 for info.
RANKS = {"error": 2, "warning": 1, "info": 0}


@attrs.frozen(slots=True)
class Code:
    """A catalogue entry: the code, its severity and rule, and message templates."""

    code: str
    severity: Severity
    rule: str
    zh: str
    en: str
    #: A few words naming the code, for summaries and the docs.
    title_zh: str = ""
    title_en: str = ""


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every finding code of R11, in catalogue order (the order findings sort by
#: within one cell).
CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in (
        Code("execution-base-initial", _I, "R1.7", "未填全年预算数，以年初预算数{reported}为基数计算执行率{computed}%", "no annual budget printed: the initial budget {reported} is the base, rate {computed}%", "以年初预算数为基数", "initial budget as the base"),
        Code("execution-undefined", _W, "R1.3", "预算执行率无法计算：{what}", "execution rate undefined: {what_en}", "执行率无法计算", "execution rate undefined"),
        Code("over-execution", _W, "R1.4", "全年执行数{reported}超过全年预算数{annual}，执行率{computed}%", "executed {reported} exceeds the annual budget {annual}: rate {computed}%", "执行数超过预算数", "executed above the annual budget"),
        Code("execution-rate-mismatch", _E, "R1.1", "填报执行率{rate}，按执行数/预算数应为{computed}%", "reported rate {rate} but executed / annual gives {computed}%", "执行率算错", "execution rate mismatch"),
        Code("rate-as-fraction", _I, "R1.6", "执行率按小数填报“{reported}”（即{percent}%），与计算执行率{computed}%相符", "rate printed as the fraction {reported} (= {percent}%), which agrees with the computed {computed}%", "执行率按小数填报", "rate printed as a fraction"),
        Code("execution-score-mismatch", _E, "R1.2", "填报预算执行得分{reported}，按规则应为{computed}", "reported execution score {reported} but the rule gives {computed}", "预算执行得分算错", "execution score mismatch"),
        Code("execution-basis", _I, "R1.5", "填报预算执行得分{reported}按{basis}计算，本规则集（{rules}）按{rule_basis}应为{computed}", "reported execution score {reported} follows the {basis_en}; rule set {rules} ({rule_basis_en}) gives {computed}", "执行得分计分口径不同", "execution score on the other basis"),
        Code("funds-sum-mismatch", _W, "R11", "年度资金总额{column}{shown}不等于各来源之和{computed}", "total {column_en} {shown_en} is not fiscal + carry-over + other = {computed}", "资金来源合计不符", "funds lines do not add up"),
        Code("operator-unreadable", _W, "R2.3", "指标性质“{reported}”无法识别，按“{computed}”计", "operator {reported!r} unreadable; read as {computed}", "指标性质无法识别", "operator unreadable"),
        Code("operator-missing", _I, "R2.3", "指标性质为空，按“{computed}”计", "operator cell empty; read as {computed}", "指标性质为空", "operator missing"),
        Code("value-unreadable", _W, "R3.5", "“{reported}”无法读作数值，{kept}", "{reported!r} cannot be read as a number; {kept_en}", "数值无法读取", "value unreadable"),
        Code("unit-mismatch", _W, "R3.3", "单位不一致：{detail}", "unit mismatch: {detail_en}", "单位不一致", "unit mismatch"),
        Code("weight-missing", _W, "R8.3", "分值为空，{kept}", "weight missing; {kept_en}", "分值为空", "weight missing"),
        Code("score-exceeds-weight", _E, "R8.2", "得分{reported}超过分值{weight}，应为{computed}", "score {reported} exceeds the weight {weight}; the rule gives {computed}", "得分超过分值", "score exceeds weight"),
        Code("unmet-target-full-score", _E, "R4.1", "未完成指标值却得满分{reported}，按规则应为{computed}", "target not met yet full marks {reported}; the rule gives {computed}", "未完成却得满分", "unmet target scored in full"),
        Code("qualitative-out-of-band", _E, "R5.3", "得分{reported}不在{tier}档区间{band}内，应为{computed}", "score {reported} outside the {tier_en} band {band}; clamped to {computed}", "定性得分超出档次区间", "outside the tier band"),
        Code("score-above-computed", _E, "R4", "填报得分{reported}高于计算得分{computed}", "reported score {reported} above the computed {computed}", "得分高于计算值", "score above the computed"),
        Code("score-below-computed", _I, "R4", "填报得分{reported}低于计算得分{computed}（如有扣分依据可保留）", "reported score {reported} below the computed {computed} (fine if explained)", "得分低于计算值", "score below the computed"),
        Code("over-achievement", _W, "R4.6", "实际完成值为指标值的{computed}倍，指标值可能设定偏低", "actual is {computed}× the target; the target may have been set too low", "超额完成（指标值可能偏低）", "over-achievement"),
        Code("qualitative-unassessed", _I, "R5.2", "无法判断完成档次（{reported}），{kept}", "tier cannot be told from {reported!r}; {kept_en}", "无法判断完成档次", "tier unknown"),
        Code("missing-explanation", _W, "R11", "{why}，但未填写偏差原因分析", "{why_en}, but no explanation is given", "缺少偏差原因分析", "explanation missing"),
        Code("level1-inferred", _I, "R8.4", "一级指标未填，按二级指标“{level2}”推定为“{computed}”", "level 1 blank; inferred as {computed} from the level 2 {level2!r}", "一级指标按二级指标推定", "level 1 inferred"),
        Code("weights-not-printed", _I, "R8.5", "各指标均未填分值：不核对分值合计、一级指标结构与产出执行背离，得分沿用填报值", "no indicator prints a weight: weight totals, the level-1 split and the divergence are not checked; reported scores are kept", "未填分值", "weights not printed"),
        Code("weight-sum", _E, "R8.1", "分值合计{reported}，应为{computed}", "weights add up to {reported}, not {computed}", "分值合计不为100", "weights do not add up to 100"),
        Code("level1-weights", _W, "R8.1", "{level1}分值合计{reported}，规则为{computed}", "{level1} weights add up to {reported}; the rule set expects {computed}", "一级指标分值结构不符", "level-1 split differs"),
        Code("subtotal-mismatch", _E, "R11", "指标得分小计{reported}不等于各指标得分之和{computed}", "printed subtotal {reported} is not the sum of indicator scores {computed}", "指标得分小计不符", "subtotal mismatch"),
        Code("total-mismatch", _E, "R11", "总分{reported}不等于填报的执行得分与指标得分之和{computed}", "reported total {reported} is not the reported execution score + indicator scores = {computed}", "总分与各项得分之和不符", "total does not add up"),
        Code("total-recomputed", _W, "R9.1", "填报总分{reported}，按规则重算为{computed}{basis}", "reported total {reported}; recomputed under the rules {computed}{basis_en}", "重算总分不同", "recomputed total differs"),
        Code("grade-mismatch", _E, "R9.2", "填报等级“{reported}”与填报总分对应的等级“{computed}”不符", "reported grade {reported} does not follow from the reported total ({computed})", "等级与总分不符", "grade does not follow the total"),
        Code("grade-recomputed", _W, "R9.2", "按重算总分应为“{computed}”，填报为“{reported}”{basis}", "the recomputed total grades {computed}, reported {reported}{basis_en}", "重算等级不同", "recomputed grade differs"),
        Code("output-execution-divergence", _W, "R10.2", "指标得分率{reported}%高出预算执行率{computed}%{gap}", "indicator score ratio {reported}% exceeds the execution rate {computed}% by {gap_en}", "产出与预算执行背离", "outputs beyond spending"),
    )
}  # fmt: skip

CODES: tuple[str, ...] = tuple(CATALOGUE)


def _codes(value: object) -> tuple[str, ...]:
    if value.__class__ is tuple and not value:  # the common case: nothing merged
        return value
    return tuple(str(code) for code in value)  # type: ignore[attr-defined]


@attrs.frozen(slots=True, order=False)
class Finding:
    """One disagreement between a table and the rules (R11).

    >>> from perfeval.finding_records import make
    >>> finding = make("score-exceeds-weight", "$.indicators[0].score", "16.00", "15.00", weight="15.00")
    >>> finding.severity, finding.rule, finding.message_en
    (<Severity.ERROR: 'error'>, 'R8.2', 'score 16.00 exceeds the weight 15.00; the rule gives 15.00')
    >>> finding.to_dict()["message_zh"], Finding.from_dict(finding.to_dict()) == finding
    ('得分16.00超过分值15.00，应为15.00', True)
    """

    code: str
    severity: Severity
    path: str
    reported: str | None
    computed: str | None
    rule: str
    message_zh: str
    message_en: str
    #: R11 v2 the other codes merged into this one on the same score cell, in family order.
    also: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    #: Where the finding is, structured: the indicator row's index, or the level-1 group a group finding is
    #: about — so that a report never parses ``path`` back.  Not in :meth:`to_dict` (``path`` says it there).
    row: int | None = attrs.field(default=None, eq=False, kw_only=True)
    group: str | None = attrs.field(default=None, eq=False, kw_only=True)

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "severity", "path", "reported", "computed", "rule", "message_zh", "message_en", "also"}``."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "reported": self.reported,
            "computed": self.computed,
            "rule": self.rule,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "also": list(self.also),
        }

    @classmethod
    def from_dict(cls, obj: dict[str, Any]) -> Finding:
        """The inverse of :meth:`to_dict`."""
        return cls(**{**obj, "severity": Severity(obj["severity"]), "also": tuple(obj.get("also", ()))})


#: R11 v2 the two families whose findings on one cell merge, each in its order (error down to info).
INDICATOR_SCORE_FAMILY = (
    "unmet-target-full-score",
    "qualitative-out-of-band",
    "score-exceeds-weight",
    "score-above-computed",
    "score-below-computed",
)
EXECUTION_SCORE_FAMILY = ("score-exceeds-weight", "execution-score-mismatch", "execution-basis")
