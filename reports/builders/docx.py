"""DOCX documents with python-docx: the same snapshot and the same text as the PDF, laid
out by Nghị định 30/2020/NĐ-CP, for officials who edit the text before it is printed,
signed and stamped.

A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt
(13 pt in the header); the two-column header (issuing body and number | nation, motto
and date) as a borderless table; page numbers centred at the top from page 2; the
appendix in a landscape section. Sample data is marked in every page's header."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from reports.builders.wording import MOTTO, NATION

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
HEADER_SIZE = Pt(13)
TABLE_SIZE = Pt(11.5)
INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
SAMPLE_MARK = "DỮ LIỆU MẪU"

Data = dict[str, Any]


def _new_document(data: Data) -> Any:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = BODY_SIZE
    # East Asian and complex-script slots too, so Word never substitutes a font for
    # Vietnamese letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    paragraph_format = style.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = SPACE_AFTER
    paragraph_format.line_spacing = 1.15
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section)
    section.different_first_page_header_footer = True
    _page_number(section, data.get("is_sample", False))
    properties = document.core_properties
    properties.title = f"{data['title']} {data['subject']}".replace("\u00a0", " ")
    properties.author = data["commune"]["issuer"]
    properties.language = "vi-VN"
    return document


def _margins(section: Any) -> None:
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)


def _field(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _sample_line(header: Any) -> None:
    paragraph = header.add_paragraph()
    paragraph.alignment = CENTER
    run = paragraph.add_run(SAMPLE_MARK)
    run.bold = True
    run.font.size = Pt(11)
    run.font.color.rgb = RGBColor(0x99, 0x99, 0x99)


def _page_number(section: Any, sample: bool) -> None:
    """The page number centred in the top margin from page 2 (none on the first); a
    document built from sample data says so in every page's header."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = CENTER
    _field(paragraph, "PAGE")
    first = section.first_page_header
    first.is_linked_to_previous = False
    if sample:
        _sample_line(header)
        _sample_line(first)


def _paragraph(
    container: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    align: Any = JUSTIFY,
    indent: bool = True,
    size: Any = None,
    upper: bool = False,
    space_after: Any = None,
    keep_with_next: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if indent and align == JUSTIFY:
        paragraph.paragraph_format.first_line_indent = INDENT
    if space_after is not None:
        paragraph.paragraph_format.space_after = space_after
    paragraph.paragraph_format.keep_with_next = keep_with_next
    if text:
        run = paragraph.add_run(text.upper() if upper else text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = size
    return paragraph


def _lines(document: Any, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            _paragraph(document, line.strip())


def _heading(document: Any, text: str, *, level: int = 2) -> None:
    _paragraph(
        document,
        text,
        bold=True,
        italic=level == 4,
        upper=level == 2,
        keep_with_next=True,
    )


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table: Table, widths: list[Any]) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _cell_text(cell: Any, lines: list[tuple[str, dict]], size: Any) -> None:
    cell.paragraphs[0].text = ""
    for index, (text, style) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = style.get("align", CENTER)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = None
        run = paragraph.add_run(text)
        run.bold = style.get("bold", False)
        run.italic = style.get("italic", False)
        run.underline = style.get("underline", False)
        run.font.size = style.get("size", size)


def _header(document: Any, data: Data) -> None:
    """The two-column header as a borderless table."""
    commune = data["commune"]
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Mm(65), Mm(100)])
    left, right = table.rows[0].cells
    bold = {"bold": True}
    _cell_text(
        left,
        [
            (commune["issuing_body"].upper(), bold),
            (commune["full_name"].upper(), {"bold": True, "underline": True}),
            (data["number_line"], {}),
        ],
        HEADER_SIZE,
    )
    right_lines = [
        (NATION, {"bold": True, "size": Pt(12.5)}),
        (MOTTO, {"bold": True, "underline": True, "size": Pt(13.5)}),
    ]
    if data.get("date_line"):
        right_lines.append((data["date_line"], {"italic": True, "size": BODY_SIZE}))
    _cell_text(right, right_lines, HEADER_SIZE)
    _paragraph(document, "", space_after=Pt(6))


