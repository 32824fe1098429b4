"""The entry template: scope, prefilled figures, protection, validation, identity."""

import io

import pytest
from openpyxl import load_workbook

from criteria.spreadsheets import IDENTITY_SHEET
from tests.criteria.excel import download, locate
from villages.models import Village

pytestmark = pytest.mark.usefixtures("in_march")


def _workbook(content):
    return load_workbook(io.BytesIO(content))


def test_village_head_gets_their_village_only(login):
    workbook = _workbook(download(login("thon.hoploc")))
    assert workbook.sheetnames == ["Thôn Hợp Lộc", IDENTITY_SHEET]
    assert workbook[IDENTITY_SHEET].sheet_state == "veryHidden"


def test_standing_member_gets_the_whole_commune(login, demo):
    workbook = _workbook(download(login("thuongtruc")))
    assert len(workbook.sheetnames) == demo.villages.count() + 2  # commune + identity


def test_indicator_scope_gives_one_indicator(login):
    workbook = _workbook(download(login("hoinongdan"), "?indicator=13.2"))
    codes = {row[0] for row in workbook["Toàn xã"].iter_rows(min_row=4, values_only=True)}
    assert codes == {"13.2"}


def test_prefilled_with_current_figures_labels_and_threshold(login):
    workbook = _workbook(download(login("thon.hoploc")))
    sheet = workbook["Thôn Hợp Lộc"]
    cell = locate(workbook, "17.1", "denominator")
    row = [value.value for value in sheet[cell.row]]
    assert row[:5] == [
        "17.1",
        "Tỷ lệ hộ được sử dụng nước sạch tập trung theo quy định",
        "≥ 20 %",
        "Tổng số hộ",
        215,
    ]
    assert locate(workbook, "9.1", "met").value == "Đạt"


def test_only_inputs_are_unlocked_and_validated(login):
    workbook = _workbook(download(login("thon.hoploc")))
    sheet = workbook["Thôn Hợp Lộc"]
    assert sheet.protection.sheet and not sheet.protection.password
    numerator = locate(workbook, "17.1", "numerator")
    assert not numerator.protection.locked and sheet["B4"].protection.locked
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    water = rules[numerator.coordinate]
    assert water.type == "whole" and "Số hộ sử dụng nước sạch" in water.prompt
    assert rules[locate(workbook, "9.1", "met").coordinate].formula1 == '"Đạt,Chưa đạt"'
    assert rules[locate(workbook, "2.2", "numerator").coordinate].type == "decimal"


def test_village_head_may_not_download_another_village(login, demo):
    other = Village.objects.get(commune=demo, name="Bái E")
    response = login("thon.hoploc").get(f"/months/2024-03/excel/?village={other.pk}")
    assert response.status_code == 403


def test_month_page_offers_the_template(login):
    page = login("thon.hoploc").get("/months/2024-03/").content.decode()
    assert "Tải mẫu Excel" in page and "/months/2024-03/excel/upload/" in page
