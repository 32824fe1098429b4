"""What several dashboard pages share: the 12-month trend's charts, an indicator's gap to
its threshold, the per-village charts."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from criteria.models import (
    Comparator,
    CriteriaSet,
    Indicator,
    IndicatorKind,
    IndicatorRecord,
    Threshold,
)
from criteria.numbers import PERCENT_DECIMALS, decimals_for, format_number, ratio
from criteria.status import CommuneStatus, IndicatorResult, Status, evaluate_indicator
from dashboard import charts
from plans.models import Task
from villages.models import BodyKind, Village
from villages.text import truncated

TREND_MONTHS = 12


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

    @property
    def excerpt(self) -> str:
        """What the dashboard prints of it (`truncatechars:300`)."""
        return truncated(self.text, 300)


def latest_difficulties(records: Iterable[object]) -> Note | None:
    """The newest non-empty note on difficulties among the records the status used (of
    two in the same month, the later created: the month's records are read without their
    timestamps, whose parsing cost more than the rest of the row)."""
    notes = [r for r in records if getattr(r, "difficulties", "")]
    if not notes:
        return None
    record = max(notes, key=lambda r: (r.month, r.pk))
    return Note(text=record.difficulties, month=record.month, village=record.village)


@dataclass(frozen=True)
class IndicatorGap:
    result: IndicatorResult
    gap: str
    note: Note | None
    tasks: list[Task]

    @property
    def tasks_all_overdue(self) -> bool:
        """The plan names tasks for it and every one of them is past its deadline."""
        return bool(self.tasks) and all(task.overdue for task in self.tasks)


def indicator_gap(
    result: IndicatorResult, tasks: Iterable[Task], notes: Iterable[object] | None = None
) -> IndicatorGap:
    """An indicator with how far it is from its threshold, its latest difficulties and
    the plan's tasks naming it (the one way the dashboard and criterion pages build it).
    `notes`: the indicator's counted records that carry a note, when the result has no
    records (a status from the stored table)."""
    return IndicatorGap(
        result=result,
        gap=gap_text(result),
        note=latest_difficulties(result.records if notes is None else notes),
        tasks=[task for task in tasks if task.indicator_id == result.indicator.pk],
    )


@dataclass(frozen=True)
class VillageValue:
    village: Village
    record: IndicatorRecord | None
    result: IndicatorResult
    """The village's own status against the commune's threshold (same computation)."""
    is_target: bool
    url: str
    """The village's dashboard page for the month."""

    @property
    def value(self) -> Decimal | None:
        return self.result.value


@dataclass
class VillageChart:
    result: IndicatorResult
    rows: list[VillageValue]
    chart: str = ""
    villages: int = 0
    """How many villages the commune has: `rows` may show only some of them."""

    @property
    def is_partial(self) -> bool:
        return len(self.rows) < self.villages

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
    shown: int | None = None,
) -> VillageChart:
    """Each village's percentage for a per-village ratio indicator, against the commune's
    threshold (no query: the records come with the status). With `shown`, only that many
    villages, those furthest from the threshold, and the plan's target villages: a chart
    that does not grow with the number of villages."""
    by_village = {r.village_id: r for r in result.records}
    targets = chart_targets(targets, villages)
    total = len(villages)
    if shown is not None and total > shown:
        villages = furthest_from_threshold(result, villages, by_village, targets, shown)
    places = [(village, by_village.get(village.pk)) for village in villages]
    return chart_of_places(result, places, targets, month, chart_id, total)


def url_prefix(name: str, **kwargs: object) -> str:
    """The URL `name` reversed with its last argument 0 (or "0"), without that "0/": the
    prefix of every such page, to which a page appends a number or code and "/"."""
    url = reverse(name, kwargs=kwargs)
    assert url.endswith("/0/"), url
    return url.removesuffix("0/")


def chart_targets(targets: set[int], villages: Sequence[Village]) -> set[int]:
    """The plan's target villages a chart marks: none when the plan names every village."""
    return set() if len(targets) >= len(villages) else targets


