"""Journey: the province administrator uploads a criteria set file with a mistake, reads
the refused cell, uploads the corrected file, confirms the draft and publishes it; then
corrects it with a new version from June and reads what changed. The 2026–2030 set is
test data made for the test (tests/criteria/set_files.py), marked as such."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.criteria.set_files import INDICATORS, WATER, set_file
from tests.e2e.conftest import describe, sign_in

pytestmark = pytest.mark.e2e


def test_province_admin_loads_publishes_and_corrects_a_set(page, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", "--province", until="2024-03", stdout=io.StringIO())
    bad = tmp_path / "bo-tieu-chi-loi.xlsx"
    bad.write_bytes(set_file(indicators=[*INDICATORS, INDICATORS[0]]))
    good = tmp_path / "bo-tieu-chi-2026.xlsx"
    good.write_bytes(set_file())

    sign_in(page, "tinh.quantri")
    page.get_by_role("link", name="Bộ tiêu chí").first.click()
    page.get_by_role("link", name="Tải lên tệp bộ tiêu chí").click()
    page.get_by_label("Tệp mẫu đã điền (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_test_id("refusal")).to_have_text(
        "✖ Sheet Chỉ tiêu, hàng 7, ô A7: mã 1.1 đã dùng ở hàng 4."
    )
    expect(page.get_by_test_id("confirm")).to_have_count(0)

    page.get_by_role("link", name="Tải lên tệp bộ tiêu chí").click()
    page.get_by_label("Tệp mẫu đã điền (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_test_id("set-summary")).to_contain_text("3 chỉ tiêu · 4 ngưỡng")
    violations = axe(page)
    assert not violations, describe(violations)
    page.get_by_test_id("confirm").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("dữ liệu thử")
    expect(page.get_by_test_id(f"indicator-{WATER}")).to_contain_text("Nhóm 1: ≥ 60 %")
    violations = axe(page)
    assert not violations, describe(violations)
    page.get_by_test_id("publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã công bố cho các xã")

    page.get_by_role("link", name="Tạo phiên bản sửa đổi").click()
    page.get_by_label("Áp dụng từ tháng của ngày").fill("01/06/2026")
    page.get_by_role("button", name="Tạo bản nháp").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã tạo phiên bản sửa đổi")
    page.get_by_test_id(f"indicator-{WATER}").get_by_role("link", name="Sửa").first.click()
    page.locator("input[name=value]").fill("65")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id(f"indicator-{WATER}")).to_contain_text("Nhóm 1: ≥ 65 %")

    page.get_by_role("link", name="Thay đổi so với phiên bản trước").click()
    expect(page.get_by_test_id("diff-thresholds")).to_contain_text("60 % → 65 %")
    violations = axe(page)
    assert not violations, describe(violations)
