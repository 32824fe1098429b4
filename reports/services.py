"""Writes to bodies' monthly submissions."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from criteria.periods import is_future
from criteria.services import is_month_closed, month_close, month_reopen
from reports.models import (
    NARRATIVE_FIELDS,
    TEXT_MAX_LENGTH,
    DocumentCounter,
    DocumentKind,
    MonthlyReport,
    ReportState,
    ReportVersion,
    Submission,
)
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


# The commune's monthly report -------------------------------------------------------


class ReportConflict(Exception):
    """The report's narrative was changed since the form was loaded; nothing was saved."""

    def __init__(self, current: MonthlyReport) -> None:
        super().__init__("report changed since the form was loaded")
        self.current = current


def document_number_allocate(*, commune: Commune, year: int, kind: str) -> int:
    """The next number of a kind of document in a year. Call inside the transaction that
    uses it: the counter row stays locked until it commits, so two sends never get the
    same number, and a send that fails gives its number back by rolling back."""
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(commune=commune, year=year, kind=kind)
    except IntegrityError:  # created by a concurrent send: it exists now
        pass
    counter = DocumentCounter.objects.select_for_update().get(commune=commune, year=year, kind=kind)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _locked_report(commune: Commune, month: datetime.date) -> MonthlyReport:
    report, _created = MonthlyReport.objects.select_for_update().get_or_create(
        commune=commune, month=month
    )
    return report


@transaction.atomic
def monthly_report_save(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    expected_version: int,
    texts: dict[str, str],
) -> MonthlyReport:
    """The standing member's narrative. Saving an approved report returns it to draft:
    the head approves what is sent. A sent report cannot change until it is reopened."""
    report = _locked_report(commune, month)
    if report.state == ReportState.SENT:
        raise ValidationError(
            _("This report has been sent: reopen it with a reason to correct it.")
        )
    if report.version != expected_version:
        raise ReportConflict(report)
    for name in NARRATIVE_FIELDS:
        setattr(report, name, texts.get(name, "").strip())
    if report.state == ReportState.APPROVED:
        report.state = ReportState.DRAFT
        report.approved_by = None
        report.approved_at = None
    report.version += 1
    report._change_reason = "narrative"
    report.save()
    return report


@transaction.atomic
def monthly_report_approve(
    *, commune: Commune, month: datetime.date, user: AbstractBaseUser
) -> MonthlyReport:
    report = _locked_report(commune, month)
    if report.state != ReportState.DRAFT:
        raise ValidationError(_("Only a draft report can be approved."))
    report.state = ReportState.APPROVED
    report.approved_by = user
    report.approved_at = timezone.now()
    report.version += 1
    report.save()
    return report


@transaction.atomic
def monthly_report_send(
    *, commune: Commune, month: datetime.date, user: AbstractBaseUser
) -> ReportVersion:
    """Freeze the approved report as a new version: allocate its number, build the data
    snapshot, the PDF and the XLSX, store them with their SHA-256, close the month. If
    anything fails (the PDF, a concurrent send) nothing is kept, not even the number."""
    from reports.builders import (
        PdfRenderError,
        monthly_report_data,
        render_monthly_pdf,
        render_monthly_xlsx,
    )

    report = _locked_report(commune, month)
    if report.state == ReportState.SENT:
        sent = report.versions.order_by("-number").first()
        raise ValidationError(
            _("This report has already been sent (Số: %(reference)s, %(date)s).")
            % {
                "reference": sent.document_reference if sent else "?",
                "date": timezone.localtime(sent.sent_at).strftime("%d/%m/%Y") if sent else "",
            }
        )
    if report.state != ReportState.APPROVED:
        raise ValidationError(
            _("The head of the steering committee must approve the report first.")
        )
    number = document_number_allocate(
        commune=commune, year=commune.due_date(month).year, kind=DocumentKind.REPORT
    )
    reference = f"{number}/{commune.report_number_suffix}"
    data = monthly_report_data(
        commune, month, narrative=report.narrative, document_reference=reference
    )
    try:
        pdf = render_monthly_pdf(data)
    except PdfRenderError:
        raise ValidationError(
            _(
                "The PDF could not be produced, so the report was not sent. Try again; "
                "the spreadsheet can still be downloaded."
            )
        ) from None
    xlsx = render_monthly_xlsx(data)
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ReportVersion.objects.create(
        report=report,
        number=last + 1,
        document_number=number,
        document_reference=reference,
        sent_by=user,
        sent_at=timezone.now(),
        reopen_reason=report.reopen_reason if last else "",
        snapshot=data,
        pdf=pdf,
        xlsx=xlsx,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        xlsx_sha256=hashlib.sha256(xlsx).hexdigest(),
    )
    report.state = ReportState.SENT
    report.reopen_reason = ""
    report.version += 1
    report.save()
    if not is_month_closed(commune, month):
        month_close(commune=commune, month=month, user=user, reason=_("Monthly report sent."))
    return version


@transaction.atomic
def monthly_report_reopen(
    *, commune: Commune, month: datetime.date, user: AbstractBaseUser, reason: str
) -> MonthlyReport:
    """A correction after sending: the month is reopened with the reason, the report
    goes back to draft, and its next send is version n + 1 (the sent ones are kept)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the correction."))
    report = _locked_report(commune, month)
    if report.state != ReportState.SENT:
        raise ValidationError(_("Only a sent report can be reopened for a correction."))
    if is_month_closed(commune, month):
        month_reopen(commune=commune, month=month, user=user, reason=reason)
    report.state = ReportState.DRAFT
    report.approved_by = None
    report.approved_at = None
    report.reopen_reason = reason[:500]
    report.version += 1
    report.save()
    return report
