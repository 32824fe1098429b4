"""The household register as a spreadsheet: download, upload, preview, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from villages.access import User, commune_for_user, is_standing_member
from villages.forms import SpreadsheetUploadForm
from villages.models import Commune, Upload, UploadKind
from villages.register import register_build, register_confirm, register_preview, register_store
from villages.xlsx import XLSX, RefusedWorkbook


def register_commune(user: User) -> Commune:
    """The commune whose register the user may edit: the standing member's, or the
    administrator's (staff with a profile); 403 otherwise."""
    commune = commune_for_user(user)
    if not (is_standing_member(user) or user.is_staff):
        raise PermissionDenied
    return commune


@require_safe
@login_required
def register_download(request: HttpRequest) -> HttpResponse:
    commune = register_commune(request.user)
    response = HttpResponse(register_build(commune), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="so-ho.xlsx"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register_upload(request: HttpRequest) -> HttpResponse:
    commune = register_commune(request.user)
    posted = request.method == "POST"
    form = SpreadsheetUploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = register_store(
                commune=commune, user=request.user, name=file.name, data=file.read()
            )
        except RefusedWorkbook as error:
            form.add_error("file", str(error))
        else:
            return redirect("villages:register_preview", pk=upload.pk)
    return render(request, "villages/register_upload.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register_review(request: HttpRequest, pk: int) -> HttpResponse:
    commune = register_commune(request.user)
    upload = get_object_or_404(
        Upload, pk=pk, kind=UploadKind.REGISTER, commune=commune, uploaded_by=request.user
    )
    if request.method == "POST":
        try:
            count = register_confirm(upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Imported from %(name)s: %(count)d register row(s) saved.")
                % {"name": upload.file_name, "count": count},
            )
            return redirect("villages:register_preview", pk=upload.pk)
    return render(
        request,
        "villages/register_preview.html",
        {"upload": upload, "preview": register_preview(upload)},
    )
