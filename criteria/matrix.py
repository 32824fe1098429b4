"""The criteria statuses of many communes at once: the province's commune × criterion
matrix, for a month and the month before.

The same figures as `selectors.stored_status` gives each commune (the stored monthly
status evaluated by `status.judge_tally`, each month assessed by the set in force for it,
criteria.sets), computed for a hundred communes within a request: one query reads every
commune's stored rows, thresholds are chosen once per set, region and group (not per
commune), and only statuses are kept — no `IndicatorResult`, `CriterionResult` or
`CommuneStatus` objects, which a page of one commune needs and a matrix of 1,900 cells
does not. tests/province/test_matrix.py checks it against `stored_status` commune by
commune."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.db.models.expressions import RawSQL

from criteria.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    MonthlyStatus,
    Threshold,
    ThresholdScope,
)
from criteria.sets import SetInForce, sets_for_communes
from criteria.status import Status, applicable_threshold, combine, judge_tally
from villages.models import Commune, Village

# What a stored row holds for `judge_tally`, after (commune, indicator, month).
ROW_FIELDS = ("places", "figures", "noes", "numerator", "denominator", "value")
# No row yet: nothing counted (`status.Tally()`).
NO_ROW = (None, None, None, 0, 0, 0, Decimal(0), Decimal(0), Decimal(0))


@dataclass(frozen=True)
class CriteriaStanding:
    """A commune's month as the matrix shows it: the set assessing it and each criterion
    of that set with its status, in criterion order."""

    assessed_by: SetInForce
    criteria: list[tuple[Criterion, Status]]

    @property
    def met_count(self) -> int:
        return sum(1 for _criterion, status in self.criteria if status == Status.MET)


@dataclass
class _SetShape:
    """A set's indicators grouped by criterion in criterion order (as `assemble_status`
    groups them), each as (pk, kind, per village), and the communes its commune-scope
    thresholds name."""

    criteria: list[tuple[Criterion, list[tuple[int, str, bool]]]]
    indicators: list[Indicator]
    named_communes: set[int]


def _shapes(set_ids: Sequence[int]) -> dict[int, _SetShape]:
    """The sets' indicators with their criteria and thresholds (2 queries for all)."""
    indicators = (
        Indicator.objects.filter(criteria_set_id__in=set_ids)
        .select_related("criterion", "criterion__group")
        .prefetch_related(Prefetch("thresholds", queryset=Threshold.objects.all()))
        .order_by("criterion__number", "position", "code")
    )
    by_set: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_set[indicator.criteria_set_id].append(indicator)
    shapes = {}
    for set_id in set_ids:
        grouped: dict[int, tuple[Criterion, list[tuple[int, str, bool]]]] = {}
        named: set[int] = set()
        for indicator in by_set.get(set_id, []):
            grouped.setdefault(indicator.criterion_id, (indicator.criterion, []))[1].append(
                (indicator.pk, indicator.kind, indicator.per_village)
            )
            named.update(
                t.commune_id
                for t in indicator.thresholds.all()
                if t.scope == ThresholdScope.COMMUNE
            )
        shapes[set_id] = _SetShape(
            criteria=sorted(grouped.values(), key=lambda pair: pair[0].number),
            indicators=by_set.get(set_id, []),
            named_communes=named,
        )
    return shapes


def stored_rows(
    commune_ids: Sequence[int], set_ids: Sequence[int], first: datetime.date, last: datetime.date
) -> dict[int, dict[int, list[tuple]]]:
    """Per commune and indicator of the sets, the stored rows of the months `first`..`last`
    and the newest one before `first` (the carry-in), oldest first, as plain tuples
    (commune, indicator, month, *ROW_FIELDS): 1 query whatever the number of communes,
    one index seek per commune and indicator finding the carry-in (the table holds every
    month of history of every commune: reading it all to keep the newest rows costs far
    more)."""
    if not commune_ids or not set_ids:
        return {}
    table = MonthlyStatus._meta.db_table
    communes = ", ".join(["%s"] * len(commune_ids))
    sets = ", ".join(["%s"] * len(set_ids))
    pairs = f"{Indicator._meta.db_table} i CROSS JOIN {Commune._meta.db_table} c"
    among = f"i.criteria_set_id IN ({sets}) AND c.id IN ({communes})"
    wanted = RawSQL(
        f"SELECT (SELECT s.id FROM {table} s WHERE s.commune_id = c.id "
        "AND s.indicator_id = i.id AND s.month < %s ORDER BY s.month DESC LIMIT 1) "
        f"FROM {pairs} WHERE {among} "
        f"UNION ALL SELECT s.id FROM {pairs} "
        f"JOIN {table} s ON s.commune_id = c.id AND s.indicator_id = i.id "
        f"WHERE {among} AND s.month >= %s AND s.month <= %s",
        (first, *set_ids, *commune_ids, *set_ids, *commune_ids, first, last),
    )
    rows = (
        MonthlyStatus.objects.filter(pk__in=wanted)
        .order_by("month")
        .values_list("commune_id", "indicator_id", "month", *ROW_FIELDS)
    )
    by_commune: dict[int, dict[int, list[tuple]]] = defaultdict(dict)
    for row in rows:
        by_commune[row[0]].setdefault(row[1], []).append(row)
    return by_commune


