"""/jobs/<id>/file/download/: a prepared file, served through this view only: a commune's
file to who asked for it, a province's file to its readers; anyone else 404."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from jobs.models import Job, JobState
from tests.jobs.conftest import file_job


def url(job: Job) -> str:
    return reverse("jobs:result", kwargs={"pk": job.pk})


def test_who_asked_gets_the_file_with_its_vietnamese_name(login, dossier_job):
    response = login("thuongtruc").get(url(dossier_job))
    assert b"".join(response.streaming_content) == b"XLSX"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"tep-thu.xlsx\"; filename*=UTF-8''{quote('Tệp thử.xlsx')}"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_communes_file_is_404_for_everyone_else(login, client, dossier_job, readers):
    for username in ("truongban", "captren"):  # the same commune, but not who asked
        assert login(username).get(url(dossier_job)).status_code == 404
    for user in readers.values():  # the province reading it, another commune, province
        client.force_login(user)
        assert client.get(url(dossier_job)).status_code == 404


def test_a_provinces_file_is_for_every_reader_of_the_province(client, demo, readers, users):
    from django.contrib.auth import get_user_model

    from villages.models import Profile, Role

    job = file_job({"province": demo.province}, readers["coordinator"])
    admin = get_user_model().objects.create_user("test-quantri")
    Profile.objects.create(user=admin, province=demo.province, role=Role.PROVINCE_ADMIN)
    client.force_login(admin)
    assert client.get(url(job)).status_code == 200
    for user in (readers["stranger"], readers["other"], users["thuongtruc"]):
        client.force_login(user)
        assert client.get(url(job)).status_code == 404


def test_a_file_not_ready_leads_to_its_page(login, demo, users):
    job = file_job({"commune": demo}, users["thuongtruc"], done=False)
    response = login("thuongtruc").get(url(job))
    assert response.url == reverse("jobs:page", kwargs={"pk": job.pk})


def test_a_job_without_a_file_is_404(login, demo, users):
    job = Job.objects.create(
        kind="report-render",
        func="x",
        commune=demo,
        started_by=users["thuongtruc"],
        state=JobState.DONE,
    )
    assert login("thuongtruc").get(url(job)).status_code == 404


def test_a_file_gone_from_storage_is_404(login, dossier_job):
    from jobs.services import results

    results().delete(dossier_job.result_file)
    assert login("thuongtruc").get(url(dossier_job)).status_code == 404


def test_anonymous_is_sent_to_login(client, dossier_job):
    assert "/accounts/login/" in client.get(url(dossier_job))["Location"]


@pytest.mark.parametrize("method", ["post", "put"])
def test_wrong_methods(login, dossier_job, method):
    assert getattr(login("thuongtruc"), method)(url(dossier_job)).status_code == 405
