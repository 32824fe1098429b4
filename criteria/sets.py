"""Which criteria set assesses a commune in a given month.

A commune is assessed month by month: a month of 2025 by QĐ 318, a month from 2026 by
the 2026–2030 set once a province has published it. Every page, document and check that
is about one month asks `criteria_set_for(commune, month)` (or `set_in_force`, which
also says why); `Commune.criteria_set` is only the last fallback.

The rule, for commune C and month M (a month is covered by a set when the set's
`valid_from` falls in M or before it, and its `valid_to`, if any, is not before M):

1. A `CommuneSetOverride` of C with the latest `from_month` ≤ M wins (a pilot, a late
   switch: the reason is written on the override).
2. Otherwise, among the PUBLISHED sets of C's province (`Province.criteria_sets`) that
   cover M: a correction (a set whose `previous_version` is another candidate)
   supersedes the set it corrects from its own `valid_from`; of several unrelated sets
   the one with the latest `valid_from` wins.
3. If no published set covers M (2026 months while QĐ 51/2025 is still a draft), the
   most recent published set of the province that applied before M, flagged `expired`
   so that pages say the figures are recorded against a set that has ended.
4. Finally the commune's own `Commune.criteria_set` (a commune whose province applies no
   published set yet), expired when its `valid_to` is before M.

What is needed to answer for every month (the commune's overrides and its province's
published sets) is read once (2 queries) and kept on the commune object for the rest of
the request; `set_timelines` reads it for many communes at once (2 queries).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _

from criteria.models import CommuneSetOverride, CriteriaSet, SetStatus
from criteria.periods import month_start
from villages.models import Commune

CACHE_ATTRIBUTE = "_set_timeline"


@dataclass(frozen=True)
class SetInForce:
    """The set that assesses a month, and why."""

    criteria_set: CriteriaSet
    expired: bool = False
    """No set covers the month: it is assessed by the last one that applied before it."""
    override: CommuneSetOverride | None = None

    @property
    def label(self) -> str:
        """ "Đánh giá theo Bộ tiêu chí … (QĐ …)", as every page and document says it."""
        return _("Assessed by %(title)s (QĐ %(decision)s)") % {
            "title": self.criteria_set.title,
            "decision": self.criteria_set.decision_ref,
        }


def _month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def covers(criteria_set: CriteriaSet, month: datetime.date) -> bool:
    """The set applies in `month` (validity counted in whole months)."""
    if _month_of(criteria_set.valid_from) > month:
        return False
    return criteria_set.valid_to is None or criteria_set.valid_to >= month


def _newest(sets: list[CriteriaSet], key: object) -> CriteriaSet | None:
    """Drop the sets a candidate corrects, then keep the newest by `key`."""
    corrected = {s.previous_version_id for s in sets if s.previous_version_id}
    remaining = [s for s in sets if s.pk not in corrected]
    return max(remaining, key=key, default=None)


@dataclass
class SetTimeline:
    """Everything that decides a commune's set for any month (no query to ask it)."""

    overrides: list[CommuneSetOverride] = field(default_factory=list)
    """Oldest from_month first."""
    published: list[CriteriaSet] = field(default_factory=list)
    legacy: CriteriaSet | None = None
    legacy_id: int | None = None
    """The commune's own set when this was read: a commune object whose set was changed
    since reads its timeline again."""

    def at(self, month: datetime.date) -> SetInForce | None:
        month = month_start(month)
        override = None
        for candidate in self.overrides:
            if candidate.from_month <= month:
                override = candidate
        if override is not None:
            chosen = override.criteria_set
            return SetInForce(chosen, expired=_ended(chosen, month), override=override)
        covering = [s for s in self.published if covers(s, month)]
        chosen = _newest(covering, key=lambda s: (s.valid_from, s.version, s.pk))
        if chosen is not None:
            return SetInForce(chosen)
        before = [s for s in self.published if _month_of(s.valid_from) <= month]
        chosen = _newest(
            before, key=lambda s: (s.valid_to or datetime.date.max, s.valid_from, s.version)
        )
        if chosen is not None:
            return SetInForce(chosen, expired=True)
        if self.legacy is not None:
            return SetInForce(self.legacy, expired=_ended(self.legacy, month))
        return None

    def sets(self) -> list[CriteriaSet]:
        """Every set this commune can be assessed by (for listing its history)."""
        seen: dict[int, CriteriaSet] = {}
        for criteria_set in [o.criteria_set for o in self.overrides] + self.published:
            seen.setdefault(criteria_set.pk, criteria_set)
        if self.legacy is not None:
            seen.setdefault(self.legacy.pk, self.legacy)
        return list(seen.values())


def _ended(criteria_set: CriteriaSet, month: datetime.date) -> bool:
    return criteria_set.valid_to is not None and criteria_set.valid_to < month


