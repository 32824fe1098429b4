import datetime
import hashlib
import io

import openpyxl
import pypdf
import pytest

from reports.builders import PdfRenderError
from reports.models import ReportVersion

URL = "/reports/monthly/2024-03"


def test_sent_version_downloads_byte_identical(client, staff):
    """The done-when flow, with one real PDF: edit, approve, send, download twice."""
    client.force_login(staff.standing)
    form = client.get(URL + "/").context["form"]
    client.post(URL + "/narrative/", {**form.initial, "proposals": "Đề nghị đầu tư nước sạch."})
    client.force_login(staff.head)
    client.post(URL + "/approve/")
    client.force_login(staff.standing)
    client.post(URL + "/send/")
    version = ReportVersion.objects.get()
    client.force_login(staff.viewer)
    first, second = client.get(URL + ".pdf"), client.get(URL + ".pdf?version=1")
    assert first.content == second.content == bytes(version.pdf)
    assert hashlib.sha256(first.content).hexdigest() == version.pdf_sha256
    assert first["Content-Type"] == "application/pdf"
    assert 'filename="bao-cao-ntm-xa-quang-trung-2024-03.pdf"' in first["Content-Disposition"]
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o" in first["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(first.content)).pages)
    assert "Số: 1/BC-UBND" in text
    assert "Đề nghị đầu tư nước sạch." in text
    xlsx = client.get(URL + ".xlsx")
    assert xlsx.content == bytes(version.xlsx)
    assert hashlib.sha256(xlsx.content).hexdigest() == version.xlsx_sha256
    word = client.get(URL + ".docx")
    assert word.content == bytes(version.docx)
    assert hashlib.sha256(word.content).hexdigest() == version.docx_sha256


def test_draft_renders_fresh_xlsx(client, staff):
    client.force_login(staff.officer)
    response = client.get(URL + ".xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["Tổng hợp"]["B7"].value == "Số:" + " " * 8 + "/BC-UBND"


def test_pdf_failure_keeps_the_xlsx_available(client, staff, monkeypatch):
    def broken(data):
        raise PdfRenderError("cairo")

    monkeypatch.setattr("reports.builders.render_monthly_pdf", broken)
    client.force_login(staff.officer)
    response = client.get(URL + ".pdf", follow=True)
    assert response.redirect_chain[-1][0] == URL + "/"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "XLSX" in str(list(response.context["messages"])[0])
    assert client.get(URL + ".xlsx").status_code == 200


def test_quarterly_plan_downloads(client, staff):
    client.force_login(staff.viewer)
    xlsx = client.get("/reports/quarterly/2024-Q1.xlsx")
    assert 'filename="ke-hoach-ntm-xa-quang-trung-2024-q1.xlsx"' in xlsx["Content-Disposition"]
    sheets = openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert "Nhiệm vụ quý 1" in sheets
    pdf = client.get("/reports/quarterly/2024-Q1.pdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("KẾ HOẠCH", "Tiến độ thực hiện quý 1 năm 2024", "Nơi nhận:", "/KH-UBND"):
        assert expected in text, expected


@pytest.mark.parametrize("period", ["2099-Q1"])
def test_future_quarter_is_404(client, staff, period):
    client.force_login(staff.viewer)
    assert client.get(f"/reports/quarterly/{period}.pdf").status_code == 404


def test_month_without_data_downloads(client, staff):
    client.force_login(staff.viewer)
    assert client.get("/reports/monthly/2023-06.xlsx").status_code == 200
    assert datetime.date(2023, 6, 1)
