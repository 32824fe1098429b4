"""Journey 4: the superior-level viewer (cấp trên) reads everything and changes nothing."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import optional_url, sign_in
from villages.models import ResponsibleBody, Village

pytestmark = pytest.mark.e2e

MARCH = datetime.date(2024, 3, 1)
MARCH_20 = datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)


def post_forms(page) -> set[str]:
    """The actions of the page's POST forms."""
    return set(
        page.evaluate(
            "() => [...document.forms].filter(f => f.method === 'post')"
            ".map(f => new URL(f.action).pathname)"
        )
    )


def test_viewer_reads_every_page_without_edit_controls_and_cannot_post(page):
    hop_loc = Village.objects.get(name="Hợp Lộc")
    farmers = ResponsibleBody.objects.get(name="Hội Nông dân xã")
    village_url = reverse("criteria:village_month", kwargs={"month": MARCH, "pk": hop_loc.pk})
    pages = [
        ("/", "Xã Quang Trung"),
        ("/months/2024-03/", "Số liệu tháng 03/2024"),
        (village_url, "Thôn Hợp Lộc"),
        ("/reports/submissions/2024-03/", "Báo cáo tháng 03/2024"),
        (f"/reports/submissions/2024-03/{farmers.pk}/", "Hội Nông dân xã"),
    ]
    dashboard = optional_url("dashboard:index", month=MARCH)
    if dashboard:
        pages.append((dashboard, ""))
    only_chrome = {reverse("logout"), reverse("set_language")}
    with time_machine.travel(MARCH_20):
        sign_in(page, "captren")
        for url, text in pages:
            response = page.goto(url)
            assert response.status == 200, url
            expect(page.get_by_role("main")).to_contain_text(text)
            expect(page.get_by_role("button", name="Lưu")).to_have_count(0)
            expect(page.get_by_role("button", name="Nộp báo cáo")).to_have_count(0)
            assert page.locator("main input:not([type=hidden]), main textarea").count() == 0, url
            assert post_forms(page) == only_chrome, url

        # A hand-made POST with a valid CSRF token is refused all the same.
        page.goto(village_url)
        token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        refused = page.request.post(
            village_url, form={"csrfmiddlewaretoken": token, "confirm": "on"}
        )
        assert refused.status == 403
        submission = page.request.post(
            f"/reports/submissions/2024-03/{farmers.pk}/",
            form={"csrfmiddlewaretoken": token, "results": "x", "indicators_confirmed": "on"},
        )
        assert submission.status == 403
