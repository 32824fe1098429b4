"""Starting, running and retrying jobs: the one helper every app calls for slow work.

`job_start` records the job and, once the caller's transaction commits, queues it on
Celery when a broker is configured (`CELERY_BROKER_URL`) or runs it in this process
otherwise (the embedded default: `make run` needs no broker, and the page is answered
when the work is done, as before)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jobs.models import Job, JobState
from villages.models import Commune

logger = logging.getLogger(__name__)


def job_start(
    *,
    kind: str,
    func: str,
    commune: Commune,
    user: AbstractBaseUser | None,
    target: str = "",
    **arguments: Any,
) -> Job:
    """Record a job running `func(job, **arguments)` and queue it after the commit.
    `func` must be idempotent: a retry, or a message delivered twice, runs it again."""
    job = Job.objects.create(
        kind=kind,
        func=func,
        arguments=arguments,
        target=target,
        commune=commune,
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
