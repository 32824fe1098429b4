"""The self-assessment page and its documents, for everyone signed in to the commune."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from assessment import documents
from assessment.selectors import assessment_month, self_assessment_data
from criteria.periods import current_month
from criteria.sets import criteria_set_for, first_assessed_month
from reports.documents import Document, ascii_slug
from villages.access import commune_for_user
from villages.models import Commune

RENDERERS = {
    "pdf": documents.render_self_assessment_pdf,
    "xlsx": documents.render_self_assessment_xlsx,
    "docx": documents.render_self_assessment_docx,
}


def _commune_for_year(request: HttpRequest, year: int) -> Commune:
    """The user's commune, for a year it was assessed in: 404 for a future year or one
    before its first criteria set."""
    commune = commune_for_user(request.user)
    first = first_assessed_month(commune)
    if year > current_month().year or first is None or year < first.year:
        raise Http404
    if criteria_set_for(commune, assessment_month(year)) is None:
        raise Http404
    return commune


@require_safe
@login_required
def current(request: HttpRequest) -> HttpResponse:
    return redirect("assessment:year", year=current_month().year)


@require_safe
@login_required
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    commune = _commune_for_year(request, year)
    data = self_assessment_data(commune, year)
    first = first_assessed_month(commune)
    years = list(range(current_month().year, first.year - 1, -1))
    return render(request, "assessment/year.html", {"data": data, "year": year, "years": years})


@require_safe
@login_required
def document(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    if kind not in RENDERERS:
        raise Http404
    commune = _commune_for_year(request, year)
    # Named as the monthly report's downloads are: an ASCII name and the Vietnamese one
    # (reports.documents.Document).
    document = Document(
        content=RENDERERS[kind](self_assessment_data(commune, year)),
        filename=f"tu-danh-gia-ntm-{ascii_slug(commune.full_name)}-{year}.{kind}",
        display_name=f"Tự đánh giá NTM {commune.full_name} {year}.{kind}",
        fmt=kind,
    )
    return document.response()
