"""Journey (issue 18): the province administrator uploads a 2026–2030 criteria set file,
reviews the preview and publishes it; Quang Trung's January 2026 is then assessed by the
new set's criteria while December 2025 keeps QĐ 318.

The file is TEST DATA made for the test (tests/criteria/set_files.py, every name marked
"dữ liệu thử"): the official QĐ 51/2025 table is not known here."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from tests.criteria.set_files import set_file
from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e
FEBRUARY_2026 = datetime.datetime(2026, 2, 10, 2, tzinfo=datetime.UTC)


def test_a_published_2026_set_assesses_january_while_december_keeps_qd318(page, tmp_path):
    call_command("load_demo", "--province", until="2024-03", stdout=io.StringIO())
    path = tmp_path / "bo-tieu-chi-2026-2030-du-lieu-thu.xlsx"
    path.write_bytes(set_file())
    with time_machine.travel(FEBRUARY_2026):
        sign_in(page, "thuongtruc")
        page.goto("/months/2026-01/")
        # Before publishing: January stays on QĐ 318, which has ended.
        expect(page.get_by_test_id("assessed-by")).to_contain_text("318/QĐ-TTg")
        expect(page.get_by_test_id("assessed-by-expired")).to_be_visible()
        sign_out(page)

        sign_in(page, "tinh.quantri")
        page.goto("/criteria-sets/upload/")
        page.locator("input[type=file]").set_input_files(str(path))
        page.get_by_role("button", name="Tải lên và xem trước").click()
        expect(page.get_by_test_id("refusal")).to_have_count(0)
        page.get_by_test_id("confirm").click()
        page.get_by_test_id("publish").click()
        expect(page.get_by_role("alert").first).to_be_visible()
        sign_out(page)

        sign_in(page, "thuongtruc")
        page.goto("/months/2026-01/")
        expect(page.get_by_test_id("assessed-by")).to_contain_text("dữ liệu thử")
        expect(page.get_by_test_id("assessed-by-expired")).to_have_count(0)
        expect(page.get_by_text("Tỷ lệ hộ dùng nước sạch (dữ liệu thử)")).to_be_visible()
        expect(page.get_by_role("link", name="17.1", exact=True)).to_have_count(0)

        page.goto("/months/2025-12/")
        expect(page.get_by_test_id("assessed-by")).to_contain_text("318/QĐ-TTg")
        expect(page.get_by_text("Tỷ lệ hộ dùng nước sạch (dữ liệu thử)")).to_have_count(0)
        expect(page.locator('a[href="/months/2025-12/indicators/17.1/"]').first).to_be_visible()

        # The water indicator carries 17.1's history across the switch (crosswalk).
        page.goto("/months/2026-01/indicators/2.1/")
        expect(page.get_by_test_id("carried-history")).to_contain_text("17.1")
