"""Reads about the commune's monthly reports and their sent versions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Subquery

from criteria.models import Indicator, IndicatorRecord
from criteria.periods import add_months
from criteria.sets import criteria_set_for
from jobs.models import JobState
from jobs.selectors import latest_jobs, target_of
from reports.models import (
    MonthlyReport,
    ProvinceReceipt,
    ReceiptState,
    ReportState,
    ReportVersion,
)
from villages.models import Commune


def monthly_report(commune: Commune, month: datetime.date) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.select_related("approved_by")
        .filter(commune=commune, month=month)
        .first()
    )


def records_watermark() -> int | None:
    """The newest change of any figure (the id of the last history row): counting by
    history rather than by clock, a change after sending is seen whatever the clocks of
    the servers say, and so is a deleted figure."""
    return IndicatorRecord.history.aggregate(last=Max("history_id"))["last"]


def changed_after_sending(report: MonthlyReport | None) -> list[str]:
    """The indicator codes whose figures, for the report's month or a month before it
    (carried forward into it), changed after its latest version was sent: the sent
    report no longer matches the data (two queries; [] for a report that is not sent)."""
    if report is None or report.state != ReportState.SENT:
        return []
    watermark = (
        report.versions.order_by("-number").values_list("records_watermark", flat=True).first()
    )
    if watermark is None:
        return []
    indicators = Indicator.objects.filter(
        criteria_set=criteria_set_for(report.commune, report.month)
    )
    changed = (
        IndicatorRecord.history.filter(
            commune_id=report.commune_id,
            history_id__gt=watermark,
            month__lte=report.month,
            indicator_id__in=indicators.values("pk"),
        )
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    return list(indicators.filter(pk__in=changed).values_list("code", flat=True))


def sent_reports_changed(commune: Commune) -> list[MonthlyReport]:
    """The commune's sent reports whose data changed after sending, oldest first, in two
    queries whatever the number of reports: a report of month M drifted when some figure
    of a month up to M changed after its watermark, i.e. when the newest change among
    the months up to M is newer than the watermark."""
    reports = list(
        MonthlyReport.objects.filter(commune=commune, state=ReportState.SENT)
        .annotate(watermark=Max("versions__records_watermark"))
        .exclude(watermark=None)
        .order_by("month")
    )
    if not reports:
        return []
    newest_by_month = dict(
        IndicatorRecord.history.filter(
            commune_id=commune.pk,
            history_id__gt=min(report.watermark for report in reports),
            month__lte=reports[-1].month,
        )
        .values("month")
        .annotate(newest=Max("history_id"))
        .values_list("month", "newest")
    )
    changed, newest, months = [], 0, sorted(newest_by_month)
    for report in reports:
        while months and months[0] <= report.month:
            newest = max(newest, newest_by_month[months.pop(0)])
        if newest > report.watermark:
            changed.append(report)
    return changed


def report_versions(report: MonthlyReport | None) -> list[ReportVersion]:
    """The sent versions, newest first, without their bytes (one query)."""
    if report is None:
        return []
    versions = list(
        report.versions.select_related("sent_by")
        .defer("snapshot", "pdf", "xlsx")
        .order_by("-number")
    )
    _attach_render_jobs(versions)
    return versions


def _attach_render_jobs(versions: list[ReportVersion]) -> None:
    """`version.render_job`: the job rendering its files while it is not done (queued,
    running, failed or stalled), else None (one query)."""
    jobs = latest_jobs([target_of(version) for version in versions])
    for version in versions:
        job = jobs.get(target_of(version))
        version.render_job = job if job is not None and job.state != JobState.DONE else None


def frozen_version(
    commune: Commune, month: datetime.date, number: int | None = None
) -> ReportVersion | None:
    """The version whose stored bytes a download returns: `number`, or the latest when
    the report is sent (None when it is not: a draft is rendered fresh)."""
    versions = ReportVersion.objects.filter(report__commune=commune, report__month=month)
    if number is None:
        versions = versions.filter(report__state=ReportState.SENT)
    else:
        versions = versions.filter(number=number)
    return versions.order_by("-number").first()


@dataclass(frozen=True)
class ReportMonth:
    month: datetime.date
    report: MonthlyReport | None

    @property
    def state(self) -> str:
        return self.report.state if self.report else ReportState.DRAFT

    @property
    def state_label(self) -> str:
        return ReportState(self.state).label


def report_months(commune: Commune, *, today_month: datetime.date) -> list[ReportMonth]:
    """Every month from the commune's first recorded figure or report to the current
    month, newest first, with its report (two queries)."""
    first = (
        IndicatorRecord.objects.filter(commune=commune)
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    ) or today_month
    first = min(first, today_month)
    reports = {r.month: r for r in MonthlyReport.objects.filter(commune=commune)}
    months = []
    month = today_month
    while month >= first:
        months.append(ReportMonth(month=month, report=reports.get(month)))
        month = add_months(month, -1)
    return months


def returned_reports(commune: Commune) -> list[ProvinceReceipt]:
    """The commune's monthly reports the province returned with a note and that have not
    been corrected yet (the newest receipt of the month is the returned one): an item of
    the commune's to-do list (one query)."""
    newest = ProvinceReceipt.objects.filter(commune=commune, month=OuterRef("month")).order_by(
        "-received_at", "-pk"
    )
    return list(
        ProvinceReceipt.objects.filter(commune=commune, state=ReceiptState.RETURNED)
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("version", "decided_by")
        .defer("version__snapshot", "version__pdf", "version__xlsx")
        .order_by("month")
    )


def month_receipt(commune: Commune, month: datetime.date) -> ProvinceReceipt | None:
    """The newest receipt of the commune's report for `month` (one query)."""
    return (
        ProvinceReceipt.objects.filter(commune=commune, month=month)
        .select_related("decided_by", "seen_by")
        .order_by("-received_at", "-pk")
        .first()
    )
