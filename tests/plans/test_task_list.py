import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import Task

TZ = datetime.timezone(datetime.timedelta(hours=7))


def url(year=2024):
    return reverse("plans:tasks", args=[year])


def titles(response):
    return [task.title for task in response.context["tasks"]]


def test_lists_the_plans_tasks(client, task, viewer):
    client.force_login(viewer)
    response = client.get(url())
    assert response.status_code == 200
    assert titles(response) == [task.title]


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_unknown_or_malformed_year_is_404(client, plan, viewer):
    client.force_login(viewer)
    assert client.get(url(2023)).status_code == 404
    assert client.get("/plans/24/tasks/").status_code == 404
    assert client.get("/plans/abcd/tasks/").status_code == 404


def test_read_only(client, plan, viewer):
    client.force_login(viewer)
    assert client.post(url()).status_code == 405


def test_filters(client, plan, task, other_body, viewer, make_indicator):
    indicator = make_indicator("17.1")
    water = Task.objects.create(
        plan=plan,
        title="Nước sạch",
        criterion=indicator.criterion,
        indicator=indicator,
        lead_body=other_body,
        deadline=datetime.date(2024, 12, 31),
        state="in_progress",
    )
    client.force_login(viewer)
    assert titles(client.get(url(), {"body": other_body.pk})) == [water.title]
    assert titles(client.get(url(), {"criterion": indicator.criterion_id})) == [water.title]
    assert titles(client.get(url(), {"state": "in_progress"})) == [water.title]
    assert titles(client.get(url(), {"quarter": 2})) == [task.title]
    with time_machine.travel(datetime.datetime(2024, 7, 1, 8, tzinfo=TZ), tick=False):
        assert titles(client.get(url(), {"overdue": "1"})) == [task.title]


def test_my_tasks_are_those_my_bodies_lead_or_support(client, plan, task, officer, other_body):
    supported = Task.objects.create(
        plan=plan, title="Hỗ trợ", lead_body=other_body, deadline=datetime.date(2024, 12, 31)
    )
    supported.supporting_bodies.add(*officer.bodies.all())
    Task.objects.create(
        plan=plan, title="Của người khác", lead_body=other_body, deadline=datetime.date(2024, 9, 1)
    )
    client.force_login(officer)
    assert titles(client.get(url(), {"mine": "1"})) == [task.title, supported.title]


def test_an_invalid_filter_is_ignored(client, task, viewer):
    client.force_login(viewer)
    response = client.get(url(), {"quarter": "9"})
    assert response.status_code == 200
    assert titles(response) == [task.title]


@pytest.mark.parametrize(("plans", "per_plan"), [(1, 30), (5, 300)])
def test_query_count_is_constant(
    client, viewer, many_tasks, plans, per_plan, django_assert_max_num_queries
):
    many_tasks(plans, per_plan)
    client.force_login(viewer)
    with django_assert_max_num_queries(9):
        response = client.get(url(), {"overdue": "1", "criterion": ""})
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        response = client.get(url())
    assert len(response.context["tasks"]) == per_plan


def test_filters_offer_all_in_vietnamese_not_dashes(client, plan, standing):
    client.force_login(standing)
    page = client.get(reverse("plans:tasks", kwargs={"year": 2024})).content.decode()
    assert "---------" not in page
    assert page.count(">Tất cả</option>") >= 4
