"""Journey 1: the village head of Hợp Lộc records the households on centralised water."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import describe, sign_in

pytestmark = pytest.mark.e2e

MARCH_20 = datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)


def test_village_head_records_water_and_sees_village_and_commune_change(page, axe):
    with time_machine.travel(MARCH_20):
        sign_in(page, "thon.hoploc")
        page.goto("/months/2024-03/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("03/2024")
        page.get_by_role("link", name="Nhập số liệu của Thôn Hợp Lộc").click()
        expect(page.get_by_test_id("village-pct-17.1")).to_have_text("0,00 %")

        water = page.get_by_role("row").filter(
            has=page.get_by_role("link", name="17.1", exact=True)
        )
        numerator = water.get_by_label("Số hộ sử dụng nước sạch tập trung", exact=True)
        numerator.fill("40")
        page.get_by_role("button", name="Lưu").click()

        expect(page.get_by_role("alert")).to_contain_text("Đã lưu")
        expect(page.get_by_test_id("village-pct-17.1")).to_have_text("18,60 %")  # 40 / 215
        expect(page.get_by_test_id("commune-pct-17.1")).to_have_text(re.compile(r"2,22\s*%"))
        assert numerator.input_value() == "40"
        violations = axe(page)
        assert not violations, describe(violations)
