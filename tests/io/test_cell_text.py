"""How workbook cells become printed text, and how label cells are recognised (no extras needed)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from perfeval.read.cell_text import display_text
from perfeval.read.labels import label_key


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (1052.96, "General", "1052.96"),
        (Decimal("1052.9600000000000363797880709171295166015625"), "General", "1052.96"),  # the float, exactly
        (1052.96 * 3 / 3, "0.00", "1052.96"),
        (0.1 + 0.2, "General", "0.3"),
        (25000.0, "General", "25000"),
        (25000, "General", "25000"),
        (1e-05, "General", "0.00001"),
        (10, "0.00", "10.00"),
        (10.0, "0.00", "10.00"),
        (39.5, "0.0", "39.5"),
        (1052.96, "#,##0.00", "1,052.96"),
        (8697.8, "#,##0.00", "8,697.80"),
        (1414700, "#,##0", "1,414,700"),
        (2.675, "0.00", "2.68"),
        (0.805, "0.00", "0.81"),
        (0.9989, "0.00%", "99.89%"),
        (0.5, "0%", "50%"),
        (10, '0.00"万元"', "10.00万元"),
        (10, "0.00_ ", "10.00"),
        (-3, "0.00;[Red]-0.00", "-3.00"),
        (-3.5, "0.0", "-3.5"),
        (7, "000", "007"),
        (Decimal("99.890"), "General", "99.89"),
        (12345678901234567890.0, "General", "12345678901234600000"),
    ],
)
def test_numbers_show_as_excel_shows_them(value: object, number_format: str, text: str) -> None:
    assert display_text(value, number_format) == text


def test_text_dates_and_empty_cells() -> None:
    assert display_text("  有效提升 ") == "有效提升"
    assert display_text("1,052.96") == "1,052.96"
    assert display_text("") is None
    assert display_text("   ") is None
    assert display_text(None) is None
    assert display_text(True) == "TRUE"
    assert display_text(datetime.datetime(2023, 12, 31), 'yyyy"年"m"月"d"日"') == "2023年12月31日"
    assert display_text(datetime.datetime(2023, 6, 1), "yyyy-mm-dd") == "2023-06-01"
    assert display_text(datetime.datetime(2023, 6, 1, 9, 5), "yyyy-mm-dd hh:mm") == "2023-06-01 09:05"
    assert display_text(datetime.date(2023, 6, 1), "General") == "2023-06-01"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("其中：当年财政拨款", "当年财政拨款"),
        ("其中:当年财政拨款", "当年财政拨款"),
        ("项目资金（万元）", "项目资金(万元)"),
        ("项 目 名 称：", "项目名称"),
        ("　总得分　", "总得分"),
        ("指标值:", "指标值"),
        ("ＡＢＣ", "ABC"),
    ],
)
def test_label_keys_fold_spaces_full_width_and_prefixes(text: str, key: str) -> None:
    assert label_key(text) == key
