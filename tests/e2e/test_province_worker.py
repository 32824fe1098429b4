"""The province journey with the production queue: the same steps as
test_province.py (send March, returned with a note, corrected, resent, accepted, shown on
the province dashboard), with Redis as the broker and a real Celery worker rendering each
sent version's files, as a province installation runs. The standing member sees the
render job's progress until the worker finishes (static/js/job-progress.js reloads the
page), and the coordinator downloads the PDF the worker rendered.

Skipped, with the reason, when Redis is not reachable; `.ci/run` starts it and runs the
browser journeys on SQLite and on PostgreSQL."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from jobs.models import Job, JobState
from jobs.selectors import target_of
from reports.models import ProvinceReceipt, ReceiptState, ReportVersion
from tests.e2e.conftest import sign_in, sign_out
from tests.e2e.test_province import REPORT, return_and_reopen
from tests.queue_worker import broker, wait_for  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e
MARCH = datetime.date(2024, 3, 1)
MARCH_15 = datetime.datetime(2024, 3, 15, 2, tzinfo=datetime.UTC)
WORKER_RENDER = 120  # seconds: a real WeasyPrint render of the monthly report on a busy CI


def quang_trungs_march(number: int) -> ReportVersion:
    return ReportVersion.objects.get(
        report__commune__name="Quang Trung", report__month=MARCH, number=number
    )


def send_and_watch_the_render(page, number: int) -> None:
    """Head approves, standing member sends; the report page follows the worker's job
    until the version's files are stored, then shows their fingerprints."""
    sign_in(page, "truongban")
    page.goto(REPORT)
    page.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    sign_out(page)
    sign_in(page, "thuongtruc")
    page.goto(REPORT)
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    version = quang_trungs_march(number)
    job = Job.objects.get(target=target_of(version))
    assert job.state in (JobState.QUEUED, JobState.RUNNING, JobState.DONE)  # not in this process
    # The page shows the job and reloads itself when the worker is done.
    row = page.locator("tr", has_text=version.document_reference)
    expect(row.locator(".sha").first).to_contain_text("PDF", timeout=WORKER_RENDER * 1000)
    wait_for(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE, "the render job")
    version.refresh_from_db()
    assert bytes(version.pdf).startswith(b"%PDF") and version.xlsx_sha256


def test_the_inbox_journey_with_a_celery_worker(page, broker):  # noqa: F811
    broker()  # one worker, as `celery -A ntm_portal worker` on a province server
    call_command("load_demo", "--province", until="2024-03", stdout=io.StringIO())
    with time_machine.travel(MARCH_15):
        send_and_watch_the_render(page, number=1)
        sign_out(page)

        sign_in(page, "tinh.dieuphoi")
        page.goto("/province/inbox/")
        page.get_by_role("link", name="Xã Quang Trung").click()
        with page.expect_download() as download:
            page.get_by_role("link", name="PDF").click()
        pdf = download.value
        assert pdf.suggested_filename == "Báo cáo NTM Xã Quang Trung 2024-03-v1.pdf"
        received = quang_trungs_march(1)
        assert Path(pdf.path()).read_bytes() == bytes(received.pdf)  # the worker's bytes
        return_and_reopen(page)
        send_and_watch_the_render(page, number=2)
        sign_out(page)

        sign_in(page, "tinh.dieuphoi")
        page.goto("/province/inbox/")
        page.get_by_role("link", name="Xã Quang Trung").first.click()
        page.get_by_role("button", name="Tiếp nhận báo cáo").click()
        expect(page.get_by_test_id("receipt-state").first).to_have_text("Đã tiếp nhận")
        page.goto("/province/2024-03/")
        row = page.locator('tr[data-commune="Quang Trung"]')
        expect(row.get_by_test_id("report")).to_contain_text("Đã tiếp nhận")
    accepted = ProvinceReceipt.objects.get(version=quang_trungs_march(2))
    assert accepted.state == ReceiptState.ACCEPTED
    assert accepted.decided_by.username == "tinh.dieuphoi"
    first, second = quang_trungs_march(1), quang_trungs_march(2)
    assert first.document_reference != second.document_reference  # never one number twice
