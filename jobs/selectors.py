"""Reads about jobs."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse

from jobs.models import Job


def target_of(obj: Model) -> str:
    """The `target` string naming a model instance, e.g. "reports.reportversion:12"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def latest_jobs(targets: list[str]) -> dict[str, Job]:
    """The newest job of each target (one query)."""
    jobs: dict[str, Job] = {}
    for job in Job.objects.filter(target__in=targets).order_by("target", "-created_at", "-pk"):
        jobs.setdefault(job.target, job)
    return jobs


def file_job_url(job: Job) -> str:
    """Where to send who asked for a file: to the file when it is ready already (without
    a broker the job ran in the request, as the download did before), else to its page,
    which shows the progress."""
    job.refresh_from_db(fields=["state", "result_file"])
    return reverse("jobs:result" if job.has_file else "jobs:page", kwargs={"pk": job.pk})
