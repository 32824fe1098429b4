"""The province's pages: the dashboard of every commune, the inbox of received monthly
reports ("Báo cáo đến"), returning or accepting one, and the commune chooser that
lets a province user read a commune's own pages.

Its own app, above `reports` (it reads the received reports) and beside `dashboard`:
the province is a reader of every floor; nothing imports it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from criteria.periods import MonthConverter, current_month, is_future, month_nav
from jobs.selectors import file_job_url
from province.access import province_of_reader, receipt_for_reader
from province.cache import province_key
from province.exports import OVERVIEW_FORMATS
from province.forms import ChooseCommuneForm, ReturnForm
from province.selectors import filter_and_sort, inbox, province_overview
from province.services import overview_export_start
from reports.builders import PdfRenderError
from reports.documents import PDF_FAILED, sent_version_document
from reports.models import ReportVersion
from reports.services import receipt_accept, receipt_mark_seen, receipt_return
from villages.models import CommuneGroup
from villages.services import profile_choose_commune


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@require_safe
@login_required
def dashboard_current(request: HttpRequest) -> HttpResponse:
    province_of_reader(request.user)
    if request.GET.get("month"):
        try:
            return redirect(
                "province:dashboard", month=MonthConverter().to_python(request.GET["month"])
            )
        except ValueError:
            raise Http404 from None
    return redirect("province:dashboard", month=current_month())


@require_safe
@login_required
def dashboard(request: HttpRequest, month: datetime.date) -> HttpResponse:
    """Every commune's standing. The content is cached (province/cache.py) and rendered
    without a CSRF token: the "Open" buttons submit the one form the page renders around
    it on each request."""
    province = province_of_reader(request.user)
    if is_future(month):
        raise Http404
    group = _int_param(request, "group")
    criterion = _int_param(request, "criterion")
    sort = request.GET.get("sort", "name")
    key = province_key(request, province, month, group, criterion, sort)
    body = cache.get(key)
    if body is None:
        overview = province_overview(province, month, timezone.localdate())
        context = {
            "overview": overview,
            "month": month,
            "rows": filter_and_sort(
                overview.standings, group=group, missing_criterion=criterion, sort=sort
            ),
            "group": group,
            "criterion": criterion,
            "sort": sort,
            "groups": CommuneGroup.choices,
            "nav": month_nav(
                month, "province:dashboard", choose_url=reverse("province:dashboard_current")
            ),
        }
        body = render_to_string("province/_dashboard.html", context, request)
        cache.set(key, body, settings.DASHBOARD_CACHE_SECONDS)
    return render(request, "province/dashboard.html", {"month": month, "body": mark_safe(body)})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def dashboard_download(request: HttpRequest, month: datetime.date, fmt: str) -> HttpResponse:
    """POST (the dashboard's export buttons): prepare the file as a job, then its page,
    or the file at once when it is ready already (no broker). GET, a bookmark of the old
    download link: the dashboard, whose buttons prepare it."""
    province = province_of_reader(request.user)
    if is_future(month) or fmt not in OVERVIEW_FORMATS:
        raise Http404
    if request.method != "POST":
        return redirect("province:dashboard", month=month)
    job = overview_export_start(province=province, month=month, fmt=fmt, user=request.user)
    return redirect(file_job_url(job))


@require_safe
@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    province = province_of_reader(request.user)
    return render(
        request, "province/inbox.html", {"province": province, "receipts": inbox(province)}
    )


@require_safe
@login_required
def receipt_page(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = receipt_for_reader(request.user, pk)
    if receipt.seen_by_id is None:
        receipt_mark_seen(receipt=receipt, user=request.user)
        receipt = receipt_for_reader(request.user, pk)
    return _receipt(request, receipt, ReturnForm())


@require_safe
@login_required
def receipt_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The received version's exact bytes, as the commune sent them (rendered now and
    stored, once, if its render job has not finished yet: never an empty file)."""
    receipt = receipt_for_reader(request.user, pk)
    version = ReportVersion.objects.get(pk=receipt.version_id)
    try:
        document = sent_version_document(
            version, receipt.commune, receipt.month, fmt, number=version.number
        )
    except PdfRenderError:
        messages.error(request, PDF_FAILED)
        return redirect("province:receipt", pk=pk)
    return document.response()


def _receipt(
    request: HttpRequest, receipt: object, form: ReturnForm, status: int = 200
) -> HttpResponse:
    return render(
        request, "province/receipt.html", {"receipt": receipt, "form": form}, status=status
    )


@require_POST
@login_required
def receipt_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = receipt_for_reader(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _receipt(request, receipt, form, status=400)
    try:
        receipt_return(receipt=receipt, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("province:receipt", pk=pk)
    messages.success(request, _("The report was returned to the commune with your note."))
    return redirect("province:inbox")


@require_POST
@login_required
def receipt_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = receipt_for_reader(request.user, pk)
    try:
        receipt_accept(receipt=receipt, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("province:receipt", pk=pk)
    messages.success(request, _("The report was accepted."))
    return redirect("province:inbox")


@require_POST
@login_required
def choose_commune(request: HttpRequest) -> HttpResponse:
    """Read a commune's own pages (read-only: a province role writes nothing there)."""
    province_of_reader(request.user)
    form = ChooseCommuneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a commune."))
        return redirect("province:dashboard_current")
    commune = profile_choose_commune(user=request.user, commune_id=form.cleaned_data["commune"])
    messages.info(request, _("You are reading %(commune)s.") % {"commune": commune.full_name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("dashboard:current")
    return redirect(target)
