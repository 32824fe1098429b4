"""Reads about the commune's monthly reports and their sent versions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from criteria.models import IndicatorRecord
from criteria.periods import add_months
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


def report_versions(report: MonthlyReport | None) -> list[ReportVersion]:
    """The sent versions, newest first, without their bytes (one query)."""
    if report is None:
        return []
    return list(
        report.versions.select_related("sent_by")
        .defer("snapshot", "pdf", "xlsx")
        .order_by("-number")
    )


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
        IndicatorRecord.objects.filter(
            commune=commune, indicator__criteria_set_id=commune.criteria_set_id
        )
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
