"""Reads about bodies' monthly submissions, each in a fixed number of queries.

`submissions_overview` is shared by the submissions page, the home page, the dashboard
and the commune's monthly report."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from criteria.models import IndicatorAssignment
from criteria.periods import current_month
from criteria.selectors import commune_status
from criteria.sets import criteria_set_for
from submissions.access import NON_REPORTING_KINDS
from submissions.models import Submission, SubmissionState, state_of
from villages.access import User
from villages.models import BodyKind, Commune, ResponsibleBody

OUTSTANDING = (SubmissionState.NOT_SUBMITTED, SubmissionState.SENT_BACK)


@dataclass(frozen=True)
class SubmissionRow:
    """One body's report for one month, as every page shows it."""

    body: ResponsibleBody
    submission: Submission | None
    state: SubmissionState
    due_date: datetime.date
    days_left: int
    """Days from today to the due date: 0 on the due day, negative when overdue."""

    @property
    def is_outstanding(self) -> bool:
        """Not submitted, or sent back and not resubmitted: the body still owes it."""
        return self.state in OUTSTANDING

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def needs_attention(self) -> bool:
        """Still owed, or sent after the due date."""
        return self.is_outstanding or self.state == SubmissionState.LATE

    @property
    def days_late(self) -> int:
        """How late the report is: to today while it is owed, to its first submission
        when it was sent late; 0 when not (yet) late."""
        if self.state == SubmissionState.LATE and self.submission is not None:
            return (timezone.localdate(self.submission.first_submitted_at) - self.due_date).days
        if self.is_outstanding:
            return max(0, self.days_overdue)
        return 0


@dataclass(frozen=True)
class SubmissionsOverview:
    month: datetime.date
    due_date: datetime.date
    cutoff_date: datetime.date
    days_left: int
    rows: list[SubmissionRow]

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def report_url_prefix(self) -> str:
        """The rows' report pages are this prefix, the body's id and "/": one reverse()
        for the list rather than a {% url %} per row."""
        url = reverse("submissions:submission", kwargs={"month": self.month, "body_pk": 0})
        return url.removesuffix("0/")

    @property
    def outstanding(self) -> list[SubmissionRow]:
        return [row for row in self.rows if row.is_outstanding]

    @property
    def attention(self) -> list[SubmissionRow]:
        """The late and missing units, latest first (then in the page's order)."""
        rows = [row for row in self.rows if row.needs_attention]
        return sorted(rows, key=lambda row: -row.days_late)

    @property
    def is_recent(self) -> bool:
        """The month is the current or the previous one: days overdue are worth counting.
        For an older month "overdue 989 days" says nothing; the due date is shown."""
        today = timezone.localdate()
        return (today.year * 12 + today.month) - (self.month.year * 12 + self.month.month) <= 1

    def count(self, state: SubmissionState) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per state, keyed by state value (for templates and the dashboard)."""
        return {state.value: self.count(state) for state in SubmissionState}


def reporting_bodies(commune: Commune) -> QuerySet[ResponsibleBody]:
    """The bodies that report monthly: other bodies by position, then the villages."""
    return (
        ResponsibleBody.objects.filter(commune=commune)
        .exclude(kind__in=NON_REPORTING_KINDS)
        .annotate(
            is_village=Case(
                When(kind=BodyKind.VILLAGE, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("is_village", "position", "name")
    )


def _rows(
    commune: Commune, month: datetime.date, bodies: Iterable[ResponsibleBody]
) -> list[SubmissionRow]:
    due_date = commune.due_date(month)
    days_left = (due_date - timezone.localdate()).days
    bodies = list(bodies)
    submissions = {
        submission.body_id: submission
        for submission in Submission.objects.filter(
            month=month, body__in=[body.pk for body in bodies]
        ).select_related("submitted_by")
    }
    return [
        SubmissionRow(
            body=body,
            submission=submissions.get(body.pk),
            state=state_of(submissions.get(body.pk), due_date),
            due_date=due_date,
            days_left=days_left,
        )
        for body in bodies
    ]


def submissions_overview(commune: Commune, month: datetime.date) -> SubmissionsOverview:
    """Every reporting body of the commune with its report for `month`, its state and
    the days left until the due date. Two queries (bodies, the month's submissions),
    whatever the number of bodies and months stored."""
    due_date = commune.due_date(month)
    return SubmissionsOverview(
        month=month,
        due_date=due_date,
        cutoff_date=commune.cutoff_date(month),
        days_left=(due_date - timezone.localdate()).days,
        rows=_rows(commune, month, reporting_bodies(commune)),
    )


def pending_for_user(user: User, month: datetime.date) -> list[SubmissionRow]:
    """The user's own bodies that still owe their report for `month` (not submitted, or
    sent back): the home-page reminder. Two queries (the user's bodies, their reports)."""
    if not user.is_authenticated:
        return []
    bodies = list(
        ResponsibleBody.objects.filter(members=user)
        .exclude(kind__in=NON_REPORTING_KINDS)
        .select_related("commune")
        .order_by("position", "name")
    )
    if not bodies:
        return []
    # A user's bodies are all in their one commune.
    rows = _rows(bodies[0].commune, month, bodies)
    return [row for row in rows if row.is_outstanding]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    SENT_BACK = "sent_back", _("Sent back")


@dataclass(frozen=True)
class HistoryEvent:
    """A submit, resubmit or send-back, with the texts as they were then."""

    kind: EventKind
    at: datetime.datetime
    by: AbstractBaseUser | None
    record: Any


def submission_history(submission: Submission | None) -> list[HistoryEvent]:
    """Every version of the report, oldest first, from its history (one query). Saves
    that changed no version (e.g. an administrator's correction) are not events."""
    if submission is None:
        return []
    events: list[HistoryEvent] = []
    previous = None
    records = submission.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    for record in records:
        if previous is not None and record.version == previous.version:
            continue
        if record.sent_back:
            kind, at = EventKind.SENT_BACK, record.sent_back_at or record.history_date
        elif previous is None:
            kind, at = EventKind.SUBMITTED, record.submitted_at
        else:
            kind, at = EventKind.RESUBMITTED, record.submitted_at
        events.append(HistoryEvent(kind=kind, at=at, by=record.history_user, record=record))
        previous = record
    return events


def assigned_indicators(
    body: ResponsibleBody, month: datetime.date | None = None
) -> list[IndicatorAssignment]:
    """The indicators the body answers for (lead or support) in the set that assesses its
    commune in `month` (criteria.sets; this month when None): what its confirmation
    covers. One query."""
    criteria_set = criteria_set_for(body.commune, month or current_month())
    return list(
        IndicatorAssignment.objects.filter(body=body, indicator__criteria_set=criteria_set)
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code")
    )


def figures_to_confirm(body: ResponsibleBody, month: datetime.date) -> list[tuple[Any, Any]]:
    """The indicators the body answers for, each with its result as of `month` (value and
    status, the one computation of criteria/status.py): what the body confirms, by name
    and figure rather than by bare code. The status's queries plus one."""
    assignments = assigned_indicators(body, month)
    if not assignments:
        return []
    status = commune_status(body.commune, month)
    results = {r.indicator.pk: r for c in status.criteria for r in c.indicators}
    return [(a, results.get(a.indicator_id)) for a in assignments]
