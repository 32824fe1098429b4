"""The province's writes of its own (its pages' other writes are reports' services on
received reports): starting the dashboard's exports as jobs."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from jobs.models import Job
from jobs.services import job_start
from province.exports import overview_names
from villages.models import Province


def overview_export_start(
    *, province: Province, month: datetime.date, fmt: str, user: AbstractBaseUser
) -> Job:
    """The job preparing the dashboard of `month` as `fmt` (XLSX or PDF): a file of the
    province, which any of its readers may download."""
    return job_start(
        kind="province-export",
        func="province.tasks.overview_export",
        user=user,
        province=province,
        target=f"province.export:{province.pk}:{month:%Y-%m}.{fmt}",
        page_url=reverse("province:dashboard", kwargs={"month": month}),
        result_name=overview_names(province, month, fmt).display_name,
        month=month.isoformat(),
        fmt=fmt,
    )
