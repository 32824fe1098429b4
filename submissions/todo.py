"""Submissions' to-do items (registered in `SubmissionsConfig.ready()`): a body's report
due this month or sent back (any month), for its members; the units that have not
reported, for the standing member; the late units, for the head."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from submissions.access import NON_REPORTING_KINDS
from submissions.models import Submission
from submissions.selectors import pending_for_user, submissions_overview
from villages.models import Role
from villages.todo import Severity, TodoContext, TodoItem

NAMES_SHOWN = 5


def _submission_url(month: object, body_pk: int) -> str:
    return reverse("submissions:submission", kwargs={"month": month, "body_pk": body_pk})


def own_reports(context: TodoContext) -> Iterator[TodoItem]:
    """The user's bodies' reports: this month's when not sent yet, and every report sent
    back and not resubmitted, whatever its month, with the standing member's note
    (3 queries)."""
    if context.role == Role.VIEWER:
        return
    month = context.month
    for row in pending_for_user(context.user, month):
        if row.submission is not None and row.submission.sent_back:
            continue  # listed below with the other sent-back reports
        yield TodoItem(
            kind="report_due",
            title=_("Send the report of %(body)s for %(month)s")
            % {"body": row.body.name, "month": f"{month:%m/%Y}"},
            url=_submission_url(month, row.body.pk),
            severity=Severity.OVERDUE if row.days_left < 0 else Severity.DUE,
            due_date=row.due_date,
            today=context.today,
        )
    sent_back = (
        Submission.objects.filter(
            body__members=context.user, body__commune=context.commune, sent_back=True
        )
        .exclude(body__kind__in=NON_REPORTING_KINDS)
        .select_related("body")
        .order_by("month", "body__position")
    )
    for submission in sent_back:
        yield TodoItem(
            kind="sent_back",
            title=_("The report of %(body)s for %(month)s was sent back: correct it")
            % {"body": submission.body.name, "month": f"{submission.month:%m/%Y}"},
            detail=Truncator(submission.sent_back_note).chars(300),
            url=_submission_url(submission.month, submission.body_id),
            severity=Severity.OVERDUE,
            today=context.today,
        )


def missing_units(context: TodoContext) -> Iterator[TodoItem]:
    """The standing member: the units that have not reported this month (or were sent
    back); the head: the same once the due date has passed (2 queries)."""
    if context.role not in (Role.STANDING, Role.HEAD):
        return
    overview = submissions_overview(context.commune, context.month)
    outstanding = overview.outstanding
    late = overview.days_left < 0
    if not outstanding or (context.role == Role.HEAD and not late):
        return
    names = [row.body.name for row in outstanding[:NAMES_SHOWN]]
    if len(outstanding) > NAMES_SHOWN:
        names.append(_("and %(count)d more") % {"count": len(outstanding) - NAMES_SHOWN})
    title = ngettext(
        "%(count)d unit has not reported for %(month)s",
        "%(count)d units have not reported for %(month)s",
        len(outstanding),
    ) % {"count": len(outstanding), "month": f"{context.month:%m/%Y}"}
    yield TodoItem(
        kind="missing_units",
        title=title,
        detail=", ".join(names),
        url=reverse("submissions:submissions", kwargs={"month": context.month}),
        severity=Severity.OVERDUE if late else Severity.DUE,
        due_date=overview.due_date,
        today=context.today,
    )
