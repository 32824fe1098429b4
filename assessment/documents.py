"""The self-assessment as PDF (Nghị định 30 layout), XLSX and DOCX, from the snapshot of
`selectors.self_assessment_data`: the monthly report's header, number line, signature
block and builders (reports/builders), so that the three documents look like the
commune's other documents and print the same figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from docx.shared import Mm

from reports.builders import docx as docx_parts
from reports.builders import pdf as pdf_parts
from reports.builders import xlsx as xlsx_parts

Data = dict[str, Any]
HEADERS = [
    "Mã",
    "Tiêu chí, chỉ tiêu",
    "Yêu cầu",
    "Số liệu mới nhất",
    "Đánh giá",
    "Số minh chứng",
    "Cơ quan chủ trì",
    "Ý kiến của cơ quan chủ trì",
]


def _summary_sentence(data: Data) -> str:
    summary = data["summary"]
    text = (
        f"Đến tháng {data['month_text']}, xã tự đánh giá đạt {summary['met']}/"
        f"{summary['total']} tiêu chí"
    )
    if summary["not_met"]:
        text += f"; còn {summary['not_met']} tiêu chí chưa đạt"
    if summary["unknown"]:
        text += f"; {summary['unknown']} tiêu chí chưa xác định được do thiếu số liệu"
    return text + "."


def _opinion(indicator: Data) -> str:
    return "; ".join(t for t in (indicator["assessment"], indicator["comment"]) if t)


def rows(data: Data) -> list[tuple[bool, list[str]]]:
    """The table's rows as text: (is a criterion row, cells)."""
    out = []
    for criterion in data["criteria"]:
        out.append(
            (
                True,
                [
                    str(criterion["number"]),
                    f"Tiêu chí {criterion['number']}. {criterion['name']}",
                    "",
                    "",
                    criterion["status_text"],
                    "",
                    "",
                    "",
                ],
            )
        )
        for indicator in criterion["indicators"]:
            out.append(
                (
                    False,
                    [
                        indicator["code"],
                        indicator["name"],
                        indicator["requirement"],
                        indicator["figure"],
                        indicator["status_text"],
                        str(indicator["evidence"]),
                        indicator["lead_body"],
                        _opinion(indicator),
                    ],
                )
            )
    return out


def self_assessment_html(data: Data) -> str:
    with translation.override("vi"):
        return render_to_string(
            "assessment/pdf.html",
            {
                "data": data,
                "summary_sentence": _summary_sentence(data),
                "headers": HEADERS,
                "rows": rows(data),
                "fonts": pdf_parts.font_faces(),
                "font_family": pdf_parts.FONT_FAMILY,
            },
        )


def render_self_assessment_pdf(data: Data) -> bytes:
    return pdf_parts._render(self_assessment_html(data))


def render_self_assessment_xlsx(data: Data) -> bytes:
    commune = data["commune"]
    title = data["subject"]
    subtitle = f"{commune['full_name']}, {commune['province']} – đến tháng {data['month_text']}"
    workbook = xlsx_parts._workbook(
        title, commune, datetime.date.fromisoformat(data["report_date"])
    )
    summary = data["summary"]
    summary_rows = [
        ["Xã", commune["full_name"]],
        ["Tỉnh", commune["province"]],
        # A year is a label, not a quantity: as a number it would print "2.024".
        ["Năm đánh giá", str(data["year"])],
        ["Số liệu đến tháng", data["month_text"]],
        ["Số tiêu chí đạt", summary["met"]],
        ["Số tiêu chí chưa đạt", summary["not_met"]],
        ["Số tiêu chí chưa xác định", summary["unknown"]],
        ["Tổng số tiêu chí", summary["total"]],
        ["Số minh chứng", data["evidence_total"]],
    ]
    if data.get("criteria_set"):
        summary_rows.append(["Bộ tiêu chí", data["criteria_set"]["text"]])
    xlsx_parts._sheet(
        workbook, "Tổng hợp", title, subtitle, xlsx_parts.SUMMARY_COLUMNS, summary_rows
    )
    widths = (8, 50, 16, 24, 14, 12, 26, 45)
    columns = [
        xlsx_parts.Column(header, width, wrap=index in (1, 3, 6, 7))
        for index, (header, width) in enumerate(zip(HEADERS, widths, strict=True))
    ]
    table = []
    for _criterion, cells in rows(data):
        cells = list(cells)
        cells[5] = int(cells[5]) if cells[5] else None
        table.append(cells)
    xlsx_parts._sheet(workbook, "Tự đánh giá", title, subtitle, columns, table)
    return xlsx_parts._bytes(workbook)


def render_self_assessment_docx(data: Data) -> bytes:
    document = docx_parts._new_document(data)
    commune = data["commune"]
    docx_parts._header(document, data)
    docx_parts._title(document, data)
    if commune["superior_body"]:
        docx_parts._paragraph(
            document, f"Kính gửi: {commune['superior_body']}.", align=docx_parts.CENTER
        )
    docx_parts._paragraph(
        document,
        f"{commune['issuer']} tự đánh giá kết quả thực hiện các tiêu chí, chỉ tiêu xã nông "
        f"thôn mới năm {data['year']} như sau:",
    )
    docx_parts._paragraph(document, _summary_sentence(data))
    if data.get("criteria_set"):
        docx_parts._paragraph(document, data["criteria_set"]["text"] + ".")
    docx_parts._landscape(document)
    table_rows = rows(data)
    docx_parts._table(
        document,
        HEADERS,
        [cells for _criterion, cells in table_rows],
        widths=[Mm(14), Mm(70), Mm(25), Mm(30), Mm(20), Mm(16), Mm(35), Mm(57)],
        bold_rows={index for index, (criterion, _c) in enumerate(table_rows) if criterion},
        numeric={5},
    )
    docx_parts._paragraph(
        document,
        f"Trên đây là kết quả tự đánh giá thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới "
        f"năm {data['year']} của {commune['issuer']}./.",
        keep_with_next=True,
    )
    docx_parts._signature(document, data, commune["recipients"])
    return docx_parts._bytes(document)
