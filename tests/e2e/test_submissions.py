"""Journey 2: a body's monthly report sent before the due day is on time; one sent after
it is late. The demo commune's reports are due on the 16th; in March 2024 Hội Nông dân
xã and Thôn Quang Thịnh have not reported."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, describe, sign_in, sign_out
from villages.models import Profile, ResponsibleBody, Role

pytestmark = pytest.mark.e2e

MARCH_15 = datetime.datetime(2024, 3, 15, 3, tzinfo=datetime.UTC)  # 10:00 in Việt Nam
MARCH_20 = datetime.datetime(2024, 3, 20, 3, tzinfo=datetime.UTC)
SUBMISSIONS = "/reports/submissions/2024-03/"


def send_report(page, body_name: str, results: str) -> None:
    page.goto(SUBMISSIONS)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=body_name, exact=True))
    expect(row).to_contain_text("Chưa nộp")
    row.get_by_role("link", name=body_name, exact=True).click()
    page.get_by_label("Kết quả thực hiện").fill(results)
    page.get_by_label("Tôi xác nhận", exact=False).check()
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Đã nộp báo cáo của {body_name}")


def village_head_of_quang_thinh():
    body = ResponsibleBody.objects.get(village__name="Quang Thịnh")
    user = get_user_model().objects.create_user(
        "thon.quangthinh", password=PASSWORD, first_name="Thịnh", last_name="Lò Văn"
    )
    Profile.objects.create(user=user, commune=body.commune, role=Role.VILLAGE_HEAD)
    user.bodies.add(body)
    return body


def test_report_before_the_due_day_is_on_time_and_after_it_late(page, axe):
    with time_machine.travel(MARCH_15):
        sign_in(page, "hoinongdan")
        send_report(page, "Hội Nông dân xã", "Vận động 40 hộ đăng ký nước sạch tập trung.")
        expect(page.get_by_test_id("state")).to_have_text("Nộp đúng hạn")
        violations = axe(page)
        assert not violations, describe(violations)
        sign_out(page)

    body = village_head_of_quang_thinh()
    with time_machine.travel(MARCH_20):
        sign_in(page, "thon.quangthinh")
        send_report(page, body.name, "Họp thôn triển khai kế hoạch tháng 3.")
        expect(page.get_by_test_id("state")).to_have_text("Nộp muộn")

        page.goto(SUBMISSIONS)
        for name, state in (("Hội Nông dân xã", "Nộp đúng hạn"), (body.name, "Nộp muộn")):
            row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
            expect(row).to_contain_text(state)
        violations = axe(page)
        assert not violations, describe(violations)
