"""Pages of criteria sets: the list, a set (read-only once published, an editor while a
draft), its file, an uploaded file's preview, publishing, a correcting version and its
difference from the version it corrects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from criteria import set_services as services
from criteria.models import CriteriaSet, SetUpload, Threshold
from criteria.set_access import (
    can_manage,
    manager_province,
    set_for_manager,
    set_for_user,
    visible_sets,
)
from criteria.set_forms import (
    CriterionForm,
    IndicatorForm,
    NewVersionForm,
    SetDetailsForm,
    ThresholdForm,
)
from criteria.set_selectors import set_contents, set_diff
from criteria.setfile import SHIPPED_SCOPES, set_file_build
from villages.forms import SpreadsheetUploadForm
from villages.xlsx import XLSX, RefusedWorkbook

GET_POST = ["GET", "HEAD", "POST"]


@require_safe
@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    sets = visible_sets(request.user).select_related("owner_province", "previous_version")
    return render(
        request,
        "criteria/sets/list.html",
        {"sets": sets, "can_manage": can_manage(request.user)},
    )


@require_safe
@login_required
def set_detail(request: HttpRequest, code: str) -> HttpResponse:
    criteria_set = set_for_user(request.user, code)
    editable = not criteria_set.is_published and can_manage(request.user, criteria_set)
    context = {
        "criteria_set": criteria_set,
        "criteria": set_contents(criteria_set),
        "crosswalks": criteria_set.crosswalks.select_related(
            "old_indicator__criteria_set", "new_indicator"
        ),
        "editable": editable,
        "can_manage": can_manage(request.user, criteria_set),
        "has_correction": criteria_set.corrections.exists(),
    }
    return render(request, "criteria/sets/detail.html", context)


@require_safe
@login_required
def set_download(request: HttpRequest, code: str) -> HttpResponse:
    criteria_set = set_for_user(request.user, code)
    response = HttpResponse(set_file_build(criteria_set), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bo-tieu-chi-{criteria_set.code}.xlsx"'
    return response


@require_safe
@login_required
def set_diff_page(request: HttpRequest, code: str) -> HttpResponse:
    criteria_set = set_for_user(request.user, code)
    return render(request, "criteria/sets/diff.html", {"diff": set_diff(criteria_set)})


@require_http_methods(GET_POST)
@login_required
def set_upload(request: HttpRequest) -> HttpResponse:
    province = manager_province(request.user)
    posted = request.method == "POST"
    form = SpreadsheetUploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = services.set_file_store(
                user=request.user, province=province, name=file.name, data=file.read()
            )
        except RefusedWorkbook as error:
            form.add_error("file", str(error))
        else:
            return redirect("sets:upload_preview", pk=upload.pk)
    return render(request, "criteria/sets/upload.html", {"form": form})


@require_http_methods(GET_POST)
@login_required
def set_upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    manager_province(request.user)
    upload = get_object_or_404(SetUpload, pk=pk, uploaded_by=request.user)
    if request.method == "POST":
        try:
            criteria_set = services.set_file_confirm(upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The criteria set was saved as a draft."))
            return redirect("sets:detail", code=criteria_set.code)
    preview = services.set_file_preview(upload)
    return render(request, "criteria/sets/preview.html", {"upload": upload, "preview": preview})


@require_http_methods(GET_POST)
@login_required
def set_edit(request: HttpRequest, code: str) -> HttpResponse:
    criteria_set = _draft(request, code)
    form = SetDetailsForm(request.POST or None, instance=criteria_set)
    return _save(
        request,
        form,
        criteria_set,
        lambda: services.set_details_save(criteria_set=form.instance),
        _("The set's details"),
    )


@require_POST
@login_required
def set_publish(request: HttpRequest, code: str) -> HttpResponse:
    criteria_set = set_for_manager(request.user, code)
    province = manager_province(request.user)
    try:
        if province is None:
            raise ValidationError(_("Your account belongs to no province to publish to."))
        services.set_publish(criteria_set=criteria_set, province=province, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Published to the communes of %(province)s.") % {"province": province.name},
        )
    return redirect("sets:detail", code=criteria_set.code)


@require_http_methods(GET_POST)
@login_required
def set_new_version(request: HttpRequest, code: str) -> HttpResponse:
    criteria_set = set_for_manager(request.user, code)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.set_version_create(
                criteria_set=criteria_set,
                valid_from=form.cleaned_data["valid_from"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("A correcting version was created as a draft."))
            return redirect("sets:detail", code=copy.code)
    return render(
        request, "criteria/sets/new_version.html", {"criteria_set": criteria_set, "form": form}
    )


@require_http_methods(GET_POST)
@login_required
def criterion_edit(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    criteria_set = _draft(request, code)
    criterion = (
        get_object_or_404(criteria_set.criteria, number=number) if number is not None else None
    )
    form = CriterionForm(request.POST or None, instance=criterion, criteria_set=criteria_set)
    return _save(
        request,
        form,
        criteria_set,
        lambda: services.criterion_save(criterion=form.instance),
        _("Criterion"),
    )


@require_POST
@login_required
def criterion_action(request: HttpRequest, code: str, number: int) -> HttpResponse:
    criteria_set = _draft(request, code)
    criterion = get_object_or_404(criteria_set.criteria, number=number)
    return _row_action(
        request,
        criteria_set,
        delete=lambda: services.criterion_delete(criterion=criterion),
        move=lambda up: services.criterion_move(criterion=criterion, up=up),
    )


@require_http_methods(GET_POST)
@login_required
def indicator_edit(request: HttpRequest, code: str, indicator: str | None = None) -> HttpResponse:
    criteria_set = _draft(request, code)
    item = (
        get_object_or_404(criteria_set.indicators, code=indicator)
        if indicator is not None
        else None
    )
    form = IndicatorForm(request.POST or None, instance=item, criteria_set=criteria_set)
    return _save(
        request,
        form,
        criteria_set,
        lambda: services.indicator_save(indicator=form.instance),
        _("Indicator"),
    )


@require_POST
@login_required
def indicator_action(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    criteria_set = _draft(request, code)
    item = get_object_or_404(criteria_set.indicators, code=indicator)
    return _row_action(
        request,
        criteria_set,
        delete=lambda: services.indicator_delete(indicator=item),
        move=lambda up: services.indicator_move(indicator=item, up=up),
    )


def _row_action(
    request: HttpRequest,
    criteria_set: CriteriaSet,
    delete: Callable[[], object],
    move: Callable[[bool], object],
) -> HttpResponse:
    """A draft row's buttons (delete, up, down), the same for criteria and indicators; an
    unknown action changes nothing."""
    action = request.POST.get("action")
    if action == "delete":
        delete()
    elif action in ("up", "down"):
        move(action == "up")
    return redirect("sets:detail", code=criteria_set.code)


@require_http_methods(GET_POST)
@login_required
def threshold_edit(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    """Set a threshold: a target (general, a region, a commune group) that already has one
    gets its value changed."""
    criteria_set = _draft(request, code)
    item = get_object_or_404(criteria_set.indicators, code=indicator)
    # A link from a threshold on the set's page names its target: the form shows it.
    existing = ThresholdForm.existing(
        item, request.POST if request.method == "POST" else request.GET
    )
    form = ThresholdForm(request.POST or None, instance=existing, indicator=item)
    return _save(
        request,
        form,
        criteria_set,
        lambda: services.set_threshold_save(threshold=form.instance),
        _("Threshold of %(code)s") % {"code": item.code},
    )


@require_POST
@login_required
def threshold_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    criteria_set = _draft(request, code)
    threshold = get_object_or_404(
        Threshold, pk=pk, indicator__criteria_set=criteria_set, scope__in=SHIPPED_SCOPES
    )
    services.set_threshold_delete(threshold=threshold)
    return redirect("sets:detail", code=criteria_set.code)


def _draft(request: HttpRequest, code: str) -> CriteriaSet:
    """A set the user may edit; a published one is read-only for everyone (403)."""
    criteria_set = set_for_manager(request.user, code)
    if criteria_set.is_published:
        raise PermissionDenied(_("This criteria set is published and read-only."))
    return criteria_set


def _save(
    request: HttpRequest, form: Any, criteria_set: CriteriaSet, save: Any, heading: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("sets:detail", code=criteria_set.code)
    return render(
        request,
        "criteria/sets/form.html",
        {"criteria_set": criteria_set, "form": form, "heading": heading},
        status=400 if request.method == "POST" else 200,
    )
