"""A criterion's page: its indicators with their gaps, each one's 12 months, the
per-village values (a fixed number of queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from criteria.models import IndicatorKind
from criteria.selectors import build_status, latest_records, monthly_statuses, status_inputs
from criteria.status import CriterionResult, IndicatorResult
from dashboard import charts
from dashboard.selectors.shared import (
    TREND_MONTHS,
    IndicatorGap,
    TrendPoint,
    VillageChart,
    indicator_gap,
    target_village_ids,
    trend_charts,
    village_chart,
)
from plans.models import Task
from plans.selectors import plan_for_year, tasks_by_criterion
from villages.models import Commune


@dataclass
class CriterionPage:
    month: datetime.date
    result: CriterionResult
    gaps: list[IndicatorGap]
    history: list[tuple[IndicatorResult, list[TrendPoint], str]]
    village_charts: list[VillageChart]
    tasks: list[Task]


def criterion_page(commune: Commune, month: datetime.date, number: int) -> CriterionPage | None:
    """A criterion: its indicators with gap and notes, each indicator's commune value over
    12 months, per-village values (10 queries whatever the data size); None when the set
    has no such criterion."""
    inputs = status_inputs(commune, month)
    indicator_ids = [i.pk for i in inputs.indicators if i.criterion.number == number]
    if not indicator_ids:
        return None
    status = build_status(
        commune,
        month,
        inputs,
        latest_records(commune, month).filter(indicator_id__in=indicator_ids),
    )
    result = next(c for c in status.criteria if c.criterion.number == number)
    statuses = monthly_statuses(commune, inputs, month, TREND_MONTHS, indicator_ids)
    plan = plan_for_year(commune=commune, year=month.year)
    tasks = tasks_by_criterion(plan=plan).get(result.criterion.pk, []) if plan else []
    targets = target_village_ids(tasks)
    history = []
    village_charts = []
    for indicator_result_ in result.indicators:
        indicator = indicator_result_.indicator
        if indicator.kind != IndicatorKind.BOOLEAN:
            points, _met, chart = trend_charts(statuses, indicator_result_, width=charts.FULL_WIDTH)
            history.append(
                (indicator_result_, points, chart.replace("trend-indicator", f"h-{indicator.pk}"))
            )
        if indicator.per_village:
            village_charts.append(
                village_chart(
                    indicator_result_,
                    inputs.villages,
                    targets.get(indicator.pk, set()),
                    month,
                    f"villages-{indicator.pk}",
                )
            )
    gaps = [indicator_gap(r, tasks) for r in result.indicators]
    return CriterionPage(
        month=month,
        result=result,
        gaps=gaps,
        history=history,
        village_charts=village_charts,
        tasks=tasks,
    )
