"""Reads that pages and reports share, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from criteria.models import (
    AssignmentRole,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAssignment,
    IndicatorRecord,
    Threshold,
)
from criteria.periods import month_start
from criteria.status import CommuneStatus, CriterionResult, applicable_threshold, evaluate_indicator
from villages.models import Commune


def indicators_of_set(criteria_set: CriteriaSet) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(criteria_set=criteria_set)
        .select_related("criterion", "criterion__group")
        .order_by("criterion__number", "position", "code")
    )


def latest_records(criteria_set: CriteriaSet, month: datetime.date) -> QuerySet[IndicatorRecord]:
    """For each (indicator, village) the newest record at or before `month`: the
    carry-forward rule, in one query (window function, works on SQLite and PostgreSQL)."""
    return (
        IndicatorRecord.objects.filter(indicator__criteria_set=criteria_set, month__lte=month)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("indicator_id"), F("village_id")],
                order_by=F("month").desc(),
            )
        )
        .filter(row=1)
        .select_related("village")
    )


def lead_bodies(criteria_set: CriteriaSet, commune: Commune) -> dict[int, object]:
    assignments = IndicatorAssignment.objects.filter(
        indicator__criteria_set=criteria_set, body__commune=commune, role=AssignmentRole.LEAD
    ).select_related("body")
    return {a.indicator_id: a.body for a in assignments}


def commune_status(commune: Commune, month: datetime.date) -> CommuneStatus:
    """Every criterion and indicator of the commune's set as of `month` (5 queries)."""
    month = month_start(month)
    status = CommuneStatus(commune=commune, month=month)
    criteria_set = commune.criteria_set
    if criteria_set is None:
        return status

    indicators = list(
        indicators_of_set(criteria_set).prefetch_related(
            Prefetch("thresholds", queryset=Threshold.objects.all())
        )
    )
    records_by_indicator: dict[int, list[IndicatorRecord]] = defaultdict(list)
    for record in latest_records(criteria_set, month):
        records_by_indicator[record.indicator_id].append(record)
    village_ids = list(commune.villages.values_list("pk", flat=True))
    leads = lead_bodies(criteria_set, commune)

    by_criterion: dict[int, CriterionResult] = {}
    for indicator in indicators:
        criterion: Criterion = indicator.criterion
        threshold = applicable_threshold(
            indicator.thresholds.all(), commune, criteria_set.threshold_basis
        )
        result = evaluate_indicator(
            indicator,
            threshold,
            records_by_indicator.get(indicator.pk, []),
            village_ids,
            lead_body=leads.get(indicator.pk),
        )
        by_criterion.setdefault(
            criterion.pk, CriterionResult(criterion=criterion, indicators=[])
        ).indicators.append(result)
    status.criteria = sorted(by_criterion.values(), key=lambda c: c.criterion.number)
    return status


def catalogue(criteria_set: CriteriaSet, commune: Commune | None) -> list[Criterion]:
    """Criteria → indicators → thresholds and assignments, for the catalogue page (4
    queries). Each indicator gets `applicable_threshold` for the commune."""
    criteria = list(
        Criterion.objects.filter(criteria_set=criteria_set)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("position", "code").prefetch_related(
                    Prefetch(
                        "thresholds",
                        queryset=Threshold.objects.select_related("commune").order_by("scope"),
                    ),
                    Prefetch(
                        "assignments",
                        queryset=IndicatorAssignment.objects.select_related("body").order_by(
                            "role", "body__position"
                        ),
                    ),
                ),
            )
        )
        .order_by("number")
    )
    for criterion in criteria:
        for indicator in criterion.indicators.all():
            indicator.applicable_threshold = (
                applicable_threshold(
                    indicator.thresholds.all(), commune, criteria_set.threshold_basis
                )
                if commune
                else None
            )
    return criteria