def set_timelines(communes: Iterable[Commune]) -> dict[int, SetTimeline]:
    """The timelines of many communes (2 queries whatever their number), also kept on
    each commune object for later calls."""
    communes = list(communes)
    unknown = [c for c in communes if not _cached(c)]
    if unknown:
        overrides: dict[int, list[CommuneSetOverride]] = defaultdict(list)
        for override in (
            CommuneSetOverride.objects.filter(commune__in=unknown)
            .select_related("criteria_set")
            .order_by("from_month")
        ):
            overrides[override.commune_id].append(override)
        published: dict[int, list[CriteriaSet]] = defaultdict(list)
        province_ids = {c.province_id for c in unknown if c.province_id}
        # One row per (province, set): the join through Province.criteria_sets.
        for criteria_set in CriteriaSet.objects.filter(
            provinces__in=province_ids, status=SetStatus.PUBLISHED
        ).annotate(province_id=F("provinces")):
            published[criteria_set.province_id].append(criteria_set)
        for commune in unknown:
            sets = published.get(commune.province_id, [])
            legacy = next((s for s in sets if s.pk == commune.criteria_set_id), None)
            if legacy is None and commune.criteria_set_id:
                legacy = commune.criteria_set  # cached on most pages already
            commune.__dict__[CACHE_ATTRIBUTE] = SetTimeline(
                overrides=overrides.get(commune.pk, []),
                published=sets,
                legacy=legacy,
                legacy_id=commune.criteria_set_id,
            )
    return {c.pk: c.__dict__[CACHE_ATTRIBUTE] for c in communes}


def _cached(commune: Commune) -> bool:
    timeline = commune.__dict__.get(CACHE_ATTRIBUTE)
    return timeline is not None and timeline.legacy_id == commune.criteria_set_id


def set_timeline(commune: Commune) -> SetTimeline:
    if not _cached(commune):
        set_timelines([commune])
    return commune.__dict__[CACHE_ATTRIBUTE]


def forget_set_timeline(commune: Commune) -> None:
    """After an override or a publication changed the answer for this commune object."""
    commune.__dict__.pop(CACHE_ATTRIBUTE, None)


def set_in_force(commune: Commune, month: datetime.date) -> SetInForce | None:
    """Which set assesses `commune` in `month`, and whether it has expired (see the
    module's docstring for the rule)."""
    return set_timeline(commune).at(month)


def criteria_set_for(commune: Commune, month: datetime.date) -> CriteriaSet | None:
    """The set that assesses `commune` in `month`, or None when it has none at all."""
    found = set_in_force(commune, month)
    return found.criteria_set if found else None


def sets_for_months(
    commune: Commune, months: Iterable[datetime.date]
) -> dict[datetime.date, SetInForce | None]:
    """`set_in_force` for several months of one commune (the trend, the year)."""
    timeline = set_timeline(commune)
    return {month_start(month): timeline.at(month) for month in months}


def sets_for_communes(
    communes: Iterable[Commune], month: datetime.date
) -> dict[int, SetInForce | None]:
    """`set_in_force` for many communes in one month (the province's pages)."""
    return {pk: timeline.at(month) for pk, timeline in set_timelines(communes).items()}


def first_assessed_month(commune: Commune) -> datetime.date | None:
    """The first month any of the commune's sets applies to (the oldest month a page
    offers)."""
    starts = [_month_of(s.valid_from) for s in set_timeline(commune).sets()]
    return min(starts, default=None)


def set_start(commune: Commune, criteria_set_id: int, until: datetime.date) -> datetime.date:
    """The first month of the stretch, ending at `until`, in which the set assesses
    the commune (where its figures' own history begins)."""
    timeline = set_timeline(commune)
    oldest = first_assessed_month(commune) or month_start(until)
    month = month_start(until)
    while month > oldest:
        before = _previous_month(month)
        found = timeline.at(before)
        if found is None or found.criteria_set.pk != criteria_set_id:
            break
        month = before
    return month


def _previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Stretch:
    """Consecutive months assessed the same way (the set, expired or not, override)."""

    first: datetime.date
    last: datetime.date
    assessed_by: SetInForce


def set_stretches(commune: Commune, until: datetime.date) -> list[Stretch]:
    """Which set assesses each month from the commune's first one to `until`, as runs of
    months, newest first (no query once the timeline is read)."""
    timeline = set_timeline(commune)
    month = first_assessed_month(commune)
    stretches: list[Stretch] = []
    while month is not None and month <= until:
        found = timeline.at(month)
        if found is not None:
            if stretches and stretches[-1].assessed_by == found:
                stretches[-1] = Stretch(stretches[-1].first, month, found)
            else:
                stretches.append(Stretch(month, month, found))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return stretches[::-1]
