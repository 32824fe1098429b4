"""Reads that pages and reports share, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from criteria.access import Scope
from criteria.fields import MAX_RATIO_PART, MAX_VALUE
from criteria.models import (
    AssignmentRole,
    CriteriaSet,
    Criterion,
    DenominatorSource,
    Indicator,
    IndicatorAssignment,
    IndicatorCrosswalk,
    IndicatorKind,
    IndicatorRecord,
    MonthClosure,
    MonthlyStatus,
    Threshold,
)
from criteria.numbers import NO_VALUE, format_number, format_percent, ratio
from criteria.periods import add_months, current_month, month_start
from criteria.sets import (
    SetInForce,
    criteria_set_for,
    first_assessed_month,
    set_in_force,
    set_start,
    sets_for_months,
)
from criteria.status import (
    STATUS_LABELS,
    CommuneStatus,
    CriterionResult,
    IndicatorResult,
    Status,
    Tally,
    applicable_threshold,
    evaluate_indicator,
    evaluate_tally,
)
from villages.conflicts import version_marker
from villages.models import Commune, HouseholdRecord, ResponsibleBody, Village


def indicators_of_set(criteria_set: CriteriaSet) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(criteria_set=criteria_set)
        .select_related("criterion", "criterion__group")
        .order_by("criterion__number", "position", "code")
    )


def latest_records(
    commune: Commune, month: datetime.date, criteria_set_id: int | None = None
) -> QuerySet[IndicatorRecord]:
    """For each (indicator, village) of the commune the newest record at or before
    `month`: the carry-forward rule, in one query whatever the length of the history.
    Only the commune's own records are read: other communes share the criteria set.
    The indicators are those of the set in force in `month` (criteria.sets), or of
    `criteria_set_id` when given (last month's figures of this month's indicators)."""
    if criteria_set_id is None:
        criteria_set_id = getattr(criteria_set_for(commune, month), "pk", None)
    if criteria_set_id is None:
        return IndicatorRecord.objects.none()
    return latest_records_of_communes(criteria_set_id, [commune.pk], month)


def latest_records_of_communes(
    criteria_set_id: int,
    commune_ids: Sequence[int],
    month: datetime.date,
    indicator_ids: Sequence[int] | None = None,
) -> QuerySet[IndicatorRecord]:
    """`latest_records` for several communes of one criteria set at once (the province's
    dashboard), still one query.

    For every place a figure can be (each indicator of the set for each commune, each
    per-village indicator for each of their villages) one index seek finds the newest
    record's id: the cost follows the number of indicators × villages, not the number of
    records stored (a window over all records took seconds at 10 years × 110 villages)."""
    if not commune_ids or indicator_ids is not None and not indicator_ids:
        return IndicatorRecord.objects.none()
    record = IndicatorRecord._meta.db_table
    indicator = Indicator._meta.db_table
    village = Village._meta.db_table
    commune = Commune._meta.db_table
    among = ", ".join(["%s"] * len(commune_ids))
    # Only these indicators (ids are integers: inlined, so the parameters stay as they are).
    only = ""
    if indicator_ids:
        only = f" AND i.id IN ({', '.join(str(int(pk)) for pk in indicator_ids)})"
    newest = (
        f"SELECT r.id FROM {record} r WHERE r.indicator_id = i.id AND {{place}} "
        "AND r.month <= %s ORDER BY r.month DESC LIMIT 1"
    )
    sql = (
        f"SELECT ({newest.format(place='r.village_id = v.id')}) FROM {indicator} i "
        f"CROSS JOIN {village} v WHERE i.criteria_set_id = %s AND i.per_village{only} "
        f"AND v.commune_id IN ({among}) "
        f"UNION ALL SELECT ({newest.format(place='r.commune_id = c.id AND r.village_id IS NULL')}) "
        f"FROM {indicator} i CROSS JOIN {commune} c WHERE i.criteria_set_id = %s{only} "
        f"AND c.id IN ({among})"
    )
    params = (month, criteria_set_id, *commune_ids, month, criteria_set_id, *commune_ids)
    return IndicatorRecord.objects.filter(pk__in=RawSQL(sql, params)).select_related("village")


class LatestFigure(NamedTuple):
    """What a page shows of a record besides its status: the fields of `latest_records`
    read as plain values (building 1,700 model instances at 110 villages, 6,000 at 400,
    was most of the dashboard's time), with the village from the list already read."""

    pk: int
    indicator_id: int
    village_id: int | None
    month: datetime.date
    met: bool | None
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    warning: str
    warning_confirmed_by_id: int | None
    difficulties: str
    village: Village | None


def latest_figures(
    commune: Commune, month: datetime.date, villages: Iterable[Village]
) -> list[LatestFigure]:
    """`latest_records` as LatestFigure rows, for the given villages and the commune (1
    query)."""
    by_pk = {village.pk: village for village in villages}
    fields = LatestFigure._fields[:-1]
    rows = (
        latest_records(commune, month)
        .select_related(None)
        .filter(Q(village__isnull=True) | Q(village_id__in=list(by_pk)))
        .order_by()
        .values_list(*fields)
    )
    return [LatestFigure(*row, by_pk.get(row[2])) for row in rows]


def counted_figures(
    rows: Iterable[LatestFigure], indicators: Iterable[Indicator]
) -> list[LatestFigure]:
    """The rows a status counts (`status.counted_records`): a per-village indicator's
    villages, the other indicators' commune figure."""
    per_village = {indicator.pk: indicator.per_village for indicator in indicators}
    return [
        row
        for row in rows
        if row.indicator_id in per_village
        and (row.village_id is not None) == per_village[row.indicator_id]
    ]


def _figures(rows: Iterable[tuple], by_pk: dict[int, Village]) -> list[LatestFigure]:
    return [LatestFigure(*row, by_pk.get(row[2])) for row in rows]


def noted_figures(
    commune: Commune,
    month: datetime.date,
    indicator_ids: Sequence[int],
    villages: Iterable[Village],
) -> list[LatestFigure]:
    """The latest records of these indicators (the dashboard's unmet ones) at `month` that
    carry a note on difficulties, for the given villages and the commune (1 query, none
    without indicators): index seeks for these indicators only, one row per note."""
    if not indicator_ids:
        return []
    by_pk = {village.pk: village for village in villages}
    rows = (
        latest_records_of_communes(
            getattr(criteria_set_for(commune, month), "pk", None),
            [commune.pk],
            month,
            indicator_ids,
        )
        .select_related(None)
        .filter(Q(village__isnull=True) | Q(village_id__in=list(by_pk)))
        .exclude(difficulties="")
        .order_by()
        .values_list(*LatestFigure._fields[:-1])
    )
    return _figures(rows, by_pk)


@dataclass(frozen=True)
class MonthFigures:
    """`month_figures`: per charted indicator its villages in the order a chart shows
    them, with their latest record (None without one); the notes on difficulties of the
    indicators asked for."""

    villages: dict[int, list[tuple[Village, LatestFigure | None]]]
    notes: list[LatestFigure]
    warnings: list[LatestFigure]
    """The latest records of the set at the month that carry a plausibility warning, of
    the commune and its villages, oldest saved first (the status counts only some of
    them: `counted_figures`)."""


def month_figures(
    commune: Commune,
    month: datetime.date,
    villages: Sequence[Village],
    charted: dict[int, tuple[bool, set[int]]],
    noted: Sequence[Indicator],
    shown: int,
) -> MonthFigures:
    """What the dashboard shows of single records, ranked and picked in SQL so that its
    cost does not follow the number of villages (2 queries):

    - `charted`: per-village ratio indicators by id → (higher shares are worse, the plan's
      target villages). When the commune has more than `shown` villages, each chart gets
      the `shown` villages to act on first (no figure, then the furthest from the
      threshold on the wrong side, as `dashboard.selectors.shared.
      furthest_from_threshold` orders them) and then its target villages; otherwise every
      village, in the villages' order.
    - `noted`: indicators whose latest notes on difficulties are wanted (the unmet ones).
    - and every latest record carrying a plausibility warning: the partial index on
      warned records finds the candidates, a candidate counts when no newer record of its
      place exists up to `month` (the cost follows the number of warnings).

    The share is compared as the pages print it: numerator × 100 / denominator rounded
    half-up to two decimals, in exact integer arithmetic on both databases (the figures
    have two decimals), so that ties fall as in Python, by the villages' order."""
    # 2 queries whatever the data: the ranking (ids only), then the chosen records' fields
    # read through the ORM (its converters give Decimals and dates on both databases).
    record = IndicatorRecord._meta.db_table
    village = Village._meta.db_table
    indicator = Indicator._meta.db_table
    ids = sorted(set(charted) | {i.pk for i in noted if i.per_village})
    commune_noted = sorted(i.pk for i in noted if not i.per_village)
    noted_ids = sorted(i.pk for i in noted)

    def among(pks: Iterable[int]) -> str:
        # Integer ids inlined: "IN ()" is not SQL, an empty list selects nothing (the
        # NULL cast to an integer: PostgreSQL has no bigint = text operator).
        pks = [str(int(pk)) for pk in pks]
        return f"IN ({', '.join(pks)})" if pks else "IN (SELECT CAST(NULL AS INTEGER) WHERE 1 = 0)"

    worse_higher = among(pk for pk, (higher, _t) in charted.items() if higher)
    targets = " OR ".join(
        f"(x.indicator_id = {int(pk)} AND x.village_id {among(chosen)})"
        for pk, (_h, chosen) in charted.items()
        if chosen
    )
    pick = "x.place_rank <= %s" + (f" OR {targets}" if targets else "")
    n = "CAST(ROUND(r.numerator * 100) AS BIGINT)"
    d = "CAST(ROUND(r.denominator * 100) AS BIGINT)"
    has_share = "r.numerator IS NOT NULL AND r.denominator > 0"
    share = f"(20000 * {n} + {d}) / (2 * {d})"
    sql = f"""
        SELECT 'c', x.indicator_id, x.village_id, x.place_rank, x.record_id FROM (
          SELECT l.indicator_id, l.village_id, l.record_id, r.difficulties,
            ROW_NUMBER() OVER (PARTITION BY l.indicator_id ORDER BY
              CASE WHEN {has_share} THEN 1 ELSE 0 END,
              CASE WHEN NOT ({has_share}) THEN 0
                   WHEN l.indicator_id {worse_higher} THEN -{share} ELSE {share} END,
              l.position, l.name, l.village_id) AS place_rank
          FROM (
            SELECT i.id AS indicator_id, v.id AS village_id, v.position AS position,
              v.name AS name,
              (SELECT r.id FROM {record} r WHERE r.indicator_id = i.id AND r.village_id = v.id
               AND r.month <= %s ORDER BY r.month DESC LIMIT 1) AS record_id
            FROM {indicator} i CROSS JOIN {village} v
            WHERE i.id {among(ids)} AND v.commune_id = %s
            UNION ALL
            SELECT i.id, NULL, 0, '',
              (SELECT r.id FROM {record} r WHERE r.indicator_id = i.id AND r.commune_id = %s
               AND r.village_id IS NULL AND r.month <= %s ORDER BY r.month DESC LIMIT 1)
            FROM {indicator} i WHERE i.id {among(commune_noted)}
          ) l LEFT JOIN {record} r ON r.id = l.record_id
        ) x
        WHERE (x.indicator_id {among(charted)} AND ({pick}))
          OR (x.indicator_id {among(noted_ids)} AND x.difficulties <> '')
        UNION ALL
        SELECT 'w', r.indicator_id, r.village_id, 0, r.id FROM {record} r
        JOIN {indicator} i ON i.id = r.indicator_id
        WHERE r.commune_id = %s AND NOT (r.warning = '') AND r.month <= %s
          AND i.criteria_set_id = %s
          AND (r.village_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM {record} n WHERE n.indicator_id = r.indicator_id
                 AND n.village_id = r.village_id AND n.month > r.month AND n.month <= %s)
               OR r.village_id IS NULL AND NOT EXISTS (
                 SELECT 1 FROM {record} n WHERE n.indicator_id = r.indicator_id
                 AND n.commune_id = r.commune_id AND n.village_id IS NULL
                 AND n.month > r.month AND n.month <= %s))
    """
    params = [month, commune.pk, commune.pk, month, shown]
    # The set assessing the month (criteria.sets; kept on the commune for the request).
    set_id = getattr(criteria_set_for(commune, month), "pk", None)
    params += [commune.pk, month, set_id, month, month]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    picked = [row[1:] for row in rows if row[0] == "c"]
    warned_ids = {row[4] for row in rows if row[0] == "w"}
    record_ids = [row[4] for row in rows if row[4] is not None]
    by_village = {v.pk: v for v in villages}
    # Asked also when empty (no row matches a null id), so that a page's query count
    # does not depend on its data.
    chosen = Q(pk__in=record_ids) if record_ids else Q(pk__isnull=True)
    rows = IndicatorRecord.objects.filter(chosen).order_by().values_list(*LatestFigure._fields[:-1])
    figures = {row[0]: LatestFigure(*row, by_village.get(row[2])) for row in rows}
    order = {v.pk: position for position, v in enumerate(villages)}
    ranked: dict[int, list[tuple[int, int, LatestFigure | None]]] = defaultdict(list)
    notes = []
    for indicator_id, village_id, rank, record_id in picked:
        figure = figures.get(record_id)
        if indicator_id in charted and village_id in by_village:
            ranked[indicator_id].append((rank, village_id, figure))
        if indicator_id in noted_ids and figure is not None and figure.difficulties:
            notes.append(figure)
    warnings = sorted(
        (
            figures[pk]
            for pk in warned_ids
            if figures[pk].village_id in by_village or figures[pk].village_id is None
        ),
        key=lambda figure: figure.pk,
    )
    chart_villages = {}
    for indicator_id, rows in ranked.items():
        if len(villages) <= shown:
            rows.sort(key=lambda row: order[row[1]])
        else:
            first = sorted(row for row in rows if row[0] <= shown)
            rest = sorted((row for row in rows if row[0] > shown), key=lambda row: order[row[1]])
            rows = first + rest
        chart_villages[indicator_id] = [(by_village[pk], figure) for _r, pk, figure in rows]
    return MonthFigures(villages=chart_villages, notes=notes, warnings=warnings)


@dataclass(frozen=True)
class UnreadableRecord:
    code: str
    village_id: int | None
    village_name: str
    month: datetime.date


def unreadable_records(commune: Commune, month: datetime.date) -> list[UnreadableRecord]:
    """The figures shown for `month` that are out of range in the database (they read as
    empty, see criteria.fields), so that the page can say so and link to the correction.
    Only ids, codes and names are selected: reading the figures themselves is what failed."""
    out_of_range = Q()
    for name, maximum in (
        ("numerator", MAX_RATIO_PART),
        ("denominator", MAX_RATIO_PART),
        ("value", MAX_VALUE),
    ):
        out_of_range |= Q(**{f"{name}__gt": maximum}) | Q(**{f"{name}__lt": 0})
    rows = (
        latest_records(commune, month)
        .filter(out_of_range)
        .filter(Q(village__isnull=True) | Q(village__commune=commune))
        .order_by("indicator__position", "village__position")
        .values_list("indicator__code", "village_id", "village__name", "month")
    )
    return [UnreadableRecord(*row) for row in rows]


def lead_bodies(criteria_set: CriteriaSet, commune: Commune) -> dict[int, object]:
    """Each indicator's lead body in the commune, by indicator id (1 query). The bodies
    are read with the indicator they lead, one object per body: not an assignment and
    its body per indicator (a dashboard reads them on every cache miss)."""
    rows = (
        ResponsibleBody.objects.filter(
            commune=commune,
            assignments__indicator__criteria_set=criteria_set,
            assignments__role=AssignmentRole.LEAD,
        )
        .annotate(led_indicator_id=F("assignments__indicator_id"))
        # By position, as the assignments are ordered: of two leads, the later is named.
        .order_by("position")
    )
    bodies: dict[int, ResponsibleBody] = {}
    return {row.led_indicator_id: bodies.setdefault(row.pk, row) for row in rows}


@dataclass(frozen=True)
class StatusInputs:
    """What the status computation needs besides the records, fetched once: the set's
    indicators with their thresholds, the commune's villages and the lead bodies."""

    indicators: list[Indicator]
    villages: list[Village]
    leads: dict[int, object]
    assessed_by: SetInForce | None = None
    thresholds_of: dict[int, list[Threshold]] = field(default_factory=dict)
    """Each indicator's thresholds (every scope), by indicator id."""

    @property
    def criteria_set(self) -> CriteriaSet | None:
        return self.assessed_by.criteria_set if self.assessed_by else None

    @property
    def village_ids(self) -> list[int]:
        return [village.pk for village in self.villages]

    @cached_property
    def thresholds(self) -> list[tuple[Indicator, list[Threshold]]]:
        """Each indicator with its thresholds, listed once (a province page chooses them
        for a hundred communes)."""
        return [(i, self.thresholds_of.get(i.pk, [])) for i in self.indicators]


def status_inputs(
    commune: Commune, month: datetime.date, villages: list[Village] | None = None
) -> StatusInputs:
    """Indicators (with thresholds), villages and lead bodies of the commune, for the set
    in force in `month` (4 queries; 3 with `villages` already read)."""
    assessed_by = set_in_force(commune, month)
    if assessed_by is None:
        return StatusInputs(indicators=[], villages=villages or [], leads={})
    criteria_set = assessed_by.criteria_set
    indicators = list(indicators_of_set(criteria_set))
    by_pk = {indicator.pk: indicator for indicator in indicators}
    # One plain query rather than prefetch_related, whose per-indicator querysets cost
    # more than the rows (a dashboard reads the inputs on every cache miss).
    thresholds_of: dict[int, list[Threshold]] = defaultdict(list)
    for threshold in Threshold.objects.filter(indicator_id__in=list(by_pk)):
        threshold.indicator = by_pk[threshold.indicator_id]  # printed with its unit
        thresholds_of[threshold.indicator_id].append(threshold)
    return StatusInputs(
        indicators=indicators,
        villages=list(commune.villages.all()) if villages is None else villages,
        leads=lead_bodies(criteria_set, commune),
        assessed_by=assessed_by,
        thresholds_of=dict(thresholds_of),
    )


def applicable_thresholds(commune: Commune, inputs: StatusInputs) -> dict[int, Threshold | None]:
    """Each indicator's threshold for the commune, by the basis of the set `inputs` were
    read for (no query: prefetched)."""
    if inputs.criteria_set is None:
        return {}
    basis = inputs.criteria_set.threshold_basis
    return {
        indicator.pk: applicable_threshold(thresholds, commune, basis)
        for indicator, thresholds in inputs.thresholds
    }


def indicator_thresholds(
    commune: Commune, indicators: Sequence[Indicator]
) -> dict[int, Threshold | None]:
    """`applicable_thresholds` for a few indicators of one set (read with their
    criteria_set): 1 query, where `status_inputs` reads the whole set, the villages and
    the lead bodies (an uploaded file's preview wants only its own indicators')."""
    if not indicators:
        return {}
    by_pk = {indicator.pk: indicator for indicator in indicators}
    thresholds_of: dict[int, list[Threshold]] = defaultdict(list)
    for threshold in Threshold.objects.filter(indicator_id__in=list(by_pk)):
        threshold.indicator = by_pk[threshold.indicator_id]  # printed with its unit
        thresholds_of[threshold.indicator_id].append(threshold)
    basis = indicators[0].criteria_set.threshold_basis
    return {pk: applicable_threshold(thresholds_of.get(pk, []), commune, basis) for pk in by_pk}


def indicators_by_criterion(inputs: StatusInputs) -> list[tuple[Criterion, list[Indicator]]]:
    """The set's indicators grouped by criterion, criteria by number, indicators in the
    set's order (no query): the same for every month a trend evaluates."""
    grouped: dict[int, tuple[Criterion, list[Indicator]]] = {}
    for indicator in inputs.indicators:
        criterion: Criterion = indicator.criterion
        entry = grouped.get(criterion.id)
        if entry is None:
            entry = grouped[criterion.id] = (criterion, [])
        entry[1].append(indicator)
    return sorted(grouped.values(), key=lambda entry: entry[0].number)


def assemble_status(
    commune: Commune,
    month: datetime.date,
    inputs: StatusInputs,
    evaluate: Callable[[Indicator, Threshold | None, object], IndicatorResult],
    thresholds: dict[int, Threshold | None] | None = None,
    groups: list[tuple[Criterion, list[Indicator]]] | None = None,
) -> CommuneStatus:
    """The commune's status: each indicator evaluated with its applicable threshold and
    lead body by `evaluate`, grouped by criterion (no query). `thresholds` and `groups`:
    the applicable ones already chosen (`applicable_thresholds`) and the indicators
    already grouped (`indicators_by_criterion`), for a status per month."""
    status = CommuneStatus(
        commune=commune, month=month_start(month), assessed_by=inputs.assessed_by
    )
    if inputs.criteria_set is None:
        return status
    if thresholds is None:
        thresholds = applicable_thresholds(commune, inputs)
    if groups is None:
        groups = indicators_by_criterion(inputs)
    leads = inputs.leads
    # `.id`, not `.pk` (a property): a dashboard's trend runs this for 12 × 57 indicators.
    status.criteria = [
        CriterionResult(
            criterion=criterion,
            indicators=[
                evaluate(indicator, thresholds[indicator.id], leads.get(indicator.id))
                for indicator in indicators
            ],
        )
        for criterion, indicators in groups
    ]
    return status


def build_status(
    commune: Commune, month: datetime.date, inputs: StatusInputs, records: Iterable[object]
) -> CommuneStatus:
    """The commune's status from the latest record per (indicator, village) as of `month`
    (no query). `records` may be model instances or any objects with the same fields."""
    records_by_indicator: dict[int, list[IndicatorRecord]] = defaultdict(list)
    for record in records:
        records_by_indicator[record.indicator_id].append(record)
    village_ids = inputs.village_ids
    return assemble_status(
        commune,
        month,
        inputs,
        lambda indicator, threshold, lead: evaluate_indicator(
            indicator,
            threshold,
            records_by_indicator.get(indicator.pk, []),
            village_ids,
            lead_body=lead,
        ),
    )


def commune_status(commune: Commune, month: datetime.date) -> CommuneStatus:
    """Every criterion and indicator of the commune's set as of `month` (5 queries)."""
    month = month_start(month)
    inputs = status_inputs(commune, month)
    if inputs.criteria_set is None:
        return CommuneStatus(commune=commune, month=month)
    return build_status(
        commune, month, inputs, latest_records(commune, month, inputs.criteria_set.pk)
    )


def latest_month_with_data(commune: Commune) -> datetime.date | None:
    """The newest month, not in the future, in which a figure was recorded, whatever the
    set it was recorded against (1 query)."""
    return IndicatorRecord.objects.filter(commune=commune, month__lte=current_month()).aggregate(
        last=Max("month")
    )["last"]


def shown_month(commune: Commune) -> datetime.date:
    """The month the home page and the dashboard open on, so that both show the same:
    the current month, or when nothing was recorded in it yet, the latest month with
    figures (1 query)."""
    month = current_month()
    if commune.criteria_set_id is None:
        return month
    latest = latest_month_with_data(commune)
    return latest if latest is not None and latest < month else month


TALLY_FIELDS = ("places", "figures", "noes", "numerator", "denominator", "value", "oldest")


def stored_tallies(
    commune: Commune, first: datetime.date, last: datetime.date, indicator_ids: Sequence[int]
) -> list[tuple[int, datetime.date, Tally]]:
    """The stored rows of the months `first`..`last`, plus each indicator's newest row
    before `first` (the carry-in), oldest first (1 query)."""
    newest_before = Subquery(
        MonthlyStatus.objects.filter(commune=commune, indicator_id=OuterRef("pk"), month__lt=first)
        .order_by("-month")
        .values("pk")[:1]
    )
    carry_in = Indicator.objects.filter(pk__in=indicator_ids).values(newest=newest_before)
    rows = (
        MonthlyStatus.objects.filter(commune=commune, indicator_id__in=indicator_ids)
        .filter(Q(month__gte=first, month__lte=last) | Q(pk__in=carry_in))
        .order_by("month")
        .values_list("indicator_id", "month", *TALLY_FIELDS)
    )
    return [(row[0], row[1], Tally._make(row[2:])) for row in rows]


def crosswalk_predecessors(indicator_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each indicator, the earlier sets' indicators the crosswalk says measure the
    same thing (same_meaning), so their figures continue its history (1 query)."""
    found: dict[int, list[int]] = defaultdict(list)
    for new_id, old_id in IndicatorCrosswalk.objects.filter(
        new_indicator_id__in=list(indicator_ids), same_meaning=True
    ).values_list("new_indicator_id", "old_indicator_id"):
        found[new_id].append(old_id)
    return dict(found)


def monthly_statuses(
    commune: Commune,
    inputs: StatusInputs,
    last: datetime.date,
    count: int,
    indicator_ids: Sequence[int] | None = None,
) -> list[CommuneStatus]:
    """The commune's status at the end of each of the `count` months up to `last`, oldest
    first, from the stored table (1 query). The results carry no records: what a page
    shows of the records comes from the month itself (`commune_status`).

    Each month is assessed by its own set (criteria.sets): when the window crosses a
    switch, the earlier set's indicators are read too (3 queries per earlier set) and the
    crosswalk (1 query) says which of `inputs`' indicators continue an earlier one
    (`CommuneStatus.carried_from`)."""
    first = add_months(last, -(count - 1))
    months = [add_months(first, step) for step in range(count)]
    assessed = sets_for_months(commune, months)
    own_set = inputs.criteria_set
    if indicator_ids is None:
        indicator_ids = [indicator.pk for indicator in inputs.indicators]
    indicator_ids = list(indicator_ids)
    inputs_by_set: dict[int | None, StatusInputs] = {getattr(own_set, "pk", None): inputs}
    predecessors: dict[int, list[int]] = {}
    for month in months:
        set_id = assessed[month].criteria_set.pk if assessed[month] else None
        if set_id not in inputs_by_set:
            inputs_by_set[set_id] = status_inputs(commune, month, villages=inputs.villages)
    if len(inputs_by_set) > 1:
        predecessors = crosswalk_predecessors(indicator_ids)
        wanted = set(indicator_ids)
        carried = {old for olds in predecessors.values() for old in olds}
        for set_id, other in inputs_by_set.items():
            if set_id != getattr(own_set, "pk", None):
                for indicator in other.indicators:
                    if indicator.pk in carried or len(wanted) == len(inputs.indicators):
                        indicator_ids.append(indicator.pk)
    rows = stored_tallies(commune, first, last, indicator_ids)

    def inputs_of_month(month: datetime.date) -> StatusInputs:
        in_force = assessed[month]
        month_set = in_force.criteria_set if in_force else None
        month_inputs = inputs_by_set[getattr(month_set, "pk", None)]
        return replace(month_inputs, assessed_by=in_force or month_inputs.assessed_by)

    return statuses_from_tallies(
        commune,
        inputs,
        first,
        count,
        rows,
        len(inputs.villages),
        inputs_of_month=inputs_of_month,
        carried_from=predecessors,
    )


def statuses_from_tallies(
    commune: Commune,
    inputs: StatusInputs,
    first: datetime.date,
    count: int,
    rows: Sequence[tuple[int, datetime.date, Tally]],
    village_count: int,
    inputs_of_month: Callable[[datetime.date], StatusInputs] | None = None,
    carried_from: dict[int, list[int]] | None = None,
) -> list[CommuneStatus]:
    """The status at the end of each of the `count` months from `first`, from stored rows
    oldest first (`stored_tallies`) and the commune's number of villages (no query).
    `inputs_of_month` gives the inputs of the set assessing a month when the window
    crosses a switch; `carried_from` the crosswalk's predecessors of `inputs`' indicators."""
    thresholds_of: dict[int | None, dict[int, Threshold | None]] = {}
    groups_of: dict[int | None, list[tuple[Criterion, list[Indicator]]]] = {}
    empty = (None, Tally())
    current: dict[int, tuple[datetime.date | None, Tally]] = {}
    statuses = []
    position = 0
    for step in range(count):
        month = add_months(first, step)
        while position < len(rows) and rows[position][1] <= month:
            indicator_id, row_month, tally = rows[position]
            current[indicator_id] = (row_month, tally)
            position += 1

        def evaluate(indicator: Indicator, threshold: object, lead: object) -> object:
            latest, tally = current.get(indicator.id, empty)
            missing = max(village_count - tally.places, 0) if indicator.per_village else 0
            return evaluate_tally(
                indicator, threshold, tally, missing, lead_body=lead, latest_month=latest
            )

        month_inputs = inputs_of_month(month) if inputs_of_month else inputs
        set_id = getattr(month_inputs.criteria_set, "pk", None)
        if set_id not in thresholds_of:
            thresholds_of[set_id] = applicable_thresholds(commune, month_inputs)
            groups_of[set_id] = indicators_by_criterion(month_inputs)
        status = assemble_status(
            commune, month, month_inputs, evaluate, thresholds_of[set_id], groups_of[set_id]
        )
        if carried_from and month_inputs.criteria_set != inputs.criteria_set:
            status.carried_from = {
                new: old
                for new, olds in carried_from.items()
                for old in olds
                if any(i.pk == old for i in month_inputs.indicators)
            }
        statuses.append(status)
    return statuses


def stored_status(commune: Commune, month: datetime.date) -> CommuneStatus:
    """`selectors.commune_status` from the stored table, for pages that show the status
    but not the records behind it (the home page, the month workspace): one row per
    indicator whatever the number of villages (5 queries)."""
    month = month_start(month)
    inputs = status_inputs(commune, month)
    if inputs.criteria_set is None:
        return CommuneStatus(commune=commune, month=month)
    return monthly_statuses(commune, inputs, month, 1)[0]


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


@dataclass
class Cell:
    """One figure a form shows: an indicator for the commune (village None) or for one
    village, with the record it carries forward and what the checks compare it with."""

    indicator: Indicator
    village: Village | None
    current: IndicatorRecord | None
    previous: IndicatorRecord | None
    register: int | None
    writable: bool

    @property
    def key(self) -> str:
        return f"{self.indicator.pk}-{self.village.pk if self.village else 0}"

    @property
    def base(self) -> str:
        return version_marker(self.current)


def register_counts(
    villages: list[Village], month: datetime.date
) -> dict[int, tuple[int, int | None]]:
    """(households, population) per village from the newest register entry up to the end
    of `month` (1 query)."""
    entries = (
        HouseholdRecord.objects.filter(village__in=villages, as_of__lt=add_months(month, 1))
        .order_by("village_id", "as_of")
        .values_list("village_id", "households", "population")
    )
    return {village_id: (households, population) for village_id, households, population in entries}


def figure_cells(
    *,
    commune: Commune,
    month: datetime.date,
    indicators: list[Indicator],
    villages: list[Village],
    scope: Scope,
    include_commune_cells: bool = True,
) -> list[Cell]:
    """The cells of a recording form: per-village indicators get one cell per village,
    the others one commune cell (3 queries whatever the history's length)."""
    indicator_ids = [indicator.pk for indicator in indicators]
    set_id = indicators[0].criteria_set_id if indicators else None
    village_ids = [village.pk for village in villages]
    current = _latest_by_key(
        commune, month, indicator_ids, set_id, village_ids, include_commune_cells
    )
    previous = _latest_by_key(
        commune, add_months(month, -1), indicator_ids, set_id, village_ids, include_commune_cells
    )
    registers = register_counts(villages, month)
    cells = []
    for indicator in indicators:
        places: list[Village | None] = []
        if include_commune_cells:
            places.append(None)
        if indicator.per_village:
            places += villages
        for village in places:
            key = (indicator.pk, village.pk if village else None)
            register = None
            if village is not None and indicator.denominator_source:
                households, population = registers.get(village.pk, (None, None))
                register = (
                    households
                    if indicator.denominator_source == DenominatorSource.HOUSEHOLDS
                    else population
                )
            cells.append(
                Cell(
                    indicator=indicator,
                    village=village,
                    current=current.get(key),
                    previous=previous.get(key),
                    register=register,
                    writable=scope.can_write(indicator, village),
                )
            )
    return cells


def _latest_by_key(
    commune: Commune,
    month: datetime.date,
    indicator_ids: list[int],
    set_id: int | None,
    village_ids: list[int],
    commune_cells: bool,
) -> dict[tuple[int, int | None], IndicatorRecord]:
    """The newest record at or before `month` of each cell of a form, by (indicator,
    village): only those cells' records are read, not the whole commune's (a village
    head's template is one village's, a form one indicator's: reading every village's
    records built ~200 records per call to use a few)."""
    if set_id is None or not indicator_ids:
        return {}
    places = Q(village_id__in=village_ids)
    if commune_cells:
        places |= Q(village_id__isnull=True)
    records = latest_records_of_communes(set_id, [commune.pk], month, indicator_ids).filter(places)
    return {(r.indicator_id, r.village_id): r for r in records.select_related("recorded_by")}


@dataclass(frozen=True)
class WorkspaceRow:
    result: IndicatorResult
    changed: bool
    own: bool


@dataclass
class MonthWorkspace:
    status: CommuneStatus
    own_rows: list[WorkspaceRow]
    groups: list[tuple[Criterion, CriterionResult, list[WorkspaceRow]]]
    closure: MonthClosure | None

    @property
    def is_closed(self) -> bool:
        return bool(self.closure and self.closure.is_closed)


def indicators_changed(commune: Commune, month: datetime.date) -> QuerySet[IndicatorRecord]:
    """Ids of the indicators with a record for `month`, one row each: without clearing the
    model's default ordering, DISTINCT would also be over the ordering's columns and
    return one row per record (6,344 at 400 villages)."""
    return (
        IndicatorRecord.objects.filter(commune=commune, month=month)
        .order_by()
        .values_list("indicator_id", flat=True)
        .distinct()
    )


def month_closure(commune: Commune, month: datetime.date) -> MonthClosure | None:
    """Whether and by what the month was closed (1 query)."""
    return MonthClosure.objects.filter(commune=commune, month=month).first()


def month_workspace(
    commune: Commune, month: datetime.date, scope: Scope, closure: MonthClosure | None
) -> MonthWorkspace:
    """Every indicator as of `month`, grouped by criterion, with the user's own first;
    `closure` as `month_closure` read it (6 queries whatever the data size)."""
    status = stored_status(commune, month)
    changed = set(indicators_changed(commune, month))
    groups = []
    own_rows = []
    for criterion_result in status.criteria:
        rows = []
        for result in criterion_result.indicators:
            row = WorkspaceRow(
                result=result,
                changed=result.indicator.pk in changed,
                own=scope.owns_indicator(result.indicator),
            )
            rows.append(row)
            if row.own:
                own_rows.append(row)
        groups.append((criterion_result.criterion, criterion_result, rows))
    return MonthWorkspace(status=status, own_rows=own_rows, groups=groups, closure=closure)


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    month: datetime.date
    village: Village | None
    before: str
    after: str
    notes_changed: bool
    kind: str
    reason: str = ""


def describe_record(indicator: Indicator, record: object | None) -> str:
    """A record's figure in words: "Đạt", "40/215 (18,60 %)", "52,3 triệu đồng/người/năm"."""
    if record is None:
        return NO_VALUE
    if indicator.kind == IndicatorKind.BOOLEAN:
        return {
            True: str(STATUS_LABELS[Status.MET]),
            False: str(STATUS_LABELS[Status.NOT_MET]),
        }.get(record.met, NO_VALUE)
    if indicator.kind == IndicatorKind.RATIO:
        if record.numerator is None or record.denominator is None:
            return NO_VALUE
        text = f"{format_number(record.numerator)}/{format_number(record.denominator)}"
        share = ratio(record.numerator, record.denominator)
        return f"{text} ({format_percent(share)})" if share is not None else text
    return indicator.format_value(record.value)


NOTE_FIELDS = ("evidence", "work_done", "difficulties", "proposals", "denominator_note")


def indicator_history(
    commune: Commune, indicator: Indicator, month: datetime.date, limit: int = 60
) -> list[HistoryEntry]:
    """Who changed which figure of the indicator, when, from what to what, over the 12
    months up to `month`, newest first (2 queries)."""
    start = add_months(month, -11)
    before = {
        record.village_id: record
        for record in latest_records(commune, add_months(start, -1)).filter(indicator=indicator)
    }
    versions = (
        IndicatorRecord.history.filter(
            commune_id=commune.pk, indicator_id=indicator.pk, month__gte=start, month__lte=month
        )
        .select_related("history_user", "village")
        .order_by("history_date", "history_id")
    )
    entries = []
    last: dict[int | None, object] = dict(before)
    for version in versions:
        previous = last.get(version.village_id)
        after_text = describe_record(indicator, version)
        before_text = describe_record(indicator, previous)
        notes_changed = previous is None or any(
            getattr(previous, name, "") != getattr(version, name, "") for name in NOTE_FIELDS
        )
        user = version.history_user
        entries.append(
            HistoryEntry(
                when=version.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "—",
                month=version.month,
                village=version.village,
                before=before_text,
                after=after_text,
                notes_changed=notes_changed and version.history_type != "-",
                kind=version.history_type,
                reason=version.history_change_reason or "",
            )
        )
        last[version.village_id] = version
    entries.reverse()
    return entries[:limit]


@dataclass(frozen=True)
class CarriedPoint:
    month: datetime.date
    indicator: Indicator
    """The indicator the figure was recorded against (an earlier set's, via the crosswalk)."""
    value: str


@dataclass(frozen=True)
class CarriedHistory:
    """An indicator's figure across a switch of criteria sets (issue 18): the months
    before its set took over carry the figure of the earlier indicator the crosswalk
    says measures the same thing; an indicator nothing maps to starts fresh."""

    indicator: Indicator
    since: datetime.date
    """The first month its set assesses the commune."""
    links: list[IndicatorCrosswalk]
    points: list[CarriedPoint]

    @property
    def starts_fresh(self) -> bool:
        return not any(link.same_meaning for link in self.links)


def carried_history(
    commune: Commune, indicator: Indicator, month: datetime.date, count: int = 12
) -> CarriedHistory | None:
    """The indicator's commune figure over the `count` months up to `month`, carried back
    across the switch through the crosswalk (2 queries); None when its set has assessed
    the commune from the start (no switch to carry across: no query)."""
    since = set_start(commune, indicator.criteria_set_id, month)
    if since == first_assessed_month(commune):
        return None
    links = list(
        IndicatorCrosswalk.objects.filter(new_indicator=indicator)
        .select_related("old_indicator", "old_indicator__criteria_set")
        .order_by("old_indicator__position")
    )
    same = {link.old_indicator_id: link.old_indicator for link in links if link.same_meaning}
    by_id = {indicator.pk: indicator, **same}
    first = add_months(month, -(count - 1))
    rows = stored_tallies(commune, first, month, list(by_id))
    current: dict[int, Tally] = {}
    points = []
    position = 0
    for step in range(count):
        shown = add_months(first, step)
        while position < len(rows) and rows[position][1] <= shown:
            current[rows[position][0]] = rows[position][2]
            position += 1
        # Before the switch the earlier indicator's figure; from it on, this one's.
        ids = [indicator.pk] if shown >= since else list(same)
        for pk in ids:
            if pk in current:
                result = evaluate_tally(by_id[pk], None, current[pk], 0)
                points.append(CarriedPoint(shown, by_id[pk], result.display_value))
                break
    return CarriedHistory(indicator=indicator, since=since, links=links, points=points)
