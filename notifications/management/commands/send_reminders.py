"""`python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run] [--emails-only]`:
one day's reminders (run daily: Celery beat, cron or a systemd timer, docs/DEPLOY.md),
then the outbox. Idempotent: run it twice, or on two machines at once, and each
reminder goes out once."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.models import Sent
from notifications.schedule import day_plan
from notifications.services import emails_send
from notifications.tasks import reminders_run


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--date: ngày dạng YYYY-MM-DD, ví dụ 2024-03-13 (nhận được “{text}”)."
        ) from None


class Command(BaseCommand):
    help = "Send the day's reminders (in the app and by e-mail), then the e-mails that are due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", type=_date, help="The day to work for (default: today).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would be reminded and why; send and record nothing.",
        )
        parser.add_argument(
            "--emails-only",
            action="store_true",
            help="Only send the e-mails that are due (held by the quiet hours, or to retry).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or timezone.localdate()
        if options["emails_only"]:
            sent, failed = emails_send()
            self.stdout.write(f"E-mails: {sent} sent, {failed} failed (to retry).")
            return
        if options["dry_run"]:
            self._dry_run(day)
            return
        plan, outcome = reminders_run(day=day)
        for message in outcome.created:
            self.stdout.write(
                f"sent  {message.user.get_username():<14} {message.reason or message.title}"
            )
        for reason in plan.unreached:
            self.stdout.write(f"no account to remind: {reason}")
        sent, failed = emails_send()
        self.stdout.write(
            f"{day:%d/%m/%Y}: {len(outcome.created)} reminders sent, "
            f"{len(outcome.skipped)} already sent before; "
            f"e-mails: {sent} sent, {failed} failed (to retry)."
        )

    def _dry_run(self, day: datetime.date) -> None:
        plan = day_plan(day)
        done = set(
            Sent.objects.filter(
                period__in={message.period for message in plan.messages}
            ).values_list("user_id", "kind", "period")
        )
        self.stdout.write(f"{day:%d/%m/%Y} (dry run: nothing is sent)")
        for message in plan.messages:
            key = (message.user.pk, message.kind, message.period)
            state = "already sent" if key in done else "would send"
            address = message.user.email or "no e-mail: in the app only"
            self.stdout.write(
                f"{state}: {message.user.get_username()} <{address}> [{message.kind}] "
                f"{message.reason or message.title}"
            )
        for reason in plan.unreached:
            self.stdout.write(f"no account to remind: {reason}")
        if not plan.messages and not plan.unreached:
            self.stdout.write("Nothing to send on this day.")
