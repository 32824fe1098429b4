"""The province dashboard, cached like the communes' dashboards (dashboard/cache.py).

The page depends on every commune of the province and on the reports they sent, so its
key holds a version of both, read in two small aggregate queries instead of rendering
the page: the number of communes, the sum of their data versions (every write of a
commune raises its own, admin edits raise all of them) and the newest commune id; and
for the month's receipts their number, how many were seen, decided and accepted, and
the newest id (each of the province's acts on a receipt moves exactly one of these
counts, so a change is never missed even within one clock tick). Nothing has to be
deleted: a change makes a new key, old entries expire."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from reports.models import ProvinceReceipt, ReceiptState
from villages.access import role_of
from villages.models import Commune, Province


def province_version(province: Province, month: datetime.date) -> tuple[object, ...]:
    """What the province's pages for `month` depend on, in two queries."""
    communes = Commune.objects.filter(province=province).aggregate(
        count=Count("pk"), versions=Sum("data_version"), last=Max("pk")
    )
    receipts = ProvinceReceipt.objects.filter(province=province, month=month).aggregate(
        count=Count("pk"),
        seen=Count("seen_by"),
        decided=Count("decided_by"),
        accepted=Count("pk", filter=Q(state=ReceiptState.ACCEPTED)),
        last=Max("pk"),
    )
    return (*communes.values(), *receipts.values())


def province_key(
    request: HttpRequest, province: Province, month: datetime.date, *parts: object
) -> str:
    """The cache key of a province page for this reader (role and language) and today
    (a report becomes missing when its due day passes)."""
    return ":".join(
        str(part)
        for part in (
            "province",
            province.pk,
            *province_version(province, month),
            role_of(request.user) or "-",
            get_language(),
            timezone.localdate().isoformat(),
            month.isoformat(),
            *parts,
        )
    )
