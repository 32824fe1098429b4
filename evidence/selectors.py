"""Reads: the evidence of one item, the indicators whose "met" lacks proof, the dossier.

"Thiếu minh chứng" (missing evidence) is decided here and only here, for the month
workspace, the indicator page and the dashboard alike: an indicator that needs evidence
(Indicator.requires_evidence) and is met as of a month lacks it when no active file is
attached to it for a month between its latest figure and that month. Proof uploaded
after the figure still proves it; proof older than the figure does not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet, Sum

from criteria.models import CriteriaSet, Criterion, Indicator
from criteria.periods import current_month
from criteria.sets import criteria_set_for
from criteria.status import CommuneStatus, IndicatorResult, Status
from evidence.models import Evidence
from villages.models import Commune


def with_people(queryset: QuerySet[Evidence]) -> QuerySet[Evidence]:
    return queryset.select_related("uploaded_by", "deleted_by", "indicator", "village")


@dataclass
class EvidenceGaps:
    """Indicators met without proof, as of `month`; `pk in gaps` in templates."""

    results: list[IndicatorResult] = field(default_factory=list)

    def __contains__(self, indicator_pk: object) -> bool:
        return any(result.indicator.pk == indicator_pk for result in self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __bool__(self) -> bool:
        return bool(self.results)

    def __iter__(self):  # noqa: ANN204 - a plain iterator for templates
        return iter(self.results)


def evidence_gaps(
    commune: Commune, month: datetime.date, results: Iterable[IndicatorResult]
) -> EvidenceGaps:
    """One query whatever the number of indicators (none when no indicator needs
    evidence): the query does not depend on the statuses, so a page's query count does
    not change with its data."""
    candidates = [result for result in results if result.indicator.requires_evidence]
    if not candidates:
        return EvidenceGaps()
    latest_proof = dict(
        Evidence.objects.active()
        .filter(
            commune=commune,
            indicator__in=[result.indicator.pk for result in candidates],
            month__lte=month,
        )
        .values("indicator")
        .annotate(latest=Max("month"))
        .values_list("indicator", "latest")
    )

    def lacks_proof(result: IndicatorResult) -> bool:
        proof = latest_proof.get(result.indicator.pk)
        return proof is None or bool(result.latest_month and proof < result.latest_month)

    return EvidenceGaps(
        [result for result in candidates if result.status == Status.MET and lacks_proof(result)]
    )


def status_gaps(status: CommuneStatus) -> EvidenceGaps:
    return evidence_gaps(
        status.commune,
        status.month,
        (result for criterion in status.criteria for result in criterion.indicators),
    )


# --- The dossier --------------------------------------------------------------------


@dataclass
class DossierCriterion:
    criterion: Criterion
    count: int
    size: int
    gaps: list[IndicatorResult]
    missing: list[Indicator]


def dossier_evidence(
    commune: Commune, criterion: Criterion | None = None, criteria_set: CriteriaSet | None = None
) -> QuerySet[Evidence]:
    """The files of the dossier: every active file attached to an indicator's figure of
    `criteria_set` (by default the set in force this month, criteria.sets), one
    criterion's or all, in indicator and month order."""
    if criterion is not None:
        criteria_set = criterion.criteria_set_id
    elif criteria_set is None:
        criteria_set = criteria_set_for(commune, current_month())
    queryset = Evidence.objects.active().filter(
        commune=commune, indicator__criteria_set=criteria_set
    )
    if criterion is not None:
        queryset = queryset.filter(indicator__criterion=criterion)
    return queryset.select_related("indicator__criterion", "village", "uploaded_by").order_by(
        "indicator__position", "indicator__code", "month", "village__position", "uploaded_at", "pk"
    )


def dossier_overview(status: CommuneStatus) -> list[DossierCriterion]:
    """Each criterion with its number of files and what is missing (3 queries)."""
    commune = status.commune
    counts = {
        row["indicator__criterion"]: row
        for row in dossier_evidence(commune)
        .order_by()
        .values("indicator__criterion")
        .annotate(count=Count("pk"), size=Sum("size"))
    }
    with_files = set(
        dossier_evidence(commune).order_by().values_list("indicator", flat=True).distinct()
    )
    gaps = status_gaps(status)
    rows = []
    for criterion_result in status.criteria:
        criterion = criterion_result.criterion
        row = counts.get(criterion.pk, {})
        rows.append(
            DossierCriterion(
                criterion=criterion,
                count=row.get("count", 0),
                size=row.get("size", 0) or 0,
                gaps=[r for r in criterion_result.indicators if r.indicator.pk in gaps],
                missing=[
                    r.indicator
                    for r in criterion_result.indicators
                    if r.indicator.requires_evidence and r.indicator.pk not in with_files
                ],
            )
        )
    return rows


def attached_to_indicators(
    commune: Commune, month: datetime.date, indicators: Iterable[Indicator], village_pk: int | None
) -> QuerySet[Evidence]:
    """The village form's files: the month's files of its per-village indicators."""
    return with_people(
        Evidence.objects.filter(
            Q(village_id=village_pk) if village_pk else Q(),
            commune=commune,
            month=month,
            indicator__in=list(indicators),
        )
    )
