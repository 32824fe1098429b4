"""/jobs/<id>/file/: a file job's page: its progress (followed by job-progress.js), its
error and retry button, or its download link; only for who may download the file."""

from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobState
from tests.jobs.conftest import file_job


def url(job: Job) -> str:
    return reverse("jobs:page", kwargs={"pk": job.pk})


def test_a_prepared_file_is_offered_with_its_expiry(login, dossier_job, settings):
    settings.JOBS_KEEP_DAYS = 7
    page = login("thuongtruc").get(url(dossier_job))
    html = page.content.decode()
    assert "<h1" in html and "Tệp thử.xlsx" in html
    assert f'href="{reverse("jobs:result", kwargs={"pk": dossier_job.pk})}"' in html
    until = timezone.localtime(dossier_job.expires_at)  # the page shows Hanoi's date
    assert f"Tệp được lưu đến ngày {until:%d/%m/%Y}" in html
    assert "data-job-url" not in html  # nothing to follow
    assert 'href="/before/"' in html
    assert "no-store" in page["Cache-Control"]


def test_a_running_job_is_followed_by_the_script(login, demo, users):
    job = file_job({"commune": demo}, users["thuongtruc"], done=False)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, percent=40, error="")
    html = login("thuongtruc").get(url(job)).content.decode()
    assert f'data-job-url="{reverse("jobs:status", kwargs={"pk": job.pk})}"' in html
    assert "Đang chạy (40 %)" in html
    assert "Tệp đang được tạo." in html


def test_a_failed_job_shows_its_error_and_the_retry_button(login, demo, users):
    job = file_job({"commune": demo}, users["thuongtruc"], done=False)
    html = login("thuongtruc").get(url(job)).content.decode()
    assert "Không tạo được tệp." in html
    assert f'action="{reverse("jobs:retry", kwargs={"pk": job.pk})}"' in html
    assert f'name="next" value="{url(job)}"' in html


def test_only_who_may_download_sees_the_page(login, client, dossier_job, province_job, readers):
    assert login("truongban").get(url(dossier_job)).status_code == 404
    client.force_login(readers["coordinator"])
    assert client.get(url(province_job)).status_code == 200
    assert client.get(url(dossier_job)).status_code == 404  # reading Quang Trung, not theirs
    for user in (readers["other"], readers["stranger"]):
        client.force_login(user)
        assert client.get(url(dossier_job)).status_code == 404
        assert client.get(url(province_job)).status_code == 404


def test_anonymous_is_sent_to_login(client, dossier_job):
    assert "/accounts/login/" in client.get(url(dossier_job))["Location"]


def test_wrong_method(login, dossier_job):
    assert login("thuongtruc").post(url(dossier_job)).status_code == 405
