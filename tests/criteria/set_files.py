"""A 2026–2030 criteria set file made for the tests, marked as test data everywhere
("dữ liệu thử"): the official QĐ 51/2025 indicator table is not known here, and the app
must never present invented indicators as the decision's.

`set_file()` is a valid file in the layout of docs/CRITERIA-SET-FILE.md: three criteria
in two groups, a met / not met indicator, a water indicator (households on clean water,
per village, thresholds by commune group 1/2/3) continuing QĐ 318's 17.1 through the
crosswalk, and an income indicator. Any sheet's rows can be replaced to make a bad file:

    set_file(indicators=[*INDICATORS, INDICATORS[0]])  # a duplicate code
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook

from criteria.setfile import (
    CRITERIA_COLUMNS,
    CRITERIA_SHEET,
    CROSSWALK_COLUMNS,
    CROSSWALK_SHEET,
    FIRST_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    SET_FIELDS,
    SET_SHEET,
    THRESHOLD_COLUMNS,
    THRESHOLD_SHEET,
)

TEST_SET_CODE = "ntm-2026-2030-du-lieu-thu"
WATER = "2.1"

SET = {
    "code": TEST_SET_CODE,
    "decision_ref": "51/2025/QĐ-TTg (dữ liệu thử)",
    "decision_date": datetime.date(2025, 2, 15),
    "title": "Bộ tiêu chí xã nông thôn mới 2026–2030 (dữ liệu thử, không phải văn bản chính thức)",
    "issuer": "Dữ liệu thử",
    "valid_from": datetime.date(2026, 1, 1),
    "valid_to": datetime.date(2030, 12, 31),
    "threshold_basis": "commune_group",
    "version": 1,
}
CRITERIA = [
    [1, "Quy hoạch (dữ liệu thử)", 1, "Nhóm thử I"],
    [2, "Nước sạch và môi trường (dữ liệu thử)", 1, "Nhóm thử I"],
    [3, "Thu nhập (dữ liệu thử)", 2, "Nhóm thử II"],
]
# code, criterion, name, kind, comparator, unit, numerator, denominator, denominator
# source, per village, evidence, lead body kind, needs checking, order
INDICATORS = [
    ["1.1", 1, "Có quy hoạch chung xã được phê duyệt (dữ liệu thử)", "boolean", "", "", "", "",
     "", "không", "có", "peoples_committee", "test-data", 1],
    [WATER, 2, "Tỷ lệ hộ dùng nước sạch (dữ liệu thử)", "ratio", ">=", "",
     "Số hộ dùng nước sạch", "Tổng số hộ", "households", "có", "không", "peoples_committee",
     "test-data", 2],
    ["3.1", 3, "Thu nhập bình quân đầu người (dữ liệu thử)", "number", ">=",
     "triệu đồng/người/năm", "", "", "", "không", "không", "peoples_committee", "test-data", 3],
]  # fmt: skip
SOURCE = "Dữ liệu thử, không phải văn bản chính thức"
THRESHOLDS = [
    [WATER, "commune_group", "", 1, ">=", 60, SOURCE, "có"],
    [WATER, "commune_group", "", 2, ">=", 50, SOURCE, "có"],
    [WATER, "commune_group", "", 3, ">=", 40, SOURCE, "có"],
    ["3.1", "general", "", "", ">=", 70, SOURCE, "có"],
]
CROSSWALKS = [
    ["qd318-2021-2025", "17.1", WATER, "có", "Dữ liệu thử: cùng đo hộ dùng nước sạch"],
]


def set_file(
    *,
    fields: dict[str, Any] | None = None,
    criteria: list[list[Any]] | None = None,
    indicators: list[list[Any]] | None = None,
    thresholds: list[list[Any]] | None = None,
    crosswalks: list[list[Any]] | None = None,
) -> bytes:
    """The test set file's bytes; each argument replaces that sheet's rows (`fields`
    updates the set's)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SET_SHEET
    values = SET | (fields or {})
    _rows(sheet, ("Mục", "Giá trị"), [[label, values[name]] for name, label in SET_FIELDS])
    sheets = [
        (CRITERIA_SHEET, CRITERIA_COLUMNS, CRITERIA if criteria is None else criteria),
        (
            INDICATOR_SHEET,
            [label for _n, label in INDICATOR_COLUMNS],
            INDICATORS if indicators is None else indicators,
        ),
        (
            THRESHOLD_SHEET,
            [label for _n, label in THRESHOLD_COLUMNS],
            THRESHOLDS if thresholds is None else thresholds,
        ),
        (CROSSWALK_SHEET, CROSSWALK_COLUMNS, CROSSWALKS if crosswalks is None else crosswalks),
    ]
    for title, headers, rows in sheets:
        _rows(workbook.create_sheet(title), headers, rows)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _rows(sheet: Any, headers: Any, rows: list[list[Any]]) -> None:
    sheet.cell(row=1, column=1, value="Bộ tiêu chí thử (dữ liệu thử)")
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=3, column=column, value=header)
    for number, values in enumerate(rows, start=FIRST_ROW):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
