"""The commune's criteria set by month, and the override with its reason
(/criteria/sets/in-force/). The 2026 set is TEST DATA (tests/criteria/sets_2026.py)."""

import datetime

import pytest
import time_machine
from django.utils import translation

from criteria.models import CommuneSetOverride
from criteria.sets import criteria_set_for
from tests.criteria.sets_2026 import JANUARY_2026, TEST_DECISION, publish_test_set
from villages.models import Commune

URL = "/criteria/sets/in-force/"


@pytest.fixture(autouse=True)
def in_february_2026():
    with time_machine.travel(datetime.datetime(2026, 2, 20, 2, 0, tzinfo=datetime.UTC)):
        yield


def test_the_page_lists_which_set_assesses_which_months(demo, login):
    publish_test_set(demo)
    page = login("truongban").get(URL).content.decode()
    assert "01/2021–12/2025" in page and "318/QĐ-TTg" in page
    assert TEST_DECISION in page
    assert 'name="reason"' not in page  # the head reads; choosing is not theirs


def test_standing_member_keeps_qd318_from_january_with_a_reason(demo, login):
    publish_test_set(demo)
    client = login("thuongtruc")
    response = client.post(
        URL,
        {"criteria_set": demo.criteria_set.pk, "from_month": "2026-01", "reason": "Thí điểm"},
    )
    assert response.status_code == 302
    override = CommuneSetOverride.objects.get(commune=demo)
    assert (override.from_month, override.reason) == (JANUARY_2026, "Thí điểm")
    assert criteria_set_for(Commune.objects.get(pk=demo.pk), JANUARY_2026) == demo.criteria_set
    page = client.get("/months/2026-01/").content.decode()
    assert "318/QĐ-TTg" in page and "Thí điểm" in page
    assert "Thí điểm" in client.get(URL).content.decode()  # the history


def test_without_a_reason_nothing_is_saved(demo, login):
    with translation.override("vi"):
        response = login("thuongtruc").post(
            URL, {"criteria_set": demo.criteria_set.pk, "from_month": "2026-01", "reason": " "}
        )
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not CommuneSetOverride.objects.exists()


def test_a_bad_month_is_refused_in_vietnamese(demo, login):
    with translation.override("vi"):
        response = login("thuongtruc").post(
            URL, {"criteria_set": demo.criteria_set.pk, "from_month": "13/2026", "reason": "x"}
        )
    assert "Nhập một tháng, ví dụ 2026-01." in response.content.decode()
    assert not CommuneSetOverride.objects.exists()


def test_a_body_officer_may_read_but_not_choose(demo, login):
    client = login("ubnd")
    assert 'name="reason"' not in client.get(URL).content.decode()
    response = client.post(
        URL, {"criteria_set": demo.criteria_set.pk, "from_month": "2026-01", "reason": "x"}
    )
    assert response.status_code == 403
    assert not CommuneSetOverride.objects.exists()


def test_anonymous_is_sent_to_login(client, demo):
    assert client.get(URL).status_code == 302


def test_wrong_method(demo, login):
    assert login("thuongtruc").put(URL).status_code == 405
