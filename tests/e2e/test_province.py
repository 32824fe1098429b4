"""Journey: Quang Trung's standing member sends March; the province coordinator sees it
in the inbox and returns it with a note; the commune corrects and resends; the
coordinator accepts it; the province dashboard shows Quang Trung's report as received."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out
from tests.reports.conftest import fake_pdf  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e
MARCH_15 = datetime.datetime(2024, 3, 15, 2, tzinfo=datetime.UTC)
REPORT = "/reports/monthly/2024-03/"


def approve_and_send(page) -> None:
    sign_in(page, "truongban")
    page.goto(REPORT)
    page.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    sign_out(page)
    sign_in(page, "thuongtruc")
    page.goto(REPORT)
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_role("alert").first).to_be_visible()


def return_and_reopen(page) -> None:
    """On the coordinator's open receipt: return the report with a note; the commune's
    standing member reads it on the report and reopens the report to correct it."""
    page.get_by_label("Nội dung xã cần sửa").fill("Bổ sung số liệu tiêu chí 17.")
    page.get_by_role("button", name="Trả lại kèm ý kiến này").click()
    expect(page.get_by_test_id("receipt-state").first).to_have_text("Trả lại")
    sign_out(page)
    sign_in(page, "thuongtruc")
    page.goto(REPORT)
    expect(page.get_by_test_id("province-returned")).to_contain_text("tiêu chí 17")
    page.get_by_label("Lý do điều chỉnh").fill("Theo ý kiến của tỉnh.")
    page.get_by_role("button", name="Mở lại để điều chỉnh").click()
    sign_out(page)


def test_report_is_returned_corrected_and_accepted(page, fake_pdf):  # noqa: F811
    call_command("load_demo", "--province", until="2024-03", stdout=io.StringIO())
    with time_machine.travel(MARCH_15):
        approve_and_send(page)
        sign_out(page)

        sign_in(page, "tinh.dieuphoi")
        page.goto("/province/inbox/")
        page.get_by_role("link", name="Xã Quang Trung").click()
        return_and_reopen(page)
        approve_and_send(page)
        sign_out(page)

        sign_in(page, "tinh.dieuphoi")
        page.goto("/province/inbox/")
        page.get_by_role("link", name="Xã Quang Trung").first.click()
        page.get_by_role("button", name="Tiếp nhận báo cáo").click()
        expect(page.get_by_test_id("receipt-state").first).to_have_text("Đã tiếp nhận")
        page.goto("/province/2024-03/")
        row = page.locator('tr[data-commune="Quang Trung"]')
        expect(row.get_by_test_id("report")).to_contain_text("Đã gửi đúng hạn")
        expect(row.get_by_test_id("report")).to_contain_text("Đã tiếp nhận")
