"""Pages of the commune's documents: the monthly report (page, workflow, downloads)
and the quarterly plan."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from criteria.periods import MonthNav, current_month, is_future, month_nav, picked_month
from criteria.services import is_month_closed
from criteria.sets import first_assessed_month
from reports.access import can_approve_report, can_edit_report
from reports.builders import PdfRenderError
from reports.builders.data import monthly_report_data
from reports.documents import PDF_FAILED, monthly_document, quarterly_document
from reports.forms import NarrativeForm, ReopenForm
from reports.models import ReportState
from reports.selectors import (
    changed_after_sending,
    month_receipt,
    monthly_report,
    report_months,
    report_versions,
)
from reports.services import (
    monthly_report_approve,
    monthly_report_reopen,
    monthly_report_save,
    monthly_report_send,
)
from villages.access import commune_for_user
from villages.conflicts import StaleEdit, version_marker
from villages.models import Commune


def _past_month(month: datetime.date) -> None:
    """A report exists for the current month and the months before it."""
    if is_future(month):
        raise Http404


@require_safe
@login_required
def monthly_index(request: HttpRequest) -> HttpResponse:
    """Every month's report; with the month picker's ?year=&m=, that month's report."""
    commune = commune_for_user(request.user)
    chosen = picked_month(request.GET)
    if chosen is not None:
        return redirect("reports:monthly", month=chosen)
    months = report_months(commune, today_month=current_month())
    quarters = list(dict.fromkeys((m.month.year, (m.month.month - 1) // 3 + 1) for m in months))
    context = {"months": months, "quarters": quarters, "nav": _nav(commune, current_month())}
    return render(request, "reports/monthly_index.html", context)


def _nav(commune: Commune, month: datetime.date) -> MonthNav:
    first = first_assessed_month(commune)
    return month_nav(
        month,
        "reports:monthly",
        choose_url=reverse("reports:monthly_index"),
        oldest_year=first.year if first else None,
    )


@require_safe
@login_required
def monthly_page(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = commune_for_user(request.user)
    _past_month(month)
    return _page(request, commune, month)


def _page(
    request: HttpRequest,
    commune: Commune,
    month: datetime.date,
    *,
    form: NarrativeForm | None = None,
    reopen_form: ReopenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    report = monthly_report(commune, month)
    state = report.state if report else ReportState.DRAFT
    data = monthly_report_data(commune, month, narrative=report.narrative if report else None)
    may_edit = can_edit_report(request.user)
    if form is None and may_edit and state != ReportState.SENT:
        form = NarrativeForm(initial={**data["narrative"], "version": version_marker(report)})
    if reopen_form is None and may_edit and state == ReportState.SENT:
        reopen_form = ReopenForm()
    context = {
        "month": month,
        "nav": _nav(commune, month),
        "report": report,
        "state": state,
        "state_label": ReportState(state).label,
        "data": data,
        "versions": report_versions(report),
        "receipt": month_receipt(commune, month),
        "form": form,
        "reopen_form": reopen_form,
        "may_edit": may_edit,
        "may_approve": can_approve_report(request.user) and state == ReportState.DRAFT,
        "may_send": may_edit and state == ReportState.APPROVED,
        "month_closed": is_month_closed(commune, month),
        "changed_after_sending": changed_after_sending(report),
    }
    return render(request, "reports/monthly.html", context, status=status)


def _edit_access(request: HttpRequest, month: datetime.date) -> Commune:
    commune = commune_for_user(request.user)
    _past_month(month)
    if not can_edit_report(request.user):
        raise PermissionDenied(_("Only the standing member edits and sends the report."))
    return commune


@require_POST
@login_required
def monthly_narrative(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = _edit_access(request, month)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return _page(request, commune, month, form=form, status=400)
    try:
        monthly_report_save(
            commune=commune,
            month=month,
            user=request.user,
            base=form.cleaned_data["version"],
            texts=form.cleaned_data,
        )
    except StaleEdit as conflict:
        for message in conflict.messages:
            messages.error(request, message)
        return redirect("reports:monthly", month=month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:monthly", month=month)
    messages.success(request, _("The report has been saved."))
    return redirect("reports:monthly", month=month)


@require_POST
@login_required
def monthly_approve(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = commune_for_user(request.user)
    _past_month(month)
    if not can_approve_report(request.user):
        raise PermissionDenied(_("Only the head of the steering committee approves the report."))
    return _act(
        request,
        month,
        _("The report has been approved."),
        lambda: monthly_report_approve(commune=commune, month=month, user=request.user),
    )


@require_POST
@login_required
def monthly_send(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = _edit_access(request, month)
    return _act(
        request,
        month,
        _("The report has been sent and the month closed."),
        lambda: monthly_report_send(commune=commune, month=month, user=request.user),
    )


@require_POST
@login_required
def monthly_reopen(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = _edit_access(request, month)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _page(request, commune, month, reopen_form=form, status=400)
    return _act(
        request,
        month,
        _("The report has been reopened for a correction; the month is open again."),
        lambda: monthly_report_reopen(
            commune=commune, month=month, user=request.user, reason=form.cleaned_data["reason"]
        ),
    )


def _act(
    request: HttpRequest, month: datetime.date, done: str, action: Callable[[], object]
) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("reports:monthly", month=month)


def _version_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise Http404
    return int(raw)


@require_safe
@login_required
def monthly_download(request: HttpRequest, month: datetime.date, fmt: str) -> HttpResponse:
    commune = commune_for_user(request.user)
    _past_month(month)
    try:
        document = monthly_document(commune, month, fmt, version=_version_param(request))
    except PdfRenderError:
        messages.error(request, PDF_FAILED)
        return redirect("reports:monthly", month=month)
    return document.response()


@require_safe
@login_required
def quarterly_download(request: HttpRequest, period: tuple[int, int], fmt: str) -> HttpResponse:
    commune = commune_for_user(request.user)
    year, quarter = period
    if datetime.date(year, 3 * quarter - 2, 1) > current_month():
        raise Http404
    try:
        document = quarterly_document(commune, year, quarter, fmt)
    except PdfRenderError:
        messages.error(request, PDF_FAILED)
        return redirect("reports:monthly_index")
    return document.response()
