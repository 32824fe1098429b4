"""The province dashboard's exports (XLSX, PDF), prepared as jobs: the dashboard's
buttons POST; without a broker the file comes at once, with one the job's page follows
it; the old GET link leads to the dashboard; a failed export shows its error and is
retried."""

import datetime
from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, JobState
from jobs.services import job_execute
from reports.builders import PdfRenderError
from reports.documents import ascii_slug

MARCH = datetime.date(2024, 3, 1)
pytestmark = pytest.mark.usefixtures("in_march")


def export_url(fmt: str = "xlsx", month: datetime.date = MARCH) -> str:
    return reverse("province:dashboard_download", kwargs={"month": month, "fmt": fmt})


@pytest.fixture
def coordinator(client, province_staff):
    client.force_login(province_staff.coordinator)
    return client


def test_without_a_broker_the_file_comes_at_once(coordinator, demo, jobs_at_once):
    response = coordinator.post(export_url())
    job = Job.objects.get()
    assert response.url == reverse("jobs:result", kwargs={"pk": job.pk})
    assert (job.province, job.commune, job.state) == (demo.province, None, JobState.DONE)
    download = coordinator.get(response.url)
    assert job.filename == f"ntm-tinh-{ascii_slug(demo.province.name)}-2024-03.xlsx"
    assert download["Content-Disposition"] == (
        f'attachment; filename="{job.filename}"; '
        f"filename*=UTF-8''{quote(f'NTM tỉnh {demo.province.name} 2024-03.xlsx')}"
    )
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    names = [sheet.cell(row=r, column=1).value for r in range(4, sheet.max_row + 1)]
    assert names == ["Xã Khác", "Xã Quang Trung"]
    assert sheet.cell(row=5, column=3).value == "17/19"


def test_with_a_broker_the_page_follows_the_job_then_offers_the_file(
    coordinator, queued_jobs, monkeypatch
):
    monkeypatch.setattr("province.exports.html_to_pdf", lambda html: b"%PDF-test")
    response = coordinator.post(export_url("pdf"))
    job = Job.objects.get()
    assert queued_jobs == [job.pk]
    assert response.url == reverse("jobs:page", kwargs={"pk": job.pk})
    waiting = coordinator.get(response.url).content.decode()
    assert f'data-job-url="{reverse("jobs:status", kwargs={"pk": job.pk})}"' in waiting
    assert "Đang chờ (0 %)" in waiting and 'data-testid="file-download"' not in waiting

    job_execute(job.pk)  # the worker
    ready = coordinator.get(response.url).content.decode()
    assert 'data-testid="file-download"' in ready and "data-job-url" not in ready
    download = coordinator.get(reverse("jobs:result", kwargs={"pk": job.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-test"


def test_a_failed_export_shows_its_error_and_is_retried(coordinator, jobs_at_once, monkeypatch):
    def broken(html):
        raise PdfRenderError("weasyprint")

    monkeypatch.setattr("province.exports.html_to_pdf", broken)
    response = coordinator.post(export_url("pdf"))
    job = Job.objects.get()
    assert response.url == reverse("jobs:page", kwargs={"pk": job.pk})
    page = coordinator.get(response.url).content.decode()
    assert "Không tạo được tệp PDF (bộ tạo PDF bị lỗi). Hãy thử lại." in page
    assert reverse("jobs:retry", kwargs={"pk": job.pk}) in page

    monkeypatch.setattr("province.exports.html_to_pdf", lambda html: b"%PDF-again")
    coordinator.post(reverse("jobs:retry", kwargs={"pk": job.pk}), {"next": response.url})
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == (JobState.DONE, 2, "")


def test_the_dashboard_buttons_post_the_export(coordinator):
    page = coordinator.get(reverse("province:dashboard", kwargs={"month": MARCH})).content.decode()
    assert f'form="province-export" formaction="{export_url("pdf")}"' in page
    assert '<form id="province-export" method="post"><input type="hidden"' in page


def test_the_old_download_link_leads_to_the_dashboard(coordinator):
    response = coordinator.get(export_url())
    assert response.url == reverse("province:dashboard", kwargs={"month": MARCH})
    assert not Job.objects.exists()


def test_a_commune_user_gets_403_and_starts_nothing(client, province_staff):
    client.force_login(province_staff.standing)
    assert client.post(export_url()).status_code == 403
    assert not Job.objects.exists()


def test_a_future_month_is_404(coordinator):
    assert coordinator.post(export_url(month=datetime.date(2024, 4, 1))).status_code == 404
    assert not Job.objects.exists()


def test_a_word_export_is_404_not_a_pdf_named_docx(coordinator):
    assert coordinator.post(export_url(fmt="docx")).status_code == 404
    assert coordinator.get(export_url(fmt="docx")).status_code == 404
    assert not Job.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(export_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_wrong_method(coordinator):
    assert coordinator.put(export_url()).status_code == 405