def _title(document: Any, data: Data, subtitle: str = "") -> None:
    _paragraph(document, data["title"], bold=True, align=CENTER, space_after=Pt(0))
    _paragraph(document, data["subject"], bold=True, align=CENTER, space_after=Pt(0))
    if subtitle:
        _paragraph(document, subtitle, italic=True, align=CENTER, space_after=Pt(0))
    _paragraph(document, "———", align=CENTER, space_after=Pt(6))


def _table(
    document: Any,
    headers: list[str],
    rows: list[list[str]],
    *,
    widths: list[Any] | None = None,
    bold_rows: set[int] | None = None,
    numeric: set[int] | None = None,
) -> Table:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    bold_rows, numeric = bold_rows or set(), numeric or set()
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, [(text, {"bold": True})], TABLE_SIZE)
    _repeat_header(table.rows[0])
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = (
                WD_ALIGN_PARAGRAPH.RIGHT
                if column in numeric
                else (WD_ALIGN_PARAGRAPH.LEFT if column == 1 or len(text) > 20 else CENTER)
            )
            _cell_text(cell, [(text, {"align": align, "bold": index in bold_rows})], TABLE_SIZE)
    if widths:
        _widths(table, widths)
    _paragraph(document, "", space_after=Pt(0))
    return table


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _signature(document: Any, data: Data, recipients: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [Mm(75), Mm(90)])
    left, right = table.rows[0].cells
    _cell_text(
        left,
        [("Nơi nhận:", {"bold": True, "italic": True, "size": Pt(12), "align": 0})]
        + [(line, {"size": Pt(11), "align": 0}) for line in recipients],
        Pt(11),
    )
    commune = data["commune"]
    lines = [(line, {"bold": True}) for line in commune["signing_lines"]]
    lines += [("", {}), ("", {}), ("", {}), (commune["signer_name"], {"bold": True})]
    _cell_text(right, lines, BODY_SIZE)


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _resources(document: Any, data: Data, planned_header: str) -> None:
    _table(
        document,
        ["TT", "Nguồn", "Đơn vị tính", planned_header, "Thực hiện", "Tỷ lệ"],
        [
            [str(n), r["label"], r["unit"], r["planned_text"], r["actual_text"], r["percent"]]
            for n, r in enumerate(data["resources"], start=1)
        ],
        widths=[Mm(10), Mm(55), Mm(20), Mm(32), Mm(28), Mm(20)],
        numeric={3, 4, 5},
    )


def _village_table(document: Any, indicator: Data) -> None:
    rows = [
        [str(n), v["name"], v["numerator_text"], v["denominator_text"], v["percent"]]
        for n, v in enumerate(indicator["villages"], start=1)
    ]
    rows.append(
        [
            "",
            "Toàn xã",
            indicator["numerator_text"],
            indicator["denominator_text"],
            indicator["percent"],
        ]
    )
    _paragraph(
        document, f"Chỉ tiêu {indicator['code']} theo thôn", bold=True, align=CENTER
    ).paragraph_format.keep_with_next = True
    _table(
        document,
        ["TT", "Thôn", "Tử số", "Mẫu số", "Tỷ lệ"],
        rows,
        widths=[Mm(12), Mm(60), Mm(30), Mm(30), Mm(30)],
        bold_rows={len(rows) - 1},
        numeric={2, 3, 4},
    )


def _landscape(document: Any) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(20)


