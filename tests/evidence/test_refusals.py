"""Bad input: every refusal names the file and the reason in Vietnamese, stores nothing
and leaves no temporary upload file behind."""

import pytest
from django.urls import reverse

from evidence.models import Evidence
from tests.evidence import files
from tests.evidence.conftest import MARCH

pytestmark = pytest.mark.usefixtures("in_march")

URL = reverse("evidence:upload_figure", kwargs={"month": MARCH})


@pytest.fixture
def attempt(login, stored_files, temporary_uploads, settings):
    """Post one or more files as the standing member; check that nothing was kept and
    return the page's messages."""
    # Every upload goes through a temporary file, so that leftovers would show.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0

    def post(*uploads):
        client = login("thuongtruc")
        response = client.post(
            URL, {"indicator": "17.1", "kind": "other", "files": list(uploads)}, follow=True
        )
        assert response.status_code == 200
        assert not Evidence.objects.exists()
        assert stored_files() == []
        assert temporary_uploads() == []
        text = " ".join(str(m) for m in response.context["messages"])
        assert "Không có gì được lưu" in text
        return text

    return post


def test_oversized_file_is_stopped_while_reading(attempt, settings):
    settings.EVIDENCE_MAX_FILE_SIZE = 1024
    text = attempt(files.upload("lớn.pdf", files.PDF + b"0" * 4096))
    assert "lớn.pdf" in text and "1,0\xa0KB" in text or "1.0\xa0KB" in text


def test_oversized_file_refuses_the_whole_upload(attempt, settings):
    settings.EVIDENCE_MAX_FILE_SIZE = 1024
    text = attempt(files.pdf("nhỏ.pdf"), files.upload("lớn.pdf", files.PDF + b"0" * 4096))
    assert "lớn.pdf" in text


def test_wrong_magic_is_refused(attempt):
    text = attempt(files.upload("bảng.pdf", b"just some text, not a PDF at all"))
    assert "bảng.pdf" in text and "không thuộc các loại được nhận" in text


def test_svg_with_script_is_refused(attempt):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    text = attempt(files.upload("sơ đồ.svg", svg, "image/svg+xml"))
    assert "sơ đồ.svg" in text and "SVG" in text


def test_html_renamed_pdf_is_refused(attempt):
    text = attempt(files.upload("quyết định.pdf", b"<!DOCTYPE html><html><script>x()</script>"))
    assert "quyết định.pdf" in text and "HTML" in text


def test_executable_is_refused(attempt):
    text = attempt(files.upload("setup.pdf", b"MZ\x90\x00" + b"\x00" * 64))
    assert "setup.pdf" in text and "chương trình" in text


def test_extension_must_agree_with_content(attempt):
    text = attempt(files.upload("ảnh.pdf", files.jpeg_bytes(), "application/pdf"))
    assert "ảnh.pdf" in text and "JPEG" in text and ".pdf" in text


def test_decompression_bomb_png_is_refused(attempt):
    text = attempt(files.upload("bom.png", files.png_bomb_bytes(), "image/png"))
    assert "bom.png" in text and "megapixel" in text


def test_picture_over_the_portal_limit_is_refused(attempt, settings):
    settings.EVIDENCE_MAX_IMAGE_PIXELS = 1000
    text = attempt(files.upload("to.png", files.png_bytes((40, 40)), "image/png"))
    assert "to.png" in text and "megapixel" in text


def test_truncated_picture_is_refused(attempt):
    text = attempt(files.upload("hỏng.jpg", files.jpeg_bytes()[:200], "image/jpeg"))
    assert "hỏng.jpg" in text and "hỏng" in text


def test_zip_bomb_xlsx_is_refused(attempt, settings):
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED = 1024 * 1024
    text = attempt(files.upload("thống kê.xlsx", files.zip_bomb_xlsx_bytes(2)))
    assert "thống kê.xlsx" in text and "ZIP" in text


def test_too_many_zip_entries_is_refused(attempt, settings):
    settings.EVIDENCE_ZIP_MAX_ENTRIES = 3
    extra = {f"xl/worksheets/sheet{n}.xml": b"<x/>" for n in range(5)}
    text = attempt(files.upload("nhiều.xlsx", files.office_bytes("xlsx", extra)))
    assert "nhiều.xlsx" in text


def test_office_file_with_macros_is_refused(attempt):
    content = files.office_bytes("docx", {"word/vbaProject.bin": b"macro"})
    text = attempt(files.upload("biên bản.docx", content))
    assert "biên bản.docx" in text and "macro" in text


def test_plain_zip_is_refused(attempt):
    import io
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("a.txt", "x")
    text = attempt(files.upload("hồ sơ.docx", output.getvalue()))
    assert "hồ sơ.docx" in text and "ZIP" in text


def test_empty_file_is_refused(attempt):
    assert "rỗng.pdf" in attempt(files.upload("rỗng.pdf", b""))


def test_no_file_chosen(attempt):
    assert "Chưa chọn tệp" in attempt()


def test_quota_is_clear(attempt, settings):
    settings.EVIDENCE_COMMUNE_QUOTA = 10
    text = attempt(files.pdf())
    assert "EVIDENCE_QUOTA_MB" in text and "đầy" in text


def test_path_traversal_name_stays_inside_storage(login, stored_files, evidence_storage):
    """The browser's path is dropped (by Django and by clean_name): the file is stored
    under its random name inside the evidence folder, named by its last part only."""
    client = login("thuongtruc")
    client.post(
        URL,
        {"indicator": "17.1", "kind": "other", "files": [files.pdf("../../../etc/passwd.pdf")]},
    )
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.pdf"
    assert all(".." not in str(path) for path in stored_files())
    assert not (evidence_storage.parent.parent / "etc").exists()


def test_nfd_name_is_stored_nfc(login):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Biên bản nghiệm thu.pdf")
    login("thuongtruc").post(
        URL, {"indicator": "17.1", "kind": "minutes", "files": [files.pdf(nfd)]}
    )
    evidence = Evidence.objects.get()
    assert evidence.original_name == unicodedata.normalize("NFC", nfd)
    assert evidence.title == "Biên bản nghiệm thu"
    assert unicodedata.is_normalized("NFC", evidence.title)
