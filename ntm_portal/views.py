"""Views that belong to no single app: the home page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from criteria.selectors import commune_status, month_start
from villages.selectors import current_commune, profile_of


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    commune = current_commune()
    month = month_start(timezone.localdate())
    status = commune_status(commune, month) if commune else None
    return render(
        request,
        "home.html",
        {"status": status, "month": month, "profile": profile_of(request.user)},
    )
