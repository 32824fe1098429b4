"""Writes to bodies' monthly submissions."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from criteria.periods import is_future
from criteria.services import is_month_closed
from submissions.models import TEXT_MAX_LENGTH, Submission
from villages.models import Commune, ResponsibleBody


class Conflict(Exception):
    """Someone submitted or sent the report back after the form was loaded. Carries the
    submission as it is now (None if it has disappeared) so the page can show it."""

    def __init__(self, current: Submission | None) -> None:
        super().__init__("submission changed since the form was loaded")
        self.current = current


def check_month_open(*, commune: Commune, month: datetime.date) -> None:
    if is_future(month):
        raise ValidationError(_("This month has not started yet: its report cannot be sent."))
    if is_month_closed(commune, month):
        raise ValidationError(
            _("This month is closed: ask the standing member to reopen it first.")
        )


def _check_texts(**texts: str) -> None:
    """Forms check lengths too; this keeps other callers from storing more."""
    for name, text in texts.items():
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(
                _("“%(field)s” is too long (at most %(limit)d characters).")
                % {
                    "field": capfirst(Submission._meta.get_field(name).verbose_name),
                    "limit": TEXT_MAX_LENGTH,
                }
            )


@transaction.atomic
def submission_submit(
    *,
    body: ResponsibleBody,
    month: datetime.date,
    user: AbstractBaseUser,
    results: str,
    difficulties: str,
    proposals: str,
    indicators_confirmed: bool,
    expected_version: int,
) -> Submission:
    """Submit (expected_version 0) or resubmit the body's report for `month`.

    Raises Conflict when the report changed since the form was loaded (its version is
    not `expected_version`), ValidationError for a future or closed month."""
    check_month_open(commune=body.commune, month=month)
    if not results.strip():
        raise ValidationError(_("Write the results of the month."))
    if not indicators_confirmed:
        raise ValidationError(_("Confirm the figures of the indicators you answer for."))
    _check_texts(results=results, difficulties=difficulties, proposals=proposals)
    now = timezone.now()
    fields = {
        "results": results.strip(),
        "difficulties": difficulties.strip(),
        "proposals": proposals.strip(),
        "indicators_confirmed": indicators_confirmed,
        "submitted_by": user,
        "submitted_at": now,
    }
    submission = Submission.objects.select_for_update().filter(body=body, month=month).first()
    if submission is None:
        if expected_version != 0:
            raise Conflict(None)
        submission = Submission(body=body, month=month, first_submitted_at=now, **fields)
        submission._history_user = user
        try:
            # A savepoint, so that losing a race leaves the outer transaction usable.
            with transaction.atomic():
                submission.save()
        except IntegrityError:
            raise Conflict(Submission.objects.filter(body=body, month=month).first()) from None
        return submission
    if submission.version != expected_version:
        raise Conflict(submission)
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.sent_back = False
    submission.version += 1
    submission._history_user = user
    submission.save()
    return submission


@transaction.atomic
def submission_send_back(
    *, submission: Submission, user: AbstractBaseUser, note: str, expected_version: int
) -> Submission:
    """Send the report back to its body with a note; the body corrects and resubmits."""
    current = (
        Submission.objects.select_for_update()
        .select_related("body__commune")
        .filter(pk=submission.pk)
        .first()
    )
    if current is None or current.version != expected_version:
        raise Conflict(current)
    check_month_open(commune=current.body.commune, month=current.month)
    if current.sent_back:
        raise ValidationError(_("This report has already been sent back."))
    if not note.strip():
        raise ValidationError(_("Say what the body must correct."))
    _check_texts(sent_back_note=note)
    current.sent_back = True
    current.sent_back_note = note.strip()
    current.sent_back_by = user
    current.sent_back_at = timezone.now()
    current.version += 1
    current._history_user = user
    current.save()
    return current