def render_monthly_docx(data: Data) -> bytes:
    document = _new_document(data)
    commune = data["commune"]
    _header(document, data)
    _title(document, data)
    if commune["superior_body"]:
        _paragraph(document, f"Kính gửi: {commune['superior_body']}.", align=CENTER)
    _paragraph(
        document,
        f"Thực hiện chế độ báo cáo định kỳ, {commune['issuer']} báo cáo kết quả thực hiện "
        "Chương trình mục tiêu quốc gia xây dựng nông thôn mới tháng "
        f"{data['month_number']} năm {data['year']} (số liệu tính {data['period_text']}) như sau:",
    )
    narrative = data["narrative"]
    _heading(document, "I. Công tác lãnh đạo, chỉ đạo")
    _lines(document, narrative["leadership"])
    _heading(document, "II. Công tác tuyên truyền, vận động")
    _lines(document, narrative["communication"])
    _heading(document, "III. Kết quả thực hiện các tiêu chí")
    _heading(document, "1. Kết quả chung", level=3)
    summary = data["summary"]
    sentence = (
        f"Đến ngày {data['cutoff_text']}, xã đạt {summary['met']}/{summary['total']} tiêu chí "
        "nông thôn mới"
    )
    if summary["not_met"]:
        sentence += f"; còn {summary['not_met']} tiêu chí chưa đạt"
    if summary["unknown"]:
        sentence += f"; {summary['unknown']} tiêu chí chưa xác định được do thiếu số liệu"
    _paragraph(document, sentence + ". Chi tiết từng tiêu chí, chỉ tiêu tại Phụ lục kèm theo.")
    if data.get("criteria_set"):
        _paragraph(document, data["criteria_set"]["text"] + ".")
    _heading(document, "2. Các tiêu chí chưa đạt", level=3)
    unmet = [c for c in data["criteria"] if c["status"] == "not_met"]
    for criterion in unmet:
        leads = ", ".join(criterion["lead_bodies"]) or "chưa phân công"
        _paragraph(
            document,
            f"- Tiêu chí số {criterion['number']} về {criterion['name']} "
            f"(cơ quan chủ trì: {leads}):",
        )
        for indicator in criterion["indicators"]:
            if indicator["status"] != "not_met":
                continue
            text = (
                f"+ Chỉ tiêu {indicator['code']} ({indicator['name']}): {indicator['shortfall']}."
            )
            for note in indicator["work_done"]:
                text += f" {note}"
            _paragraph(document, text)
            if indicator["villages"]:
                _village_table(document, indicator)
    if not unmet:
        _paragraph(document, "Không có tiêu chí chưa đạt.")
    _heading(document, "3. Các tiêu chí đã đạt", level=3)
    if data.get("met_criteria_text"):
        _paragraph(
            document,
            f"{summary['met']} tiêu chí đã đạt (tiêu chí {data['met_criteria_text']}) tiếp tục "
            "được duy trì và nâng cao chất lượng.",
        )
    _heading(document, "IV. Kết quả huy động nguồn lực")
    if data["resources"]:
        _resources(document, data, f"Kế hoạch năm {data['year']}")
    else:
        _paragraph(
            document, f"Xã chưa có kế hoạch năm {data['year']}: chưa có số liệu về nguồn lực."
        )
    for title, name in (
        ("V. Phong trào thi đua", "emulation"),
        ("VI. Đánh giá chung", "assessment"),
        ("VII. Nhiệm vụ trọng tâm tháng tới", "next_tasks"),
        ("VIII. Đề xuất, kiến nghị", "proposals"),
    ):
        _heading(document, title)
        _lines(document, narrative[name])
    _paragraph(
        document,
        "Trên đây là báo cáo kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới tháng "
        f"{data['month_number']} năm {data['year']} của {commune['issuer']}./.",
        keep_with_next=True,
    )
    _signature(document, data, commune["recipients"])
    _monthly_appendix(document, data)
    return _bytes(document)


