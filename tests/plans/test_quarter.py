import datetime

import pytest
from django.urls import reverse

from plans.models import Milestone, Task


def url(quarter, year=2024):
    return reverse("plans:quarter", args=[year, quarter])


def test_quarter_shows_its_milestone_and_tasks_scheduled_or_due(client, plan, task, viewer):
    Milestone.objects.create(plan=plan, quarter=2, description="Thực hiện các nội dung")
    due = Task.objects.create(plan=plan, title="Hạn quý 2", deadline=datetime.date(2024, 5, 15))
    Task.objects.create(plan=plan, title="Quý 4", deadline=datetime.date(2024, 12, 31))
    client.force_login(viewer)
    response = client.get(url(2))
    assert response.status_code == 200
    assert response.context["milestone"].description == "Thực hiện các nội dung"
    assert {t.title for t in response.context["tasks"]} == {task.title, due.title}


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(url(1))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("path", ["/plans/2024/q/5/", "/plans/2024/q/0/", "/plans/2024/q/x/"])
def test_malformed_quarter_is_404(client, plan, viewer, path):
    client.force_login(viewer)
    assert client.get(path).status_code == 404


def test_read_only(client, plan, viewer):
    client.force_login(viewer)
    assert client.post(url(1)).status_code == 405


@pytest.mark.parametrize(("plans", "per_plan"), [(1, 30), (5, 300)])
def test_query_count_is_constant(
    client, viewer, many_tasks, plans, per_plan, django_assert_max_num_queries
):
    many_tasks(plans, per_plan)
    client.force_login(viewer)
    # 8 with the menu's unread count (the bell).
    with django_assert_max_num_queries(8):
        response = client.get(url(1))
    assert len(response.context["tasks"]) >= per_plan // 2
