import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import translation

from plans.models import (
    FundingSource,
    ResourceAmount,
    Task,
    TaskState,
    quarter_bounds,
    quarter_of,
)

TZ = datetime.timezone(datetime.timedelta(hours=7))


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        (datetime.datetime(2024, 6, 30, 23, 59, tzinfo=TZ), False),  # the deadline day itself
        (datetime.datetime(2024, 7, 1, 0, 1, tzinfo=TZ), True),  # the day after, local time
        (datetime.datetime(2024, 6, 30, 17, 30, tzinfo=datetime.UTC), True),  # 00:30 on 1/7 here
    ],
)
def test_overdue_is_computed_from_the_deadline_in_local_time(task, moment, overdue):
    with time_machine.travel(moment, tick=False):
        assert task.is_overdue() is overdue
        assert Task.objects.overdue(datetime.date(2024, 7, 1)).exists()
        assert (task in Task.objects.overdue(task.deadline)) is False


def test_a_done_task_is_never_overdue(task):
    task.state = TaskState.DONE
    task.save()
    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=TZ), tick=False):
        assert not task.is_overdue()
    assert not Task.objects.overdue(datetime.date(2025, 1, 1)).exists()


def test_quarters_bounds_and_membership(task, plan):
    assert quarter_bounds(2024, 1) == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert quarter_bounds(2024, 4) == (datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))
    assert quarter_of(datetime.date(2024, 7, 1)) == 3
    assert task.quarters == [2]
    assert list(Task.objects.in_quarter(2024, 2)) == [task]
    assert not Task.objects.in_quarter(2024, 3).exists()


def test_within_the_year_means_31_december(task):
    assert not task.within_the_year
    task.deadline = datetime.date(2024, 12, 31)
    assert task.within_the_year


def test_database_refuses_progress_above_100(task):
    task.progress = Decimal("100.5")
    with pytest.raises(IntegrityError):
        task.save()


def test_database_refuses_negative_amounts(resource_item):
    with pytest.raises(IntegrityError):
        ResourceAmount.objects.create(
            item=resource_item, source=FundingSource.CENTRAL, planned=Decimal(-1)
        )


def test_one_row_per_item_and_source(resource_item):
    ResourceAmount.objects.create(item=resource_item, source=FundingSource.COMMUNE)
    with pytest.raises(IntegrityError):
        ResourceAmount.objects.create(item=resource_item, source=FundingSource.COMMUNE)


def test_sources_carry_their_units():
    with translation.override("en"):
        assert FundingSource.PEOPLE_WORKDAYS.unit == "workdays"
        assert FundingSource.PEOPLE_LAND.unit == "m²"
    assert FundingSource.CENTRAL.is_money
    assert not FundingSource.PEOPLE_LAND.is_money
