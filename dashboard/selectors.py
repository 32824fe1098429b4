"""The dashboard's reads: each page's data in a fixed number of queries, whatever the
number of villages and months stored.

The status is the one computation of criteria/status.py: the month itself comes from
`criteria.selectors.build_status` over `latest_records`, and the 12-month trend
evaluates the same `build_status` month by month over one window of records (plus the
carry-in before it) fetched as plain tuples, instead of calling `commune_status` twelve
times."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from criteria.models import Comparator, Indicator, IndicatorKind, IndicatorRecord, Threshold
from criteria.numbers import PERCENT_DECIMALS, decimals_for, format_number
from criteria.periods import add_months
from criteria.selectors import (
    StatusInputs,
    build_status,
    latest_records,
    register_counts,
    status_inputs,
)
from criteria.status import (
    CommuneStatus,
    CriterionResult,
    GroupResult,
    IndicatorResult,
    Status,
    applicable_threshold,
    evaluate_indicator,
)
from dashboard import charts
from plans.models import Plan, Task
from plans.selectors import plan_for_year, tasks_by_criterion
from reports.models import Submission, SubmissionState
from reports.selectors import SubmissionsOverview, submissions_overview
from villages.models import BodyKind, Commune, HouseholdRecord, Village

TREND_MONTHS = 12
STALE_AFTER_MONTHS = 3
# The figures the demo commune's 2024 plan names (poverty, health insurance, clean
# water). Codes of the commune's set; a code the set lacks is skipped.
KEY_INDICATOR_CODES = ("11", "15.1", "17.1")


class TrendRecord(NamedTuple):
    """The fields of an IndicatorRecord that the status computation reads."""

    indicator_id: int
    village_id: int | None
    month: datetime.date
    met: bool | None
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None


TREND_FIELDS = TrendRecord._fields


def monthly_statuses(
    commune: Commune,
    inputs: StatusInputs,
    last: datetime.date,
    count: int = TREND_MONTHS,
    indicator_ids: Sequence[int] | None = None,
) -> list[CommuneStatus]:
    """The commune's status at the end of each of the `count` months up to `last`, oldest
    first (2 queries: the carry-in before the window, and the window's records)."""
    first = add_months(last, -(count - 1))
    carry_in = latest_records(commune.criteria_set, add_months(first, -1)).select_related(None)
    window = IndicatorRecord.objects.filter(
        indicator__criteria_set=commune.criteria_set, month__gte=first, month__lte=last
    )
    if indicator_ids is not None:
        carry_in = carry_in.filter(indicator_id__in=indicator_ids)
        window = window.filter(indicator_id__in=indicator_ids)
    current: dict[tuple[int, int | None], TrendRecord] = {
        (row[0], row[1]): TrendRecord(*row) for row in carry_in.values_list(*TREND_FIELDS)
    }
    by_month: dict[datetime.date, list[TrendRecord]] = {}
    for row in window.order_by().values_list(*TREND_FIELDS):
        by_month.setdefault(row[2], []).append(TrendRecord(*row))
    statuses = []
    for step in range(count):
        month = add_months(first, step)
        for record in by_month.get(month, ()):
            current[(record.indicator_id, record.village_id)] = record
        statuses.append(build_status(commune, month, inputs, current.values()))
    return statuses


# ---------------------------------------------------------------- pieces of the page


@dataclass(frozen=True)
class GroupChange:
    group: GroupResult
    previous_met: int

    @property
    def change(self) -> int:
        return self.group.met_count - self.previous_met


def gap_text(result: IndicatorResult) -> str:
    """How far the value is from the threshold, in words: "còn thiếu 12,4 điểm % (cần
    thêm 43 hộ …)"; empty when met, unknown or a yes/no indicator."""
    threshold = result.threshold
    if result.status != Status.NOT_MET or threshold is None or result.value is None:
        return ""
    comparator = Comparator(threshold.comparator)
    above = comparator in (Comparator.GTE, Comparator.GT)
    difference = (threshold.value - result.value) if above else (result.value - threshold.value)
    if result.indicator.kind != IndicatorKind.RATIO:
        unit = result.indicator.unit
        text = _("%(amount)s %(unit)s short") if above else _("%(amount)s %(unit)s too many")
        return text % {"amount": format_number(difference, decimals_for(unit)), "unit": unit}
    points = format_number(difference, PERCENT_DECIMALS)
    text = (
        _("%(points)s percentage points short")
        if above
        else _("%(points)s percentage points too high")
    ) % {"points": points}
    numerator, denominator = result.numerator, result.denominator
    if numerator is not None and denominator:
        target = threshold.value * denominator / 100
        if above:
            needed = math.ceil(target - numerator)
            if comparator == Comparator.GT and numerator + needed <= target:
                needed += 1
        else:
            needed = math.ceil(numerator - target)
            if comparator == Comparator.LT and numerator - needed >= target:
                needed += 1
        label = result.indicator.numerator_label or _("count")
        more = _("%(count)s more needed: %(label)s") if above else _("%(count)s fewer: %(label)s")
        count = format_number(needed)
        text += " (" + more % {"count": count, "label": label.lower()} + ")"
    return text


@dataclass(frozen=True)
class Note:
    text: str
    month: datetime.date
    village: Village | None


def latest_difficulties(result: IndicatorResult) -> Note | None:
    """The newest non-empty note on difficulties among the records the status used."""
    notes = [r for r in result.records if getattr(r, "difficulties", "")]
    if not notes:
        return None
    record = max(notes, key=lambda r: (r.month, r.recorded_at))
    return Note(text=record.difficulties, month=record.month, village=record.village)


@dataclass(frozen=True)
class IndicatorGap:
    result: IndicatorResult
    gap: str
    note: Note | None
    tasks: list[Task]


@dataclass(frozen=True)
class UnmetCriterion:
    result: CriterionResult
    indicators: list[IndicatorGap]
    tasks: list[Task]
    """Tasks for the criterion as a whole (no indicator named)."""


def unmet_criteria(status: CommuneStatus, tasks: dict[int, list[Task]]) -> list[UnmetCriterion]:
    unmet = []
    for criterion_result in status.unmet:
        criterion_tasks = tasks.get(criterion_result.criterion.pk, [])
        gaps = [
            IndicatorGap(
                result=result,
                gap=gap_text(result),
                note=latest_difficulties(result),
                tasks=[t for t in criterion_tasks if t.indicator_id == result.indicator.pk],
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
class VillageValue:
    village: Village
    record: IndicatorRecord | None
    result: IndicatorResult
    """The village's own status against the commune's threshold (same computation)."""
    is_target: bool

    @property
    def value(self) -> Decimal | None:
        return self.result.value


@dataclass
class VillageChart:
    result: IndicatorResult
    rows: list[VillageValue]
    chart: str = ""

    @property
    def indicator(self) -> Indicator:
        return self.result.indicator

    @property
    def targets(self) -> list[VillageValue]:
        return [row for row in self.rows if row.is_target]


def target_village_ids(tasks: Iterable[Task]) -> dict[int, set[int]]:
    """Per indicator, the villages whose bodies a plan task for it names (leads or
    supports): the plan's target villages, e.g. the five for clean water."""
    targets: dict[int, set[int]] = {}
    for task in tasks:
        if task.indicator_id is None:
            continue
        bodies = [task.lead_body, *task.supporting_bodies.all()]
        villages = {b.village_id for b in bodies if b is not None and b.kind == BodyKind.VILLAGE}
        # A task for every village targets none in particular.
        targets.setdefault(task.indicator_id, set()).update(villages)
    return targets


def threshold_caption(threshold: Threshold | None) -> str:
    if threshold is None:
        return _("Threshold not configured")
    return _("Threshold %(comparator)s %(value)s") % {
        "comparator": threshold.get_comparator_display(),
        "value": threshold.display_value,
    }


def village_chart(
    result: IndicatorResult,
    villages: Sequence[Village],
    targets: set[int],
    month: datetime.date,
    chart_id: str,
) -> VillageChart:
    """Each village's percentage for a per-village ratio indicator, against the commune's
    threshold (no query: the records come with the status)."""
    by_village = {r.village_id: r for r in result.records}
    if len(targets) >= len(villages):
        targets = set()
    rows = []
    for village in villages:
        record = by_village.get(village.pk)
        own = evaluate_indicator(
            result.indicator, result.threshold, [record] if record else [], [village.pk]
        )
        rows.append(
            VillageValue(
                village=village, record=record, result=own, is_target=village.pk in targets
            )
        )
    indicator = result.indicator
    threshold = result.threshold.value if result.threshold else None
    largest = max([row.value for row in rows if row.value is not None] + [threshold or 0])
    chart = charts.bar_chart(
        chart_id=chart_id,
        title=f"{indicator.code}. {indicator.name} — {month:%m/%Y}",
        bars=[charts.Bar(row.village.name, row.value, row.is_target) for row in rows],
        value_label=_("Share of the village (%)"),
        category_label=_("Village"),
        threshold=threshold,
        threshold_label=threshold_caption(result.threshold) if result.threshold else "",
        # Small shares (poverty: 6.5 %) would be slivers on a 0–100 scale.
        max_value=Decimal(100) if largest > 40 else None,
    )
    return VillageChart(result=result, rows=rows, chart=chart)


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


def data_health(status: CommuneStatus) -> DataHealth:
    """Thresholds not configured, figures older than three months, plausibility warnings
    (from the records the status used: no query)."""
    stale_before = add_months(status.month, -STALE_AFTER_MONTHS)
    no_threshold, stale, unconfirmed, confirmed = [], [], [], []
    for criterion in status.criteria:
        for result in criterion.indicators:
            if result.indicator.kind != IndicatorKind.BOOLEAN and result.threshold is None:
                no_threshold.append(result)
            oldest = min((r.month for r in result.records), default=None)
            if oldest is not None and oldest < stale_before:
                stale.append(StaleFigure(result=result, latest_month=oldest))
            for record in result.records:
                if record.warning:
                    target = confirmed if record.warning_confirmed_by_id else unconfirmed
                    target.append((result, record))
    return DataHealth(
        no_threshold=no_threshold, stale=stale, unconfirmed=unconfirmed, confirmed=confirmed
    )


@dataclass(frozen=True)
class TrendPoint:
    month: datetime.date
    met: int | None
    """None for a month before any figure was recorded."""
    total: int
    value: Decimal | None


def indicator_result(status: CommuneStatus, indicator_id: int) -> IndicatorResult | None:
    for criterion in status.criteria:
        for result in criterion.indicators:
            if result.indicator.pk == indicator_id:
                return result
    return None


def trend_charts(
    statuses: list[CommuneStatus], indicator: IndicatorResult | None
) -> tuple[list[TrendPoint], str, str]:
    points = []
    for status in statuses:
        result = indicator_result(status, indicator.indicator.pk) if indicator else None
        points.append(
            TrendPoint(
                month=status.month,
                met=status.met_count if status.has_data else None,
                total=status.total,
                value=result.value if result else None,
            )
        )
    total = statuses[-1].total if statuses else 0
    met_chart = charts.line_chart(
        chart_id="trend-met",
        title=_("Criteria met per month"),
        points=[
            charts.Point(f"{p.month:%m/%y}", Decimal(p.met) if p.met is not None else None)
            for p in points
        ],
        value_label=_("Criteria met"),
        category_label=_("Month"),
        threshold=Decimal(total) if total else None,
        threshold_label=_("All %(total)s criteria") % {"total": total},
        max_value=charts.nice_max(total or 1),
    )
    value_chart = ""
    if indicator is not None:
        unit = "%" if indicator.indicator.kind == IndicatorKind.RATIO else indicator.indicator.unit
        threshold = indicator.threshold
        value_chart = charts.line_chart(
            chart_id="trend-indicator",
            title=f"{indicator.indicator.code}. {indicator.indicator.name}",
            points=[charts.Point(f"{p.month:%m/%y}", p.value) for p in points],
            value_label=unit or _("Value"),
            category_label=_("Month"),
            threshold=threshold.value if threshold else None,
            threshold_label=threshold_caption(threshold) if threshold else "",
            unit=unit,
            max_value=Decimal(100) if unit == "%" else None,
        )
    return points, met_chart, value_chart


# ---------------------------------------------------------------- whole pages


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
    trend_choices: list[Indicator]
    health: DataHealth
    plan: Plan | None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def change(self) -> int:
        return self.status.met_count - self.previous.met_count


class UnknownIndicator(LookupError):
    pass


def dashboard(commune: Commune, month: datetime.date, trend_code: str | None = None) -> Dashboard:
    """Everything the steering-committee dashboard shows for `month` (14 queries: 4 for
    indicators, villages and leads, 1 for the month's records, 2 for the trend, 2 for the
    reports, 3 for the plan and its tasks; plus the view's commune, whatever the data
    size). Raises UnknownIndicator for a trend code not in the set."""
    inputs = status_inputs(commune)
    trend_indicator = None
    if trend_code:
        trend_indicator = next((i for i in inputs.indicators if i.code == trend_code), None)
        if trend_indicator is None or trend_indicator.kind == IndicatorKind.BOOLEAN:
            raise UnknownIndicator(trend_code)
    status = build_status(commune, month, inputs, latest_records(commune.criteria_set, month))
    statuses = monthly_statuses(commune, inputs, month)
    previous = statuses[-2]
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
    village_charts, other_village_indicators = [], []
    for result in results:
        if not (result.indicator.per_village and result.indicator.kind == IndicatorKind.RATIO):
            continue
        if result.status == Status.NOT_MET or result.indicator.code in KEY_INDICATOR_CODES:
            village_charts.append(
                village_chart(
                    result,
                    inputs.villages,
                    targets.get(result.indicator.pk, set()),
                    month,
                    f"villages-{result.indicator.pk}",
                )
            )
        else:
            other_village_indicators.append(result)
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
        unmet=unmet_criteria(status, tasks),
        village_charts=village_charts,
        other_village_indicators=other_village_indicators,
        key_figures=key_figures,
        submissions=submissions_overview(commune, month),
        trend=trend,
        trend_chart=trend_chart,
        trend_indicator=trend_result,
        trend_indicator_chart=trend_indicator_chart,
        trend_choices=[i for i in inputs.indicators if i.kind != IndicatorKind.BOOLEAN],
        health=data_health(status),
        plan=plan,
    )


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
    inputs = status_inputs(commune)
    indicator_ids = [i.pk for i in inputs.indicators if i.criterion.number == number]
    if not indicator_ids:
        return None
    status = build_status(
        commune,
        month,
        inputs,
        latest_records(commune.criteria_set, month).filter(indicator_id__in=indicator_ids),
    )
    result = next(c for c in status.criteria if c.criterion.number == number)
    statuses = monthly_statuses(commune, inputs, month, indicator_ids=indicator_ids)
    plan = plan_for_year(commune=commune, year=month.year)
    tasks = tasks_by_criterion(plan=plan).get(result.criterion.pk, []) if plan else []
    targets = target_village_ids(tasks)
    history = []
    village_charts = []
    for indicator_result_ in result.indicators:
        indicator = indicator_result_.indicator
        if indicator.kind != IndicatorKind.BOOLEAN:
            points, _met, chart = trend_charts(statuses, indicator_result_)
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
    gaps = [
        IndicatorGap(
            result=r,
            gap=gap_text(r),
            note=latest_difficulties(r),
            tasks=[t for t in tasks if t.indicator_id == r.indicator.pk],
        )
        for r in result.indicators
    ]
    return CriterionPage(
        month=month,
        result=result,
        gaps=gaps,
        history=history,
        village_charts=village_charts,
        tasks=tasks,
    )


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
    inputs = status_inputs(commune)
    records = {
        r.indicator_id: r
        for r in latest_records(commune.criteria_set, month).filter(village=village)
    }
    figures = []
    basis = commune.criteria_set.threshold_basis
    for indicator in inputs.indicators:
        if not indicator.per_village:
            continue
        threshold = applicable_threshold(indicator.thresholds.all(), commune, basis)
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
