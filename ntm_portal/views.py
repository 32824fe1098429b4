"""Views that belong to no single app: the home page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from criteria.periods import current_month
from criteria.selectors import commune_status
from villages.selectors import current_commune, profile_of


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    commune = current_commune()
    month = current_month()
    status = commune_status(commune, month) if commune else None
    return render(
        request,
        "home.html",
        {"status": status, "month": month, "profile": profile_of(request.user)},
    )
