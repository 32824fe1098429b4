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


def test_a_job_belongs_to_one_commune_or_one_province(demo):
    from django.db import IntegrityError, transaction

    for owners in ({}, {"commune": demo, "province": demo.province}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Job.objects.create(kind="test", func="x", **owners)
    assert Job.objects.create(kind="test", func="x", province=demo.province).commune is None


def stored(settings) -> list[str]:
    from pathlib import Path

    root = Path(settings.STORAGES["jobs"]["OPTIONS"]["location"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def store_twice(job: Job, **arguments) -> str:
    """A file task that stores its file under another name on each run (a dossier's name
    holds the day it was built)."""
    from jobs.services import job_result_save

    job_result_save(
        job, content=b"1", filename="a.txt", display_name="á.txt", content_type="text/plain"
    )
    return job_result_save(
        job, content=b"22", filename="b.txt", display_name="b́.txt", content_type="text/plain"
    )


def test_running_a_file_task_again_leaves_one_file(demo, settings, jobs_at_once):
    job = start(demo, func="tests.jobs.test_services.store_twice", page_url="/x/")
    job.refresh_from_db()
    assert (job.state, job.result_file, job.result_url) == (
        JobState.DONE,
        f"{job.pk}/b.txt",
        f"/jobs/{job.pk}/file/download/",
    )
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED)
    job_execute(job.pk)  # a retry after a failure, or a message delivered twice
    assert [name for name in stored(settings) if name.startswith(f"{job.pk}/")] == [
        f"{job.pk}/b.txt"
    ]


def test_purge_forgets_expired_jobs_and_their_files(demo, settings, jobs_at_once):
    from jobs.services import jobs_purge

    settings.JOBS_KEEP_DAYS = 7
    with time_machine.travel(datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC), tick=False):
        old_file = start(demo, func="tests.jobs.test_services.store_twice", page_url="/x/")
        old_failed = start(demo, func="tests.jobs.test_services.explode", page_url="/x/")
        old_render = start(demo, func="tests.jobs.test_services.explode")  # no page: kept
    with time_machine.travel(datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC), tick=False):
        recent = start(demo, func="tests.jobs.test_services.store_twice", page_url="/x/")
    orphan = Job.objects.create(kind="test", func="x", commune=demo)
    store_twice(orphan)
    Job.objects.filter(pk=orphan.pk).delete()  # e.g. deleted with its commune

    assert jobs_purge(now=datetime.datetime(2024, 3, 9, tzinfo=datetime.UTC)) == 2
    assert set(Job.objects.filter(kind="test").values_list("pk", flat=True)) == {
        old_render.pk,
        recent.pk,
    }
    assert not {old_file.pk, old_failed.pk, orphan.pk} & {
        int(name.split("/")[0]) for name in stored(settings)
    }
    assert f"{recent.pk}/b.txt" in stored(settings)
