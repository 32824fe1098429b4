"""The steering committee's dashboard for a month: where the commune stands, what is
behind and why, who has reported, the trend (a fixed number of queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from criteria.models import Indicator, IndicatorKind, IndicatorRecord
from criteria.periods import add_months
from criteria.selectors import (
    LatestFigure,
    counted_figures,
    month_figures,
    monthly_statuses,
    status_inputs,
)
from criteria.status import CommuneStatus, CriterionResult, GroupResult, IndicatorResult, Status
from dashboard.selectors.shared import (
    TREND_MONTHS,
    IndicatorGap,
    TrendPoint,
    VillageChart,
    chart_of_places,
    chart_targets,
    higher_share_is_worse,
    indicator_gap,
    indicator_result,
    target_village_ids,
    trend_charts,
    url_prefix,
)
from plans.models import Plan, Task
from plans.selectors import plan_for_year, tasks_by_criterion
from submissions.selectors import SubmissionsOverview, submissions_overview
from villages.models import Commune
from villages.text import truncated
from villages.todo import DocumentState, document_states

STALE_AFTER_MONTHS = 3
# The figures the demo commune's 2024 plan names (poverty, health insurance, clean
# water). Codes of the commune's set; a code the set lacks is skipped.
KEY_INDICATOR_CODES = ("11", "15.1", "17.1")
# Bars of a per-village chart on the dashboard (plus the plan's target villages): the
# villages to act on first. Every village is on the criterion's page, so that the
# dashboard's size and time do not grow with the number of villages.
VILLAGES_SHOWN = 12


@dataclass(frozen=True)
class GroupChange:
    group: GroupResult
    previous_met: int

    @property
    def change(self) -> int:
        return self.group.met_count - self.previous_met


@dataclass(frozen=True)
class UnmetCriterion:
    result: CriterionResult
    indicators: list[IndicatorGap]
    tasks: list[Task]
    """Tasks for the criterion as a whole (no indicator named)."""

    @property
    def tasks_all_overdue(self) -> bool:
        tasks = self.tasks + [task for gap in self.indicators for task in gap.tasks]
        return bool(tasks) and all(task.overdue for task in tasks)


def unmet_indicators(status: CommuneStatus) -> list[Indicator]:
    """The indicators the criteria at risk list (their notes on difficulties are shown)."""
    return [
        result.indicator
        for criterion_result in status.unmet
        for result in criterion_result.indicators
        if result.status != Status.MET
    ]


def unmet_criteria(
    status: CommuneStatus,
    tasks: dict[int, list[Task]],
    notes: dict[int, list[LatestFigure]] | None = None,
) -> list[UnmetCriterion]:
    """`notes`: per indicator its counted records with a note on difficulties, for a
    status without records (from the stored table)."""
    unmet = []
    for criterion_result in status.unmet:
        criterion_tasks = tasks.get(criterion_result.criterion.pk, [])
        gaps = [
            indicator_gap(
                result,
                criterion_tasks,
                None if notes is None else notes.get(result.indicator.pk, []),
            )
            for result in criterion_result.indicators
            if result.status != Status.MET
        ]
        unmet.append(
            UnmetCriterion(
                result=criterion_result,
                indicators=gaps,
                tasks=[t for t in criterion_tasks if t.indicator_id is None],
            )
        )
    return unmet


@dataclass(frozen=True)
class StaleFigure:
    result: IndicatorResult
    latest_month: datetime.date


@dataclass(frozen=True)
class DataHealth:
    no_threshold: list[IndicatorResult]
    stale: list[StaleFigure]
    unconfirmed: list[tuple[IndicatorResult, IndicatorRecord]]
    confirmed: list[tuple[IndicatorResult, IndicatorRecord]]

    @property
    def is_clean(self) -> bool:
        return not (self.no_threshold or self.stale or self.unconfirmed or self.confirmed)


def data_health(
    status: CommuneStatus, warned: dict[int, list[LatestFigure]] | None = None
) -> DataHealth:
    """Thresholds not configured, figures older than three months, plausibility warnings
    (no query: the records the status used, or for a status from the stored table, the
    oldest month it stores and `warned`, per indicator the counted records that carry a
    warning)."""
    stale_before = add_months(status.month, -STALE_AFTER_MONTHS)
    no_threshold, stale, unconfirmed, confirmed = [], [], [], []
    for criterion in status.criteria:
        for result in criterion.indicators:
            if result.indicator.kind != IndicatorKind.BOOLEAN and result.threshold is None:
                no_threshold.append(result)
            oldest = result.oldest_month
            if oldest is not None and oldest < stale_before:
                stale.append(StaleFigure(result=result, latest_month=oldest))
            records = result.records if warned is None else warned.get(result.indicator.pk, [])
            for record in records:
                if record.warning:
                    target = confirmed if record.warning_confirmed_by_id else unconfirmed
                    target.append((result, record))
    return DataHealth(
        no_threshold=no_threshold, stale=stale, unconfirmed=unconfirmed, confirmed=confirmed
    )


@dataclass(frozen=True)
class TrendChoice:
    """An indicator of the trend's selector, its name shortened once in Python."""

    pk: int
    code: str
    label: str


def trend_choices(indicators: list[Indicator]) -> list[TrendChoice]:
    return [
        TrendChoice(pk=i.pk, code=i.code, label=truncated(i.name, 70))
        for i in indicators
        if i.kind != IndicatorKind.BOOLEAN
    ]