def _monthly_appendix(document: Any, data: Data) -> None:
    _landscape(document)
    _paragraph(document, "PHỤ LỤC", bold=True, align=CENTER, space_after=Pt(0))
    _paragraph(
        document,
        "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ, CHỈ TIÊU NÔNG THÔN MỚI THÁNG "
        f"{data['month_number']} NĂM {data['year']}",
        bold=True,
        align=CENTER,
        space_after=Pt(0),
    )
    _paragraph(
        document,
        f"({data['appendix_reference']}; số liệu đến ngày {data['cutoff_text']})",
        italic=True,
        align=CENTER,
    )
    rows, bold = [], set()
    group = None
    for criterion in data["criteria"]:
        if criterion["group"] and criterion["group"] != group:
            group = criterion["group"]
            bold.add(len(rows))
            rows.append(["", group, "", "", "", ""])
        bold.add(len(rows))
        rows.append(
            [
                str(criterion["number"]),
                criterion["name"],
                "",
                "",
                criterion["status_label"],
                ", ".join(criterion["lead_bodies"]),
            ]
        )
        for i in criterion["indicators"]:
            rows.append(
                [
                    i["code"],
                    i["name"],
                    i["requirement"],
                    i["result"],
                    i["status_label"],
                    i["lead_body"],
                ]
            )
    _table(
        document,
        [
            "TT",
            "Tiêu chí / chỉ tiêu",
            "Chỉ tiêu yêu cầu",
            f"Kết quả đến ngày {data['cutoff_text']}",
            "Tự đánh giá",
            "Cơ quan chủ trì",
        ],
        rows,
        widths=[Mm(12), Mm(115), Mm(26), Mm(36), Mm(20), Mm(48)],
        bold_rows=bold,
    )
    for table in data.get("village_tables", []):
        codes = [i["code"] for i in table["indicators"]]
        rows = [[str(n), r["name"], *r["cells"]] for n, r in enumerate(table["rows"], start=1)]
        rows.append(["", "Toàn xã", *table["total"]])
        _paragraph(
            document,
            "Tỷ lệ theo thôn của các chỉ tiêu tính theo thôn",
            bold=True,
            align=CENTER,
            keep_with_next=True,
        )
        _table(
            document,
            ["TT", "Thôn", *codes],
            rows,
            bold_rows={len(rows) - 1},
            numeric=set(range(2, 2 + len(codes))),
        )
        _paragraph(
            document,
            "; ".join(f"{i['code']}: {i['name']}" for i in table["indicators"]) + ".",
            indent=False,
            size=Pt(11),
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )


def _plan_tasks(document: Any, tasks: list[Data]) -> None:
    for task in tasks:
        paragraphs = task["paragraphs"]
        for index, text in enumerate(paragraphs):
            paragraph = _paragraph(document, text)
            if index == len(paragraphs) - 1:
                run = paragraph.add_run(
                    f" (Chủ trì: {task['lead_body'] or 'các thôn'}; "
                    f"thời hạn: {task['deadline_text']}.)"
                )
                run.italic = True


def render_quarterly_docx(data: Data) -> bytes:
    document = _new_document(data)
    _header(document, data)
    _title(document, data, f"({data['quarter_subject']})")
    summary = data["summary"]
    if not data["has_plan"]:
        _paragraph(
            document,
            "Xã chưa ban hành Kế hoạch thực hiện Chương trình MTQG xây dựng nông thôn mới năm "
            f"{data['year']}: chưa có nhiệm vụ, mốc tiến độ và nguồn lực để báo cáo cho quý "
            f"{data['quarter']}. Đến tháng {data['status_month_text']}, xã đạt "
            f"{summary['met']}/{summary['total']} tiêu chí.",
        )
    else:
        _quarterly_plan(document, data)
    closing = (data["plan"] or {}).get("closing")
    if closing:
        _paragraph(document, closing, keep_with_next=True)
    _signature(document, data, data["recipients"])
    return _bytes(document)


