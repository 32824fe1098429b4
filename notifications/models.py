"""Reminders and notifications: what the app tells each person, inside the app (the bell)
and by e-mail, and the log that makes every scheduled reminder go out once.

Its own app, above every floor it reads (submissions for who has reported, plans for
overdue tasks, reports and the province's receipts for the commune's report): a
notification attaches to items of several floors, so it sits above them. The floors
below never import it: they announce their events through their own `signals.py`, and
this app listens (notifications/apps.py). Nothing imports it but the base template's
context processor (the unread count), wired in settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from villages.models import length_constraints

TITLE_MAX = 300
BODY_MAX = 4000


class Kind(models.TextChoices):
    """What a notification is about; each kind can be turned off per person."""

    UNIT_REMINDER = "unit_reminder", _("Your unit's monthly report is due")
    ESCALATION = "escalation", _("Units that have not reported after the due day")
    SUBMISSION_SENT_BACK = "submission_sent_back", _("Your unit's report was sent back")
    REPORT_APPROVED = "report_approved", _("The commune's report was approved")
    REPORT_RETURNED = "report_returned", _("The province returned the commune's report")
    TASK_OVERDUE = "task_overdue", _("A task of your body is overdue")
    WEEKLY_SUMMARY = "weekly_summary", _("Weekly summary (Monday)")
    PROVINCE_LATE = "province_late", _("Communes whose report is late")


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing the app told one person, with the page where it is dealt with. Kept
    12 months (purged by `send_reminders`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX, blank=True)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell's count: one index-only lookup per page.
            models.Index(fields=["user", "read_at"], name="notifications_unread_idx"),
            models.Index(fields=["created_at"], name="notifications_created_idx"),
        ]
        constraints = [
            *length_constraints("notifications_notification", {"body": BODY_MAX}),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notifications_notification_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Sent(models.Model):
    """A notification of `kind` for `period` went to `user`: inserted BEFORE anything is
    created or sent, under a unique constraint, so a second run (or a second worker at
    the same moment) loses the insert and sends nothing twice. `period` names what the
    notification is about and when: "2024-03:before:12" (unit 12's reminder before the
    due day of March 2024), "2024-03:escalation:0", "2024-W11", "submission:7:v3"…"""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=60)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification log entry")
        verbose_name_plural = _("notification log")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="notifications_sent_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.period}"


class Preference(models.Model):
    """A person's choice for one kind: in the app and/or by e-mail. No row: both on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notifications_preference_one_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class Email(models.Model):
    """An e-mail waiting to be sent, or sent: the outbox the queue works through. Held
    until `send_after` (quiet hours: nothing leaves between 21:00 and 07:00), retried
    with a growing delay when the mail server refuses it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["send_after"],
                condition=Q(sent_at__isnull=True),
                name="notifications_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
