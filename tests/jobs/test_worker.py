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
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from jobs.models import Job, JobState
from jobs.selectors import target_of
from jobs.services import job_retry
from ntm_portal.celery import app as celery_app
from reports.models import DocumentCounter, ReportVersion
from reports.services import monthly_report_approve, monthly_report_send
from villages.models import Commune

MARCH = datetime.date(2024, 3, 1)
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    """The test database, for the worker process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker(redis_url: str, settings) -> Iterator[Callable[[], subprocess.Popen]]:
    """The web side queues on Redis (a queue of its own for this run); `start()` starts a
    worker on that queue. Every worker started is stopped at the end."""
    queue = f"ntm-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = redis_url
    previous = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.broker_url = redis_url
    celery_app.conf.task_default_queue = queue
    workers: list[subprocess.Popen] = []
    environment = {
        **os.environ,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": queue,
        "DATABASE_URL": database_url(),
        "ENV_FILE": "/dev/null",
        "SECRET_KEY": "test-only-not-secret",
        "TESTING": "1",
    }

    def start() -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "ntm_portal", "worker"]
        options = ["--pool=solo", "-Q", queue, "--without-gossip", "--without-mingle"]
        worker = subprocess.Popen(
            [*command, *options, "--loglevel=WARNING"],
            cwd=ROOT,
            env=environment,
            start_new_session=True,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    celery_app.conf.broker_url, celery_app.conf.task_default_queue = previous
    celery_app.pool.force_close_all()


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def send_march() -> ReportVersion:
    call_command("load_demo", until="2024-03", stdout=io.StringIO())
    commune = Commune.objects.get(name="Quang Trung")
    users = get_user_model().objects
    monthly_report_approve(commune=commune, month=MARCH, user=users.get(username="truongban"))
    return monthly_report_send(commune=commune, month=MARCH, user=users.get(username="thuongtruc"))


def job_of(version: ReportVersion) -> Job:
    return Job.objects.get(target=target_of(version))


def test_a_worker_killed_during_the_render_leaves_a_retryable_job(broker, settings):
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