def _quarterly_plan(document: Any, data: Data) -> None:
    plan = data["plan"]
    if data["legal_bases"]:
        _paragraph(document, f"Thực hiện {'; '.join(data['legal_bases'])}.")
    if plan["preamble"]:
        _paragraph(document, plan["preamble"])
    _heading(document, "I. Mục đích, yêu cầu")
    _heading(document, "1. Mục đích", level=3)
    for line in data["purposes"]:
        _paragraph(document, line)
    _heading(document, "2. Yêu cầu", level=3)
    for line in data["requirements"]:
        _paragraph(document, line)
    _heading(document, "II. Nhiệm vụ và giải pháp")
    _heading(document, "1. Nhiệm vụ", level=3)
    if plan["review_met"] is not None:
        _paragraph(
            document,
            f"* Có {plan['review_met']}/{plan['review_total']} tiêu chí được duy trì và nâng cao:",
        )
        _paragraph(
            document,
            "; ".join(f"({n}) {line}" for n, line in enumerate(data["met_criteria"], 1)) + ".",
        )
    if data["unmet_criteria"]:
        listed = "; ".join(f"({n}) {line}" for n, line in enumerate(data["unmet_criteria"], 1))
        _paragraph(
            document,
            f"* Còn {len(data['unmet_criteria']):02d} tiêu chí chưa đạt gồm: {listed}.",
        )
    if plan["review_note"]:
        _paragraph(document, plan["review_note"])
    for group in data["criteria_tasks"]:
        if group["criterion"]:
            _paragraph(document, f"- {group['criterion']}:")
        _plan_tasks(document, group["tasks"])
    _heading(document, "2. Giải pháp", level=3)
    for number, section in enumerate(data["solutions"], start=1):
        _heading(document, f"2.{number}. {section['label']}", level=4)
        _plan_tasks(document, section["tasks"])
    _heading(document, "III. Tổ chức thực hiện")
    for number, section in enumerate(data.get("organisation", []), start=1):
        _heading(document, f"{number}. {section['label']}", level=3)
        if section["section"] == "direction" and data.get("implementation_intro"):
            _paragraph(document, data["implementation_intro"])
        _plan_tasks(document, section["tasks"])
    if data["milestones"]:
        _paragraph(document, "Tiến độ thực hiện theo quý:")
        for milestone in data["milestones"]:
            _paragraph(document, f"- Quý {milestone['quarter']}: {milestone['description']}")
    _heading(document, f"IV. Tiến độ thực hiện quý {data['quarter']} năm {data['year']}")
    _paragraph(
        document,
        f"Kỳ báo cáo {data['quarter_text']}. Mục tiêu của quý: "
        f"{data['quarter_milestone'] or 'chưa xác định'}",
    )
    summary = data["summary"]
    sentence = (
        f"Đến tháng {data['status_month_text']}, xã đạt {summary['met']}/{summary['total']} "
        "tiêu chí"
    )
    if summary["not_met"]:
        sentence += f"; còn {summary['not_met']} tiêu chí chưa đạt ({data['unmet_numbers_text']})"
    _paragraph(document, sentence + ".")
    _paragraph(
        document,
        f"Các nhiệm vụ đến hạn hoặc triển khai trong quý {data['quarter']}",
        bold=True,
        align=CENTER,
        keep_with_next=True,
    )
    _table(
        document,
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình trạng", "Tiến độ"],
        [
            [
                str(n),
                t["title"] + (f"\n{t['note']}" if t["note"] else ""),
                t["lead_body"] or "Các thôn",
                t["deadline_text"],
                t["state_label"],
                t["progress_text"],
            ]
            for n, t in enumerate(data["quarter_tasks"], start=1)
        ],
        widths=[Mm(10), Mm(70), Mm(30), Mm(22), Mm(22), Mm(18)],
        numeric={5},
    )
    if data["resources"]:
        _paragraph(
            document,
            f"Nguồn lực huy động theo kế hoạch năm {data['year']}",
            bold=True,
            align=CENTER,
            keep_with_next=True,
        )
        _resources(document, data, "Kế hoạch")
