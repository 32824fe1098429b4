"""The evidence's slow work, run as jobs (jobs/services.py: job_start): the dossier."""

from __future__ import annotations

import tempfile
from contextlib import closing

from django.utils.translation import gettext as _

from criteria.models import Criterion
from evidence.dossier import build_zip, dossier_subject, download_name
from evidence.selectors import dossier_evidence
from jobs.models import Job
from jobs.services import job_result_save
from reports.builders import PdfRenderError
from reports.documents import ascii_slug
from villages.models import Commune

# The share of the progress bar for copying the files in; the index PDF and storing
# the ZIP take the rest.
COPYING = 90


def dossier_build(job: Job, *, criterion_id: int | None, members: bool) -> str:
    """Build the ZIP into a temporary file (evidence.dossier: memory stays flat), then
    store it as the job's file. Idempotent: a second run builds it again and replaces
    the file (job_result_save)."""
    commune = Commune.objects.get(pk=job.commune_id)
    criterion = Criterion.objects.get(pk=criterion_id) if criterion_id is not None else None
    items = dossier_evidence(commune, criterion)
    total = items.count()
    shown = [0]

    def copied(count: int) -> None:
        # One UPDATE per percent, not per file (a dossier may hold thousands).
        percent = COPYING * count // max(total, 1)
        if percent > shown[0]:
            shown[0] = percent
            job.progress(percent)

    subject = dossier_subject(commune, criterion)
    name = download_name(subject)
    # Closed on a failure too: an unfinished iterator would hold its cursor open.
    with tempfile.TemporaryFile() as output, closing(items.iterator(chunk_size=200)) as rows:
        try:
            build_zip(
                commune=commune,
                items=rows,
                subject=subject,
                members=members,
                output=output,
                progress=copied,
            )
        except FileNotFoundError:
            raise RuntimeError(
                _("A file of the dossier is missing from the storage: tell the administrator.")
            ) from None
        except PdfRenderError:
            raise RuntimeError(
                _("The index PDF could not be produced (the PDF engine failed). Try again.")
            ) from None
        job.progress(95)
        return job_result_save(
            job,
            content=output,
            filename=f"{ascii_slug(name.removesuffix('.zip'))[:150]}.zip",
            display_name=name,
            content_type="application/zip",
        )
