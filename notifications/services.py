"""Writes of notifications: the log row first (once per recipient, kind and period), then
the in-app notification and the e-mail in the outbox, the outbox sent by the queue, the
person's choices, reading and the 12-month purge."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import Email, Kind, Notification, Preference, Sent

logger = logging.getLogger(__name__)

QUIET_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
QUIET_FROM = datetime.time(21, 0)
QUIET_UNTIL = datetime.time(7, 0)
KEEP = datetime.timedelta(days=365)
MAX_ATTEMPTS = 6
RETRY_DELAY = datetime.timedelta(minutes=5)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class Message:
    """One notification to one person: what `notify` turns into a log row, an in-app
    notification and an e-mail (each as the person chose)."""

    user: AbstractBaseUser
    kind: Kind
    period: str
    """What and when it is about: the log's key, with the user and the kind."""
    title: str
    url: str
    """The page where the work is done (a path)."""
    lines: Sequence[str] = field(default_factory=tuple)
    """The details, one per line (e.g. the exact list of units missing)."""
    reason: str = ""
    """Why it is sent, for `send_reminders --dry-run`."""

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Outcome:
    created: list[Message] = field(default_factory=list)
    """Sent now (in the app and/or queued by e-mail)."""
    skipped: list[Message] = field(default_factory=list)
    """Already sent for this period (an earlier or a concurrent run)."""
    emails: list[Email] = field(default_factory=list)


def quiet_until(now: datetime.datetime) -> datetime.datetime:
    """When an e-mail written at `now` may leave: at once, or at 07:00 (Asia/Ho_Chi_Minh)
    when `now` is in the quiet hours (21:00–07:00)."""
    local = now.astimezone(QUIET_ZONE)
    if local.time() >= QUIET_FROM:
        morning = local.date() + datetime.timedelta(days=1)
    elif local.time() < QUIET_UNTIL:
        morning = local.date()
    else:
        return now
    return datetime.datetime.combine(morning, QUIET_UNTIL, tzinfo=QUIET_ZONE)


def choices_of(users: Iterable[AbstractBaseUser]) -> dict[tuple[int, str], Preference]:
    """The preferences the users changed (one query); no row means both channels on."""
    ids = {user.pk for user in users}
    return {
        (preference.user_id, preference.kind): preference
        for preference in Preference.objects.filter(user__in=ids)
    }


