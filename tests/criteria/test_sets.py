"""Which criteria set assesses which month (criteria.sets): a commune with figures in
2025 and 2026 sees each month assessed by its own set, the crosswalk carries 17.1's
history into the 2026 set's water indicator, an override changes the answer.

The 2026 set is TEST DATA (tests/criteria/sets_2026.py), made for these tests."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from criteria.models import CriteriaSet, SetStatus
from criteria.services import FigureInput, records_save
from criteria.sets import criteria_set_for, set_in_force
from tests.criteria.sets_2026 import (
    DECEMBER_2025,
    JANUARY_2026,
    TEST_DECISION,
    publish_test_set,
    record_water,
)
from villages.models import Commune


@pytest.fixture
def in_february_2026():
    with time_machine.travel(datetime.datetime(2026, 2, 20, 2, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def switched(demo, in_february_2026):
    """The demo commune with water figures in 2025 (QĐ 318's 17.1) and January 2026 (the
    test set's 1.1)."""
    new = publish_test_set(demo)
    old_water = demo.criteria_set.indicators.get(code="17.1")
    record_water(demo, old_water, datetime.date(2025, 6, 1), 20)
    record_water(demo, old_water, DECEMBER_2025, 30)
    record_water(demo, new.indicators.get(code="1.1"), JANUARY_2026, 35)
    return new


def fresh(commune):
    return Commune.objects.get(pk=commune.pk)


def test_without_a_published_2026_set_2026_stays_on_qd318_marked_expired(demo):
    found = set_in_force(fresh(demo), JANUARY_2026)
    assert found.criteria_set == demo.criteria_set
    assert found.expired
    assert not set_in_force(fresh(demo), DECEMBER_2025).expired


def test_a_draft_2026_set_is_not_in_force(demo):
    new = publish_test_set(demo)
    CriteriaSet.objects.filter(pk=new.pk).update(status=SetStatus.DRAFT)
    assert criteria_set_for(fresh(demo), JANUARY_2026) == demo.criteria_set


def test_each_month_is_assessed_by_its_own_set(demo):
    new = publish_test_set(demo)
    assert criteria_set_for(fresh(demo), DECEMBER_2025) == demo.criteria_set
    assert criteria_set_for(fresh(demo), JANUARY_2026) == new
    assert not set_in_force(fresh(demo), JANUARY_2026).expired


def test_a_correction_supersedes_its_predecessor_from_its_own_month(demo):
    new = publish_test_set(demo)
    correction = CriteriaSet.objects.create(
        code="test-2026-v2",
        decision_ref=TEST_DECISION,
        title="Bộ tiêu chí THỬ NGHIỆM, bản sửa (dữ liệu thử)",
        valid_from=datetime.date(2026, 7, 1),
        valid_to=datetime.date(2030, 12, 31),
        version=2,
        previous_version=new,
        status=SetStatus.PUBLISHED,
        published_at=new.published_at,
    )
    demo.province.criteria_sets.add(correction)
    assert criteria_set_for(fresh(demo), datetime.date(2026, 6, 1)) == new
    assert criteria_set_for(fresh(demo), datetime.date(2026, 7, 1)) == correction


def test_month_pages_show_the_set_of_their_month(switched, login):
    client = login("thuongtruc")
    december = client.get("/months/2025-12/").content.decode()
    january = client.get("/months/2026-01/").content.decode()
    assert "318/QĐ-TTg" in december and "/months/2025-12/indicators/17.1/" in december
    assert 'data-testid="assessed-by-expired"' not in december
    assert TEST_DECISION in january and "/months/2026-01/indicators/1.1/" in january
    assert "/months/2026-01/indicators/17.1/" not in january
    assert client.get("/months/2026-01/indicators/17.1/").status_code == 404


def test_2026_months_without_the_new_set_say_the_old_one_ended(demo, in_february_2026, login):
    page = login("thuongtruc").get("/months/2026-01/").content.decode()
    assert 'data-testid="assessed-by-expired"' in page and "31/12/2025" in page


def test_the_crosswalk_carries_17_1_into_the_new_water_indicator(switched, login):
    page = login("thuongtruc").get("/months/2026-01/indicators/1.1/").content.decode()
    assert 'data-testid="carried-history"' in page
    assert "17.1 (318/QĐ-TTg)" in page  # the months before the switch, 17.1's figure
    assert "30,00 %" in page and "35,00 %" in page
    assert 'data-testid="starts-fresh"' not in page


def test_an_unmapped_indicator_starts_fresh_and_says_so(switched, login):
    with translation.override("vi"):
        page = login("thuongtruc").get("/months/2026-01/indicators/1.2/").content.decode()
    assert "Chỉ tiêu mới, chưa có số liệu trước 01/2026" in page


def test_the_dashboard_trend_breaks_at_the_switch_unless_the_crosswalk_joins_it(switched, login):
    client = login("thuongtruc")
    page = client.get("/dashboard/2026-01/?trend=1.1").content.decode()
    assert TEST_DECISION in page and 'class="set-switch"' in page
    indicator_chart = page[page.index('id="trend-indicator-title"') :]
    indicator_chart = indicator_chart[: indicator_chart.index("</svg>")]
    # 17.1's December figure carried into 1.1's line: one line across the switch.
    assert "12/25: 30,00 %" in indicator_chart
    assert indicator_chart.count("<polyline") == 1
    met_chart = page[page.index('id="trend-met-title"') :]
    met_chart = met_chart[: met_chart.index("</svg>")]
    assert met_chart.count("<polyline") == 2  # criteria met: never one line across sets


def test_a_figure_for_another_sets_indicator_is_refused(switched, demo, users):
    demo = fresh(demo)
    indicator = demo.criteria_set.indicators.get(code="17.1")
    village = demo.villages.first()
    figure = FigureInput(indicator, village, {"numerator": 1, "denominator": 100}, base="")
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        records_save(commune=demo, month=JANUARY_2026, user=users["thuongtruc"], figures=[figure])
    assert f"17.1 không thuộc {TEST_DECISION}" in " ".join(refused.value.messages)
    assert not demo.indicator_records.filter(month=JANUARY_2026, indicator=indicator).exists()


def test_month_page_query_count_is_the_same_under_either_set(
    switched, login, django_assert_num_queries
):
    client = login("thuongtruc")
    client.get("/months/2025-12/")  # warm the session and the caches
    # The page's content is cached under the commune's data version (villages/cache.py):
    # both months are counted as built.
    cache.clear()
    with CaptureQueriesContext(connection) as old:
        client.get("/months/2025-12/")
    cache.clear()
    with django_assert_num_queries(len(old)):
        client.get("/months/2026-01/")
