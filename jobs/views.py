"""A job's progress as JSON (polled by static/js/job-progress.js) and its retry; a file
job's page (its progress, its error and retry, or its download link) and its file."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jobs.access import file_job_for_user, job_for_user, require_retry
from jobs.services import job_retry, results


@require_safe
@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    job = job_for_user(request.user, pk)
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
    job = job_for_user(request.user, pk)
    require_retry(request.user, job)
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


@require_safe
@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    """The file being prepared: its progress (followed by job-progress.js), its error
    and the retry button, or, once ready, the link to download it."""
    job = file_job_for_user(request.user, pk)
    response = render(request, "jobs/page.html", {"job": job})
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """The prepared file, as an attachment with its Vietnamese name; its page while it
    is not ready (or has failed)."""
    job = file_job_for_user(request.user, pk)
    if not job.has_file:
        return redirect("jobs:page", pk=job.pk)
    try:
        content = results().open(job.result_file, "rb")
    except FileNotFoundError:
        raise Http404(_("No such file.")) from None
    response = FileResponse(content, content_type=job.result_type or "application/octet-stream")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{job.filename}\"; filename*=UTF-8''{quote(job.result_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=0)
    return response
