"""The household register as a spreadsheet: download, edit, upload, preview, confirm."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from villages.models import HouseholdRecord, Upload, UploadState, Village

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _edited(content, changes):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    for ref, value in changes.items():
        sheet[ref] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _row_of(content, name):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return next(row for row in range(4, sheet.max_row + 1) if sheet.cell(row, 1).value == name)


def _upload(client, content, name="so-ho.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post("/villages/register/upload/", {"file": file})


def test_register_round_trip_updates_an_entry_and_creates_a_village(login, demo):
    client = login("thuongtruc")
    content = client.get("/villages/register.xlsx").content
    row = _row_of(content, "Hợp Lộc")
    last = load_workbook(io.BytesIO(content)).worksheets[0]
    blank = next(r for r in range(4, last.max_row + 1) if last.cell(r, 1).value is None)
    filled = _edited(
        content,
        {
            f"B{row}": 220,
            f"C{row}": "880",
            f"D{row}": datetime.date(2024, 3, 1),
            f"A{blank}": "Thôn Mới",
            f"B{blank}": "1.005",
            f"D{blank}": "01/03/2024",
        },
    )
    before = HouseholdRecord.objects.count()
    response = _upload(client, filled)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "thôn mới" in page and HouseholdRecord.objects.count() == before
    client.post(response.url)
    hop_loc = Village.objects.get(commune=demo, name="Hợp Lộc")
    assert hop_loc.household_records.latest().households == 220
    new = Village.objects.get(commune=demo, name="Thôn Mới")
    assert new.household_records.get().households == 1005
    assert Upload.objects.get().state == UploadState.CONFIRMED
    reason = hop_loc.household_records.latest().history.first().history_change_reason
    assert reason.startswith("nhập từ tệp so-ho.xlsx")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"B": -1}, "ô B"),
        ({"C": 10}, "Số nhân khẩu không được nhỏ hơn số hộ"),
        ({"D": "31/02/2024"}, "ô D"),
        ({"B": "nhiều"}, "ô B"),
    ],
)
def test_bad_register_row_is_named_and_nothing_is_written(login, demo, changes, message):
    client = login("thuongtruc")
    content = client.get("/villages/register.xlsx").content
    row = _row_of(content, "Hợp Lộc")
    edits = {f"D{row}": "01/03/2024", f"B{row}": 220} | {
        f"{column}{row}": value for column, value in changes.items()
    }
    before = HouseholdRecord.objects.count()
    response = _upload(client, _edited(content, edits))
    page = client.get(response.url).content.decode()
    assert f"hàng {row}" in page and message in page
    client.post(response.url)
    assert HouseholdRecord.objects.count() == before
    assert Upload.objects.get().state == UploadState.PENDING


def test_register_upload_refuses_a_pdf(login, demo):
    response = _upload(login("thuongtruc"), b"%PDF-1.4", "so-ho.xlsx")
    assert "tệp PDF" in response.content.decode()
    assert not Upload.objects.exists()


@pytest.mark.parametrize("username", ["thon.hoploc", "hoinongdan", "captren"])
def test_other_roles_may_not_edit_the_register(login, demo, username):
    client = login(username)
    assert client.get("/villages/register.xlsx").status_code == 403
    assert client.get("/villages/register/upload/").status_code == 403


def test_anonymous_is_sent_to_login(client, demo):
    assert client.get("/villages/register.xlsx").status_code == 302
