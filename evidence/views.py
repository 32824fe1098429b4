from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from criteria.periods import current_month
from criteria.selectors import commune_status
from criteria.sets import criteria_set_for
from evidence.access import (
    Target,
    commune_for,
    frozen_message,
    get_evidence_for_user,
    is_member,
    progress_target,
    record_target,
    submission_target,
    target_of,
)
from evidence.forms import DeleteForm, UploadForm
from evidence.models import Evidence
from evidence.selectors import dossier_overview
from evidence.services import (
    Details,
    EvidenceFrozen,
    EvidenceRefused,
    Refusal,
    clean_name_or,
    dossier_start,
    evidence_attach,
    evidence_delete,
    storage,
)
from evidence.uploads import refused_uploads
from jobs.selectors import file_job_url


def back(request: HttpRequest, default: str) -> HttpResponse:
    """To the page the form was on (`next`), if it is one of ours."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return redirect(url)
    return redirect(default)


def upload(request: HttpRequest, target: Target) -> HttpResponse:
    """Shared by the three kinds of item: 403 for who may not write it; otherwise every
    file is stored, or none with a message per refused file."""
    target.require_attach()
    refused = [Refusal(clean_name_or(name), reason) for name, reason in refused_uploads(request)]
    form = UploadForm(request.POST)
    try:
        if refused:
            raise EvidenceRefused(refused)
        if not form.is_valid():
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            raise EvidenceRefused([Refusal("", " ".join(errors))])
        saved = evidence_attach(
            target=target,
            files=request.FILES.getlist("files"),
            user=request.user,
            details=Details(**form.cleaned_data),
        )
    except EvidenceFrozen:
        messages.error(request, frozen_message())
    except EvidenceRefused as error:
        for refusal in error.refusals:
            messages.error(request, str(refusal))
        messages.error(request, _("Nothing was saved."))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d file attached to %(item)s.",
                "%(count)d files attached to %(item)s.",
                len(saved),
            )
            % {"count": len(saved), "item": target.label},
        )
    return back(request, target.url)


@require_POST
@login_required
def upload_figure(request: HttpRequest, month: datetime.date) -> HttpResponse:
    village = request.POST.get("village") or None
    if village is not None and not village.isdigit():
        raise Http404
    target = record_target(
        request.user, month, request.POST.get("indicator", ""), int(village) if village else None
    )
    return upload(request, target)


@require_POST
@login_required
def upload_progress(request: HttpRequest) -> HttpResponse:
    entry = request.POST.get("entry", "")
    if not entry.isdigit():
        raise Http404
    return upload(request, progress_target(request.user, int(entry)))


@require_POST
@login_required
def upload_submission(request: HttpRequest, pk: int) -> HttpResponse:
    return upload(request, submission_target(request.user, pk))


def file_response(name: str, evidence: Evidence, *, inline: bool) -> FileResponse:
    """Pictures inline, everything else as an attachment; never sniffed, never cached by
    a shared proxy, and sandboxed if a browser opens it anyway."""
    response = FileResponse(
        storage().open(name, "rb"),
        content_type=evidence.content_type if not name.endswith("-thumb.jpg") else "image/jpeg",
        as_attachment=not inline,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, max_age=0)
    return response


@require_safe
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The file; people outside the commune get a photo without its EXIF data."""
    evidence = get_evidence_for_user(request.user, pk)
    name = evidence.storage_name
    if evidence.redacted_name and not is_member(request.user, evidence.commune):
        name = evidence.redacted_name
    return file_response(name, evidence, inline=evidence.is_image)


@require_safe
@login_required
def thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_evidence_for_user(request.user, pk)
    if not evidence.thumbnail_name:
        raise Http404
    return file_response(evidence.thumbnail_name, evidence, inline=True)


@require_POST
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk, write=True)
    target = target_of(request.user, evidence)
    form = DeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The file was not removed: give a reason."))
        return back(request, target.url)
    try:
        evidence_delete(
            evidence=evidence, target=target, user=request.user, reason=form.cleaned_data["reason"]
        )
    except EvidenceFrozen:
        messages.error(request, frozen_message())
    else:
        messages.success(request, _("“%(title)s” was removed.") % {"title": evidence.title})
    return back(request, target.url)


@require_safe
@login_required
def dossier(request: HttpRequest) -> HttpResponse:
    """Every criterion with its number of files and what is missing (8 queries)."""
    commune = commune_for(request.user)
    if criteria_set_for(commune, current_month()) is None:
        raise Http404
    status = commune_status(commune, current_month())
    rows = dossier_overview(status)
    return render(
        request,
        "evidence/dossier.html",
        {"rows": rows, "status": status, "total": sum(row.count for row in rows)},
    )


def dossier_job(request: HttpRequest, criterion_number: int | None) -> HttpResponse:
    """POST (the dossier page's buttons): prepare the ZIP as a job, then its page, or the
    ZIP at once when it is ready already (no broker). GET, a bookmark of the old download
    link: the dossier page, whose buttons prepare it."""
    commune = commune_for(request.user)
    criteria_set = criteria_set_for(commune, current_month())
    if criteria_set is None:
        raise Http404
    criterion = None
    if criterion_number is not None:
        criterion = criteria_set.criteria.filter(number=criterion_number).first()
        if criterion is None:
            raise Http404
    if request.method != "POST":
        return redirect("evidence:dossier")
    job = dossier_start(commune=commune, criterion=criterion, user=request.user)
    return redirect(file_job_url(job))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def dossier_criterion_zip(request: HttpRequest, number: int) -> HttpResponse:
    return dossier_job(request, number)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def dossier_zip(request: HttpRequest) -> HttpResponse:
    return dossier_job(request, None)
