"""The demo commune's sent monthly reports, for every past month when the demo runs past
March 2024: the head approves on the 18th, the standing member sends on the 20th, through
the same services as the pages, so each is a genuine frozen version with its document
number (1/BC-UBND, 2/BC-UBND, … each year) and its data snapshot. Sent in bulk, without
rendering: each version's PDF and XLSX are rendered from its snapshot on first download
(`report_version_file`). Every report is marked as sample. A month that already has a
report is left as it is."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from reports.models import MonthlyReport
from reports.services import monthly_report_approve, monthly_report_send
from villages.models import Commune


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def send_month(commune: Commune, month: datetime.date) -> bool:
    """Approve and send the month's report; False when the month already had one."""
    report, created = MonthlyReport.objects.get_or_create(
        commune=commune, month=month, defaults={"is_sample": True}
    )
    if not created:
        return False
    users = get_user_model().objects.in_bulk(["truongban", "thuongtruc"], field_name="username")
    due = commune.due_date(month)
    monthly_report_approve(
        commune=commune,
        month=month,
        user=users.get("truongban"),
        when=_at(due + datetime.timedelta(days=2), 10),
    )
    monthly_report_send(
        commune=commune,
        month=month,
        user=users.get("thuongtruc"),
        render=False,
        when=_at(due + datetime.timedelta(days=4), 15),
    )
    return True
