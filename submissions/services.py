"""Writes to bodies' monthly submissions."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from criteria.periods import is_future
from criteria.services import is_month_closed
from submissions.models import TEXT_MAX_LENGTH, Submission
from submissions.signals import announce, submission_sent_back
from villages.conflicts import Change, StaleEdit, is_stale, last_change, version_marker
from villages.models import Commune, ResponsibleBody
from villages.services import commune_data_changed


def _stale(body: ResponsibleBody, month: datetime.date, current: Submission | None) -> StaleEdit:
    """Someone submitted or sent the report back after the form was loaded; the error
    carries the report as it is now (None if it has gone) so that the page shows it."""
    if current is None:
        value = _("not submitted")
    elif current.sent_back:
        value = _("sent back: %(note)s") % {"note": Truncator(current.sent_back_note).chars(200)}
    else:
        value = _("submitted: %(results)s") % {"results": Truncator(current.results).chars(200)}
    by, at = last_change(current)
    what = _("The report of %(body)s for %(month)s") % {"body": body, "month": f"{month:%m/%Y}"}
    change = Change(what=what, current=value, by=by, at=at, marker=version_marker(current))
    return StaleEdit([change], current=current)


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
    base: str,
    when: datetime.datetime | None = None,
    is_sample: bool = False,
) -> Submission:
    """Submit (`base` "": there was none) or resubmit the body's report for `month`.
    `when`: the submission time (now by default; the demo dates its past months).

    Raises StaleEdit when the report changed since the form was loaded (`base` is not
    its version marker), ValidationError for a future or closed month."""
    check_month_open(commune=body.commune, month=month)
    if not results.strip():
        raise ValidationError(_("Write the results of the month."))
    if not indicators_confirmed:
        raise ValidationError(_("Confirm the figures of the indicators you answer for."))
    _check_texts(results=results, difficulties=difficulties, proposals=proposals)
    now = when or timezone.now()
    fields = {
        "results": results.strip(),
        "difficulties": difficulties.strip(),
        "proposals": proposals.strip(),
        "indicators_confirmed": indicators_confirmed,
        "submitted_by": user,
        "submitted_at": now,
    }
    submission = Submission.objects.select_for_update().filter(body=body, month=month).first()
    if is_stale(submission, base):
        raise _stale(body, month, submission)
    commune_data_changed(commune_id=body.commune_id)
    if submission is None:
        submission = Submission(
            body=body, month=month, first_submitted_at=now, is_sample=is_sample, **fields
        )
        submission._history_user = user
        submission._history_date = now
        try:
            # A savepoint, so that losing a race leaves the outer transaction usable.
            with transaction.atomic():
                submission.save()
        except IntegrityError:
            current = Submission.objects.filter(body=body, month=month).first()
            raise _stale(body, month, current) from None
        return submission
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.sent_back = False
    submission.version += 1
    submission._history_user = user
    submission._history_date = now
    submission.save()
    return submission


@transaction.atomic
def submission_send_back(
    *, submission: Submission, user: AbstractBaseUser, note: str, base: str
) -> Submission:
    """Send the report back to its body with a note; the body corrects and resubmits."""
    current = (
        Submission.objects.select_for_update()
        .select_related("body__commune")
        .filter(pk=submission.pk)
        .first()
    )
    if current is None or is_stale(current, base):
        raise _stale(submission.body, submission.month, current)
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
    commune_data_changed(commune_id=current.body.commune_id)
    announce(submission_sent_back, submission=current, user=user)
    return current
