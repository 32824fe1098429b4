from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from criteria.models import CriteriaSet
from criteria.selectors import catalogue as catalogue_of
from villages.selectors import current_commune


@require_safe
@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Read-only catalogue: criteria → indicators → thresholds and bodies in charge.
    Shows the commune's set, or another set chosen with ?set=<code>."""
    commune = current_commune()
    sets = CriteriaSet.objects.all()
    code = request.GET.get("set")
    if code:
        criteria_set = get_object_or_404(CriteriaSet, code=code)
    else:
        criteria_set = commune.criteria_set if commune else sets.first()
    criteria = catalogue_of(criteria_set, commune) if criteria_set else []
    return render(
        request,
        "criteria/catalogue.html",
        {"criteria_set": criteria_set, "criteria": criteria, "sets": sets},
    )
