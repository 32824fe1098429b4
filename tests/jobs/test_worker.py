"""Jobs through a real Redis broker and a real Celery worker (a subprocess running
`celery -A ntm_portal worker`, as in production): a sent report's files are rendered by
the worker; a worker killed in the middle of the render leaves the report sent, its
files missing and its job retryable, and the retry renders them without a second number.

Skipped, with the reason, when Redis is not reachable; `.ci/run` starts it. The worker
reads the test database, so these tests commit (transactional) and load the demo."""

from __future__ import annotations

import datetime
import io
import os
import signal

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from jobs.models import Job, JobState
from jobs.selectors import target_of
from jobs.services import job_retry
from reports.models import DocumentCounter, ReportVersion
from reports.services import monthly_report_approve, monthly_report_send
from tests.queue_worker import broker, wait_for  # noqa: F401 (fixture)
from villages.models import Commune

MARCH = datetime.date(2024, 3, 1)
pytestmark = pytest.mark.django_db(transaction=True)


def send_march() -> ReportVersion:
    call_command("load_demo", until="2024-03", stdout=io.StringIO())
    commune = Commune.objects.get(name="Quang Trung")
    users = get_user_model().objects
    monthly_report_approve(commune=commune, month=MARCH, user=users.get(username="truongban"))
    return monthly_report_send(commune=commune, month=MARCH, user=users.get(username="thuongtruc"))


def job_of(version: ReportVersion) -> Job:
    return Job.objects.get(target=target_of(version))


def test_a_worker_killed_during_the_render_leaves_a_retryable_job(broker, settings):  # noqa: F811
    assert django_settings.CELERY_BROKER_URL  # the web side queues, it does not render
    worker = broker()
    version = send_march()
    assert job_of(version).state == JobState.QUEUED
    wait_for(lambda: job_of(version).state == JobState.RUNNING, "the worker to start")
    os.killpg(worker.pid, signal.SIGKILL)  # the machine dies in the middle of the render
    worker.wait()

    version.refresh_from_db()
    job = job_of(version)
    assert job.state == JobState.RUNNING and not version.pdf_sha256  # nothing half-done
    assert version.document_reference == "1/BC-UBND"  # the send itself stands
    settings.JOBS_STALE_AFTER = 0  # no heartbeat since: its worker is gone
    assert job.is_retryable

    broker()  # a worker again (after a restart)
    job_retry(job=job, user=None)
    wait_for(lambda: job_of(version).state == JobState.DONE, "the retried job")
    version.refresh_from_db()
    assert version.pdf_sha256 and version.xlsx_sha256
    assert bytes(version.pdf).startswith(b"%PDF")
    assert DocumentCounter.objects.get().last_number == 1  # never a second number
    assert job_of(version).attempts == 2
