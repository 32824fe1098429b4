"""Jobs without a broker (the embedded default): run in this process once the caller's
transaction commits; failures are kept with their message; failed or stalled jobs can be
retried; a job already done is never run twice."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from jobs.models import Job, JobState
from jobs.services import job_execute, job_retry, job_start

CALLS: list[dict] = []


def remember(job: Job, **arguments) -> str:
    """A task for these tests: records its call and reports progress."""
    job.progress(50)
    CALLS.append(arguments)
    return "/done/"


def explode(job: Job, **arguments) -> None:
    raise ValidationError("Không tạo được tệp.")


@pytest.fixture(autouse=True)
def no_calls():
    CALLS.clear()


def start(demo, func: str = "tests.jobs.test_services.remember", **arguments) -> Job:
    return job_start(kind="test", func=func, commune=demo, user=None, **arguments)


def test_without_a_broker_a_job_runs_in_process_after_the_commit(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start(demo, month="2024-03")
        assert Job.objects.get(pk=job.pk).state == JobState.QUEUED  # not before the commit
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.state, job.percent, job.result_url, job.attempts) == (
        JobState.DONE,
        100,
        "/done/",
        1,
    )
    assert CALLS == [{"month": "2024-03"}]


def test_a_failure_is_kept_with_its_message_and_can_be_retried(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(demo, func="tests.jobs.test_services.explode")
    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.FAILED, "Không tạo được tệp.")
    assert job.is_retryable
    Job.objects.filter(pk=job.pk).update(func="tests.jobs.test_services.remember")
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, user=None)
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == (JobState.DONE, "", 2)


def test_a_running_job_is_not_retried_until_it_stalls(demo, settings):
    settings.JOBS_STALE_AFTER = 600
    job = start(demo)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    job.refresh_from_db()
    with pytest.raises(ValidationError):
        job_retry(job=job, user=None)
    later = job.updated_at + datetime.timedelta(seconds=601)
    with time_machine.travel(later, tick=False):
        assert job.is_stalled and job.is_retryable
        job_retry(job=job, user=None)
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED


def test_a_job_already_done_is_not_run_again(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(demo)
    job_execute(job.pk)  # the same message delivered twice
    assert len(CALLS) == 1
    assert Job.objects.get(pk=job.pk).attempts == 1
