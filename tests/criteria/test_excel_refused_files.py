"""Files refused before any heavy parsing, each with a Vietnamese reason; nothing kept."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from criteria.models import IndicatorRecord
from tests.criteria.excel import download, upload
from villages.models import Upload

pytestmark = pytest.mark.usefixtures("in_march")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _zip(entries, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


WORKBOOK_PARTS = {
    "[Content_Types].xml": "<Types/>",
    "xl/workbook.xml": "<workbook/>",
}


def _template(client):
    return download(client)


def _with_macro(client):
    content = _template(client)
    source = zipfile.ZipFile(io.BytesIO(content))
    entries = {item.filename: source.read(item) for item in source.infolist()}
    entries["xl/vbaProject.bin"] = b"\x00" * 64
    return _zip(entries)


def _xml_bomb(client):
    source = zipfile.ZipFile(io.BytesIO(_template(client)))
    entries = {item.filename: source.read(item) for item in source.infolist()}
    laughs = '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    entries["xl/workbook.xml"] = laughs.encode() + entries["xl/workbook.xml"]
    return _zip(entries)


def _plain_workbook(_client):
    workbook = Workbook()
    workbook.active["A1"] = "Số liệu"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CASES = {
    "pdf": (lambda c: b"%PDF-1.7\n1 0 obj\n", "mau.xlsx", "tệp PDF"),
    "csv": (lambda c: "Mã;Số liệu\n17.1;40\n".encode(), "mau.xlsx", "CSV"),
    "xls": (lambda c: b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "mau.xlsx", "kiểu cũ (.xls)"),
    "xlsm": (_template, "mau.xlsm", "có macro"),
    "macro inside": (_with_macro, "mau.xlsx", "có macro"),
    "pdf name": (_template, "mau.pdf", "Chỉ tải lên được tệp Excel"),
    "zip": (lambda c: _zip({"a.txt": "x"}), "mau.xlsx", "tệp nén ZIP"),
    "damaged zip": (lambda c: b"PK\x03\x04" + b"\x00" * 200, "mau.xlsx", "bị hỏng"),
    "zip bomb": (
        lambda c: _zip({**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": b"0" * 60_000_000}),
        "mau.xlsx",
        "bom ZIP",
    ),
    "thousands of sheets": (
        lambda c: _zip(
            {**WORKBOOK_PARTS, **{f"xl/worksheets/sheet{n}.xml": "<x/>" for n in range(1200)}}
        ),
        "mau.xlsx",
        "1200 sheet",
    ),
    "a million rows": (
        lambda c: _zip(
            {
                **WORKBOOK_PARTS,
                "xl/worksheets/sheet1.xml": b"<row><c><v>1</v></c></row>" * 1_000_000,
            }
        ),
        "mau.xlsx",
        "quá nhiều dòng",
    ),
    "xml entities": (_xml_bomb, "mau.xlsx", "bị hỏng"),
    "not a template": (_plain_workbook, "mau.xlsx", "không phải mẫu nhập số liệu"),
}


@pytest.mark.parametrize("kind", CASES)
def test_refused_file_kind(login, kind):
    make, name, message = CASES[kind]
    client = login("thon.hoploc")
    before = IndicatorRecord.objects.count()
    response = upload(client, make(client), name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Upload.objects.exists()
    assert IndicatorRecord.objects.count() == before


def test_file_over_the_size_limit_is_refused(login, settings):
    settings.FIGURE_UPLOAD_MAX_BYTES = 1024
    client = login("thon.hoploc")
    response = upload(client, download(client))
    assert "Tệp quá lớn" in response.content.decode()
    assert not Upload.objects.exists()


def test_no_file_is_a_form_error(login):
    response = login("thon.hoploc").post("/months/2024-03/excel/upload/", {})
    assert response.status_code == 200
    assert not Upload.objects.exists()
