"""Views that belong to no single app: the home page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from criteria.periods import current_month
from criteria.selectors import commune_status
from reports.selectors import pending_for_user, submissions_overview
from villages.access import has_role
from villages.models import Role
from villages.selectors import current_commune, profile_of


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    commune = current_commune()
    month = current_month()
    status = commune_status(commune, month) if commune else None
    oversees = commune is not None and has_role(request.user, Role.HEAD, Role.STANDING)
    return render(
        request,
        "home.html",
        {
            # Also overrides the context processor's lazy commune: one query fewer.
            "commune": commune,
            "status": status,
            "month": month,
            "profile": profile_of(request.user),
            "pending": pending_for_user(request.user, month),
            "overview": submissions_overview(commune, month) if oversees else None,
        },
    )
