"""A job's progress as JSON (polled by static/js/job-progress.js) and its retry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jobs.models import Job
from jobs.services import job_retry
from villages.access import commune_for_user, is_standing_member


def _job_for_user(request: HttpRequest, pk: int) -> Job:
    """A job of the user's commune, else 404."""
    return get_object_or_404(Job, pk=pk, commune=commune_for_user(request.user))


@require_safe
@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job_for_user(request, pk)
    return JsonResponse(
        {
            "id": job.pk,
            "state": job.state,
            "state_label": job.get_state_display(),
            "percent": job.percent,
            "error": job.error,
            "result_url": job.result_url,
            "retryable": job.is_retryable,
        },
        headers={"Cache-Control": "no-store"},
    )


@require_POST
@login_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    if job.started_by_id != request.user.pk and not is_standing_member(request.user):
        raise PermissionDenied(_("Only who started this job or the standing member retries it."))
    try:
        job_retry(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The job has been started again."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return redirect(back)
