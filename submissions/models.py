"""The bodies' and villages' monthly reports to the commune (Báo cáo tháng): what each
body did, its difficulties and proposals, and its confirmation of the indicators it
answers for; on time, late or sent back by the standing member.

Floor 4, below `reports`: it imports `criteria` and `villages`; `reports` (the
commune's documents quote the bodies' reports), the home page and the dashboard import
it. Its own app because the commune's documents and the bodies' reports to the commune
are two concepts with two audiences, and `reports` must stay the top floor."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.models import ResponsibleBody, length_constraints

TEXT_MAX_LENGTH = 4000
SUBMISSION_TEXTS = ("results", "difficulties", "proposals", "sent_back_note")


class SubmissionState(models.TextChoices):
    """The state shown for a body's report; computed, never stored."""

    NOT_SUBMITTED = "not_submitted", _("Not submitted")
    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    SENT_BACK = "sent_back", _("Sent back")


def timeliness(submitted_at: datetime.datetime, due_date: datetime.date) -> SubmissionState:
    """On time when the local (commune time zone) date of submission is on or before the
    due date, late otherwise: 23:30 on the 16th in Hà Nội is on time, although it is
    already the 16th 16:30 UTC; 00:10 on the 17th is late."""
    if timezone.localdate(submitted_at) <= due_date:
        return SubmissionState.ON_TIME
    return SubmissionState.LATE


class Submission(models.Model):
    """A body's (or village's) monthly report to the standing member: results,
    difficulties, proposals, and confirmation of the indicators it answers for.

    One row per body and month; each submit, resubmit and send-back is a new version,
    kept in `history`. `version` lets a form detect that someone changed the row since
    it was loaded."""

    body = models.ForeignKey(
        ResponsibleBody,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    month = models.DateField(_("month"), help_text=_("First day of the reporting month."))
    results = models.TextField(_("results"), max_length=TEXT_MAX_LENGTH)
    difficulties = models.TextField(_("difficulties"), max_length=TEXT_MAX_LENGTH, blank=True)
    proposals = models.TextField(_("proposals"), max_length=TEXT_MAX_LENGTH, blank=True)
    indicators_confirmed = models.BooleanField(
        _("I confirm the figures of the indicators we answer for"), default=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    first_submitted_at = models.DateTimeField(
        _("first submitted at"),
        help_text=_("Whether the report was on time is judged by its first submission."),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    sent_back = models.BooleanField(_("sent back"), default=False)
    sent_back_note = models.TextField(
        _("note when sent back"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_back_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for the demo commune.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly submission")
        verbose_name_plural = _("monthly submissions")
        ordering = ["-month", "body"]
        constraints = [
            *length_constraints(
                "submissions_submission", {name: TEXT_MAX_LENGTH for name in SUBMISSION_TEXTS}
            ),
            models.UniqueConstraint(
                fields=["body", "month"], name="submissions_submission_one_per_body_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="submissions_submission_month_first_day"
            ),
            models.CheckConstraint(
                condition=Q(sent_back=False) | ~Q(sent_back_note=""),
                name="submissions_submission_sent_back_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} – {self.month:%m/%Y}"

    def state(self, due_date: datetime.date) -> SubmissionState:
        """Sent back until resubmitted; otherwise on time or late by the first submission."""
        if self.sent_back:
            return SubmissionState.SENT_BACK
        return timeliness(self.first_submitted_at, due_date)


def state_of(submission: Submission | None, due_date: datetime.date) -> SubmissionState:
    if submission is None:
        return SubmissionState.NOT_SUBMITTED
    return submission.state(due_date)
