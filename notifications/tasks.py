"""The notifications' work for the queue: the day's reminders (Celery beat, cron or
systemd through `send_reminders`) and the outbox (after each event, and every few
minutes for what the quiet hours held back or the mail server refused)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.services import jobs_purge
from notifications.schedule import DayPlan, day_plan
from notifications.services import Outcome, emails_send, notifications_purge, notify


def reminders_run(
    *, day: datetime.date, now: datetime.datetime | None = None
) -> tuple[DayPlan, Outcome]:
    """One day's reminders, each to its person once (the log's unique constraint), one
    digest e-mail per person; then the 12-month purge, and the expired files of jobs
    (jobs_purge: the one daily run of the installation, with or without a queue).
    Idempotent: a second run, or a concurrent one, finds every log row taken and sends
    nothing more."""
    now = now or timezone.now()
    plan = day_plan(day)
    with transaction.atomic():
        outcome = notify(plan.messages, now=now, digest=True)
    notifications_purge(now=now)
    jobs_purge(now=now)
    return plan, outcome


def emails_send_job(job: Job) -> str:
    """The outbox, as a job: a send the mail server refused leaves the job failed (shown,
    retryable) and the e-mail waiting for its next attempt."""
    _sent, failed = emails_send()
    if failed:
        raise RuntimeError(
            _("%(count)d e-mail(s) could not be sent; they will be tried again.")
            % {"count": failed}
        )
    return ""


@shared_task(name="notifications.send_reminders")
def send_reminders_task() -> None:
    """Celery beat, every morning: today's reminders, then the outbox."""
    reminders_run(day=timezone.localdate())
    emails_send()


@shared_task(name="notifications.send_emails")
def send_emails_task() -> None:
    """Celery beat, every few minutes: what quiet hours held back or failed before."""
    emails_send()
