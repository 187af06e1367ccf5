"""An HTML view of an audit or a scorecard, for Jupyter (``_repr_html_``).

The form as the working paper lays it out: the reported cells with the
computed values beside them, every cell a finding points at filled by its
worst severity (the working paper's colours) and each finding's message in
the row it concerns.  Every text that came from a table is escaped: a table
is untrusted input, and a notebook renders HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape

from perfeval.auditing import Audit
from perfeval.findings import Finding, Severity
from perfeval.scoring import Scorecard

__all__ = ["COLOURS", "audit_html", "scorecard_html"]

#: Background colours by severity: those of the working paper (``perfeval.report.rows.FILLS``).
COLOURS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C", Severity.INFO: "#DDEBF7"}
_COMPUTED = "#E2EFDA"

_STYLE = (
    "<style>"
    ".pe-form{border-collapse:collapse;font-size:12px;margin:4px 0 10px}"
    ".pe-form th,.pe-form td{border:1px solid #A6A6A6;padding:2px 6px;vertical-align:top;text-align:left}"
    ".pe-form th{background:#D9D9D9}.pe-form td.pe-n{text-align:right;white-space:nowrap}"
    ".pe-form td.pe-c{background:" + _COMPUTED + "}.pe-msg{font-size:11px;max-width:38em}"
    ".pe-legend span{display:inline-block;padding:0 6px;margin-right:4px;border:1px solid #A6A6A6}"
    "</style>"
)


def _t(value: object) -> str:
    """A value as escaped HTML text; ``None`` is an empty cell."""
    return "" if value is None else escape(str(value), quote=True)


class _View:
    """One table's view: cells marked by the findings at their paths."""

    def __init__(self, card: Scorecard, findings: Sequence[Finding]) -> None:
        self.card = card
        self.findings = findings
        self.by_path: dict[str, list[Finding]] = {}
        for finding in findings:
            self.by_path.setdefault(finding.path, []).append(finding)
        self.shown: set[str] = set()

    def cell(self, text: object, path: str | None = None, numeric: bool = False) -> str:
        """A reported cell, filled by the worst finding at ``path`` and titled with its messages."""
        style, title = "", ""
        found = self.by_path.get(path, []) if path is not None else []
        if found:
            self.shown.add(path or "")
            worst = max(f.severity for f in found)
            style = f' style="background:{COLOURS[worst]}"'
            title = ' title="' + _t(" | ".join(f"{f.code}: {f.message_zh}" for f in found)) + '"'
        css = ' class="pe-n"' if numeric else ""
        return f"<td{css}{style}{title}>{_t(text)}</td>"

    @staticmethod
    def computed(value: object) -> str:
        return f'<td class="pe-n pe-c">{_t(value)}</td>'

    def messages(self, *prefixes: str) -> str:
        """The messages of every finding on a path under one of ``prefixes``, one a line."""
        found = [
            f
            for path, fs in self.by_path.items()
            if any(path == prefix or path.startswith(prefix + ".") for prefix in prefixes)
            for f in fs
        ]
        for f in found:
            self.shown.add(f.path)
        return _messages(found)

    def header(self, title: str) -> str:
        table, card = self.card.table, self.card
        rows = [
            ("项目名称 project", self.cell(table.project, "$.project")),
            ("主管部门 department", self.cell(table.department, "$.department")),
            ("实施单位 implementer", self.cell(table.implementer, "$.implementer")),
            ("来源 source", f"<td>{_t(table.source)}</td>"),
            ("文件 file", f"<td>{_t(f'{table.origin[0]}[{table.origin[1]}]' if table.origin else None)}</td>"),
            ("规则 rules", f"<td>{_t(card.rules.name)}</td>"),
        ]
        body = "".join(f"<tr><th>{head}</th>{cell}</tr>" for head, cell in rows)
        return f"<h4>{_t(title)}</h4><table class='pe-form'>{body}</table>"

    def funds(self) -> str:
        table, ex = self.card.table, self.card.execution
        heads = ("项目资金(万元)", "年初预算数", "全年预算数", "全年执行数")
        out = ["<table class='pe-form'><tr>", *(f"<th>{h}</th>" for h in heads), "</tr>"]
        lines = (
            ("total", "年度资金总额"),
            ("fiscal", "其中：当年财政拨款"),
            ("carryover", "上年结转资金"),
            ("other", "其他资金"),
        )
        for name, label in lines:
            line = getattr(table.funds, name)
            cells = "".join(
                self.cell(getattr(line, key), f"$.funds.{name}.{key}", True)
                for key in ("initial", "annual", "executed")
            )
            out.append(f"<tr><th>{label}</th>{cells}</tr>")
        out.append("</table><table class='pe-form'><tr>")
        out += [f"<th>{h}</th>" for h in ("分值", "执行率", "计算执行率", "得分", "计算得分", "说明 findings")]
        out.append("</tr><tr>")
        out.append(self.cell(table.execution.weight, "$.execution.weight", True))
        out.append(self.cell(table.execution.rate, "$.execution.rate", True))
        out.append(self.computed(ex.printed_rate if ex.rate is not None else "—"))
        out.append(self.cell(table.execution.score, "$.execution.score", True))
        out.append(self.computed(ex.points))
        notes = self.messages("$.execution", "$.funds")
        out.append(f"<td class='pe-msg'>{notes}</td></tr></table>")
        return "".join(out)

    def indicators(self) -> str:
        heads = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分")
        more = ("计算得分", "是否完成", "类型", "说明 findings")
        out = ["<table class='pe-form'><tr>", *(f"<th>{h}</th>" for h in (*heads, *more)), "</tr>"]
        card, table = self.card, self.card.table
        weights = [s.weight for s in card.indicators if s.weight is not None]
        out.append(
            "<tr><th colspan='7'>小计 subtotal</th>"
            + self.cell(sum(weights, Decimal(0)) if weights else None, "$.indicators[*].weight", True)
            + self.cell(table.subtotal, "$.subtotal", True)
            + self.computed(sum((s.points for s in card.indicators), Decimal(0)))
            + "<td></td><td></td><td class='pe-msg'>"
            + _messages(self.by_path.get("$.indicators[*].weight", []) + self.by_path.get("$.subtotal", []))
            + "</td></tr>"
        )
        for row in card.indicators:
            ind, base = row.indicator, f"$.indicators[{row.index}]"
            cells = [self.cell(getattr(ind, key), f"{base}.{key}") for key in ("level1", "level2", "name", "operator")]
            cells.append(self.cell(ind.target, f"{base}.target", True))
            cells.append(self.cell(ind.unit, f"{base}.unit"))
            cells += [self.cell(getattr(ind, key), f"{base}.{key}", True) for key in ("actual", "weight", "score")]
            cells.append(self.computed(row.points))
            cells.append(self.computed({True: "是", False: "否", None: "?"}[row.met]))
            cells.append(self.computed(row.kind.value))
            cells.append(f"<td class='pe-msg'>{self.messages(base)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
        return "".join(out)

    def totals(self) -> str:
        card, table = self.card, self.card.table
        heads = ("总分值", "总得分", "计算总得分", "自评等级", "计算等级", "说明 findings")
        row = (
            self.computed(card.rules.total_weight)
            + self.cell(table.total, "$.total", True)
            + self.computed(card.total)
            + self.cell(table.grade, "$.grade")
            + self.computed(card.grade.label)
            + f"<td class='pe-msg'>{self.messages('$.total', '$.grade')}</td>"
        )
        return "<table class='pe-form'><tr>" + "".join(f"<th>{h}</th>" for h in heads) + f"</tr><tr>{row}</tr></table>"

    def rest(self) -> str:
        """Findings not shown beside a cell above (a level-1 group, the table as a whole …)."""
        left = [f for f in self.findings if f.path not in self.shown]
        return f"<p class='pe-msg'><b>其他 other findings</b><br>{_messages(left)}</p>" if left else ""


def _messages(findings: Iterable[Finding]) -> str:
    return "<br>".join(
        f"<span style='background:{COLOURS[f.severity]}'>{_t(f.severity.value)}</span> "
        f"<code>{_t(f.code)}</code> {_t(f.message_zh)}<br><i>{_t(f.message_en)}</i>"
        + (f"<br><small>另见 also: {_t(', '.join(f.also))}</small>" if f.also else "")  # R11 merged codes
        for f in findings
    )


def _legend(findings: Sequence[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    keys = "".join(
        f"<span style='background:{COLOURS[s]}'>{label} {s.value}: {counts[s]}</span>"
        for s, label in ((Severity.ERROR, "错误"), (Severity.WARNING, "警告"), (Severity.INFO, "提示"))
    )
    return f"<div class='pe-legend'>{keys}<span style='background:{_COMPUTED}'>计算值 computed</span></div>"


def _render(card: Scorecard, findings: Sequence[Finding], title: str) -> str:
    view = _View(card, findings)
    parts = [view.header(title), _legend(findings), view.funds(), view.indicators(), view.totals()]
    return "<div class='perfeval'>" + _STYLE + "".join(parts) + view.rest() + "</div>"


def audit_html(result: Audit) -> str:
    """The HTML view of an :class:`~perfeval.auditing.Audit`.

    >>> import perfeval
    >>> [t] = perfeval.load(perfeval.example_paths()[21])
    >>> html = perfeval.audit(t)._repr_html_()
    >>> "52.15" in html and "#FFC7CE" in html and "未完成指标值却得满分" in html
    True
    """
    return _render(result.scorecard, result.findings, "审核 audit · 项目支出绩效自评表")


def scorecard_html(card: Scorecard) -> str:
    """The HTML view of a :class:`~perfeval.scoring.Scorecard`: reported and computed, no findings."""
    return _render(card, (), "评分 scorecard · 项目支出绩效自评表")
