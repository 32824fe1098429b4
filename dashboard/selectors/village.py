"""A village's page: its per-village figures against the commune's thresholds, its
household register and its monthly reports (a fixed number of queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from criteria.selectors import (
    applicable_thresholds,
    latest_records,
    register_counts,
    status_inputs,
)
from criteria.status import IndicatorResult, Status, evaluate_indicator
from dashboard.selectors.shared import TREND_MONTHS
from submissions.models import Submission, SubmissionState
from villages.models import Commune, HouseholdRecord, Village


@dataclass
class VillagePage:
    month: datetime.date
    village: Village
    figures: list[IndicatorResult]
    register: list[HouseholdRecord]
    submissions: list[tuple[Submission, SubmissionState]]
    households: int | None

    @property
    def met_count(self) -> int:
        return sum(1 for f in self.figures if f.status == Status.MET)


def village_page(commune: Commune, month: datetime.date, village: Village) -> VillagePage:
    """A village: each per-village figure as of `month` against the commune's threshold,
    its household register and its monthly reports (8 queries whatever the data size)."""
    inputs = status_inputs(commune, month)
    records = {r.indicator_id: r for r in latest_records(commune, month).filter(village=village)}
    figures = []
    thresholds = applicable_thresholds(commune, inputs)
    for indicator in inputs.indicators:
        if not indicator.per_village:
            continue
        threshold = thresholds[indicator.pk]
        record = records.get(indicator.pk)
        own = evaluate_indicator(
            indicator,
            threshold,
            [record] if record else [],
            [village.pk],
            lead_body=inputs.leads.get(indicator.pk),
        )
        figures.append(own)
    register = list(HouseholdRecord.objects.filter(village=village).order_by("-as_of")[:24])
    submissions = [
        (submission, submission.state(commune.due_date(submission.month)))
        for submission in Submission.objects.filter(body__village=village, month__lte=month)
        .select_related("submitted_by")
        .order_by("-month")[:TREND_MONTHS]
    ]
    counts = register_counts([village], month).get(village.pk)
    return VillagePage(
        month=month,
        village=village,
        figures=figures,
        register=register,
        submissions=submissions,
        households=counts[0] if counts else None,
    )
