"""XLSX workbooks with openpyxl: the spreadsheet forms a province collects (criteria table,
per-village table, tasks, resources by source, the bodies' reports).

Each sheet: a title row, a subtitle row, a bold header row (frozen, repeated on every
printed page), numbers as numbers, shares as fractions with a percent format, A4
printing fitted to the page width."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from criteria.numbers import PERCENT_DECIMALS, decimals_for, ratio, rounded
from villages.xlsx import write_cell

# Excel's own formats for the decimals of criteria.numbers, so that a cell shows what
# the PDF prints (Excel localises the separators).
PERCENT = "0." + "0" * PERCENT_DECIMALS + "%"
INTEGER = "#,##0"
# A column of figures: each cell gets INTEGER when whole, else its decimals (never
# "#,##0.##", which Excel shows with a trailing separator: "1.805,").
FIGURE = "figure"
DATE = "DD/MM/YYYY"
HEADER_ROW = 3
FONT_NAME = "Times New Roman"
FONT_SIZE = 11
# Row height for wrapped text: points per line of 11 pt text, and the characters a
# column of width 1 holds (Times is narrower than the width unit's "0" of the default
# font; 1.2 keeps a margin so that a line never overflows the height).
LINE_HEIGHT = 15
CHARS_PER_WIDTH = 1.2

TITLE_FONT = Font(name=FONT_NAME, bold=True, size=13)
SUBTITLE_FONT = Font(name=FONT_NAME, italic=True, size=FONT_SIZE)
HEADER_FONT = Font(name=FONT_NAME, bold=True, size=FONT_SIZE)
BODY_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
THIN = Side(style="thin")
HEADER_BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)


@dataclass(frozen=True)
class Figure:
    """A number with the decimals it is printed with (criteria.numbers)."""

    value: int | float | Decimal | None
    decimals: int = 0


def figure_format(value: Any, decimals: int) -> str:
    """INTEGER for a whole number, else exactly `decimals` places."""
    if value is None or decimals <= 0 or float(value).is_integer():
        return INTEGER
    return "#,##0." + "0" * decimals


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of `width` needs for `text` (each line of text
    wrapped at the column's characters)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str = ""
    wrap: bool = False


def _style(
    cell: Cell, styles: dict[tuple[str, bool], StyleArray], number_format: str, wrap: bool
) -> None:
    """Gives the cell its number format and alignment. openpyxl hashes a style object on
    every assignment, the main cost of a large sheet: each combination is built once and
    its style ids copied to the next cells."""
    key = (number_format, wrap)
    known = styles.get(key)
    if known is not None:
        cell._style = copy(known)
        return
    if number_format:
        cell.number_format = number_format
    if wrap:
        cell.alignment = WRAP
    styles[key] = copy(cell._style)


def _sheet(
    workbook: Workbook,
    name: str,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
) -> Worksheet:
    sheet = workbook.create_sheet(name)
    sheet.sheet_format.defaultRowHeight = LINE_HEIGHT
    write_cell(sheet, 1, 1, title).font = TITLE_FONT
    write_cell(sheet, 2, 1, subtitle).font = SUBTITLE_FONT
    for index, column in enumerate(columns, start=1):
        cell = write_cell(sheet, HEADER_ROW, index, column.header)
        cell.font = HEADER_FONT
        cell.alignment = HEADER_ALIGNMENT
        cell.border = HEADER_BORDER
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    styles: dict[tuple[str, bool], StyleArray] = {}
    header_lines = max(_lines(c.header, c.width) for c in columns)
    sheet.row_dimensions[HEADER_ROW].height = header_lines * LINE_HEIGHT + 4
    any_wrap = any(column.wrap for column in columns)
    for row_index, row in enumerate(rows, start=HEADER_ROW + 1):
        lines = 1
        for col_index, (column, value) in enumerate(zip(columns, row, strict=False), start=1):
            if value is None or isinstance(value, Figure) and value.value is None:
                continue  # an empty cell is not written (nor styled)
            number_format = column.number_format
            if isinstance(value, str):
                if column.wrap:
                    lines = max(lines, _lines(value, column.width))
            elif isinstance(value, Figure):
                number_format = figure_format(value.value, value.decimals)
                value = value.value
            elif not number_format and isinstance(value, datetime.date):
                number_format = DATE
            elif not number_format and isinstance(value, int) and not isinstance(value, bool):
                number_format = INTEGER
            # The font is the workbook's default (Times New Roman): not set per cell.
            cell = write_cell(sheet, row_index, col_index, value)
            if number_format == FIGURE:
                number_format = ""
            if number_format or column.wrap:
                _style(cell, styles, number_format, column.wrap)
        if any_wrap:
            # Set even for one line: LibreOffice does not grow a row to fit wrapped text
            # it did not lay out itself, so the text would overlap the next row.
            sheet.row_dimensions[row_index].height = lines * LINE_HEIGHT + 3
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if len(columns) > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    return sheet


def _workbook(title: str, commune: dict[str, Any], when: datetime.date) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    # One font family in the whole workbook: the default style's font (empty cells, the
    # "Normal" style) is Times New Roman too, not openpyxl's Calibri.
    workbook._fonts = IndexedList([BODY_FONT])
    workbook._named_styles["Normal"].font = BODY_FONT
    properties = workbook.properties
    properties.title = title
    properties.subject = commune["full_name"]
    properties.creator = commune["issuer"]
    properties.keywords = f"nông thôn mới; {commune['full_name']}; {commune['province']}"
    properties.description = f"{title} – {commune['full_name']}, {commune['province']}"
    properties.category = "Báo cáo nông thôn mới"
    moment = datetime.datetime(when.year, when.month, when.day, tzinfo=datetime.UTC)
    properties.created = properties.modified = moment.replace(tzinfo=None)
    return workbook


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _fraction(percent: float | int | None) -> Decimal | None:
    """A percentage as the fraction a percent-formatted cell holds: 0,13 % → 0.0013 (the
    percentage already rounded by criteria.numbers, so Excel does not round it again)."""
    if percent is None:
        return None
    return rounded(percent, PERCENT_DECIMALS) / 100


CRITERIA_COLUMNS = (
    Column("TT", 7),
    Column("Tiêu chí, chỉ tiêu", 60, wrap=True),
    Column("Chỉ tiêu yêu cầu", 16, wrap=True),
    Column("Kết quả", 22, wrap=True),
    Column("Tử số", 11, FIGURE),
    Column("Mẫu số", 11, FIGURE),
    Column("Tỷ lệ", 10, PERCENT),
    Column("Tự đánh giá", 14),
    Column("Cơ quan chủ trì", 22, wrap=True),
)


def _criteria_rows(criteria: list[dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for criterion in criteria:
        rows.append(
            [
                str(criterion["number"]),
                f"Tiêu chí số {criterion['number']}: {criterion['name']}",
                None,
                None,
                None,
                None,
                None,
                criterion["status_label"],
                ", ".join(criterion["lead_bodies"]),
            ]
        )
        for indicator in criterion["indicators"]:
            rows.append(
                [
                    indicator["code"],
                    indicator["name"],
                    indicator["requirement"],
                    indicator["result"],
                    Figure(indicator["numerator"], indicator.get("decimals", 0)),
                    Figure(indicator["denominator"], indicator.get("decimals", 0)),
                    _fraction(indicator["percent_value"]),
                    indicator["status_label"],
                    indicator["lead_body"],
                ]
            )
    return rows


VILLAGE_COLUMNS = (
    Column("Mã chỉ tiêu", 11),
    Column("Chỉ tiêu", 50, wrap=True),
    Column("Thôn", 20),
    Column("Tử số", 11, FIGURE),
    Column("Mẫu số", 11, FIGURE),
    Column("Tỷ lệ", 10, PERCENT),
)


def _village_rows(criteria: list[dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for criterion in criteria:
        for indicator in criterion["indicators"]:
            for village in indicator["villages"]:
                rows.append(
                    [
                        indicator["code"],
                        indicator["name"],
                        village["name"],
                        Figure(village["numerator"], indicator.get("decimals", 0)),
                        Figure(village["denominator"], indicator.get("decimals", 0)),
                        _fraction(village["percent_value"]),
                    ]
                )
            if indicator["villages"]:
                rows.append(
                    [
                        indicator["code"],
                        indicator["name"],
                        "Toàn xã",
                        Figure(indicator["numerator"], indicator.get("decimals", 0)),
                        Figure(indicator["denominator"], indicator.get("decimals", 0)),
                        _fraction(indicator["percent_value"]),
                    ]
                )
    return rows


TASK_COLUMNS = (
    Column("TT", 6),
    Column("Nhiệm vụ", 60, wrap=True),
    Column("Tiêu chí", 9),
    Column("Chỉ tiêu", 9),
    Column("Cơ quan chủ trì", 22, wrap=True),
    Column("Thời hạn", 12, DATE),
    Column("Tình trạng", 16),
    Column("Tiến độ", 10, PERCENT),
    Column("Cập nhật gần nhất", 40, wrap=True),
)


def _task_rows(tasks: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            index,
            task["title"],
            task["criterion"],
            task["indicator"],
            task["lead_body"],
            _date(task["deadline"]),
            task["state_label"],
            _fraction(task["progress"]),
            task["note"],
        ]
        for index, task in enumerate(tasks, start=1)
    ]


RESOURCE_COLUMNS = (
    Column("TT", 6),
    Column("Nguồn", 38, wrap=True),
    Column("Đơn vị tính", 12),
    Column("Kế hoạch", 18, FIGURE),
    Column("Thực hiện", 18, FIGURE),
    Column("Tỷ lệ thực hiện", 14, PERCENT),
)


def _resource_rows(resources: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            index,
            row["label"],
            row["unit"],
            Figure(row["planned"], decimals_for(row["unit"])),
            Figure(row["actual"], decimals_for(row["unit"])),
            _fraction(row["percent_value"]),
        ]
        for index, row in enumerate(resources, start=1)
    ]


SUMMARY_COLUMNS = (Column("Nội dung", 40, wrap=True), Column("Giá trị", 70, wrap=True))


def render_monthly_xlsx(data: dict[str, Any]) -> bytes:
    commune = data["commune"]
    period = f"tháng {data['month_number']} năm {data['year']}"
    title = f"Báo cáo kết quả thực hiện Chương trình MTQG xây dựng NTM {period}"
    subtitle = (
        f"{commune['full_name']}, {commune['province']} – số liệu đến ngày {data['cutoff_text']}"
    )
    workbook = _workbook(title, commune, _date(data["report_date"]))
    summary = data["summary"]
    share = _fraction(ratio(summary["met"], summary["total"]))
    summary_rows = [
        ["Xã", commune["full_name"]],
        ["Tỉnh", commune["province"]],
        ["Kỳ báo cáo", f"{period} ({data['period_text']})"],
        ["Số hiệu văn bản", data["number_line"].replace("\u00a0", " ")],
        ["Ngày báo cáo", _date(data["report_date"])],
        ["Kính gửi", commune["superior_body"]],
        ["Số tiêu chí đạt", summary["met"]],
        ["Số tiêu chí chưa đạt", summary["not_met"]],
        ["Số tiêu chí chưa xác định", summary["unknown"]],
        ["Tổng số tiêu chí", summary["total"]],
        ["Tỷ lệ tiêu chí đạt", share],
        ["Có số liệu trong tháng", "Có" if data["has_data"] else "Chưa có số liệu"],
    ]
    if data.get("criteria_set"):  # snapshots sent before issue 18 do not name it
        summary_rows.append(["Bộ tiêu chí", data["criteria_set"]["text"]])
    sheet = _sheet(workbook, "Tổng hợp", title, subtitle, SUMMARY_COLUMNS, summary_rows)
    sheet.cell(row=HEADER_ROW + 11, column=2).number_format = PERCENT
    _sheet(
        workbook,
        "Tiêu chí",
        "Kết quả thực hiện các tiêu chí, chỉ tiêu",
        subtitle,
        CRITERIA_COLUMNS,
        _criteria_rows(data["criteria"]),
    )
    _sheet(
        workbook,
        "Theo thôn",
        "Kết quả các chỉ tiêu theo thôn",
        subtitle,
        VILLAGE_COLUMNS,
        _village_rows(data["criteria"]),
    )
    _sheet(
        workbook,
        "Nhiệm vụ",
        f"Nhiệm vụ theo kế hoạch năm {data['year']}",
        subtitle,
        TASK_COLUMNS,
        _task_rows(data["tasks"]),
    )
    _sheet(
        workbook,
        "Nguồn lực",
        "Kết quả huy động nguồn lực theo nguồn",
        subtitle,
        RESOURCE_COLUMNS,
        _resource_rows(data["resources"]),
    )
    _sheet(
        workbook,
        "Báo cáo đơn vị",
        f"Báo cáo tháng của các cơ quan, đơn vị, thôn – {period}",
        subtitle,
        (
            Column("TT", 6),
            Column("Cơ quan, đơn vị, thôn", 28, wrap=True),
            Column("Tình trạng", 14),
            Column("Ngày gửi", 12, DATE),
            Column("Kết quả", 50, wrap=True),
            Column("Khó khăn", 35, wrap=True),
            Column("Đề xuất", 35, wrap=True),
        ),
        [
            [
                i,
                r["body"],
                r["state_label"],
                _date(r["submitted_on"]) if r.get("submitted_on") else None,
                r["results"],
                r["difficulties"],
                r["proposals"],
            ]
            for i, r in enumerate(data["submissions"], start=1)
        ],
    )
    return _bytes(workbook)


def render_quarterly_xlsx(data: dict[str, Any]) -> bytes:
    commune = data["commune"]
    quarter = f"quý {data['quarter']} năm {data['year']}"
    title = (
        f"Kế hoạch thực hiện Chương trình MTQG xây dựng NTM năm {data['year']} – tiến độ {quarter}"
    )
    subtitle = f"{commune['full_name']}, {commune['province']} – {data['quarter_text']}"
    first_day = datetime.date(data["year"], 3 * data["quarter"] - 2, 1)
    workbook = _workbook(title, commune, first_day)
    plan = data["plan"] or {}
    tasks = data["quarter_tasks"]
    done = sum(1 for task in tasks if task["state"] == "done")
    summary = data["summary"]
    rows = [
        ["Xã", commune["full_name"]],
        ["Kế hoạch", data["subject"] if plan else "Chưa có kế hoạch năm"],
        ["Số hiệu", data["number_line"].replace("\u00a0", " ")],
        ["Kỳ", f"{quarter} ({data['quarter_text']})"],
        ["Mục tiêu của quý", data["quarter_milestone"]],
        ["Số nhiệm vụ trong quý", len(tasks)],
        ["Số nhiệm vụ hoàn thành", done],
        ["Tỷ lệ nhiệm vụ hoàn thành", _fraction(ratio(done, len(tasks)))],
        [f"Số tiêu chí đạt (tháng {data['status_month_text']})", summary["met"]],
        ["Tổng số tiêu chí", summary["total"]],
    ] + [[f"Mục tiêu quý {m['quarter']}", m["description"]] for m in data["milestones"]]
    sheet = _sheet(workbook, "Kế hoạch", title, subtitle, SUMMARY_COLUMNS, rows)
    sheet.cell(row=HEADER_ROW + 8, column=2).number_format = PERCENT
    _sheet(
        workbook,
        f"Nhiệm vụ quý {data['quarter']}",
        f"Nhiệm vụ trong {quarter}",
        subtitle,
        TASK_COLUMNS,
        _task_rows(tasks),
    )
    all_tasks = [task for group in data["criteria_tasks"] for task in group["tasks"]]
    all_tasks += [task for section in data["solutions"] for task in section["tasks"]]
    _sheet(
        workbook,
        "Nhiệm vụ cả năm",
        f"Các nhiệm vụ của kế hoạch năm {data['year']}",
        subtitle,
        TASK_COLUMNS,
        _task_rows(all_tasks),
    )
    _sheet(
        workbook,
        "Tiêu chí",
        f"Kết quả các tiêu chí (tháng {data['status_month_text']})",
        subtitle,
        CRITERIA_COLUMNS,
        _criteria_rows(data["criteria"]),
    )
    _sheet(
        workbook,
        "Theo thôn",
        f"Kết quả các chỉ tiêu theo thôn (tháng {data['status_month_text']})",
        subtitle,
        VILLAGE_COLUMNS,
        _village_rows(data["criteria"]),
    )
    _sheet(
        workbook,
        "Nguồn lực",
        "Kết quả huy động nguồn lực theo nguồn",
        subtitle,
        RESOURCE_COLUMNS,
        _resource_rows(data["resources"]),
    )
    return _bytes(workbook)
