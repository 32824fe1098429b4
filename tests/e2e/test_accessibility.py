"""axe-core on the main pages, as the standing member (who sees the most controls):
no critical or serious violation. The dashboard and the report page are checked once
their URLs exist."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import describe, optional_url, sign_in
from villages.models import ResponsibleBody, Village

pytestmark = pytest.mark.e2e

MARCH = datetime.date(2024, 3, 1)
MARCH_20 = datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)


def test_main_pages_have_no_serious_accessibility_violations(page, axe):
    hop_loc = Village.objects.get(name="Hợp Lộc")
    veterans = ResponsibleBody.objects.get(name="Hội Cựu chiến binh xã")
    found: dict[str, str] = {}

    def check(label: str) -> None:
        violations = axe(page)
        if violations:
            found[label] = describe(violations)

    with time_machine.travel(MARCH_20):
        page.goto("/accounts/login/")
        check("login")
        page.get_by_role("button", name="Đăng nhập").click()  # empty: the form's errors
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        check("login with errors")
        sign_in(page, "thuongtruc")
        check("home")
        page.goto("/months/2024-03/")
        check("month workspace")
        page.goto(reverse("criteria:village_month", kwargs={"month": MARCH, "pk": hop_loc.pk}))
        water = page.get_by_role("row").filter(
            has=page.get_by_role("link", name="17.1", exact=True)
        )
        water.get_by_label("Số hộ sử dụng nước sạch tập trung", exact=True).fill("300")
        page.get_by_role("button", name="Lưu").click()
        expect(water).to_contain_text("Tử số không được lớn hơn mẫu số")
        check("village form with errors")
        page.goto(reverse("criteria:indicator_month", kwargs={"month": MARCH, "code": "17.1"}))
        check("indicator page")
        page.goto("/reports/submissions/2024-03/")
        check("submissions")
        page.goto(f"/reports/submissions/2024-03/{veterans.pk}/")
        check("submission with send-back form")
        for name in ("dashboard:index", "reports:monthly"):
            url = optional_url(name, month=MARCH)
            if url:
                page.goto(url)
                check(name)
    assert not found, "\n".join(f"[{label}]\n{text}" for label, text in found.items())