@dataclass
class Dashboard:
    month: datetime.date
    status: CommuneStatus
    previous: CommuneStatus
    groups: list[GroupChange]
    unmet: list[UnmetCriterion]
    village_charts: list[VillageChart]
    other_village_indicators: list[IndicatorResult]
    key_figures: list[IndicatorResult]
    submissions: SubmissionsOverview
    trend: list[TrendPoint]
    trend_chart: str
    trend_indicator: IndicatorResult | None
    trend_indicator_chart: str
    trend_choices: list[TrendChoice]
    health: DataHealth
    plan: Plan | None
    documents: list[DocumentState]
    """The commune's own documents for the month (its monthly report), through the
    to-do registry: the dashboard does not import `reports`."""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def change(self) -> int:
        return self.status.met_count - self.previous.met_count


class UnknownIndicator(LookupError):
    pass


def by_indicator(figures: list[LatestFigure]) -> dict[int, list[LatestFigure]]:
    """Rows per indicator, oldest saved first (as the status lists its records)."""
    grouped: dict[int, list[LatestFigure]] = {}
    for figure in sorted(figures, key=lambda figure: figure.pk):
        grouped.setdefault(figure.indicator_id, []).append(figure)
    return grouped


def dashboard(commune: Commune, month: datetime.date, trend_code: str | None = None) -> Dashboard:
    """Everything the steering-committee dashboard shows for `month` (15 queries: 4 for
    indicators, villages and leads, 1 for the month and its trend from the stored monthly
    status, 2 for the charts' villages, the notes and the open warnings, 2 for the
    reports, 3 for the plan and its tasks, 1 for the commune's own report; plus the
    view's commune, whatever the data size). No query reads every village's records: the
    month's status is the stored one (criteria.monthly), the charts' villages are ranked
    in SQL. Raises UnknownIndicator for a trend code not in the set."""
    inputs = status_inputs(commune, month)
    trend_indicator = None
    if trend_code:
        trend_indicator = next((i for i in inputs.indicators if i.code == trend_code), None)
        if trend_indicator is None or trend_indicator.kind == IndicatorKind.BOOLEAN:
            raise UnknownIndicator(trend_code)
    statuses = monthly_statuses(commune, inputs, month, TREND_MONTHS)
    status, previous = statuses[-1], statuses[-2]
    plan = plan_for_year(commune=commune, year=month.year)
    tasks = tasks_by_criterion(plan=plan) if plan else {}
    targets = target_village_ids(task for group in tasks.values() for task in group)

    previous_groups = {g.group.pk if g.group else None: g.met_count for g in previous.groups}
    groups = [
        GroupChange(group=g, previous_met=previous_groups.get(g.group.pk if g.group else None, 0))
        for g in status.groups
    ]
    results = [r for c in status.criteria for r in c.indicators]
    # Charts for what the committee must act on (unmet) and the plan's key figures; the
    # other per-village indicators are listed, their charts are on the criterion pages
    # (110 villages × 15 charts would make the page several megabytes).
    charted, other_village_indicators = [], []
    for result in results:
        if not (result.indicator.per_village and result.indicator.kind == IndicatorKind.RATIO):
            continue
        if result.status == Status.NOT_MET or result.indicator.code in KEY_INDICATOR_CODES:
            charted.append(result)
        else:
            other_village_indicators.append(result)
    chart_targets_of = {
        result.indicator.pk: chart_targets(targets.get(result.indicator.pk, set()), inputs.villages)
        for result in charted
    }
    picked = month_figures(
        commune,
        month,
        inputs.villages,
        {
            r.indicator.pk: (higher_share_is_worse(r), chart_targets_of[r.indicator.pk])
            for r in charted
        },
        unmet_indicators(status),
        VILLAGES_SHOWN,
    )
    village_url = url_prefix("dashboard:village", month=month, pk=0)
    village_charts = [
        chart_of_places(
            result,
            picked.villages.get(result.indicator.pk, []),
            chart_targets_of[result.indicator.pk],
            month,
            f"villages-{result.indicator.pk}",
            len(inputs.villages),
            village_url,
        )
        for result in charted
    ]
    key_figures = [r for code in KEY_INDICATOR_CODES for r in results if r.indicator.code == code]
    if trend_indicator is None:
        default = next((r for r in key_figures if r.status == Status.NOT_MET), None)
        default = default or (key_figures[0] if key_figures else None)
        trend_result = default
    else:
        trend_result = indicator_result(status, trend_indicator.pk)
    trend, trend_chart, trend_indicator_chart = trend_charts(statuses, trend_result)
    return Dashboard(
        month=month,
        status=status,
        previous=previous,
        groups=groups,
        unmet=unmet_criteria(status, tasks, by_indicator(picked.notes)),
        village_charts=village_charts,
        other_village_indicators=other_village_indicators,
        key_figures=key_figures,
        submissions=submissions_overview(commune, month),
        trend=trend,
        trend_chart=trend_chart,
        trend_indicator=trend_result,
        trend_indicator_chart=trend_indicator_chart,
        trend_choices=trend_choices(inputs.indicators),
        health=data_health(
            status, by_indicator(counted_figures(picked.warnings, inputs.indicators))
        ),
        plan=plan,
        documents=document_states(commune, month),
    )
