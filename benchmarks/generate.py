"""Generate N realistic self-evaluation tables as JSON Lines (seeded, reproducible).

The tables look like the 2023 Yunnan disclosure bundled with perfeval: mostly
quantitative rows (percent rates, counts, money) under the operator
spellings the forms really use ("≥", ">=", "-", "□=" …), with some
qualitative rows ("有效提升"), some deadline rows ("2023年底前" / "按时完成"),
percent targets written as fractions ("0.9" for 90 %), unmet targets given full
marks, thousands separators, full-width digits, and a few inconsistent totals
and grades — everything the audit has to look at.

    python benchmarks/generate.py 50000 -o /tmp/tables.jsonl --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from typing import Any

# Operator spellings with the weights they have in the Yunnan sample.
OPERATORS = [">=", "≥", "=", "-", "□=", ">", "<", "<=", "≤", "＞＝", "不低于", None, ""]
OPERATOR_WEIGHTS = [58, 21, 19, 10, 8, 6, 4, 4, 1, 2, 1, 2, 1]
POSITIVE = {">=", "≥", "=", ">", "＞＝", "不低于"}
REVERSE = {"<", "<=", "≤"}

COUNT_UNITS = ["个", "次", "户", "人", "件", "篇", "份", "场", "项", "条", "人次", "笔", "家", "期"]
TOPICS = [
    "医药储备", "粮食储备", "信息系统运维", "人才创业", "中小企业发展", "招商引资", "节能监察",
    "农产品加工", "电子政务外网", "经济普查", "产业转移对接", "融资担保", "专精特新培育",
    "工业互联网", "数字经济", "园区建设", "技术改造", "品牌培育", "展会组织", "安全生产",
]  # fmt: skip
KINDS_OF_FUND = ["补助资金", "专项资金", "专项经费", "工作经费", "转移支付资金", "奖补资金"]
DEPARTMENTS = ["工业和信息化厅", "财政厅", "发展和改革委员会", "商务厅", "科学技术厅", "农业农村厅"]
PROVINCES = ["云南省", "广西壮族自治区", "贵州省", "四川省", "湖南省"]
QUALITATIVE_TARGETS = ["有效提升", "明显改善", "有效", "逐步提高", "满足需求", "显著提升", "持续推进", "加大宣传力度"]
QUALITATIVE_ACTUALS = [
    "有效提升", "是", "达到预期", "良好", "部分完成", "未完成", "基本实现", "明显改善", "新华网专题报道", "有所提高",
]  # fmt: skip
DEADLINE_TARGETS = [
    "{y}年底前", "{y}年12月31日前", "12月底前", "{y}年6月底前", "年底前", "{y}年第三季度", "{y}年11月前",
]  # fmt: skip
DEADLINE_ACTUALS = [
    "按时完成", "及时完成", "{y}年11月20日", "已完成", "延期完成", "{n}年1月完成", "{y}年12月15日", "未按时完成",
]  # fmt: skip
EXPLANATIONS = [
    "受疫情影响部分工作延后，下一步将加快推进。",
    "项目资金下达较晚，执行进度滞后，已督促加快支出。",
    "指标值设定偏低，今后将科学合理设定绩效目标。",
    "部分企业未按期申报，将加强政策宣传。",
]
LEVELS = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["经济效益指标", "社会效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
}
NAME_ENDINGS = ["完成率", "数量", "覆盖率", "满意度", "及时率", "项目数"]
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def money(rng: random.Random, low: float, high: float) -> float:
    """A budget amount in 万元, log-uniform between low and high, to the cent."""
    return round(10 ** rng.uniform(_log10(low), _log10(high)), 2)


def _log10(x: float) -> float:
    import math

    return math.log10(x)


def printed(value: float, rng: random.Random, *, places: int = 2, commas: float = 0.3) -> str:
    """A number as the table prints it: two places, sometimes with thousands separators."""
    if rng.random() < commas:
        return f"{value:,.{places}f}"
    return f"{value:.{places}f}"


def _cents(x: float) -> float:
    """round2 half up, as the forms print it."""
    return float(f"{x + 1e-9:.2f}")


def funds(rng: random.Random) -> tuple[dict[str, Any], float | None, float | None]:
    annual = money(rng, 1, 60000)
    initial = annual if rng.random() < 0.6 else money(rng, annual * 0.5, annual * 1.5)
    shape = rng.random()
    if shape < 0.7:
        executed = round(annual * rng.uniform(0.9, 1.0), 2)
    elif shape < 0.9:
        executed = round(annual * rng.uniform(0.3, 0.9), 2)
    elif shape < 0.97:
        executed = annual
    else:
        executed = round(annual * rng.uniform(1.0, 1.1), 2)  # over-execution
    total: dict[str, str | None] = {
        "initial": printed(initial, rng),
        "annual": printed(annual, rng),
        "executed": printed(executed, rng),
    }
    empty: dict[str, Any] = {"initial": None, "annual": None, "executed": None}
    fiscal, carryover, other = dict(total), dict(empty), dict(empty)
    if rng.random() < 0.2:  # part of the money is carried over from last year
        share = rng.uniform(0.1, 0.5)
        fiscal = {
            k: printed(_cents(v * (1 - share)), rng, commas=0)
            for k, v in zip(total, (initial, annual, executed), strict=True)
        }
        carryover = {
            k: printed(_cents(v - _cents(v * (1 - share))), rng, commas=0)
            for k, v in zip(total, (initial, annual, executed), strict=True)
        }
    if rng.random() < 0.02:  # the annual budget was not printed: the rate is undefined (R1.3)
        total["annual"] = fiscal["annual"] = None
        return {"total": total, "fiscal": fiscal, "carryover": carryover, "other": other}, None, None
    return {"total": total, "fiscal": fiscal, "carryover": carryover, "other": other}, annual, executed


def split_weights(rng: random.Random, n: int, total: int) -> list[int]:
    """``n`` whole weights adding up to ``total`` (multiples of 5 when possible)."""
    if n == 1:
        return [total]
    unit = 5 if total >= 5 * n else 1
    cuts = sorted(rng.sample(range(1, total // unit), n - 1)) if total // unit > n else list(range(1, n))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, total // unit], strict=True)]
    return [p * unit for p in parts]


def quantitative(rng: random.Random, weight: float, level1: str) -> dict[str, Any]:
    op = rng.choices(OPERATORS, OPERATOR_WEIGHTS)[0]
    reverse = op in REVERSE
    shape = rng.random()
    if level1 == "满意度指标" or shape < 0.45:  # a percent rate
        unit = "%"
        target = rng.choice([80, 85, 90, 95, 98, 100])
        if reverse:
            target = rng.choice([1, 3, 5, 10])
        actual = float(min(100, target + rng.choice([0, 0, 2, 5, 10]))) if not reverse else float(rng.choice([0, 1]))
        target_text = str(target)
        if rng.random() < 0.06:  # R3.3: a fraction written for a percent
            target_text = f"{target / 100:g}"
        if rng.random() < 0.04:
            target_text = rng.choice([f"≥{target}%", f"{target}%以上", f"满意率达{target}%以上"])
    elif shape < 0.8:  # a count
        unit = rng.choice(COUNT_UNITS)
        target = rng.choice([1, 2, 3, 4, 5, 6, 10, 12, 20, 30, 50, 100, 260, 1000, 2000, 4000])
        actual = float(target + rng.choice([0, 0, 1, 2, target]))
        if reverse:
            actual = float(max(0, target - rng.choice([0, 1, target])))
        target_text = str(target)
    else:  # money or time
        unit = rng.choice(["万元", "万元", "元/人", "小时", "天", "亿元"])
        target = round(rng.uniform(1, 3000), rng.choice([0, 0, 2]))  # type: ignore[assignment]
        actual = round(target * rng.uniform(0.8, 1.3) if not reverse else target * rng.uniform(0.6, 1.0), 2)
        target_text = f"{target:g}" if target == int(target) else f"{target:.2f}"
    unmet = rng.random() < 0.12
    if unmet:  # the target was missed (and maybe full marks claimed anyway)
        actual = round(actual * 0.7, 2) if not reverse else round(float(target) * 1.3 + 1, 2)
    actual_text = f"{actual:g}" if actual == int(actual) else f"{actual:.2f}"
    if rng.random() < 0.02:
        actual_text = actual_text.translate(FULL_WIDTH)
    if rng.random() < 0.01:
        actual_text = rng.choice(["见附件", "大于1亿元", "较好"])  # unreadable as a number
    score = weight
    explanation = None
    if unmet and rng.random() < 0.5:
        score = _cents(weight * rng.uniform(0.6, 0.95))
        explanation = rng.choice(EXPLANATIONS) if rng.random() < 0.7 else None
    return {
        "operator": op,
        "target": target_text,
        "unit": unit,
        "actual": actual_text,
        "score": score,
        "explanation": explanation,
    }


def qualitative(rng: random.Random, weight: float, year: int) -> dict[str, Any]:
    target = rng.choice(QUALITATIVE_TARGETS)
    actual = target if rng.random() < 0.4 else rng.choice(QUALITATIVE_ACTUALS)
    score = weight if rng.random() < 0.7 else _cents(weight * rng.choice([0.9, 0.8, 0.6, 0.5]))
    return {
        "operator": rng.choice(["=", "-", None, "≥"]),
        "target": target,
        "unit": rng.choice(["上升", "是/否", None, "0", "%"]),
        "actual": actual,
        "score": score,
        "explanation": None,
    }


def deadline(rng: random.Random, weight: float, year: int) -> dict[str, Any]:
    target = rng.choice(DEADLINE_TARGETS).format(y=year)
    actual = rng.choice(DEADLINE_ACTUALS).format(y=year, n=year + 1)
    return {
        "operator": rng.choice(["=", "≤", "-", None]),
        "target": target,
        "unit": rng.choice(["及时", "0", None, "月"]),
        "actual": actual,
        "score": weight if rng.random() < 0.85 else _cents(weight * 0.8),
        "explanation": None,
    }


def indicators(rng: random.Random, year: int) -> list[dict[str, Any]]:
    plan = [("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    if rng.random() < 0.05:
        plan = [("产出指标", 45), ("效益指标", 30), ("满意度指标", 10)]  # weights that do not add up
    rows = []
    for level1, total in plan:
        n = 1 if level1 == "满意度指标" else rng.randint(1, 4)
        for weight in split_weights(rng, n, total):
            w = float(weight)
            kind = rng.random()
            if level1 != "满意度指标" and kind < 0.12:
                row = qualitative(rng, w, year)
            elif level1 == "产出指标" and kind < 0.22:
                row = deadline(rng, w, year)
            else:
                row = quantitative(rng, w, level1)
            rows.append(
                {
                    "level1": level1,
                    "level2": rng.choice(LEVELS[level1]),
                    "name": rng.choice(TOPICS) + rng.choice(NAME_ENDINGS),
                    "operator": row["operator"],
                    "target": row["target"],
                    "unit": row["unit"],
                    "actual": row["actual"],
                    "weight": f"{w:.2f}" if rng.random() > 0.01 else None,
                    "score": f"{row['score']:.2f}",
                    "explanation": row["explanation"],
                }
            )
    return rows


def grade(total: float) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def table(rng: random.Random, number: int) -> dict[str, Any]:
    year = rng.choice([2022, 2023, 2023, 2023, 2024])
    province, department = rng.choice(PROVINCES), rng.choice(DEPARTMENTS)
    funds_obj, annual, executed = funds(rng)
    if annual and executed is not None:
        rate = _cents(executed / annual * 100)
        exec_score = _cents(10 * min(rate, 100) / 100)
        rate_text: str | None = f"{rate:.2f}"
        if rng.random() < 0.03:
            rate_text = f"{rate + 1:.2f}"  # a rate that does not follow from the funds
    else:
        rate_text, exec_score = None, 0.0
    rows = indicators(rng, year)
    scores = [float(r["score"]) for r in rows]
    subtotal = sum(scores)
    total = _cents(exec_score + subtotal)
    if rng.random() < 0.03:
        total = _cents(total + rng.choice([-2, 1, 5]))
    grade_text = grade(total) if rng.random() > 0.02 else rng.choice("优良中差")
    return {
        "format": "perfeval-table/1",
        "source": f"generated table {number}",
        "table_no": f"公开{number % 40 + 1}表",
        "year": year,
        "project": f"{rng.choice(TOPICS)}{rng.choice(KINDS_OF_FUND)}（{number}）",
        "department": f"{province}{department}",
        "implementer": f"{province}{department}",
        "funds": funds_obj,
        "execution": {
            "weight": "10.00" if rng.random() > 0.05 else None,
            "rate": rate_text,
            "score": f"{exec_score:.2f}" if rng.random() > 0.1 else None,
        },
        "goals": {"expected": "按计划完成项目建设任务。", "achieved": "项目按计划实施，达到预期目标。"},
        "indicators": rows,
        "subtotal": f"{subtotal:.2f}" if rng.random() < 0.5 else None,
        "total": f"{total:.2f}",
        "grade": grade_text,
        "notes": None,
        "transcription_notes": [],
    }


def tables(n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``n`` tables, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(n):
        yield table(rng, number)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many tables")
    parser.add_argument("-o", "--output", help="JSON Lines file to write (default: standard output)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for obj in tables(args.count, args.seed):
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
