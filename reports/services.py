"""Writes to the commune's monthly report: narrative, approval, sending, correction."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.services import is_month_closed, month_close, month_reopen
from jobs.models import Job
from jobs.selectors import target_of
from jobs.services import job_start
from reports.models import (
    NARRATIVE_FIELDS,
    RECEIPT_NOTE_MAX,
    DocumentCounter,
    DocumentKind,
    MonthlyReport,
    ProvinceReceipt,
    ReceiptState,
    ReportState,
    ReportVersion,
)
from reports.selectors import records_watermark
from reports.signals import monthly_report_approved, receipt_returned
from submissions.signals import announce
from villages.conflicts import Change, StaleEdit, is_stale, last_change, version_marker
from villages.models import Commune
from villages.services import commune_data_changed


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


def _stale(month: datetime.date, report: MonthlyReport | None) -> StaleEdit:
    by, at = last_change(report)
    change = Change(
        what=_("The report for %(month)s") % {"month": f"{month:%m/%Y}"},
        current=ReportState(report.state).label if report else "—",
        by=by,
        at=at,
        marker=version_marker(report),
    )
    return StaleEdit([change], current=report)


@transaction.atomic
def monthly_report_save(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    base: str,
    texts: dict[str, str],
) -> MonthlyReport:
    """The standing member's narrative. Saving an approved report returns it to draft:
    the head approves what is sent. A sent report cannot change until it is reopened.
    `base` is the version marker of the report the form showed ("" when there was none);
    StaleEdit when it has changed since."""
    existing = (
        MonthlyReport.objects.select_for_update().filter(commune=commune, month=month).first()
    )
    if is_stale(existing, base):
        raise _stale(month, existing)
    report = _locked_report(commune, month)
    if report.state == ReportState.SENT:
        raise ValidationError(
            _("This report has been sent: reopen it with a reason to correct it.")
        )
    for name in NARRATIVE_FIELDS:
        setattr(report, name, texts.get(name, "").strip())
    if report.state == ReportState.APPROVED:
        report.state = ReportState.DRAFT
        report.approved_by = None
        report.approved_at = None
    report.version += 1
    report._history_user = user
    report._change_reason = "narrative"
    report.save()
    commune_data_changed(commune_id=commune.pk)
    return report


@transaction.atomic
def monthly_report_approve(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    when: datetime.datetime | None = None,
) -> MonthlyReport:
    """`when`: the approval time (now by default; the demo dates its past months)."""
    report = _locked_report(commune, month)
    if report.state != ReportState.DRAFT:
        raise ValidationError(_("Only a draft report can be approved."))
    report.state = ReportState.APPROVED
    report.approved_by = user
    report.approved_at = when or timezone.now()
    report.version += 1
    report._history_date = report.approved_at
    report.save()
    commune_data_changed(commune_id=commune.pk)
    if when is None:  # the demo's back-dated approvals tell nobody
        announce(monthly_report_approved, report=report, user=user)
    return report


@transaction.atomic
def monthly_report_send(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    render: bool = True,
    when: datetime.datetime | None = None,
) -> ReportVersion:
    """Freeze the approved report as a new version: allocate its number, store the data
    snapshot, close the month, all in one transaction; then render its files (PDF,
    XLSX, DOCX) from the snapshot in a job (`reports.tasks.report_version_render`), in a
    Celery worker when there is a broker, in this process otherwise. Sending twice
    never allocates two numbers (a sent report is refused; the counter row is locked),
    and a render that fails or is killed leaves the version sent with its files still
    to render: retrying the job, or downloading the file, renders what is missing.

    `render=False` (reports sent in bulk: the demo's past months) starts no job: the
    files are rendered on their first download (`report_version_file`). `when`: the
    sending time (now by default)."""
    from reports.builders import monthly_report_data

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
    problems = commune.signing_problems()
    if problems:
        raise ValidationError(
            _("The report cannot be sent until the commune's signing settings agree: %(p)s")
            % {"p": " ".join(problems)}
        )
    number = document_number_allocate(
        commune=commune, year=commune.due_date(month).year, kind=DocumentKind.REPORT
    )
    reference = f"{number}/{commune.report_number_suffix}"
    data = monthly_report_data(
        commune, month, narrative=report.narrative, document_reference=reference
    )
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ReportVersion.objects.create(
        report=report,
        number=last + 1,
        document_number=number,
        document_reference=reference,
        sent_by=user,
        sent_at=when or timezone.now(),
        reopen_reason=report.reopen_reason if last else "",
        snapshot=data,
        records_watermark=records_watermark(),
    )
    report.state = ReportState.SENT
    report.reopen_reason = ""
    report.version += 1
    report._history_date = version.sent_at
    report.save()
    province = commune.province
    ProvinceReceipt.objects.create(
        version=version,
        province=province,
        commune=commune,
        month=month,
        received_at=version.sent_at,
        due_date=province.due_date(month),
    )
    month_close(
        commune=commune,
        month=month,
        user=user,
        reason=_("Monthly report sent."),
        sent_document=reference,
    )
    commune_data_changed(commune_id=commune.pk)
    if render:
        report_version_render_start(version=version, user=user)
    return version


def version_renderers() -> dict[str, Callable[[dict[str, Any]], bytes]]:
    """Each file of a sent version (its field name is the format) and the builder that
    renders it from the snapshot. A new document format is one more entry."""
    from reports.builders import render_monthly_docx, render_monthly_pdf, render_monthly_xlsx

    return {"pdf": render_monthly_pdf, "xlsx": render_monthly_xlsx, "docx": render_monthly_docx}


def missing_files(version: ReportVersion) -> list[str]:
    """The formats of `version` not rendered yet (their bytes are empty)."""
    return [fmt for fmt in version_renderers() if not getattr(version, f"{fmt}_sha256")]


def report_version_render_start(*, version: ReportVersion, user: AbstractBaseUser | None) -> Job:
    """The job rendering the missing files of a sent version."""
    return job_start(
        kind="report-render",
        func="reports.tasks.report_version_render",
        commune=version.report.commune,
        user=user,
        target=target_of(version),
        version_id=version.pk,
    )


def report_version_file(*, version: ReportVersion, fmt: str) -> bytes:
    """The sent bytes of a version's file (`fmt`: a key of `version_renderers`). A file
    not rendered yet is rendered from the snapshot now and stored, once: the rendering
    happens outside any transaction (a PDF takes seconds; SQLite would keep every other
    writer waiting), then the row is locked and the bytes stored only if nobody stored
    them meanwhile — so every download returns the same bytes.
    Raises PdfRenderError when WeasyPrint fails (nothing is stored)."""
    content = bytes(getattr(version, fmt) or b"")
    if content:
        return content
    rendered = version_renderers()[fmt](version.snapshot)
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        content = bytes(getattr(locked, fmt) or b"")
        if not content:
            content = rendered
            setattr(locked, fmt, content)
            setattr(locked, f"{fmt}_sha256", hashlib.sha256(content).hexdigest())
            locked.save(update_fields=[fmt, f"{fmt}_sha256"])
    return content


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
        month_reopen(commune=commune, month=month, user=user, reason=reason, correction=True)
    report.state = ReportState.DRAFT
    report.approved_by = None
    report.approved_at = None
    report.reopen_reason = reason[:500]
    report.version += 1
    report.save()
    commune_data_changed(commune_id=commune.pk)
    return report


def _open_receipt(receipt: ProvinceReceipt) -> ProvinceReceipt:
    """The receipt locked, refused unless it is the month's newest and still undecided
    (an older version was superseded by a correction; a decision is final)."""
    locked = ProvinceReceipt.objects.select_for_update().get(pk=receipt.pk)
    newest = (
        ProvinceReceipt.objects.filter(commune=locked.commune_id, month=locked.month)
        .order_by("-received_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if newest != locked.pk:
        raise ValidationError(_("A newer version of this report has been received."))
    if locked.state != ReceiptState.RECEIVED:
        raise ValidationError(
            _("A decision has already been made on this report: %(state)s.")
            % {"state": ReceiptState(locked.state).label}
        )
    return locked


@transaction.atomic
def receipt_mark_seen(*, receipt: ProvinceReceipt, user: AbstractBaseUser) -> None:
    """The first province reader to open a received report is recorded ("đã xem")."""
    ProvinceReceipt.objects.filter(pk=receipt.pk, seen_by__isnull=True).update(
        seen_by=user, seen_at=timezone.now()
    )


@transaction.atomic
def receipt_return(
    *, receipt: ProvinceReceipt, user: AbstractBaseUser, note: str
) -> ProvinceReceipt:
    """The province sends the report back with a note: the commune sees it on its to-do
    list and sends a correction version."""
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what the commune should correct."))
    locked = _open_receipt(receipt)
    locked.state = ReceiptState.RETURNED
    locked.note = note[:RECEIPT_NOTE_MAX]
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "note", "decided_by", "decided_at"])
    # The commune's home page lists the returned report as a to-do item (cached under
    # the data version, villages/cache.py).
    commune_data_changed(commune_id=locked.commune_id)
    announce(receipt_returned, receipt=locked, user=user)
    return locked


@transaction.atomic
def receipt_accept(*, receipt: ProvinceReceipt, user: AbstractBaseUser) -> ProvinceReceipt:
    """The province accepts the report ("đã tiếp nhận")."""
    locked = _open_receipt(receipt)
    locked.state = ReceiptState.ACCEPTED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    return locked
