import datetime
from decimal import Decimal

from plans.models import FundingSource, ResourceAmount, ResourceItem, Task
from plans.selectors import (
    plan_for_year,
    resource_totals,
    task_list,
    tasks_by_criterion,
    tasks_for,
)


def test_resource_totals_sum_every_item_by_source_in_one_query(
    plan, resource_item, django_assert_num_queries
):
    second = ResourceItem.objects.create(plan=plan, name="Đường thôn")
    rows = [
        (resource_item, FundingSource.CENTRAL, "1000000", "400000"),
        (second, FundingSource.CENTRAL, "500000", "0"),
        (second, FundingSource.PEOPLE_WORKDAYS, "120", "80.5"),
    ]
    for item, source, planned, actual in rows:
        ResourceAmount.objects.create(
            item=item, source=source, planned=Decimal(planned), actual=Decimal(actual)
        )
    with django_assert_num_queries(1):
        totals = {total.source: total for total in resource_totals(plan=plan)}
    assert len(totals) == len(FundingSource)
    assert totals[FundingSource.CENTRAL].planned == Decimal(1500000)
    assert totals[FundingSource.CENTRAL].actual == Decimal(400000)
    assert totals[FundingSource.PEOPLE_WORKDAYS].actual == Decimal("80.5")
    assert not totals[FundingSource.PEOPLE_WORKDAYS].is_money
    assert totals[FundingSource.CREDIT].planned == 0


def test_tasks_for_a_criterion_or_indicator(plan, make_indicator):
    water = make_indicator("17.1")
    other = make_indicator("17.2")
    linked = Task.objects.create(
        plan=plan,
        title="Nước",
        criterion=water.criterion,
        indicator=water,
        deadline=datetime.date(2024, 12, 31),
    )
    Task.objects.create(
        plan=plan,
        title="Khác",
        criterion=other.criterion,
        indicator=other,
        deadline=datetime.date(2024, 12, 31),
    )
    assert list(tasks_for(plan=plan, indicator=water)) == [linked]
    assert tasks_for(plan=plan, criterion=water.criterion).count() == 2
    assert [len(v) for v in tasks_by_criterion(plan=plan).values()] == [2]


def test_task_list_filters_combine(plan, task, body, other_body):
    other = Task.objects.create(
        plan=plan, title="Khác", lead_body=other_body, deadline=datetime.date(2024, 12, 31)
    )
    today = datetime.date(2024, 8, 1)
    assert list(task_list(plan=plan, today=today, overdue=True)) == [task]
    assert list(task_list(plan=plan, today=today, body_id=other_body.pk)) == [other]
    assert list(task_list(plan=plan, today=today, quarter=2)) == [task]
    assert list(task_list(plan=plan, today=today, quarter=4)) == [other]
    assert list(task_list(plan=plan, today=today, body_ids={body.pk})) == [task]
    assert list(task_list(plan=plan, today=today, body_ids=set())) == []


def test_plan_for_year(plan, commune):
    assert plan_for_year(commune=commune, year=2024) == plan
    assert plan_for_year(commune=commune, year=2025) is None
