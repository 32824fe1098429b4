import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from plans.models import Task, TaskState, TaskUpdate

TZ = datetime.timezone(datetime.timedelta(hours=7))


def url(task):
    return reverse("plans:task", args=[task.pk])


def post(client, task, progress="40", version=None, state=TaskState.IN_PROGRESS, note="Đã làm"):
    data = {"progress": progress, "state": state, "note": note}
    data["version"] = f"{task.pk}:{task.version if version is None else version}"
    return client.post(url(task), data)


def test_anyone_signed_in_reads_the_task_and_its_log(client, task, viewer):
    TaskUpdate.objects.create(
        task=task, note="Khởi động", progress=Decimal(10), state="in_progress"
    )
    client.force_login(viewer)
    response = client.get(url(task))
    assert response.status_code == 200
    assert "Khởi động" in response.content.decode()
    assert response.context["can_post"] is False


def test_anonymous_is_sent_to_login(client, task):
    response = client.get(url(task))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_lead_body_member_posts_progress(client, task, officer):
    client.force_login(officer)
    with time_machine.travel(datetime.datetime(2024, 5, 2, 9, tzinfo=TZ), tick=False):
        response = post(client, task, progress="20,5")  # Vietnamese decimal comma
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.progress, task.state, task.version) == (Decimal("20.5"), "in_progress", 2)
    update = task.updates.get()
    assert update.author == officer
    assert update.created_at == datetime.datetime(2024, 5, 2, 9, tzinfo=TZ)


def test_standing_member_posts_progress_on_any_task(client, task, standing):
    client.force_login(standing)
    assert post(client, task, progress="100", state=TaskState.DONE).status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.DONE


@pytest.mark.parametrize("user", ["other_officer", "viewer"])
def test_others_cannot_post_progress(client, task, user, request):
    client.force_login(request.getfixturevalue(user))
    assert post(client, task).status_code == 403
    assert not TaskUpdate.objects.exists()


@pytest.mark.parametrize("progress", ["150", "-1", "abc", ""])
def test_progress_outside_0_100_is_refused(client, task, officer, progress):
    client.force_login(officer)
    response = post(client, task, progress=progress)
    assert response.status_code == 400
    assert "progress" in response.context["form"].errors
    assert not TaskUpdate.objects.exists()


def test_a_stale_form_is_refused_showing_the_current_value(client, task, officer, standing):
    client.force_login(standing)
    post(client, task, progress="70")
    client.force_login(officer)
    response = post(client, task, progress="30", version=1)
    assert response.status_code == 400
    assert "70" in " ".join(response.context["form"].non_field_errors())
    task.refresh_from_db()
    assert task.progress == Decimal(70)
    assert TaskUpdate.objects.count() == 1


def test_wrong_method(client, task, officer):
    client.force_login(officer)
    assert client.put(url(task)).status_code == 405
    assert client.delete(url(task)).status_code == 405


def test_unknown_task_is_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("plans:task", args=[999])).status_code == 404


def test_overdue_shows_on_the_task_page(client, task, viewer):
    client.force_login(viewer)
    with time_machine.travel(datetime.datetime(2024, 7, 1, 8, tzinfo=TZ), tick=False):
        response = client.get(url(task))
    assert response.context["task"].overdue
    assert Task.objects.overdue(datetime.date(2024, 7, 1)).get() == task
