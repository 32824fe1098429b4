"""The floors' events turned into notifications. Connected in `NotificationsConfig.ready()`:
the services below announce (submissions/signals.py, reports/signals.py) after their
commit and never import this app, which sits above them; a listener that fails is
logged by `send_robust` and never undoes the write nor fails the request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.schedule import commune_people
from notifications.services import Message, emails_send_start, notify
from reports.models import MonthlyReport, ProvinceReceipt
from reports.signals import monthly_report_approved, receipt_returned
from submissions.models import Submission
from submissions.signals import submission_sent_back
from villages.models import Commune, Role


def _send(commune: Commune, messages: list[Message]) -> None:
    outcome = notify(messages)
    if outcome.emails:
        emails_send_start(commune=commune)


def on_submission_sent_back(*, submission: Submission, user: Any, **kwargs: Any) -> None:
    """Its authors: the body's members and whoever sent it, not the one sending it back."""
    body = submission.body
    authors = {member.pk: member for member in body.members.filter(is_active=True)}
    if submission.submitted_by is not None and submission.submitted_by.is_active:
        authors.setdefault(submission.submitted_by.pk, submission.submitted_by)
    authors.pop(user.pk, None)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The report of %(body)s for %(month)s was sent back: correct it") % {
            "body": body.name,
            "month": f"{submission.month:%m/%Y}",
        }
        url = reverse(
            "submissions:submission", kwargs={"month": submission.month, "body_pk": body.pk}
        )
        note = _("Note: %(note)s") % {"note": Truncator(submission.sent_back_note).chars(1000)}
    messages = [
        Message(
            user=author,
            kind=Kind.SUBMISSION_SENT_BACK,
            period=f"submission:{submission.pk}:v{submission.version}",
            title=title,
            url=url,
            lines=[note],
        )
        for author in authors.values()
    ]
    _send(body.commune, messages)


def on_report_approved(*, report: MonthlyReport, user: Any, **kwargs: Any) -> None:
    """The standing member, who sends it."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The head approved the report for %(month)s: it can be sent") % {
            "month": f"{report.month:%m/%Y}"
        }
        url = reverse("reports:monthly", kwargs={"month": report.month})
    messages = [
        Message(
            user=person,
            kind=Kind.REPORT_APPROVED,
            period=f"report:{report.pk}:v{report.version}",
            title=title,
            url=url,
        )
        for person in commune_people(report.commune, Role.STANDING)
        if person.pk != user.pk
    ]
    _send(report.commune, messages)


def on_receipt_returned(*, receipt: ProvinceReceipt, user: Any, **kwargs: Any) -> None:
    """The standing member and the head: the province wants a correction."""
    commune = receipt.commune
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The province returned the report for %(month)s: send a correction") % {
            "month": f"{receipt.month:%m/%Y}"
        }
        url = reverse("reports:monthly", kwargs={"month": receipt.month})
        note = _("Note: %(note)s") % {"note": Truncator(receipt.note).chars(1000)}
    messages = [
        Message(
            user=person,
            kind=Kind.REPORT_RETURNED,
            period=f"receipt:{receipt.pk}",
            title=title,
            url=url,
            lines=[note],
        )
        for person in commune_people(commune, Role.STANDING, Role.HEAD)
    ]
    _send(commune, messages)


def connect() -> None:
    submission_sent_back.connect(on_submission_sent_back, dispatch_uid="notifications.sent_back")
    monthly_report_approved.connect(on_report_approved, dispatch_uid="notifications.approved")
    receipt_returned.connect(on_receipt_returned, dispatch_uid="notifications.returned")
