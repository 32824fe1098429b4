"""The annual self-assessment page (/self-assessment/<year>/) and its PDF, XLSX and DOCX,
on the test demo (March 2024 open: 17/19 criteria met, 17.1 at 0 %)."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

URL = "/self-assessment/2024/"


@pytest.fixture(autouse=True)
def march(in_march):
    return None


def test_every_indicator_with_its_figure_status_evidence_and_lead(demo, login):
    response = login("truongban").get(URL)
    data = response.context["data"]
    rows = {i["code"]: i for c in data["criteria"] for i in c["indicators"]}
    assert len(rows) == demo.criteria_set.indicators.count()
    water = rows["17.1"]
    assert water["status_text"] == "Chưa đạt" and water["figure"].startswith("0,00 %")
    assert water["lead_body"] != "Chưa phân công"
    assert (data["summary"]["met"], data["summary"]["total"]) == (17, 19)
    page = response.content.decode()
    assert 'data-testid="self-assessment"' in page and "318/QĐ-TTg" in page


def test_the_pdf_is_in_the_legal_layout_with_every_indicator(demo, login):
    response = login("thuongtruc").get(URL + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tự đánh giá kết quả thực hiện Bộ tiêu chí" in text
    assert "17/19 tiêu chí" in text and "17.1" in text and "Nơi nhận" in text


def test_the_xlsx_has_the_table(demo, login):
    response = login("thuongtruc").get(URL + "xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Tự đánh giá"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["17.1"][4] == "Chưa đạt"
    assert rows["13.2"][4] == "Chưa đạt"
    assert isinstance(rows["17.1"][5], int)
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Số tiêu chí đạt"] == 17
    # The year is a label: as a number Excel and LibreOffice print it "2.024".
    assert summary["Năm đánh giá"] == "2024"


def test_the_docx_has_the_table_and_the_signature(demo, login):
    response = login("thuongtruc").get(URL + "docx/")
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "17.1" in cells and "Chưa đạt" in cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tự đánh giá kết quả thực hiện" in text and "17/19 tiêu chí" in text


def test_the_page_query_count_is_fixed(demo, login, django_assert_num_queries):
    client = login("truongban")
    client.get(URL)
    # Session, user and commune (3), the set timeline (2), the status (5), evidence
    # counts (1), the lead bodies' reports (1), the bell's unread count (1).
    with django_assert_num_queries(13):
        client.get(URL)


def test_a_future_year_or_an_unknown_document_is_404(demo, login):
    client = login("truongban")
    assert client.get("/self-assessment/2025/").status_code == 404
    assert client.get(URL + "odt/").status_code == 404


def test_anonymous_is_sent_to_login(client, demo):
    assert client.get(URL).status_code == 302


def test_wrong_method(demo, login):
    assert login("truongban").post(URL).status_code == 405
