"""The commune's monthly report in the to-do lists and on the dashboard (registered in
`ReportsConfig.ready()`; nothing imports this module, `reports` being the top floor).

Standing member: the narrative to write, a report approved and ready to send; head: a
report waiting for approval; superior-level viewer: the reports received. The
commune's report for a month is due by the month's last day (it compiles the bodies'
reports, due on the 16th): after that an unsent report is late."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.periods import add_months
from reports.models import MonthlyReport, ReportState
from reports.selectors import returned_reports, sent_reports_changed
from villages.models import Commune, Role
from villages.todo import DocumentState, Severity, TodoContext, TodoItem

RECEIVED_SHOWN = 3


def report_due_date(month: datetime.date) -> datetime.date:
    """The last day of the month: the commune's report is late after it."""
    return add_months(month, 1) - datetime.timedelta(days=1)


def has_narrative(report: MonthlyReport | None) -> bool:
    return report is not None and any(text.strip() for text in report.narrative.values())


def _url(month: datetime.date) -> str:
    return reverse("reports:monthly", kwargs={"month": month})


def _severity(month: datetime.date, today: datetime.date) -> Severity:
    return Severity.OVERDUE if report_due_date(month) < today else Severity.DUE


def _item(kind: str, title: str, month: datetime.date, context: TodoContext) -> TodoItem:
    return TodoItem(
        kind=kind,
        title=title % {"month": f"{month:%m/%Y}"},
        url=_url(month),
        severity=_severity(month, context.today),
        due_date=report_due_date(month),
        today=context.today,
    )


def report_steps(context: TodoContext) -> Iterator[TodoItem]:
    """The unsent reports up to the current month, each at the step its user owes:
    write (standing member), approve (head), send (standing member). One query."""
    if context.role not in (Role.STANDING, Role.HEAD):
        return
    month = context.month
    reports = {
        report.month: report
        for report in MonthlyReport.objects.filter(commune=context.commune, month__lte=month)
        .exclude(state=ReportState.SENT)
        .order_by("month")
    }
    if month not in reports:
        reports[month] = None  # this month's report is still to be written
    for report_month, report in reports.items():
        state = report.state if report else ReportState.DRAFT
        written = has_narrative(report)
        if context.role == Role.STANDING and state == ReportState.DRAFT and not written:
            title = _("Write the assessment of the monthly report for %(month)s")
            yield _item("narrative_due", title, report_month, context)
        elif context.role == Role.STANDING and state == ReportState.APPROVED:
            title = _("The report for %(month)s is approved: send it")
            yield _item("report_to_send", title, report_month, context)
        elif context.role == Role.HEAD and state == ReportState.DRAFT and written:
            title = _("Approve the monthly report for %(month)s")
            yield _item("report_to_approve", title, report_month, context)


def reports_received(context: TodoContext) -> Iterator[TodoItem]:
    """The superior-level viewer: the latest reports sent by the commune. One query."""
    if context.role != Role.VIEWER:
        return
    sent = MonthlyReport.objects.filter(
        commune=context.commune, state=ReportState.SENT, month__lte=context.month
    ).order_by("-month")[:RECEIVED_SHOWN]
    for report in sent:
        yield TodoItem(
            kind="report_received",
            title=_("Monthly report for %(month)s received") % {"month": f"{report.month:%m/%Y}"},
            url=_url(report.month),
            severity=Severity.INFO,
            today=context.today,
        )


def sent_report_changed(context: TodoContext) -> Iterator[TodoItem]:
    """The standing member and the head: a sent report whose figures changed after it
    was sent (in the admin, or back-dated and carried forward) must be corrected and
    sent again. Two queries (reports.selectors.sent_reports_changed)."""
    if context.role not in (Role.STANDING, Role.HEAD):
        return
    for report in sent_reports_changed(context.commune):
        yield TodoItem(
            kind="sent_report_changed",
            title=_("Figures of the sent report for %(month)s changed after sending: correct it")
            % {"month": f"{report.month:%m/%Y}"},
            url=_url(report.month),
            severity=Severity.OVERDUE,
            today=context.today,
        )


def report_returned(context: TodoContext) -> Iterator[TodoItem]:
    """The standing member and the head: a report the province returned with a note,
    not corrected yet, is to be corrected and sent again (one query,
    reports.selectors.returned_reports)."""
    if context.role not in (Role.STANDING, Role.HEAD):
        return
    for receipt in returned_reports(context.commune):
        yield TodoItem(
            kind="report_returned",
            title=_("The province returned the report for %(month)s: correct it and send it again")
            % {"month": f"{receipt.month:%m/%Y}"},
            detail=receipt.note,
            url=_url(receipt.month),
            severity=Severity.OVERDUE,
            today=context.today,
        )


def monthly_report_state(commune: Commune, month: datetime.date) -> DocumentState:
    """The commune's own report for `month`, as the dashboard shows it. One query."""
    report = MonthlyReport.objects.filter(commune=commune, month=month).first()
    state = report.state if report else ReportState.DRAFT
    today = timezone.localdate()
    late = state != ReportState.SENT and report_due_date(month) < today
    if state == ReportState.SENT:
        label, severity = _("Sent"), Severity.INFO
    elif state == ReportState.APPROVED:
        label, severity = _("Approved, waiting to be sent"), Severity.DUE
    elif has_narrative(report):
        label, severity = _("Waiting for the head's approval"), Severity.DUE
    else:
        label, severity = _("Draft: assessment not written yet"), Severity.DUE
    detail = ""
    if late:
        severity = Severity.OVERDUE
        detail = _("Late: it was due on %(date)s") % {"date": f"{report_due_date(month):%d/%m/%Y}"}
    return DocumentState(
        title=_("Commune's monthly report for %(month)s") % {"month": f"{month:%m/%Y}"},
        state="late" if late else state,
        label=label,
        url=_url(month),
        severity=severity,
        detail=detail,
    )
