"""The demo commune's sent monthly reports, for every past month when the demo runs past
March 2024: the head approves the day before the province's due day, the standing member
sends on the due day in the morning (on time: the province's inbox shows them so),
through the same services as the pages, so each is a genuine frozen version with its document
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


def send_month(
    commune: Commune,
    month: datetime.date,
    *,
    days_late: int = 0,
    head: str = "truongban",
    standing: str = "thuongtruc",
) -> bool:
    """Approve and send the month's report `days_late` days after the province's due day
    (0: on the due day, in the morning; negative: that many days early); False when the
    month already had one. `head` and `standing`: the usernames who approve and send."""
    report, created = MonthlyReport.objects.get_or_create(
        commune=commune, month=month, defaults={"is_sample": True}
    )
    if not created:
        return False
    users = get_user_model().objects.in_bulk([head, standing], field_name="username")
    sent_on = commune.province.due_date(month) + datetime.timedelta(days=days_late)
    monthly_report_approve(
        commune=commune,
        month=month,
        user=users.get(head),
        when=_at(sent_on - datetime.timedelta(days=1), 16),
    )
    monthly_report_send(
        commune=commune,
        month=month,
        user=users.get(standing),
        render=False,
        when=_at(sent_on, 9),
    )
    return True
