"""The commune's lists as spreadsheets (the household register, the responsible bodies):
download, upload, preview, confirm. One flow, described for each list by a SheetFlow."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from villages.access import User, commune_for_user, is_standing_member
from villages.bodies import bodies_build, bodies_confirm, bodies_preview, bodies_store
from villages.forms import SpreadsheetUploadForm
from villages.models import Commune, Upload, UploadKind
from villages.register import register_build, register_confirm, register_preview, register_store
from villages.xlsx import XLSX, RefusedWorkbook


@dataclass(frozen=True)
class SheetFlow:
    """One list's spreadsheet: its services, its URL names and the words of its pages."""

    kind: str
    urls: str  # "register" → villages:register_download, _upload, _preview
    file_name: str
    build: Callable[[Commune], bytes]
    store: Callable[..., Upload]
    preview: Callable[[Upload], Any]
    confirm: Callable[[Upload], int]
    title: Any
    heading: Any
    intro: Any
    download: Any
    name_header: Any
    saved: Any  # "%(name)s", "%(count)d"

    @property
    def download_url(self) -> str:
        return f"villages:{self.urls}_download"

    @property
    def upload_url(self) -> str:
        return f"villages:{self.urls}_upload"

    @property
    def preview_url(self) -> str:
        return f"villages:{self.urls}_preview"


REGISTER = SheetFlow(
    kind=UploadKind.REGISTER,
    urls="register",
    file_name="so-ho.xlsx",
    build=register_build,
    store=register_store,
    preview=register_preview,
    confirm=register_confirm,
    title=gettext_lazy("Household register"),
    heading=gettext_lazy("Household register from a spreadsheet"),
    intro=gettext_lazy(
        "Download the register, change the figures (a row with a new village name creates "
        "that village), then upload it: you check a preview before anything is saved."
    ),
    download=gettext_lazy("Download the register (Excel)"),
    name_header=gettext_lazy("Village"),
    saved=gettext_lazy("Imported from %(name)s: %(count)d register row(s) saved."),
)

BODIES = SheetFlow(
    kind=UploadKind.BODIES,
    urls="bodies",
    file_name="don-vi.xlsx",
    build=bodies_build,
    store=bodies_store,
    preview=bodies_preview,
    confirm=bodies_confirm,
    title=gettext_lazy("Responsible bodies"),
    heading=gettext_lazy("Responsible bodies from a spreadsheet"),
    intro=gettext_lazy(
        "Download the list of bodies, change it (a row with a new name creates that body; "
        "nothing is deleted), then upload it: you check a preview before anything is saved."
    ),
    download=gettext_lazy("Download the list of bodies (Excel)"),
    name_header=gettext_lazy("Body"),
    saved=gettext_lazy("Imported from %(name)s: %(count)d body row(s) saved."),
)


def register_commune(user: User) -> Commune:
    """The commune whose lists the user may edit: the standing member's, or the
    administrator's (staff with a profile); 403 otherwise."""
    commune = commune_for_user(user)
    if not (is_standing_member(user) or user.is_staff):
        raise PermissionDenied
    return commune


def _download(request: HttpRequest, flow: SheetFlow) -> HttpResponse:
    commune = register_commune(request.user)
    response = HttpResponse(flow.build(commune), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{flow.file_name}"'
    return response


def _upload(request: HttpRequest, flow: SheetFlow) -> HttpResponse:
    commune = register_commune(request.user)
    posted = request.method == "POST"
    form = SpreadsheetUploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = flow.store(
                commune=commune, user=request.user, name=file.name, data=file.read()
            )
        except RefusedWorkbook as error:
            form.add_error("file", str(error))
        else:
            return redirect(flow.preview_url, pk=upload.pk)
    return render(request, "villages/sheet_upload.html", {"form": form, "flow": flow})


def _review(request: HttpRequest, flow: SheetFlow, pk: int) -> HttpResponse:
    commune = register_commune(request.user)
    upload = get_object_or_404(
        Upload, pk=pk, kind=flow.kind, commune=commune, uploaded_by=request.user
    )
    if request.method == "POST":
        try:
            count = flow.confirm(upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, str(flow.saved) % {"name": upload.file_name, "count": count})
            return redirect(flow.preview_url, pk=upload.pk)
    return render(
        request,
        "villages/sheet_preview.html",
        {"upload": upload, "preview": flow.preview(upload), "flow": flow},
    )


@require_safe
@login_required
def register_download(request: HttpRequest) -> HttpResponse:
    return _download(request, REGISTER)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register_upload(request: HttpRequest) -> HttpResponse:
    return _upload(request, REGISTER)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, REGISTER, pk)


@require_safe
@login_required
def bodies_download(request: HttpRequest) -> HttpResponse:
    return _download(request, BODIES)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def bodies_upload(request: HttpRequest) -> HttpResponse:
    return _upload(request, BODIES)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def bodies_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, BODIES, pk)
