"""Who may follow, retry and download a job.

- A commune's job: followed (its progress) by the people reading that commune, the
  province's readers who chose it included; another commune's is unknown (404).
- A province's job: followed by that province's coordinators and administrators only;
  anyone else gets 404.
- A file job's page and file: a province's file, by any reader of that province (the
  same file for all of them); a commune's file, only by who asked for it while they
  read that commune (a dossier holds photos with their location for the commune's own
  people, without it for the others: it is prepared for one person). Anyone else: 404.
- A retry: who started the job; for a commune's job also its standing member, for a
  province's job any reader of that province. Other readers of the job get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from jobs.models import Job
from villages.access import (
    NoCommune,
    User,
    commune_for_user,
    is_province_user,
    is_standing_member,
)
from villages.selectors import profile_of


def _reads(user: User, job: Job) -> bool:
    if job.province_id is not None:
        profile = profile_of(user)
        return is_province_user(user) and profile.province_id == job.province_id
    try:
        return commune_for_user(user).pk == job.commune_id
    except NoCommune:  # e.g. another province's coordinator: the job is unknown to them
        return False


def job_for_user(user: User, pk: int) -> Job:
    """A job the user may follow, else 404."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not _reads(user, job):
        raise Http404(_("No such job."))
    return job


def file_job_for_user(user: User, pk: int) -> Job:
    """A file job whose page and file the user may open, else 404."""
    job = job_for_user(user, pk)
    if not job.is_file_job or (job.province_id is None and job.started_by_id != user.pk):
        raise Http404(_("No such file."))
    return job


def require_retry(user: User, job: Job) -> None:
    """403 unless the user may retry `job` (which they already follow)."""
    if job.started_by_id == user.pk or job.province_id is not None:
        return
    if not is_standing_member(user):
        raise PermissionDenied(_("Only who started this job or the standing member retries it."))
