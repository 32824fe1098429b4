"""The DOCX documents reopened with python-docx: Nghị định 30 layout and the same text as
the PDF (header, Kính gửi, sections, signer), and their downloads."""

import io

import docx
import pytest
from django.utils import timezone
from docx.enum.section import WD_ORIENT

from reports.builders import (
    quarterly_report_data,
    render_monthly_docx,
    render_quarterly_docx,
)
from villages.models import Commune

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def documents(march, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        commune = Commune.objects.select_related("criteria_set").get(name="Quang Trung")
        quarterly = quarterly_report_data(commune, 2024, 1)
    return {
        "monthly": (march[0], docx.Document(io.BytesIO(render_monthly_docx(march[0])))),
        "quarterly": (quarterly, docx.Document(io.BytesIO(render_quarterly_docx(quarterly)))),
    }


def body_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def cell_text(table) -> str:
    return "\n".join(cell.text for row in table.rows for cell in row.cells)


@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
def test_docx_has_the_header_table_and_the_signer(documents, kind):
    data, document = documents[kind]
    header = cell_text(document.tables[0])
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "XÃ QUANG TRUNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        data["date_line"],
    ):
        assert expected in header
    borders = document.tables[0]._tbl.tblPr.xml
    assert 'w:val="nil"' in borders  # borderless
    signature = next(t for t in document.tables if "Nơi nhận:" in cell_text(t))
    for line in [*data["commune"]["signing_lines"], data["commune"]["signer_name"]]:
        assert line in cell_text(signature)


def test_monthly_docx_has_kinh_gui_sections_and_a_landscape_appendix(documents):
    data, document = documents["monthly"]
    text = body_text(document)
    assert f"Kính gửi: {data['commune']['superior_body']}." in text
    for heading in (
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "III. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ",
        "VIII. ĐỀ XUẤT, KIẾN NGHỊ",
        "PHỤ LỤC",
    ):
        assert heading in text
    assert "chỉ tiêu 17.1 mới đạt 0,00 % (0/1.805), yêu cầu từ 20 % trở lên" in text
    portrait, appendix = document.sections
    sizes = [
        round(length.mm)
        for length in (
            portrait.page_width,
            portrait.page_height,
            portrait.top_margin,
            portrait.bottom_margin,
            portrait.left_margin,
            portrait.right_margin,
        )
    ]
    assert sizes == [210, 297, 20, 20, 30, 15]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height


def test_quarterly_docx_carries_the_plan(documents):
    _data, document = documents["quarterly"]
    text = body_text(document)
    for expected in (
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "III. TỔ CHỨC THỰC HIỆN",
        "dân biết, dân bàn, dân làm",
        "Kế hoạch số 55-KH/HU",
    ):
        assert expected in text
    assert "…/KH-UBND" not in text + cell_text(document.tables[0])


@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
def test_docx_is_times_new_roman_14_with_page_numbers_from_page_two(documents, kind):
    _data, document = documents[kind]
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert "DỮ LIỆU MẪU" in section.header._element.xml  # the demo is sample data


def test_draft_and_quarterly_download_as_docx(client, staff):
    client.force_login(staff.viewer)
    for url in ("/reports/monthly/2024-03.docx", "/reports/quarterly/2024-Q1.docx"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == DOCX
        assert ".docx" in response["Content-Disposition"]
        docx.Document(io.BytesIO(response.content))


def test_docx_download_needs_a_login(client):
    response = client.get("/reports/monthly/2024-03.docx")
    assert response.status_code == 302


def test_export_report_writes_docx(demo, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "plan.docx"
    call_command("export_report", "quarterly", "2024-Q1", "--format", "docx", "--output", output)
    assert "Độc lập - Tự do - Hạnh phúc" in cell_text(docx.Document(output).tables[0])


def test_quarter_docx_is_not_listed_for_a_future_quarter(client, staff):
    client.force_login(staff.viewer)
    future = timezone.localdate().year + 1
    assert client.get(f"/reports/quarterly/{future}-Q1.docx").status_code == 404
