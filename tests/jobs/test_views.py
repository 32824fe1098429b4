"""/jobs/<id>/ (the progress JSON polled by static/js/job-progress.js) and its retry."""

import pytest
from django.urls import reverse

from jobs.models import Job, JobState
from villages.models import Commune, Province


@pytest.fixture
def failed(demo, users):
    return Job.objects.create(
        kind="test",
        func="tests.jobs.test_services.remember",
        commune=demo,
        started_by=users["thuongtruc"],
        state=JobState.FAILED,
        error="PDF hỏng",
    )


def test_a_reader_of_the_commune_gets_the_jobs_progress(login, failed):
    response = login("captren").get(reverse("jobs:status", args=[failed.pk]))
    assert response.json() == {
        "id": failed.pk,
        "state": "failed",
        "state_label": "Lỗi",
        "percent": 0,
        "error": "PDF hỏng",
        "result_url": "",
        "retryable": True,
    }
    assert response["Cache-Control"] == "no-store"


def test_a_job_of_another_commune_is_404(login, failed):
    province = Province.objects.create(name="Tỉnh Khác", code="TK")
    other = Commune.objects.create(name="Khác", province=province)
    Job.objects.filter(pk=failed.pk).update(commune=other)
    assert login("truongban").get(reverse("jobs:status", args=[failed.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, failed):
    assert client.get(reverse("jobs:status", args=[failed.pk])).status_code == 302


def test_the_standing_member_retries_a_failed_job(
    login, failed, django_capture_on_commit_callbacks
):
    url = reverse("jobs:retry", args=[failed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login("thuongtruc").post(url, {"next": "/reports/monthly/2024-03/"})
    assert response.url == "/reports/monthly/2024-03/"
    assert Job.objects.get(pk=failed.pk).state == JobState.DONE


def test_another_role_cannot_retry(login, failed):
    response = login("ubnd").post(reverse("jobs:retry", args=[failed.pk]))
    assert response.status_code == 403
    assert Job.objects.get(pk=failed.pk).state == JobState.FAILED


def test_retry_never_redirects_off_site(login, failed):
    response = login("thuongtruc").post(
        reverse("jobs:retry", args=[failed.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_wrong_methods(login, failed):
    client = login("thuongtruc")
    assert client.post(reverse("jobs:status", args=[failed.pk])).status_code == 405
    assert client.get(reverse("jobs:retry", args=[failed.pk])).status_code == 405


def test_a_province_job_is_followed_and_retried_by_the_provinces_readers_only(
    client, login, readers, demo, django_capture_on_commit_callbacks
):
    from tests.jobs.conftest import file_job

    job = file_job({"province": demo.province}, readers["coordinator"], done=False)
    status, retry = (reverse(name, args=[job.pk]) for name in ("jobs:status", "jobs:retry"))
    for user in (readers["stranger"], readers["other"]):  # another province, a commune
        client.force_login(user)
        assert client.get(status).status_code == 404
        assert client.post(retry).status_code == 404
    assert login("thuongtruc").get(status).status_code == 404
    assert Job.objects.get(pk=job.pk).attempts == 0

    client.force_login(readers["coordinator"])
    assert client.get(status).json()["state"] == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry, {"next": "/x/"}).url == "/x/"
    assert Job.objects.get(pk=job.pk).state == JobState.DONE


def test_another_communes_user_and_another_provinces_coordinator_cannot_retry(
    client, failed, readers
):
    for user in (readers["other"], readers["stranger"]):
        client.force_login(user)
        assert client.post(reverse("jobs:retry", args=[failed.pk])).status_code == 404
        assert client.get(reverse("jobs:status", args=[failed.pk])).status_code == 404
    assert Job.objects.get(pk=failed.pk).state == JobState.FAILED
