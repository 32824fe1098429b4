"""The responsible bodies as a spreadsheet: download, edit, upload, preview, confirm."""

import io
import unicodedata

import pytest
from openpyxl import load_workbook

from villages.bodies import bodies_build
from villages.models import BodyKind, ResponsibleBody, Upload, UploadState, Village

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


def _rows(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    names = {sheet.cell(row, 1).value: row for row in range(4, sheet.max_row + 1)}
    blanks = [row for row in range(4, sheet.max_row + 1) if sheet.cell(row, 1).value is None]
    return names, blanks


def _upload(client, content, name="don-vi.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post("/villages/bodies/upload/", {"file": file})


def test_bodies_round_trip_creates_and_updates_bodies(login, demo):
    client = login("thuongtruc")
    content = client.get("/villages/bodies.xlsx").content
    names, blanks = _rows(content)
    village = Village.objects.create(commune=demo, name="Thôn Mới", position=20)
    filled = _edited(
        content,
        {
            f"D{names['Trạm Y tế xã']}": 42,
            f"A{blanks[0]}": "Hợp tác xã Quang Trung",
            f"B{blanks[0]}": "Khác",
            f"A{blanks[1]}": "Ban phát triển thôn Thôn Mới",
            f"B{blanks[1]}": "Thôn",
            f"C{blanks[1]}": "thôn mới",
        },
    )
    before = ResponsibleBody.objects.count()
    response = _upload(client, filled)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Hợp tác xã Quang Trung" in page and "đơn vị mới" in page
    assert ResponsibleBody.objects.count() == before
    confirmed = client.post(response.url, follow=True).content.decode()
    assert "lưu 3 dòng đơn vị" in confirmed
    assert ResponsibleBody.objects.count() == before + 2
    assert ResponsibleBody.objects.get(commune=demo, name="Trạm Y tế xã").position == 42
    coop = ResponsibleBody.objects.get(commune=demo, name="Hợp tác xã Quang Trung")
    assert coop.kind == BodyKind.OTHER and coop.village is None
    assert ResponsibleBody.objects.get(commune=demo, kind=BodyKind.VILLAGE, village=village)
    assert Upload.objects.get().state == UploadState.CONFIRMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"A": "Hội Nông dân", "B": "Ban ăn uống"}, "ô B"),
        ({"A": "Ban phát triển thôn", "B": "Thôn"}, "Đơn vị loại thôn phải có thôn"),
        ({"A": "Ban phát triển", "B": "Khác", "C": "Không Có"}, "xã không có thôn nào tên này"),
        ({"A": unicodedata.normalize("NFD", "Hội nông dân xã"), "B": "Khác"}, "hai dòng"),
    ],
)
def test_bad_bodies_row_is_named_and_nothing_is_written(login, demo, changes, message):
    client = login("thuongtruc")
    content = client.get("/villages/bodies.xlsx").content
    names, blanks = _rows(content)
    row = blanks[0]
    edits = {f"D{names['Trạm Y tế xã']}": 42} | {
        f"{column}{row}": value for column, value in changes.items()
    }
    before = list(ResponsibleBody.objects.values_list("name", "kind", "village", "position"))
    response = _upload(client, _edited(content, edits))
    page = client.get(response.url).content.decode()
    assert f"Sheet Đơn vị, hàng {row}" in page and message in page
    client.post(response.url)
    after = list(ResponsibleBody.objects.values_list("name", "kind", "village", "position"))
    assert after == before
    assert Upload.objects.get().state == UploadState.PENDING


def test_register_file_is_refused_as_a_list_of_bodies(login, demo):
    client = login("thuongtruc")
    register = client.get("/villages/register.xlsx").content
    response = _upload(client, register)
    assert "không phải danh sách đơn vị" in response.content.decode()
    assert not Upload.objects.exists()


@pytest.mark.parametrize("username", ["thon.hoploc", "hoinongdan", "captren"])
def test_other_roles_may_not_edit_the_bodies(login, demo, username):
    client = login(username)
    assert client.get("/villages/bodies.xlsx").status_code == 403
    assert client.get("/villages/bodies/upload/").status_code == 403
    assert _upload(client, bodies_build(demo)).status_code == 403
    assert not Upload.objects.exists()
