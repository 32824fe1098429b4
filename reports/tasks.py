"""The reports floor's slow work, run as jobs (jobs/services.py: job_start)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import Job
from reports.builders import PdfRenderError
from reports.models import ReportVersion
from reports.services import missing_files, report_version_file


def report_version_render(job: Job, *, version_id: int) -> str:
    """Render the files a sent version is missing from its snapshot, one at a time, each
    stored in its own transaction. Idempotent: files already stored are skipped, so a
    retry after a failure or a killed worker renders only what is left, and the bytes of
    a file never change once stored. Returns the report page."""
    version = ReportVersion.objects.select_related("report").get(pk=version_id)
    formats = missing_files(version)
    job.progress(5)
    for done, fmt in enumerate(formats, start=1):
        try:
            report_version_file(version=version, fmt=fmt)
        except PdfRenderError:
            raise RuntimeError(
                _("The PDF could not be produced (the PDF engine failed). Try again.")
            ) from None
        job.progress(5 + 95 * done // len(formats))
    return reverse("reports:monthly", kwargs={"month": version.report.month})
