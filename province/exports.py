"""The province dashboard as XLSX (cells through reports' write_cell) and PDF (the
reports' bundled-font WeasyPrint renderer)."""

from __future__ import annotations

import datetime
import io

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook

from province.selectors import ProvinceOverview
from reports.builders.pdf import FONT_FAMILY, font_faces, html_to_pdf
from reports.builders.xlsx import HEADER_FONT, TITLE_FONT, write_cell
from reports.documents import Document, ascii_slug
from villages.models import Province


def _rows(overview: ProvinceOverview) -> tuple[list[str], list[list[object]]]:
    headers = [
        "Xã",
        "Nhóm",
        "Tiêu chí đạt",
        "Thay đổi so với tháng trước",
        "Báo cáo tháng",
        "Tình trạng tiếp nhận",
        "Tiêu chí chưa đạt",
    ] + [f"TC {criterion.number}" for criterion in overview.criteria]
    marks = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "?"}
    rows = []
    for standing in overview.standings:
        rows.append(
            [
                standing.commune.full_name,
                standing.commune.commune_group or "",
                f"{standing.met}/{standing.total}",
                standing.change,
                str(standing.report_label),
                str(standing.receipt_label),
                ", ".join(str(c.number) for c in standing.unmet),
            ]
            + [
                marks[str(standing.statuses_by_criterion.get(c.number, "unknown"))]
                for c in overview.criteria
            ]
        )
    return headers, rows


def _title(overview: ProvinceOverview) -> str:
    return (
        f"Tình hình thực hiện nông thôn mới các xã – tỉnh {overview.province.name} – "
        f"tháng {overview.month:%m/%Y}"
    )


def overview_names(province: Province, month: datetime.date, fmt: str) -> Document:
    """The export's names (no content): known before the job prepares it."""
    period = f"{month:%Y-%m}"
    return Document(
        content=b"",
        filename=f"ntm-tinh-{ascii_slug(province.name)}-{period}.{fmt}",
        display_name=f"NTM tỉnh {province.name} {period}.{fmt}",
        fmt=fmt,
    )


# The province dashboard exports as a workbook or a PDF; there is no Word version.
OVERVIEW_FORMATS = ("xlsx", "pdf")


def overview_document(overview: ProvinceOverview, fmt: str) -> Document:
    with translation.override("vi"):
        headers, rows = _rows(overview)
        content = _xlsx(overview, headers, rows) if fmt == "xlsx" else _pdf(overview, headers, rows)
    names = overview_names(overview.province, overview.month, fmt)
    return Document(content, names.filename, names.display_name, fmt)


def _xlsx(overview: ProvinceOverview, headers: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Các xã"
    write_cell(sheet, 1, 1, _title(overview)).font = TITLE_FONT
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, 3, column, header).font = HEADER_FONT
    for row_index, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, row_index, column, value)
    sheet.freeze_panes = "B4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pdf(overview: ProvinceOverview, headers: list[str], rows: list[list[object]]) -> bytes:
    html = render_to_string(
        "province/pdf/overview.html",
        {
            "title": _title(overview),
            "office": overview.province.office_name,
            "headers": headers,
            "rows": rows,
            "fonts": font_faces(),
            "font_family": FONT_FAMILY,
        },
    )
    return html_to_pdf(html)