def criteria_statuses_of_communes(
    communes: Sequence[Commune], months: Sequence[datetime.date]
) -> dict[tuple[int, datetime.date], CriteriaStanding]:
    """Each commune's criteria statuses at each of `months` (a few, e.g. a month and the
    one before), each month by the set in force for it; a commune without a set that
    month is left out. Queries, whatever the number of communes and sets: the communes'
    set timelines (2, none when already read), their villages counted (1), the sets'
    indicators and thresholds (2) and the stored rows (1)."""
    in_force = {month: sets_for_communes(communes, month) for month in months}
    sets: dict[int, CriteriaSet] = {
        found.criteria_set.pk: found.criteria_set
        for by_commune in in_force.values()
        for found in by_commune.values()
        if found
    }
    if not sets or not months:
        return {}
    village_counts = dict(
        Village.objects.filter(commune__in=communes)
        .order_by()
        .values("commune")
        .annotate(count=Count("pk"))
        .values_list("commune", "count")
    )
    shapes = _shapes(list(sets))
    rows = stored_rows([c.pk for c in communes], list(sets), min(months), max(months))
    # The applicable threshold depends on the commune only through its region and group,
    # unless one of the set's thresholds names it: chosen once per such key.
    chosen: dict[tuple, dict[int, Threshold | None]] = {}

    def thresholds_of(criteria_set: CriteriaSet, commune: Commune) -> dict[int, object]:
        shape = shapes[criteria_set.pk]
        named = commune.pk if commune.pk in shape.named_communes else None
        key = (criteria_set.pk, named, commune.region, commune.commune_group)
        if key not in chosen:
            basis = criteria_set.threshold_basis
            chosen[key] = {
                i.pk: applicable_threshold(i.thresholds.all(), commune, basis)
                for i in shape.indicators
            }
        return chosen[key]

    result = {}
    for commune in communes:
        villages = village_counts.get(commune.pk, 0)
        mine = rows.get(commune.pk, {})
        # The months assessed by each set, oldest first: their statuses in one walk over
        # the set's indicators.
        by_set: dict[int, list[tuple[datetime.date, SetInForce]]] = defaultdict(list)
        for month in sorted(months):
            found = in_force[month].get(commune.pk)
            if found is not None:
                by_set[found.criteria_set.pk].append((month, found))
        for set_id, assessed in by_set.items():
            thresholds = thresholds_of(assessed[0][1].criteria_set, commune)
            first = assessed[0][0]
            columns: list[list[tuple[Criterion, Status]]] = [[] for _ in assessed]
            for criterion, indicators in shapes[set_id].criteria:
                statuses: list[list[Status]] = [[] for _ in assessed]
                for pk, kind, per_village in indicators:
                    pair = mine.get(pk, ())
                    # Rows all older than the first month: the same row, and so the same
                    # status, every month (an indicator's threshold for a commune does not
                    # change with the month) — judged once.
                    same = not pair or pair[-1][2] <= first
                    for position, (month, _found) in enumerate(assessed):
                        if position and same:
                            statuses[position].append(statuses[0][-1])
                            continue
                        row = NO_ROW
                        for candidate in reversed(pair):
                            if candidate[2] <= month:
                                row = candidate
                                break
                        _c, _i, _m, places, figures, noes, numerator, denominator, value = row
                        missing = max(villages - places, 0) if per_village else 0
                        status, _value, _why = judge_tally(
                            kind,
                            thresholds[pk],
                            places,
                            figures,
                            noes,
                            numerator,
                            denominator,
                            value,
                            missing,
                        )
                        statuses[position].append(status)
                for position, column in enumerate(columns):
                    column.append((criterion, combine(statuses[position])))
            for position, (month, found) in enumerate(assessed):
                result[commune.pk, month] = CriteriaStanding(
                    assessed_by=found, criteria=columns[position]
                )
    return result
