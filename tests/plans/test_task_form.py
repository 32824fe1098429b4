import datetime

import pytest
from django.urls import reverse

from criteria.models import CriteriaSet
from plans.models import Task


def create_url(year=2024):
    return reverse("plans:task_create") + f"?plan={year}"


def edit_url(task):
    return reverse("plans:task_edit", args=[task.pk])


def data(**fields):
    values = {"title": "Nhiệm vụ mới", "section": "other", "deadline": "", "version": ""}
    values.update(fields)
    return values


def test_standing_member_adds_a_task(client, plan, standing, body, other_body, make_indicator):
    indicator = make_indicator("17.1")
    client.force_login(standing)
    assert client.get(create_url()).status_code == 200
    response = client.post(
        create_url(),
        data(
            indicator=indicator.pk,
            lead_body=body.pk,
            supporting_bodies=[other_body.pk],
            deadline="30/09/2024",
            quarters=["2", "3"],
        ),
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert (task.criterion, task.deadline, task.quarters) == (
        indicator.criterion,
        datetime.date(2024, 9, 30),
        [2, 3],
    )
    assert list(task.supporting_bodies.all()) == [other_body]


def test_an_empty_deadline_is_within_the_year(client, plan, standing):
    client.force_login(standing)
    client.post(create_url(), data())
    assert Task.objects.get().deadline == datetime.date(2024, 12, 31)


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(create_url())
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("user", ["officer", "viewer"])
def test_only_the_standing_member_adds_or_edits(client, plan, task, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.post(create_url(), data()).status_code == 403
    assert client.post(edit_url(task), data(version=f"{task.pk}:1")).status_code == 403
    assert Task.objects.get().title == task.title


def test_a_deadline_before_the_plans_year_is_refused(client, plan, standing):
    client.force_login(standing)
    response = client.post(create_url(), data(deadline="31/12/2023"))
    assert response.status_code == 400
    assert "deadline" in response.context["form"].errors
    assert not Task.objects.exists()


def test_an_indicator_of_another_set_is_refused(client, plan, standing, make_indicator):
    indicator = make_indicator("13.2")
    other = CriteriaSet.objects.create(
        code="x", decision_ref="x", title="x", valid_from=datetime.date(2026, 1, 1)
    )
    indicator.criterion.criteria_set = other
    indicator.criterion.save()
    indicator.criteria_set = other
    indicator.save()
    client.force_login(standing)
    response = client.post(create_url(), data(indicator=indicator.pk))
    assert response.status_code == 400
    assert "indicator" in response.context["form"].errors
    assert not Task.objects.exists()


@pytest.mark.parametrize("query", ["", "?plan=abc", "?plan=2030"])
def test_unknown_plan_is_404(client, plan, standing, query):
    client.force_login(standing)
    assert client.get(reverse("plans:task_create") + query).status_code == 404


def test_standing_member_edits_a_task(client, task, standing, body):
    client.force_login(standing)
    assert client.get(edit_url(task)).status_code == 200
    response = client.post(
        edit_url(task),
        data(title="Đổi tên", lead_body=body.pk, version=f"{task.pk}:1", quarters=["4"]),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.quarters, task.version) == ("Đổi tên", [4], 2)


def test_a_stale_edit_is_refused(client, task, standing):
    client.force_login(standing)
    client.post(edit_url(task), data(title="Lần 1", version=f"{task.pk}:1"))
    response = client.post(edit_url(task), data(title="Lần 2", version=f"{task.pk}:1"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    task.refresh_from_db()
    assert task.title == "Lần 1"


def test_wrong_method(client, task, standing):
    client.force_login(standing)
    assert client.put(create_url()).status_code == 405
    assert client.delete(edit_url(task)).status_code == 405
