"""Slow work the user waits for: a row per job with its state, percentage, error and
result, shown on the page that started it.

Its own app, just above `villages` (the only app it imports, for the commune or the
province a job belongs to): every floor from `criteria` up to `reports` may start a job, so the job
row must sit below all of them, and it belongs to none of them — it is about running
work, not about the programme. It is not in `villages`, which holds who and where and
imports no app, nor in `ntm_portal`, which wires the apps and is imported by none."""

from __future__ import annotations

import datetime
import posixpath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from villages.models import Commune, Province


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One run of a slow task (`func`, a dotted path to a function in an app's
    `tasks.py`, called with the job and `arguments`). `target` names what it works on
    (e.g. "reports.reportversion:12") so a page finds the job of its object.

    A job whose worker died (killed, machine restarted) stays queued or running with
    no progress: after `JOBS_STALE_AFTER` seconds without a heartbeat it counts as
    stalled, and like a failed job it can be retried. Tasks are idempotent, so a retry
    only does what the dead run left undone.

    A job belongs to one commune or, for the province's own work (its dashboard's
    exports), to one province. A file job (`page_url` set: a file a person asked for
    on that page) keeps its result in the "jobs" storage as `result_file`, served only
    by jobs.views.result, until it expires (JOBS_KEEP_DAYS, jobs_purge)."""

    kind = models.CharField(_("kind"), max_length=50)
    func = models.CharField(_("task"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True, db_index=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.CharField(_("error"), max_length=2000, blank=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    result_file = models.CharField(_("result file"), max_length=300, blank=True)
    result_name = models.CharField(_("file name"), max_length=300, blank=True)
    result_type = models.CharField(_("file type"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last heartbeat"), default=timezone.now)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=JobState.values), name="jobs_job_state_valid"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="jobs_job_percent_range"),
            models.CheckConstraint(
                condition=Q(commune__isnull=False, province__isnull=True)
                | Q(commune__isnull=True, province__isnull=False),
                name="jobs_job_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def is_stalled(self) -> bool:
        """Queued or running, with no heartbeat for JOBS_STALE_AFTER seconds: its worker
        is gone (or the queue is down)."""
        limit = datetime.timedelta(seconds=settings.JOBS_STALE_AFTER)
        return not self.is_finished and self.updated_at < timezone.now() - limit

    @property
    def is_file_job(self) -> bool:
        return bool(self.page_url)

    @property
    def has_file(self) -> bool:
        return self.state == JobState.DONE and bool(self.result_file)

    @property
    def filename(self) -> str:
        """The ASCII name the file is stored under (the last part of `result_file`)."""
        return posixpath.basename(self.result_file)

    @property
    def expires_at(self) -> datetime.datetime:
        return self.updated_at + datetime.timedelta(days=settings.JOBS_KEEP_DAYS)

    @property
    def is_retryable(self) -> bool:
        return self.state == JobState.FAILED or self.is_stalled

    def progress(self, percent: int) -> None:
        """Called by the task as it goes: the percentage shown, and the heartbeat."""
        self.percent = max(0, min(100, int(percent)))
        self.updated_at = timezone.now()
        Job.objects.filter(pk=self.pk).update(percent=self.percent, updated_at=self.updated_at)
