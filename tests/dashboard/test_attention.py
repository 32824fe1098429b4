"""The dashboard's first sections, in the order of attention: the headline, the month's
late and missing units sorted by days late with the due date, the commune's own
report, then the criteria at risk. On a small commune built here, at two sizes."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from plans.models import Plan, Task
from reports.models import MonthlyReport, ReportState
from tests.submissions.factories import local, make_submission
from villages.models import BodyKind, ResponsibleBody, Role
from villages.services import commune_data_changed

NOVEMBER = datetime.date(2026, 11, 1)
TODAY = datetime.datetime(2026, 11, 30, 2, 0, tzinfo=datetime.UTC)
URL = reverse("dashboard:month", kwargs={"month": NOVEMBER})


@pytest.fixture(autouse=True)
def _small_commune(no_demo):
    pass


@pytest.fixture
def head(make_user, commune, make_indicator):
    make_indicator("1.1")  # the dashboard needs a criterion to show
    return make_user("truongban", Role.HEAD, commune)


def add_units(commune, count: int, start: int = 0) -> list[ResponsibleBody]:
    """`count` units: one in three missing, one in three sent late by its index in
    days, the others on time."""
    units = []
    for index in range(start, start + count):
        unit = ResponsibleBody.objects.create(
            commune=commune, name=f"Đơn vị {index:03d}", kind=BodyKind.OTHER, position=index
        )
        if index % 3 == 1:
            make_submission(unit, NOVEMBER, at=local(2026, 11, 16 + index % 13, 9))
        elif index % 3 == 2:
            make_submission(unit, NOVEMBER, at=local(2026, 11, 10, 9))
        units.append(unit)
    return units


def attention(page: str) -> list[str]:
    section = page[page.index('data-testid="attention"') : page.index('data-testid="documents"')]
    rows = re.findall(r'data-testid="attention-row">(.*?)</li>', section, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


@time_machine.travel(TODAY, tick=False)
def test_first_section_lists_late_and_missing_units_by_days_late(client, commune, head):
    add_units(commune, 6)
    client.force_login(head)
    page = client.get(URL).content.decode()
    rows = attention(page)
    # Missing since the 16th: 14 days; Đơn vị 004 sent on the 20th: 4 days late;
    # Đơn vị 001 sent on the 17th: 1 day late. On-time units are not listed.
    assert [row.split(" Chưa")[0].split(" Nộp")[0] for row in rows] == [
        "Đơn vị 000",
        "Đơn vị 003",
        "Đơn vị 004",
        "Đơn vị 001",
    ]
    assert "quá hạn 14 ngày" in rows[0]
    assert rows[2] == "Đơn vị 004 Nộp muộn muộn 4 ngày"  # the state once, then by how much
    assert "Hạn nộp 16/11/2026" in page
    # The late list comes before the criteria at risk and the group table.
    assert page.index('data-testid="attention"') < page.index('id="unmet"')
    assert page.index('id="headline"') < page.index('data-testid="attention"')


@time_machine.travel(TODAY, tick=False)
def test_late_list_query_count_is_the_same_at_two_sizes(
    client, commune, head, django_assert_num_queries
):
    add_units(commune, 3)
    client.force_login(head)
    # The whole request, session and the menu's unread count (the bell) included; the
    # same with 20 times the units. 2 of them read which set assesses the month
    # (criteria.sets); the month's records query is two since the charts' villages are
    # ranked in SQL (the ranking, then the chosen records).
    with django_assert_num_queries(17):
        small = attention(client.get(URL).content.decode())
    add_units(commune, 60, start=3)
    cache.clear()  # the units were added by hand, not by a service: uncached again
    with django_assert_num_queries(17):
        large = attention(client.get(URL).content.decode())
    assert len(small) == 2 and len(large) == 40


@time_machine.travel(TODAY, tick=False)
def test_old_month_shows_the_due_date_not_hundreds_of_days(client, commune, head):
    add_units(commune, 1)
    client.force_login(head)
    page = client.get(reverse("dashboard:month", kwargs={"month": datetime.date(2024, 3, 1)}))
    rows = attention(page.content.decode())
    assert rows == ["Đơn vị 000 Chưa nộp"]
    assert "Hạn nộp 16/03/2024" in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_commune_report_state_is_shown_near_the_top(client, commune, head):
    client.force_login(head)
    page = client.get(URL).content.decode()
    assert 'data-state="draft"' in page
    assert "Bản nháp: chưa viết phần nhận định" in page
    MonthlyReport.objects.create(commune=commune, month=datetime.date(2026, 10, 1))
    commune_data_changed(commune_id=commune.pk)
    october = reverse("dashboard:month", kwargs={"month": datetime.date(2026, 10, 1)})
    page = client.get(october).content.decode()
    assert 'data-state="late"' in page
    assert "Chậm: hạn là ngày 31/10/2026" in page
    MonthlyReport.objects.filter(month=datetime.date(2026, 10, 1)).update(state=ReportState.SENT)
    commune_data_changed(commune_id=commune.pk)  # what the send service does after it
    assert 'data-state="sent"' in client.get(october).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_unmet_criterion_whose_tasks_are_all_overdue_is_marked(
    client, commune, make_user, make_indicator, add_threshold, body
):
    indicator = make_indicator("2.1", kind="number")
    add_threshold(indicator, ">=", "10")
    from criteria.models import IndicatorRecord

    IndicatorRecord.objects.create(commune=commune, indicator=indicator, month=NOVEMBER, value=3)
    plan = Plan.objects.create(
        commune=commune, year=2026, criteria_set=commune.criteria_set, title="KH 2026"
    )
    Task.objects.create(
        plan=plan,
        title="Khảo sát",
        lead_body=body,
        criterion=indicator.criterion,
        deadline=datetime.date(2026, 9, 30),
    )
    client.force_login(make_user("truongban", Role.HEAD, commune))
    page = client.get(URL).content.decode()
    assert 'data-testid="all-overdue"' in page
    assert "mọi nhiệm vụ đã quá hạn" in page
