"""Journey: the province administrator (tinh.quantri) creates a commune with a village,
a body and its standing member's account; the new standing member signs in with the
password shown once, is asked to choose their own, and sees their commune's home page."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e
OWN_PASSWORD = "Tan-Lap#2025xa"


def test_admin_sets_up_a_commune_and_its_standing_member_signs_in(page):
    call_command("load_demo", "--province", until="2024-03", stdout=io.StringIO())
    sign_in(page, "tinh.quantri")
    page.get_by_role("link", name="Quản lý xã").click()
    page.get_by_role("link", name="Thêm xã mới").click()
    page.get_by_label("Tên xã").fill("Tân Lập")
    page.get_by_label("Mã xã").fill("16300")
    page.get_by_label("Nhóm xã").select_option(label="Nhóm 2")
    page.get_by_label("Vùng").select_option(label="Bắc Trung Bộ")
    # Kính gửi comes from the province's coordination office.
    expect(page.get_by_label("Kính gửi")).to_have_value(
        "Văn phòng Điều phối nông thôn mới tỉnh Thanh Hóa"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Xã Tân Lập")).to_be_visible()
    expect(page.get_by_test_id("commune-group")).to_have_text("Nhóm 2")

    page.get_by_role("link", name="Thêm thôn").click()
    page.get_by_label("Tên thôn").fill("Đông Hòa")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("villages")).to_contain_text("Đông Hòa")

    page.get_by_role("link", name="Thêm đơn vị").click()
    page.locator("#id_name").fill("Ủy ban nhân dân xã Tân Lập")  # "Tên", as in "Tên thôn"
    page.get_by_label("Loại").select_option(label="Ủy ban nhân dân")
    page.get_by_label("Thứ tự").fill("1")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("bodies")).to_contain_text("Ủy ban nhân dân xã Tân Lập")

    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("thuongtruc.tanlap")
    page.get_by_label("Họ và tên đệm").fill("Trần Thị")
    page.locator("#id_first_name").fill("Mai")
    page.get_by_label("Vai trò").select_option(label="Thường trực BCĐ / cán bộ NTM")
    page.get_by_role("button", name="Lưu").click()
    password = page.get_by_test_id("initial-password").inner_text().strip()
    assert len(password) == 14
    sign_out(page)

    sign_in(page, "thuongtruc.tanlap", password)
    expect(page).to_have_url(re.compile(r".*/accounts/password/$"))
    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password1").fill(OWN_PASSWORD)
    page.locator("#id_new_password2").fill(OWN_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Tân Lập")
