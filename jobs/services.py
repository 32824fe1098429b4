"""Starting, running and retrying jobs: the one helper every app calls for slow work.

`job_start` records the job and, once the caller's transaction commits, queues it on
Celery when a broker is configured (`CELERY_BROKER_URL`) or runs it in this process
otherwise (the embedded default: `make run` needs no broker, and the page is answered
when the work is done, as before: requests run in autocommit, so the job runs as soon
as it is recorded).

A file job stores its result through `job_result_save` in the "jobs" storage, one
folder per job; `jobs_purge` removes the expired ones."""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jobs.models import Job, JobState
from villages.models import Commune, Province

logger = logging.getLogger(__name__)


def job_start(
    *,
    kind: str,
    func: str,
    user: AbstractBaseUser | None,
    commune: Commune | None = None,
    province: Province | None = None,
    target: str = "",
    page_url: str = "",
    result_name: str = "",
    **arguments: Any,
) -> Job:
    """Record a job running `func(job, **arguments)` and queue it after the commit.
    `func` must be idempotent: a retry, or a message delivered twice, runs it again.
    It belongs to a commune or to a province (one of them: jobs_job_one_owner). A file
    job names the page it was asked from and the file it prepares (`result_name`)."""
    job = Job.objects.create(
        kind=kind,
        func=func,
        arguments=arguments,
        target=target,
        commune=commune,
        province=province,
        page_url=page_url,
        result_name=result_name,
        started_by=user if user is not None and user.is_authenticated else None,
    )
    _dispatch_on_commit(job)
    return job


def _dispatch_on_commit(job: Job) -> None:
    pk = job.pk
    transaction.on_commit(lambda: dispatch(pk))


def dispatch(pk: int) -> None:
    """Queue the job on Celery, or run it now without a broker."""
    if settings.CELERY_BROKER_URL:
        from jobs.tasks import execute

        execute.delay(pk)
    else:
        job_execute(pk)


def job_execute(pk: int) -> None:
    """Run a job (in a Celery worker, or in-process). A job already done is left alone
    (a message delivered twice); an exception marks it failed with its message."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.state == JobState.DONE:
            return
        job.state = JobState.RUNNING
        job.attempts += 1
        job.error = ""
        job.updated_at = timezone.now()
        job.save(update_fields=["state", "attempts", "error", "updated_at"])
    try:
        result = import_string(job.func)(job, **job.arguments)
    except Exception as error:  # any failure is shown to the user, who may retry
        logger.exception("Job %s (%s) failed", job.pk, job.func)
        message = " ".join(getattr(error, "messages", [])) or str(error) or type(error).__name__
        Job.objects.filter(pk=pk).update(
            state=JobState.FAILED, error=message[:2000], updated_at=timezone.now()
        )
        return
    Job.objects.filter(pk=pk).update(
        state=JobState.DONE, percent=100, result_url=result or "", updated_at=timezone.now()
    )


@transaction.atomic
def job_retry(*, job: Job, user: AbstractBaseUser) -> Job:
    """Queue a failed or stalled job again. Its task finishes what is left to do."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if not locked.is_retryable:
        raise ValidationError(_("This job is still running or already done: it cannot be retried."))
    locked.state = JobState.QUEUED
    locked.percent = 0
    locked.error = ""
    locked.updated_at = timezone.now()
    locked.save(update_fields=["state", "percent", "error", "updated_at"])
    _dispatch_on_commit(locked)
    return locked


def results() -> Storage:
    return storages["jobs"]


def job_result_save(
    job: Job, *, content: bytes | IO[bytes], filename: str, display_name: str, content_type: str
) -> str:
    """Store a file job's result (called by its task) as `<job id>/<filename>` (ASCII),
    with the Vietnamese `display_name` for the download. Whatever an earlier run of the
    job left in its folder is removed first, so running the task again leaves one
    file. Returns the download URL (the job's result_url)."""
    store = results()
    _delete_folder(store, str(job.pk))
    name = store.save(
        f"{job.pk}/{filename}",
        ContentFile(content) if isinstance(content, bytes) else File(content),
    )
    Job.objects.filter(pk=job.pk).update(
        result_file=name,
        result_name=display_name,
        result_type=content_type,
        updated_at=timezone.now(),
    )
    job.result_file, job.result_name, job.result_type = name, display_name, content_type
    return reverse("jobs:result", kwargs={"pk": job.pk})


def _delete_folder(store: Storage, folder: str) -> None:
    try:
        _dirs, files = store.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        store.delete(f"{folder}/{name}")
    # An empty folder stays on a file system (object storage has none): remove it too.
    try:
        path = store.path(folder)
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):
        os.rmdir(path)


def jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget the jobs finished more than JOBS_KEEP_DAYS ago, and their files: done
    jobs, and failed file jobs (a failed render of a sent report stays, with its retry
    button, until it is retried). Then the folders of jobs that no longer exist (a
    commune deleted with its jobs, a row removed by hand). Returns the jobs removed.
    Run daily by send_reminders (notifications.tasks.reminders_run)."""
    limit = (now or timezone.now()) - datetime.timedelta(days=settings.JOBS_KEEP_DAYS)
    expired = Job.objects.filter(updated_at__lt=limit).filter(
        Q(state=JobState.DONE) | Q(state=JobState.FAILED, page_url__gt="")
    )
    store = results()
    for pk in expired.exclude(result_file="").values_list("pk", flat=True):
        _delete_folder(store, str(pk))
    deleted, _rows = expired.delete()
    try:
        folders, _files = store.listdir("")
    except FileNotFoundError:  # nothing stored yet
        return deleted
    numbered = {int(folder) for folder in folders if folder.isdigit()}
    for pk in numbered - set(Job.objects.filter(pk__in=numbered).values_list("pk", flat=True)):
        _delete_folder(store, str(pk))
    return deleted
