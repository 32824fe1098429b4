"""The steering committee's dashboard: where the commune stands, what is behind, who
has reported. Read only, for everyone signed in.

Its own app beside the floors: it reads villages, criteria, plans and submissions
together and writes nothing, so it belongs to none of them; nothing imports it."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from criteria.periods import current_month, is_future, month_nav, picked_month
from criteria.selectors import shown_month
from criteria.sets import criteria_set_for, first_assessed_month, set_in_force
from dashboard import selectors
from dashboard.cache import render_cached
from dashboard.selectors.shared import url_prefix
from villages.access import NoCommune, commune_for_user
from villages.models import Commune


@require_safe
@login_required
def current(request: HttpRequest) -> HttpResponse:
    """The current reporting month, or the month chosen with ?month=2024-03 (the month
    selector works without JavaScript); when nothing was recorded in the current month,
    the latest month with figures, and the page says so."""
    chosen = picked_month(request.GET)
    if chosen is not None:
        return redirect("dashboard:month", month=chosen)
    try:
        commune = commune_for_user(request.user)
    except NoCommune:  # the entry point explains instead of a bare 403
        commune = None
    month = current_month()
    if commune is None or commune.criteria_set is None:
        return render(request, "dashboard/empty.html", {"commune": commune, "month": month})
    latest = shown_month(commune)
    if latest < month:
        messages.info(
            request,
            _(
                "Nothing was recorded in %(current)s: the dashboard shows %(latest)s, the "
                "latest month with figures."
            )
            % {"current": f"{month:%m/%Y}", "latest": f"{latest:%m/%Y}"},
        )
        month = latest
    return redirect("dashboard:month", month=month)


def month_context(
    commune: Commune, month: datetime.date, url_name: str = "dashboard:month", **url_kwargs: object
) -> dict[str, object]:
    """The page's month, and its navigation: previous/next within the criteria set and,
    on the overview, a year-and-month picker up to the current month, also after the
    set's end (it goes through dashboard:current, which shows the overview)."""
    in_force = set_in_force(commune, month)
    first = first_assessed_month(commune) or month
    return {
        "commune": commune,
        "month": month,
        # Links repeated in the pages' lists, built from one reverse() each instead of a
        # {% url %} per row.
        "criterion_url": url_prefix("dashboard:criterion", month=month, number=0),
        "indicator_month_url": url_prefix("criteria:indicator_month", month=month, code="0"),
        "nav": month_nav(
            month,
            url_name,
            first=first,
            choose_url=reverse("dashboard:current") if url_name == "dashboard:month" else "",
            **url_kwargs,
        ),
        "is_current": month == current_month(),
        "assessed_by": in_force,
        "after_set": bool(in_force and in_force.expired),
    }


def month_commune(request: HttpRequest, month: datetime.date) -> Commune | None:
    """The user's commune, or None while it has no criteria set; 404 for a month in
    the future."""
    if is_future(month):
        raise Http404
    commune = commune_for_user(request.user)
    # The commune's own set is read with the commune: a page served from the cache costs
    # no more (the set of the month is read when the page is built, criteria.sets).
    if commune.criteria_set is not None:
        return commune
    return commune if criteria_set_for(commune, month) is not None else None


def is_before_sets(commune: Commune, month: datetime.date) -> bool:
    """Before every set of the commune; only a month before its own set's start needs the
    other sets (criteria.sets), so a cached page reads nothing more."""
    own = commune.criteria_set
    if own is not None and month >= own.valid_from.replace(day=1):
        return False
    first = first_assessed_month(commune)
    return first is not None and month < first


def before_set(request: HttpRequest, commune: Commune, month: datetime.date) -> HttpResponse:
    first = first_assessed_month(commune)
    return render(
        request,
        "dashboard/before_set.html",
        {**month_context(commune, first), "requested": month, "first": first},
    )


@require_safe
@login_required
def overview(request: HttpRequest, month: datetime.date) -> HttpResponse:
    commune = month_commune(request, month)
    if commune is None:
        return render(request, "dashboard/empty.html", {"commune": None, "month": month})
    if is_before_sets(commune, month):
        return before_set(request, commune, month)
    trend = request.GET.get("trend") or None

    def build() -> tuple[str, dict[str, object]]:
        try:
            data = selectors.dashboard(commune, month, trend)
        except selectors.UnknownIndicator:
            raise Http404 from None
        title = _("Dashboard %(month)s") % {"month": f"{month:%m/%Y}"}
        return title, {**month_context(commune, month), "data": data}

    return render_cached(request, commune, "dashboard/_dashboard.html", build, month, trend)


@require_safe
@login_required
def criterion(request: HttpRequest, month: datetime.date, number: int) -> HttpResponse:
    commune = month_commune(request, month)
    if commune is None:
        raise Http404
    if is_before_sets(commune, month):
        return before_set(request, commune, month)

    def build() -> tuple[str, dict[str, object]]:
        page = selectors.criterion_page(commune, month, number)
        if page is None:
            raise Http404
        context = month_context(commune, month, "dashboard:criterion", number=number)
        return f"{page.result.criterion} · {month:%m/%Y}", {**context, "page": page}

    return render_cached(request, commune, "dashboard/_criterion.html", build, month, number)


@require_safe
@login_required
def village(request: HttpRequest, month: datetime.date, pk: int) -> HttpResponse:
    commune = month_commune(request, month)
    if commune is None:
        raise Http404
    if is_before_sets(commune, month):
        return before_set(request, commune, month)

    def build() -> tuple[str, dict[str, object]]:
        village = get_object_or_404(commune.villages, pk=pk)
        page = selectors.village_page(commune, month, village)
        context = month_context(commune, month, "dashboard:village", pk=village.pk)
        return f"{village} · {month:%m/%Y}", {**context, "page": page}

    return render_cached(request, commune, "dashboard/_village.html", build, month, pk)
