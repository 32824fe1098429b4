"""Journey: the standing member attaches the decision and two site photos to 17.1 for
March and downloads the dossier of criterion 17."""

import datetime
import zipfile

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import describe, sign_in
from tests.evidence import files

pytestmark = pytest.mark.e2e

MARCH_20 = datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)


@pytest.fixture
def evidence_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence"},
        },
    }
    return tmp_path


def test_standing_member_attaches_proof_and_downloads_dossier(page, axe, evidence_folder):
    decision = evidence_folder / "QĐ 12.pdf"
    decision.write_bytes(files.PDF)
    photos = [evidence_folder / "đấu nối 1.jpg", evidence_folder / "đấu nối 2.jpg"]
    photos[0].write_bytes(files.jpeg_bytes(colour="green"))
    photos[1].write_bytes(files.jpeg_bytes(colour="blue"))
    with time_machine.travel(MARCH_20):
        sign_in(page, "thuongtruc")
        page.goto("/months/2024-03/indicators/17.1/")
        panel = page.get_by_test_id("evidence")

        panel.get_by_label("Loại").select_option(label="Quyết định")
        panel.get_by_label("Số văn bản").fill("12/QĐ-UBND")
        panel.get_by_label("Ngày văn bản").fill("2024-03-05")
        panel.get_by_label("Tệp (PDF").set_input_files(str(decision))
        panel.get_by_role("button", name="Đính kèm").click()
        expect(page.get_by_role("alert")).to_contain_text("Đã đính kèm 1 tệp")

        panel.get_by_label("Loại").select_option(label="Ảnh")
        panel.get_by_label("Tên tài liệu").fill("Điểm đấu nối nước sạch")
        panel.get_by_label("Tệp (PDF").set_input_files([str(path) for path in photos])
        panel.get_by_role("button", name="Đính kèm").click()
        expect(page.get_by_role("alert")).to_contain_text("Đã đính kèm 2 tệp")

        expect(panel.get_by_test_id("evidence-item")).to_have_count(3)
        expect(panel.get_by_test_id("photo-facts").first).to_have_text(
            "chụp ngày 12/03/2024 tại 19.95, 105.42"
        )
        expect(panel.get_by_role("img", name="Điểm đấu nối nước sạch").first).to_be_visible()
        violations = axe(page)
        assert not violations, describe(violations)

        page.get_by_role("link", name="Hồ sơ minh chứng").click()
        expect(page.get_by_test_id("count-17")).to_contain_text("3")
        with page.expect_download() as download:
            page.get_by_role("button", name="Tiêu chí 17 (ZIP)").click()
        saved = evidence_folder / "dossier.zip"
        download.value.save_as(saved)
        violations = axe(page)
        assert not violations, describe(violations)

    names = zipfile.ZipFile(saved).namelist()
    assert "00 - Danh mục minh chứng.pdf" in names
    assert any(name.endswith("/17.1 - 2024-03 - Quyết định 12-QĐ-UBND.pdf") for name in names)
    assert sum(name.endswith(".jpg") for name in names) == 2
