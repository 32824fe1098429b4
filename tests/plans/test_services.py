import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from criteria.models import CriteriaSet
from plans.models import Commitment, FundingSource, ResourceAmount, Task, TaskState, TaskUpdate
from plans.services import (
    commitment_add,
    resource_amount_set,
    task_create,
    task_edit,
    task_progress_post,
)
from villages.conflicts import StaleEdit
from villages.models import BodyKind, Commune, Province, ResponsibleBody


def test_posting_progress_logs_it_and_updates_the_task(task, officer):
    task_progress_post(
        task=task, user=officer, progress=Decimal(40), note="Bắt đầu", base=f"{task.pk}:1"
    )
    update = task_progress_post(
        task=task, user=officer, progress=Decimal("60.5"), note="Tiếp tục", base=f"{task.pk}:2"
    )
    task.refresh_from_db()
    assert (task.progress, task.state, task.version) == (Decimal("60.5"), TaskState.IN_PROGRESS, 3)
    assert update.author == officer
    assert list(task.updates.values_list("progress", flat=True)) == [Decimal("60.5"), Decimal(40)]


def test_full_progress_means_done_and_done_means_full_progress(task, officer):
    task_progress_post(
        task=task, user=officer, progress=Decimal(100), note="Xong", base=f"{task.pk}:1"
    )
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    task_progress_post(
        task=task,
        user=officer,
        progress=Decimal(80),
        state=TaskState.DONE,
        note="x",
        base=f"{task.pk}:2",
    )
    task.refresh_from_db()
    assert task.progress == Decimal(100)


def test_a_stale_version_is_refused_and_nothing_saved(task, officer):
    task_progress_post(task=task, user=officer, progress=Decimal(50), note="A", base=f"{task.pk}:1")
    with pytest.raises(StaleEdit) as error:
        task_progress_post(
            task=task, user=officer, progress=Decimal(20), note="B", base=f"{task.pk}:1"
        )
    assert "50" in error.value.messages[0]
    task.refresh_from_db()
    assert task.progress == Decimal(50)
    assert TaskUpdate.objects.count() == 1


@pytest.mark.parametrize("progress", [Decimal(-1), Decimal("100.1"), Decimal(150)])
def test_progress_outside_0_100_is_refused(task, officer, progress):
    with pytest.raises(ValidationError) as error:
        task_progress_post(
            task=task, user=officer, progress=progress, note="x", base=f"{task.pk}:1"
        )
    assert "progress" in error.value.message_dict
    assert not TaskUpdate.objects.exists()


def test_a_deadline_before_the_plans_year_is_refused(plan, body):
    with pytest.raises(ValidationError) as error:
        task_create(plan=plan, title="Sớm", lead_body=body, deadline=datetime.date(2023, 12, 31))
    assert "deadline" in error.value.message_dict
    assert not Task.objects.exists()


def test_an_empty_deadline_is_the_end_of_the_year(plan, body):
    task = task_create(plan=plan, title="Trong năm", lead_body=body, quarters=[2, 3])
    assert task.deadline == datetime.date(2024, 12, 31)
    assert task.within_the_year
    assert task.quarters == [2, 3]


def test_an_indicator_of_another_criteria_set_is_refused(plan, make_indicator):
    other_set = CriteriaSet.objects.create(
        code="other", decision_ref="2/QĐ", title="Khác", valid_from=datetime.date(2026, 1, 1)
    )
    indicator = make_indicator("13.2")
    indicator.criteria_set = other_set
    indicator.criterion.criteria_set = other_set
    indicator.criterion.save()
    indicator.save()
    with pytest.raises(ValidationError) as error:
        task_create(plan=plan, title="Sai bộ", indicator=indicator)
    assert "indicator" in error.value.message_dict
    assert not Task.objects.exists()


def test_the_indicator_gives_the_criterion(plan, make_indicator):
    indicator = make_indicator("17.1")
    task = task_create(plan=plan, title="Nước sạch", indicator=indicator)
    assert task.criterion == indicator.criterion


def test_a_body_of_another_commune_is_refused(plan, criteria_set):
    elsewhere = Commune.objects.create(
        name="Khác", province=Province.objects.create(name="Tỉnh khác"), criteria_set=criteria_set
    )
    stranger = ResponsibleBody.objects.create(
        commune=elsewhere, name="UBND khác", kind=BodyKind.PEOPLES_COMMITTEE
    )
    with pytest.raises(ValidationError):
        task_create(plan=plan, title="x", lead_body=stranger)
    assert not Task.objects.exists()


def test_editing_a_task_bumps_its_version_and_refuses_stale_forms(task, body, other_body):
    task_edit(
        task=task,
        base=f"{task.pk}:1",
        title="Mới",
        lead_body=body,
        supporting_bodies=[other_body],
        deadline=datetime.date(2024, 9, 30),
        quarters=[3],
    )
    task.refresh_from_db()
    assert (task.title, task.version, task.quarters) == ("Mới", 2, [3])
    assert list(task.supporting_bodies.all()) == [other_body]
    with pytest.raises(StaleEdit):
        task_edit(task=task, base=f"{task.pk}:1", title="Cũ")
    task.refresh_from_db()
    assert task.title == "Mới"
    assert task.history.count() == 2


def test_a_commitment_for_a_unit_of_another_commune_is_refused(movement, criteria_set):
    elsewhere = Commune.objects.create(
        name="Khác", province=Province.objects.create(name="Tỉnh khác"), criteria_set=criteria_set
    )
    stranger = ResponsibleBody.objects.create(
        commune=elsewhere, name="Hội khác", kind=BodyKind.MASS_ORGANISATION
    )
    with pytest.raises(ValidationError) as error:
        commitment_add(
            movement=movement, body=stranger, items="x", signed_on=datetime.date(2024, 3, 1)
        )
    assert "body" in error.value.message_dict
    assert not Commitment.objects.exists()


def test_a_unit_signs_once_per_movement(movement, body):
    commitment_add(movement=movement, body=body, items="5 km", signed_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        commitment_add(movement=movement, body=body, items="x", signed_on=datetime.date(2024, 3, 2))
    assert Commitment.objects.get().items == "5 km"


def test_negative_amounts_are_refused(resource_item):
    with pytest.raises(ValidationError) as error:
        resource_amount_set(
            item=resource_item, source=FundingSource.CENTRAL, planned=Decimal(-5), actual=Decimal(0)
        )
    assert "planned" in error.value.message_dict
    assert not ResourceAmount.objects.exists()


def test_setting_an_amount_again_replaces_it(resource_item):
    for planned in (Decimal(100), Decimal(250)):
        resource_amount_set(
            item=resource_item, source=FundingSource.COMMUNE, planned=planned, actual=Decimal(10)
        )
    assert ResourceAmount.objects.get().planned == Decimal(250)
