import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from criteria.access import (
    Scope,
    get_indicator,
    get_village_for_user,
    may_choose_set,
    require_standing_member,
)
from criteria.forms import (
    FiguresForm,
    MonthReopenForm,
    SetOverrideForm,
    UploadConfirmForm,
)
from criteria.models import CriteriaSet
from criteria.periods import add_months, current_month, is_future, month_nav, picked_month
from criteria.selectors import (
    Cell,
    carried_history,
    commune_status,
    figure_cells,
    indicator_history,
    month_closure,
    unreadable_records,
)
from criteria.selectors import catalogue as catalogue_of
from criteria.selectors import month_workspace as workspace_of
from criteria.services import MonthClosed, is_month_closed, records_save, set_override_create
from criteria.services import month_close as close_month
from criteria.services import month_reopen as reopen_month
from criteria.sets import criteria_set_for, first_assessed_month, set_stretches
from criteria.spreadsheets import template_build, template_cells
from criteria.uploads import PreviewRefused, upload_confirm, upload_preview, upload_store
from villages.access import commune_for_user
from villages.cache import fragment_context
from villages.conflicts import StaleEdit
from villages.forms import SpreadsheetUploadForm
from villages.models import Commune, Upload, UploadKind, UploadState
from villages.xlsx import XLSX, RefusedWorkbook


@require_safe
@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Read-only catalogue: criteria → indicators → thresholds and bodies in charge.
    Shows the commune's set, or another set chosen with ?set=<code>."""
    commune = commune_for_user(request.user)
    sets = CriteriaSet.objects.all()
    code = request.GET.get("set")
    if code:
        criteria_set = get_object_or_404(CriteriaSet, code=code)
    else:
        criteria_set = criteria_set_for(commune, current_month()) or sets.first()
    criteria = catalogue_of(criteria_set, commune) if criteria_set else []
    return render(
        request,
        "criteria/catalogue.html",
        {"criteria_set": criteria_set, "criteria": criteria, "sets": sets},
    )