def _claim(message: Message, now: datetime.datetime) -> bool:
    """Insert the log row first: False when it exists (this period was already sent, by
    an earlier run or by a concurrent one that committed first; on PostgreSQL a
    concurrent insert waits for the other transaction and then fails)."""
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            Sent.objects.create(
                user=message.user, kind=message.kind, period=message.period, created_at=now
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def notify(
    messages: Sequence[Message], *, now: datetime.datetime | None = None, digest: bool = False
) -> Outcome:
    """Send each message once per (user, kind, period): in the app and by e-mail as the
    person chose. `digest`: one e-mail per person for all their messages (the daily
    reminders); otherwise one e-mail per message. E-mails go to the outbox, held until
    morning in the quiet hours; the caller starts `emails_send_start` after the commit."""
    now = now or timezone.now()
    outcome = Outcome()
    choices = choices_of(message.user for message in messages)
    mail: dict[int, list[Message]] = defaultdict(list)
    for message in messages:
        if not _claim(message, now):
            outcome.skipped.append(message)
            continue
        outcome.created.append(message)
        choice = choices.get((message.user.pk, message.kind))
        if choice is None or choice.in_app:
            Notification.objects.create(
                user=message.user,
                kind=message.kind,
                title=message.title[:300],
                body=message.body[:4000],
                url=message.url,
                created_at=now,
            )
        if (choice is None or choice.email) and message.user.email and message.user.is_active:
            mail[message.user.pk].append(message)
    send_after = quiet_until(now)
    for batch in mail.values():
        groups = [batch] if digest else [[message] for message in batch]
        for group in groups:
            outcome.emails.append(_email(group, now=now, send_after=send_after))
    return outcome


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user: AbstractBaseUser, kind: str) -> str:
    """A signed token naming the person and the kind, so the link works from the mail
    without signing in (it leads to a confirmation, never changes anything by itself)."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a token names, None when it was tampered with or is unknown."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    return int(data["u"]), data["k"]


def _email(
    messages: list[Message], *, now: datetime.datetime, send_after: datetime.datetime
) -> Email:
    """Render one e-mail (plain text and HTML, in Vietnamese whatever the request's
    language: it is read later, outside the app) for one person's messages."""
    user = messages[0].user
    with translation.override(settings.LANGUAGE_CODE):
        if len(messages) == 1:
            subject = messages[0].title
        else:
            subject = ngettext(
                "You have %(count)d reminder today",
                "You have %(count)d reminders today",
                len(messages),
            ) % {"count": len(messages)}
        subject = f"[{_('NTM Portal')}] {subject}"
        kinds = list(dict.fromkeys(message.kind for message in messages))
        context = {
            "user": user,
            "subject": subject,
            "items": [
                {"title": m.title, "lines": m.lines, "url": site_url(m.url)} for m in messages
            ],
            "site_url": site_url(reverse("home")),
            "settings_url": site_url(reverse("notifications:settings")),
            "unsubscribe": [
                {
                    "label": Kind(kind).label,
                    "url": site_url(
                        reverse(
                            "notifications:unsubscribe",
                            kwargs={"token": unsubscribe_token(user, kind)},
                        )
                    ),
                }
                for kind in kinds
            ],
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    return Email.objects.create(
        user=user,
        to=user.email,
        subject=subject[:300],
        text=text,
        html=html,
        created_at=now,
        send_after=send_after,
    )


def emails_send(*, now: datetime.datetime | None = None, limit: int = 500) -> tuple[int, int]:
    """Send the e-mails that are due; returns (sent, failed). Each is locked while it is
    sent (skipped when another worker holds it, on PostgreSQL), marked sent, or on an
    error kept with its error and tried again later, each time after a longer delay, up to
    MAX_ATTEMPTS: a mail server that is down delays the mail, it never loses it."""
    now = now or timezone.now()
    due = Email.objects.filter(
        sent_at__isnull=True, send_after__lte=now, attempts__lt=MAX_ATTEMPTS
    ).order_by("send_after", "pk")
    sent = failed = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            rows = Email.objects.filter(pk=pk, sent_at__isnull=True)
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            email = rows.first()
            if email is None:
                continue
            email.attempts += 1
            message = EmailMultiAlternatives(email.subject, email.text, to=[email.to])
            message.attach_alternative(email.html, "text/html")
            try:
                message.send()
            except Exception as error:  # any refusal of the mail server: retried later
                logger.warning("E-mail %s to %s failed: %s", email.pk, email.to, error)
                email.last_error = (str(error) or type(error).__name__)[:1000]
                email.send_after = now + RETRY_DELAY * 2 ** (email.attempts - 1)
                email.save(update_fields=["attempts", "last_error", "send_after"])
                failed += 1
                continue
            email.sent_at = now
            email.last_error = ""
            email.save(update_fields=["attempts", "last_error", "sent_at"])
            sent += 1
    return sent, failed


def emails_send_start(*, commune: object) -> None:
    """Send the outbox through the queue after the commit (a Celery worker, or this
    process without a broker), so that a request never waits on, nor fails because of,
    the mail server."""
    from jobs.services import job_start

    job_start(
        kind="emails",
        func="notifications.tasks.emails_send_job",
        commune=commune,
        user=None,
        target="notifications:outbox",
    )


@transaction.atomic
def notification_open(*, notification: Notification) -> str:
    """Mark it read; returns its page."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification.url


@transaction.atomic
def notifications_mark_all_read(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: AbstractBaseUser, choices: dict[str, tuple[bool, bool]]) -> None:
    """`choices`: kind → (in the app, by e-mail). Both on is the default: no row."""
    for kind, (in_app, email) in choices.items():
        if in_app and email:
            Preference.objects.filter(user=user, kind=kind).delete()
        else:
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": in_app, "email": email}
            )


@transaction.atomic
def preference_unsubscribe(*, user: AbstractBaseUser, kind: str) -> None:
    """No more e-mail of this kind (the link in each e-mail); the app still shows it."""
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": False})


@transaction.atomic
def notifications_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget what is older than 12 months: notifications, the log, the sent e-mails."""
    limit = (now or timezone.now()) - KEEP
    deleted, _rows = Notification.objects.filter(created_at__lt=limit).delete()
    Sent.objects.filter(created_at__lt=limit).delete()
    Email.objects.filter(created_at__lt=limit).delete()
    return deleted
