"""The bell: the day's reminders (send_reminders for 13/03/2024 on the demo) show as an
unread count in the menu; the officer of Hội Nông dân xã opens the list, follows the
reminder to the page where the report is sent, and the count is gone. Screenshots in
test-artifacts/notifications/."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, describe, sign_in
from villages.models import ResponsibleBody

pytestmark = pytest.mark.e2e


def test_the_bell_leads_to_the_page_where_the_report_is_sent(page, axe):
    call_command("send_reminders", "--date", "2024-03-13", stdout=io.StringIO())
    farmers = ResponsibleBody.objects.get(name="Hội Nông dân xã")
    folder = ARTIFACTS / "notifications"
    folder.mkdir(parents=True, exist_ok=True)

    sign_in(page, "hoinongdan")
    bell = page.get_by_test_id("bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("1 chưa đọc")
    page.screenshot(path=str(folder / "home-bell.png"))
    bell.click()
    expect(page.get_by_role("heading", name="Thông báo", exact=True)).to_be_visible()
    reminder = page.get_by_test_id("notifications").get_by_role(
        "button", name="Gửi báo cáo của Hội Nông dân xã tháng 03/2024 trước ngày 16/03/2024"
    )
    expect(reminder).to_be_visible()
    page.screenshot(path=str(folder / "list.png"), full_page=True)
    violations = axe(page)
    assert not violations, describe(violations)

    reminder.click()
    page.wait_for_url(f"**/reports/submissions/2024-03/{farmers.pk}/")
    expect(page.locator("h1")).to_contain_text("Hội Nông dân xã")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
