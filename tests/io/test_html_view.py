"""The HTML view of an Audit and a Scorecard (Jupyter's ``_repr_html_``), issue 14.

The view is checked as text (values side by side, colours, escaping) and once
in headless Chromium when it is installed: the browser's DOM must hold the
hostile project name as text, with no element made from it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

import perfeval
from perfeval.report.html_view import COLOURS
from perfeval.report.rows import FILLS

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>=HYPERLINK("http://e","c")'


@pytest.fixture(scope="module")
def travel() -> perfeval.Audit:
    [table] = perfeval.load(perfeval.example_paths()[21])
    return perfeval.audit(table)


def test_the_colours_are_the_working_papers() -> None:
    assert {s: c.lstrip("#") for s, c in COLOURS.items()} == FILLS


def test_an_audit_shows_reported_and_computed_side_by_side_with_findings_beside_the_cell(
    travel: perfeval.Audit,
) -> None:
    html = travel._repr_html_()
    # Row 0: reported score 15.00 filled red (an error on it), computed 2.50 beside it, the message in the row.
    row = next(r for r in html.split("<tr>") if "单个团组出访总人数" in r)
    assert re.search(r'style="background:#FFC7CE" title="[^"]*unmet-target-full-score[^"]*">15\.00</td>', row)
    assert '<td class="pe-n pe-c">2.50</td>' in row
    assert "未完成指标值却得满分15.00，按规则应为2.50" in row
    # Totals: reported 90.56 (amber: total-recomputed) next to computed 52.15; grades 优 and 差.
    assert re.search(r"#FFEB9C[^>]*>90\.56</td><td class=\"pe-n pe-c\">52\.15</td>", html)
    assert ">差</td>" in html
    assert "错误 error: 3" in html  # R11 v2: one finding per wrong cell
    assert "警告 warning: 6" in html


def test_every_finding_is_shown_once(travel: perfeval.Audit) -> None:
    html = travel._repr_html_()
    for finding in travel.findings:
        assert html.count(finding.message_en.replace("'", "&#x27;").replace('"', "&quot;")) >= 1


def test_a_scorecard_has_a_view_without_findings(travel: perfeval.Audit) -> None:
    html = travel.scorecard._repr_html_()
    assert "52.15" in html
    assert "90.56" in html
    assert '#FFC7CE"' not in html  # no cell marked: a scorecard has no findings


def _hostile() -> perfeval.Audit:
    [table] = perfeval.load(perfeval.example_paths()[21])
    row = attrs.evolve(table.indicators[0], name=HOSTILE, unit="<b>人</b>")
    return perfeval.audit(attrs.evolve(table, project=HOSTILE, indicators=(row, *table.indicators[1:])))


def test_input_text_is_escaped() -> None:
    html = _hostile()._repr_html_()
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>人" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_a_browser_renders_the_hostile_view_as_text(tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    page.write_text("<!doctype html><meta charset=utf-8><body>" + _hostile()._repr_html_(), encoding="utf-8")
    assert CHROMIUM is not None
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "<table" in dom
    assert "52.15" in dom
    assert "<script" not in dom
    assert "<img" not in dom
    assert "&lt;script&gt;" in dom
