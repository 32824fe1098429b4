"""The province's slow work, run as jobs (jobs/services.py: job_start)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.services import job_result_save
from province.exports import overview_document
from province.selectors import province_overview
from reports.builders import PdfRenderError
from villages.models import Province


def overview_export(job: Job, *, month: str, fmt: str) -> str:
    """The dashboard of `month` as of today, as XLSX or PDF, stored as the job's file.
    Idempotent: a second run replaces the file (job_result_save)."""
    province = Province.objects.get(pk=job.province_id)
    job.progress(5)
    overview = province_overview(province, datetime.date.fromisoformat(month), timezone.localdate())
    job.progress(30)
    try:
        document = overview_document(overview, fmt)
    except PdfRenderError:
        raise RuntimeError(
            _("The PDF could not be produced (the PDF engine failed). Try again.")
        ) from None
    job.progress(90)
    return job_result_save(
        job,
        content=document.content,
        filename=document.filename,
        display_name=document.display_name,
        content_type=document.content_type,
    )
