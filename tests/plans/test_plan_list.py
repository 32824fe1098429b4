from django.urls import reverse

from plans.models import Plan, TaskState


def test_lists_plans_by_year_with_task_counts(client, plan, task, viewer, commune):
    Plan.objects.create(commune=commune, year=2025, criteria_set=plan.criteria_set, title="KH 2025")
    task.state = TaskState.DONE
    task.save()
    client.force_login(viewer)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    plans = list(response.context["plans"])
    assert [p.year for p in plans] == [2025, 2024]
    assert (plans[1].task_done, plans[1].task_total) == (1, 1)


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_read_only(client, viewer):
    client.force_login(viewer)
    assert client.post(reverse("plans:list")).status_code == 405


def test_nav_links_to_plans(client, viewer):
    client.force_login(viewer)
    assert reverse("plans:list") in client.get(reverse("plans:list")).content.decode()