def chart_of_places(
    result: IndicatorResult,
    places: Sequence[tuple[Village, object | None]],
    targets: set[int],
    month: datetime.date,
    chart_id: str,
    total: int,
    village_url: str | None = None,
) -> VillageChart:
    """The chart of these villages, in this order, each with its latest record (or None),
    out of `total` villages (no query). `village_url`: the village pages' prefix
    (`url_prefix`), when a page with many charts has reversed it once."""
    # One reverse() for the table's links: a {% url %} in each of 400 rows cost more than
    # the rest of the row.
    page = village_url or url_prefix("dashboard:village", month=month, pk=0)
    rows = []
    for village, record in places:
        own = evaluate_indicator(
            result.indicator, result.threshold, [record] if record else [], [village.pk]
        )
        rows.append(
            VillageValue(
                village=village,
                record=record,
                result=own,
                is_target=village.pk in targets,
                url=f"{page}{village.pk}/",
            )
        )
    indicator = result.indicator
    threshold = result.threshold.value if result.threshold else None
    largest = max([row.value for row in rows if row.value is not None] + [threshold or 0])
    chart = charts.bar_chart(
        chart_id=chart_id,
        title=f"{indicator.code}. {indicator.name} — {month:%m/%Y}",
        bars=[
            charts.Bar(row.village.name, row.value, row.is_target, met=row_met(row)) for row in rows
        ],
        value_label=_("Share of the village (%)"),
        category_label=_("Village"),
        threshold=threshold,
        threshold_label=threshold_caption(result.threshold) if result.threshold else "",
        # Small shares (poverty: 6.5 %) would be slivers on a 0–100 scale.
        max_value=Decimal(100) if largest > 40 else None,
    )
    return VillageChart(result=result, rows=rows, chart=chart, villages=total)


def row_met(row: VillageValue) -> bool | None:
    """The village's own status (`criteria.status`, the threshold's comparator) as the
    chart colours it: None when it has no figure or the commune no threshold."""
    if row.result.status == Status.UNKNOWN:
        return None
    return row.result.status == Status.MET


def higher_share_is_worse(result: IndicatorResult) -> bool:
    """Whether a village's higher share is further on the wrong side ("≤", "<")."""
    threshold = result.threshold
    return threshold is not None and Comparator(threshold.comparator) in (
        Comparator.LTE,
        Comparator.LT,
    )


def furthest_from_threshold(
    result: IndicatorResult,
    villages: Sequence[Village],
    by_village: dict[int, object],
    targets: set[int],
    shown: int,
) -> list[Village]:
    """The `shown` villages to act on first (no figure yet, then the furthest from the
    threshold on the wrong side: lowest shares for "≥", highest for "≤"), then the plan's
    target villages not among them."""
    higher_is_worse = higher_share_is_worse(result)

    def urgency(village: Village) -> tuple[int, Decimal]:
        record = by_village.get(village.pk)
        share = ratio(record.numerator, record.denominator) if record else None
        if share is None:
            return (0, Decimal(0))
        return (1, -share if higher_is_worse else share)

    worst = sorted(villages, key=urgency)[:shown]
    picked = {village.pk for village in worst}
    return worst + [v for v in villages if v.pk in targets and v.pk not in picked]


@dataclass(frozen=True)
class TrendPoint:
    month: datetime.date
    met: int | None
    """None for a month before any figure was recorded."""
    total: int
    value: Decimal | None
    criteria_set: CriteriaSet | None = None
    """The set the month was assessed by."""

    @property
    def label(self) -> str:
        """The month as the `date:"m/Y"` filter prints it ("03/2024"), for the data tables."""
        return f"{self.month:%m/%Y}"


def indicator_result(status: CommuneStatus, indicator_id: int) -> IndicatorResult | None:
    """The indicator's result, or in a month of an earlier set the result of the indicator
    it continues (the crosswalk's same meaning)."""
    return status.result_for(indicator_id)


def trend_charts(
    statuses: list[CommuneStatus],
    indicator: IndicatorResult | None,
    width: int = charts.HALF_WIDTH,
) -> tuple[list[TrendPoint], str, str]:
    """The criteria met and one indicator's figure per month; `width` that of the page's
    column (the dashboard shows the two side by side)."""
    points = []
    met_switches: list[charts.SetSwitch] = []
    value_switches: list[charts.SetSwitch] = []
    for index, status in enumerate(statuses):
        result = indicator_result(status, indicator.indicator.pk) if indicator else None
        points.append(
            TrendPoint(
                month=status.month,
                met=status.met_count if status.has_data else None,
                total=status.total,
                value=result.value if result else None,
                criteria_set=status.criteria_set,
            )
        )
        if index and status.criteria_set != statuses[index - 1].criteria_set:
            # Two sets never make one line of "criteria met": their criteria differ.
            label = _("From here: QĐ %(decision)s") % {
                "decision": status.criteria_set.decision_ref if status.criteria_set else "—"
            }
            met_switches.append(charts.SetSwitch(index, label))
            joined = bool(indicator) and indicator.indicator.pk in statuses[index - 1].carried_from
            value_switches.append(charts.SetSwitch(index, label, joined=joined))
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
        width=width,
        switches=met_switches,
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
            width=width,
            switches=value_switches,
        )
    return points, met_chart, value_chart
