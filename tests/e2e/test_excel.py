"""Journey: the Hợp Lộc village head downloads March's template, fills it offline,
uploads it, checks the preview and confirms; the commune's 17.1 figure changes."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.criteria.excel import fill
from tests.e2e.conftest import describe, sign_in

pytestmark = pytest.mark.e2e

MARCH_20 = datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)


def test_village_head_fills_the_excel_template_offline(page, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(MARCH_20):
        sign_in(page, "thon.hoploc")
        page.goto("/months/2024-03/")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Tải mẫu Excel").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".xlsx")
        template = tmp_path / download.suggested_filename
        download.save_as(template)

        # Offline, in a spreadsheet program: 40 households on centralised water.
        filled = tmp_path / "hop-loc-thang-3.xlsx"
        filled.write_bytes(fill(template.read_bytes(), {("17.1", "numerator"): 40}))

        page.get_by_role("link", name="Tải lên").first.click()
        page.get_by_label("Tệp mẫu đã điền (.xlsx)").set_input_files(str(filled))
        page.get_by_role("button", name="Tải lên và xem trước").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("hop-loc-thang-3.xlsx")
        expect(page.get_by_test_id("upload-summary")).to_contain_text("1 số liệu thay đổi")
        changed = page.get_by_role("row").filter(has_text="Số hộ sử dụng nước sạch tập trung")
        expect(changed).to_contain_text("Sheet Thôn Hợp Lộc, ô E")
        expect(changed).to_contain_text("40")
        violations = axe(page)
        assert not violations, describe(violations)
        page.get_by_role("button", name="Xác nhận và lưu").click()

        expect(page.get_by_role("alert")).to_contain_text("Đã nhập từ tệp hop-loc-thang-3.xlsx")
        page.goto("/months/2024-03/indicators/17.1/")
        expect(page.get_by_test_id("commune-value")).to_contain_text(re.compile(r"2,22\s*%"))
        expect(page.get_by_text(re.compile("nhập từ tệp hop-loc-thang-3.xlsx"))).to_be_visible()
