"""The stored per-month status (`MonthlyStatus`): kept current, rebuilt, and read.

The 12-month trend needs, for each month, what every indicator's latest records add up
to. Walking the records for it meant fetching one row per village, indicator and month
(23,000 rows at 110 villages) on every page view. Instead the sums (`status.Tally`) are
stored per commune, indicator and month when records change, and a page reads one row per
indicator and month. Met / not met is evaluated when read (`status.evaluate_tally`, the
same code that evaluates records), so thresholds and villages stay live.

The reads (`monthly_statuses`, `stored_status`) are in criteria/selectors.py with the
other reads, and for the province's many communes at once in criteria/matrix.py. Each row
also keeps the oldest month among the records counted (the dashboard's "figures older
than three months"). Writers: `records_save` and the admin call `monthly_status_refresh`
inside their transaction with the first month they touched: every row of those
indicators from that month on is recomputed, which carries a back-dated figure forward
to the months that inherited it; any other save of a record (a shell, a test) refreshes
its indicator through `record_saved` (post_save). `rebuild_status` (and the migrations
that created and extended the table) recompute everything. `tests/criteria/
test_monthly.py` checks the table against a fresh computation after random saves,
back-dated saves and deletions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import Q

from criteria.models import Indicator, IndicatorRecord, MonthlyStatus
from criteria.periods import add_months, month_start
from criteria.selectors import TALLY_FIELDS, latest_records
from criteria.status import Tally, counted_records, tally_records
from villages.models import Commune
from villages.services import commune_data_changed

# The fields of a record that its indicator's status reads.
FIGURE_FIELDS = ("indicator_id", "village_id", "month", "met", "numerator", "denominator", "value")
Figures = namedtuple("Figures", FIGURE_FIELDS)


def walk_tallies(
    indicators: Sequence[Any],
    village_ids: Sequence[int],
    carry_in: Iterable[Sequence[Any]],
    window: Iterable[Sequence[Any]],
) -> list[tuple[int, datetime.date, Tally]]:
    """The tally of each indicator at each month of `window` in which it has a record,
    starting from the records carried in (rows of FIGURE_FIELDS; no query). Pure, so the
    migration that created the table runs it over its historical models too."""
    by_id = {indicator.pk: indicator for indicator in indicators}
    current: dict[int, dict[int | None, Figures]] = defaultdict(dict)
    for row in carry_in:
        record = Figures(*row)
        current[record.indicator_id][record.village_id] = record
    by_month: dict[datetime.date, list[Figures]] = defaultdict(list)
    for row in window:
        by_month[row[2]].append(Figures(*row))
    tallies = []
    for month in sorted(by_month):
        touched = set()
        for record in by_month[month]:
            current[record.indicator_id][record.village_id] = record
            # A row for each month with a record the status counts: the newest row at or
            # before a month is then also the month of the newest figure shown.
            if counted_records(by_id[record.indicator_id], [record], village_ids):
                touched.add(record.indicator_id)
        for indicator_id in sorted(touched):
            indicator = by_id[indicator_id]
            records = counted_records(indicator, list(current[indicator_id].values()), village_ids)
            tallies.append((indicator_id, month, tally_records(indicator.kind, records)))
    return tallies


def commune_places(commune: Commune) -> Q:
    """Records of the commune: its own and its villages' (a set serves several communes;
    every record names its commune)."""
    return Q(commune=commune)


def monthly_status_refresh(
    *, commune: Commune, indicator_ids: Iterable[int], since: datetime.date | None
) -> int:
    """Recompute the commune's stored rows of these indicators from `since` on (every
    month when None) after records of `since` changed (4 queries). Returns the rows."""
    indicator_ids = sorted(set(indicator_ids))
    if not indicator_ids:
        return 0
    indicators = list(Indicator.objects.filter(pk__in=indicator_ids))
    village_ids = list(commune.villages.values_list("pk", flat=True))
    window = IndicatorRecord.objects.filter(commune_places(commune), indicator_id__in=indicator_ids)
    stored = MonthlyStatus.objects.filter(commune=commune, indicator_id__in=indicator_ids)
    carry_in: list[tuple] = []
    if since is not None:
        since = month_start(since)
        # Per set (usually one): a commune's months are assessed by several sets.
        for set_id in sorted({indicator.criteria_set_id for indicator in indicators}):
            carry_in += list(
                latest_records(commune, add_months(since, -1), set_id)
                .filter(commune_places(commune), indicator_id__in=indicator_ids)
                .select_related(None)
                .values_list(*FIGURE_FIELDS)
            )
        window = window.filter(month__gte=since)
        stored = stored.filter(month__gte=since)
    tallies = walk_tallies(
        indicators, village_ids, carry_in, window.order_by().values_list(*FIGURE_FIELDS)
    )
    with transaction.atomic():
        stored.delete()
        MonthlyStatus.objects.bulk_create(
            MonthlyStatus(
                commune=commune,
                indicator_id=indicator_id,
                month=month,
                **{name: getattr(tally, name) for name in TALLY_FIELDS},
            )
            for indicator_id, month, tally in tallies
        )
    return len(tallies)


# Set by the writers that refresh the table once for a whole batch (records_save, the
# admin), so that each record they save does not refresh it again.
_REFRESHED_BY_CALLER: ContextVar[bool] = ContextVar("monthly_status_by_caller", default=False)


@contextmanager
def refreshed_by_caller() -> Iterator[None]:
    """Records saved inside this block leave the stored status to the caller, which
    refreshes it once for all of them (`monthly_status_refresh`)."""
    token = _REFRESHED_BY_CALLER.set(True)
    try:
        yield
    finally:
        _REFRESHED_BY_CALLER.reset(token)


def record_saved(sender: type, instance: IndicatorRecord, raw: bool = False, **kwargs: Any) -> None:
    """A record saved by any other path (a shell, a data fix, a test's fixture) refreshes
    its indicator's stored rows from its month on and raises the commune's data version,
    so neither the table nor a cached page lags an ORM save
    (post_save, connected in CriteriaConfig.ready). Deletions are not followed here: a
    cascade would refresh once per row; the admin and `rebuild_status` cover them."""
    if raw or _REFRESHED_BY_CALLER.get():
        return
    commune = Commune.objects.filter(pk=instance.commune_id).first()
    if commune is not None:
        monthly_status_refresh(
            commune=commune, indicator_ids=[instance.indicator_id], since=instance.month
        )
        # What the commune's cached pages show changed too (villages/cache.py).
        commune_data_changed(commune_id=commune.pk)


def monthly_status_rebuild(commune: Commune) -> int:
    """Recompute every stored row of the commune, one indicator at a time (so that memory
    follows one indicator's records, not the whole history): the indicators of its own
    set and of every set it has figures for (its months may be assessed by several
    sets, criteria.sets). Returns the rows."""
    ids = set(
        IndicatorRecord.objects.filter(commune=commune)
        .order_by()
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    if commune.criteria_set_id is not None:
        ids |= set(commune.criteria_set.indicators.values_list("pk", flat=True))
    with transaction.atomic():
        MonthlyStatus.objects.filter(commune=commune).exclude(indicator_id__in=ids).delete()
        return sum(
            monthly_status_refresh(commune=commune, indicator_ids=[pk], since=None)
            for pk in sorted(ids)
        )


def monthly_status_touch(changes: Iterable[tuple[int, datetime.date | None]]) -> None:
    """Refresh the stored rows after records of these (indicator, month) were changed
    outside `records_save` (the admin), or an indicator itself (month None: every month):
    for every commune whose set has the indicator, from the earliest month touched on."""
    earliest: dict[int, datetime.date | None] = {}
    for indicator_id, month in changes:
        known = earliest.get(indicator_id, month)
        earliest[indicator_id] = None if month is None or known is None else min(month, known)
    if not earliest:
        return
    sets = dict(Indicator.objects.filter(pk__in=earliest).values_list("pk", "criteria_set_id"))
    recorded = set(
        IndicatorRecord.objects.filter(indicator_id__in=earliest)
        .order_by()
        .values_list("commune_id", "indicator_id")
        .distinct()
    )
    communes = Commune.objects.filter(
        Q(criteria_set_id__in=set(sets.values())) | Q(pk__in={c for c, _i in recorded})
    )
    for commune in communes:
        for indicator_id, month in earliest.items():
            if (
                sets.get(indicator_id) == commune.criteria_set_id
                or (commune.pk, indicator_id) in recorded
            ):
                monthly_status_refresh(commune=commune, indicator_ids=[indicator_id], since=month)