def month_commune(request: HttpRequest, month: datetime.date) -> Commune:
    """The user's commune, for a month that can be recorded: 404 when no criteria set
    assesses the commune in `month` (criteria.sets) or `month` is in the future."""
    commune = commune_for_user(request.user)
    if is_future(month) or criteria_set_for(commune, month) is None:
        raise Http404
    return commune


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def set_choice(request: HttpRequest) -> HttpResponse:
    """Which criteria set assesses each month of the commune, and the override: another
    set from a month on, with a reason (criteria.sets, rule 1)."""
    commune = commune_for_user(request.user)
    may_choose = may_choose_set(request.user)
    if request.method == "POST" and not may_choose:
        raise PermissionDenied
    form = SetOverrideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            set_override_create(commune=commune, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: the commune's criteria set from that month on."))
            return redirect("criteria:set_choice")
    context = {
        "form": form if may_choose else None,
        "stretches": set_stretches(commune, add_months(current_month(), 12)),
        "overrides": commune.set_overrides.select_related("criteria_set", "created_by"),
    }
    return render(request, "criteria/set_choice.html", context)


@require_safe
@login_required
def current_month_redirect(request: HttpRequest) -> HttpResponse:
    """The current month, or the one chosen with the month picker (?year=2024&m=3)."""
    return redirect("criteria:month", month=picked_month(request.GET) or current_month())


@require_safe
@login_required
def month_workspace(request: HttpRequest, month: datetime.date) -> HttpResponse:
    """The month's figures. Its content is cached for the reader's scope under the
    commune's data version (villages/cache.py), so everything it shows is read lazily,
    only when the cached fragments are missing; the standing member's close/reopen form,
    with its CSRF token, is rendered per request between them from the month's closure."""
    commune = month_commune(request, month)
    scope = Scope(request.user, commune)
    closure = month_closure(commune, month)
    workspace = SimpleLazyObject(lambda: workspace_of(commune, month, scope, closure))
    return render(
        request,
        "criteria/month.html",
        {
            "month": month,
            "closure": closure,
            "workspace": workspace,
            "scope": scope,
            "villages": SimpleLazyObject(
                lambda: list(commune.villages.all()) if scope.writes_anything else []
            ),
            "unreadable": SimpleLazyObject(lambda: unreadable_records(commune, month)),
            "reopen_form": MonthReopenForm(),
            "nav": SimpleLazyObject(
                lambda: month_nav(
                    month,
                    "criteria:month",
                    choose_url=reverse("criteria:months"),
                    oldest_year=first_assessed_month(commune).year,
                )
            ),
            "is_current": month == current_month(),
            "assessed_by": SimpleLazyObject(lambda: workspace.status.assessed_by),
            **fragment_context(commune, "month", month, scope.key),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def indicator_month(request: HttpRequest, month: datetime.date, code: str) -> HttpResponse:
    commune = month_commune(request, month)
    indicator = get_indicator(commune, code, month)
    scope = Scope(request.user, commune)
    villages = list(commune.villages.all())
    cells = figure_cells(
        commune=commune, month=month, indicators=[indicator], villages=villages, scope=scope
    )
    form, response = save_figures(request, commune, month, cells)
    if response is not None:
        return response
    status = commune_status(commune, month)
    result = status.result_for(indicator.pk)
    closed = is_month_closed(commune, month)
    # A closed month shows its values as text: no inputs without a Save button.
    rows = {} if closed else {row.cell.key: row for row in form.rows}
    return render(
        request,
        "criteria/indicator_month.html",
        {
            "month": month,
            "indicator": indicator,
            "result": result,
            "table": [(cell, rows.get(cell.key)) for cell in cells],
            "form": form,
            "closed": closed,
            "history": indicator_history(commune, indicator, month),
            "assessed_by": status.assessed_by,
            "carried": carried_history(commune, indicator, month),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def village_month(request: HttpRequest, month: datetime.date, pk: int) -> HttpResponse:
    commune = month_commune(request, month)
    village, scope = get_village_for_user(request.user, commune, pk, write=request.method == "POST")
    indicators = list(
        criteria_set_for(commune, month)
        .indicators.filter(per_village=True)
        .select_related("criterion")
    )
    cells = figure_cells(
        commune=commune,
        month=month,
        indicators=indicators,
        villages=[village],
        scope=scope,
        include_commune_cells=False,
    )
    form, response = save_figures(request, commune, month, cells)
    if response is not None:
        return response
    status = commune_status(commune, month)
    results = {r.indicator.pk: r for c in status.criteria for r in c.indicators}
    closed = is_month_closed(commune, month)
    # A closed month shows its values as text: no inputs without a Save button.
    rows = {} if closed else {row.cell.key: row for row in form.rows}
    return render(
        request,
        "criteria/village_month.html",
        {
            "month": month,
            "village": village,
            "table": [(cell, rows.get(cell.key), results[cell.indicator.pk]) for cell in cells],
            "form": form,
            "closed": closed,
            "assessed_by": status.assessed_by,
        },
    )


def save_figures(
    request: HttpRequest, commune: Commune, month: datetime.date, cells: list[Cell]
) -> tuple[FiguresForm, HttpResponse | None]:
    """Shared by the indicator and village pages: validate, save and redirect on success;
    otherwise give the page back the form with its errors."""
    data = request.POST if request.method == "POST" else None
    form = FiguresForm(data, cells=cells)
    if data is None:
        return form, None
    if not form.cells:
        raise PermissionDenied
    if not form.is_valid():
        if form.needs_confirmation:
            messages.warning(
                request,
                _(
                    "Not saved yet: some figures look unusual. Check them again, then press "
                    "Confirm."
                ),
            )
        else:
            messages.error(request, _("Nothing was saved: correct the marked fields."))
        return form, None
    try:
        result = records_save(
            commune=commune, month=month, user=request.user, figures=form.figures()
        )
    except MonthClosed as error:
        messages.error(request, str(error))
        return form, None
    except StaleEdit as conflict:
        show_conflict(form, conflict)
        return form, None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return form, None
    if result.changed:
        messages.success(
            request,
            _("Saved: %(count)d figure(s) changed for %(month)s.")
            % {"count": result.changed, "month": f"{month:%m/%Y}"},
        )
    else:
        messages.info(request, _("Nothing changed, so nothing new was recorded."))
    return form, redirect(request.get_full_path())


def show_conflict(form: FiguresForm, conflict: StaleEdit) -> None:
    """The user's form again, with what the other person saved: the user sees the current
    values, and saving again is a deliberate choice to replace them."""
    data = form.data.copy()
    for change in conflict.changes:
        data[f"{change.key}-base"] = change.marker
        form.add_error(None, change.message)
    # The page renders from form.data: the new bases make a second save deliberate.
    form.data = data


@require_POST
@login_required
def month_close(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = month_commune(request, month)
    require_standing_member(request.user)
    close_month(commune=commune, month=month, user=request.user)
    messages.success(request, _("The month is closed: its figures are now read-only."))
    return redirect("criteria:month", month=month)


@require_POST
@login_required
def month_reopen(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = month_commune(request, month)
    require_standing_member(request.user)
    form = MonthReopenForm(request.POST)
    if form.is_valid() and is_month_closed(commune, month):
        try:
            reopen_month(
                commune=commune, month=month, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("The month is open again."))
    else:
        # The field's own message too (too long, a character that cannot be stored).
        errors = [] if form.has_error("reason", "required") else form.errors.get("reason", [])
        refused = _("The month was not reopened: give a reason.")
        messages.error(request, " ".join([refused, *errors]))
    return redirect("criteria:month", month=month)


@require_safe
@login_required
def month_template(request: HttpRequest, month: datetime.date) -> HttpResponse:
    """The entry template of what the user may write this month: ?village=<pk> narrows it
    to one village, ?indicator=<code> to one indicator."""
    commune = month_commune(request, month)
    scope = Scope(request.user, commune)
    village = indicator = None
    if request.GET.get("village", "").isdigit():
        village, scope = get_village_for_user(
            request.user, commune, int(request.GET["village"]), write=True
        )
    if request.GET.get("indicator"):
        indicator = get_indicator(commune, request.GET["indicator"], month)
    cells = template_cells(commune, month, scope, village=village, indicator=indicator)
    if not cells:
        raise PermissionDenied
    name = f"mau-nhap-{month:%Y-%m}" + (f"-thon-{village.pk}" if village else "")
    name += f"-chi-tieu-{indicator.code}" if indicator else ""
    response = HttpResponse(template_build(commune, month, cells), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def month_upload(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = month_commune(request, month)
    if not Scope(request.user, commune).writes_anything:
        raise PermissionDenied
    posted = request.method == "POST"
    form = SpreadsheetUploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.FIGURE_UPLOAD_MAX_BYTES:
            form.add_error("file", too_large())
        else:
            try:
                stored = upload_store(
                    commune=commune,
                    month=month,
                    user=request.user,
                    name=upload.name,
                    data=upload.read(),
                )
            except RefusedWorkbook as error:
                form.add_error("file", str(error))
            else:
                return redirect("criteria:upload_preview", month=month, pk=stored.pk)
    return render(request, "criteria/upload.html", {"month": month, "form": form})


def too_large() -> str:
    limit = settings.FIGURE_UPLOAD_MAX_BYTES / 1024 / 1024
    return _("The file is too large; at most %(limit)s MB is accepted.") % {
        "limit": f"{limit:.1f}".replace(".", ",")
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def upload_review(request: HttpRequest, month: datetime.date, pk: int) -> HttpResponse:
    """The preview of an uploaded file; POST confirms it (all figures or none)."""
    commune = month_commune(request, month)
    upload = get_object_or_404(
        Upload,
        pk=pk,
        kind=UploadKind.FIGURES,
        commune=commune,
        month=month,
        uploaded_by=request.user,
    )
    # The request's own objects (the filter says they are the same rows): what they have
    # already read (the commune's criteria sets, the user's profile) serves the preview
    # too, where the upload's would each be read again.
    upload.commune, upload.uploaded_by = commune, request.user
    form = UploadConfirmForm(request.POST if request.method == "POST" else None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            result = upload_confirm(upload, confirm_warnings=form.cleaned_data["confirm"])
        except (MonthClosed, RefusedWorkbook) as error:
            messages.error(request, str(error))
        except PreviewRefused as error:  # nothing read or saved since: its preview shows why
            messages.error(request, " ".join(error.messages))
            preview = error.preview
        except ValidationError as error:  # StaleEdit too: the rows show the conflicts
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Imported from %(name)s: %(count)d figure(s) changed for %(month)s.")
                % {"name": upload.file_name, "count": result.changed, "month": f"{month:%m/%Y}"},
            )
            return redirect("criteria:month", month=month)
    try:
        preview = preview or upload_preview(upload)
    except RefusedWorkbook as error:  # the commune's villages or rights changed since
        messages.error(request, str(error))
    return render(
        request,
        "criteria/upload_preview.html",
        {
            "month": month,
            "upload": upload,
            "preview": preview,
            "form": form,
            "done": upload.state == UploadState.CONFIRMED,
        },
    )
