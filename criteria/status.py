"""The one status computation: met / not met / unknown for indicators, criteria and the
commune. Pure functions over already-fetched rows; `selectors.commune_status` feeds them.

Every page and report uses this module, so that a criterion is never "met" on the
dashboard and "not met" in the PDF.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from criteria.models import (
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    IndicatorRecord,
    Threshold,
    ThresholdBasis,
    ThresholdScope,
    comparison_holds,
)
from criteria.numbers import NO_VALUE, ratio
from criteria.sets import SetInForce
from villages.models import Commune, ResponsibleBody


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.MET: _("Met"),
    Status.NOT_MET: _("Not met"),
    Status.UNKNOWN: _("Unknown"),
}


def applicable_threshold(
    thresholds: Iterable[Threshold], commune: Commune, basis: str
) -> Threshold | None:
    """The commune's override, else its region's (or group's), else the general one."""
    by_scope: dict[str, Threshold] = {}
    for threshold in thresholds:
        if threshold.scope == ThresholdScope.COMMUNE and threshold.commune_id == commune.pk:
            by_scope["commune"] = threshold
        elif (
            threshold.scope == ThresholdScope.REGION
            and basis == ThresholdBasis.REGION
            and threshold.region == commune.region
        ) or (
            threshold.scope == ThresholdScope.COMMUNE_GROUP
            and basis == ThresholdBasis.COMMUNE_GROUP
            and threshold.commune_group == commune.commune_group
        ):
            by_scope["area"] = threshold
        elif threshold.scope == ThresholdScope.GENERAL:
            by_scope["general"] = threshold
    return by_scope.get("commune") or by_scope.get("area") or by_scope.get("general")


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    threshold: Threshold | None
    status: Status
    records: Sequence[IndicatorRecord] = ()
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reason: str = ""
    lead_body: ResponsibleBody | None = None
    latest_month: datetime.date | None = None
    """The newest month of the records counted; None when nothing was recorded at or
    before the month. Set also when the result comes from the stored monthly table
    (criteria.monthly), which has no records."""
    oldest_month: datetime.date | None = None
    """The oldest month of the records counted (how stale the figure shown may be), from
    the records or the stored table alike."""

    @property
    def display_value(self) -> str:
        if self.indicator.kind == IndicatorKind.BOOLEAN:
            return self.status.label if self.status != Status.UNKNOWN else NO_VALUE
        return self.indicator.format_value(self.value)


class Tally(NamedTuple):
    """What an indicator's latest records add up to for the commune, before any threshold
    is applied: the part of the status that `criteria.monthly` stores month by month, so
    that a threshold or a new village changes the status without rewriting the table.

    `places` is the number of records counted (villages with a record, or 1 for the
    commune), `figures` how many of them carry their figure (a yes/no, both parts of a
    ratio, a value), `noes` how many yes/no records say "not met"; the sums are over the
    records that carry their figure; `oldest` the oldest month among the records counted
    (the dashboard's "figures older than three months" without reading the records)."""

    places: int = 0
    figures: int = 0
    noes: int = 0
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    value: Decimal = Decimal(0)
    oldest: datetime.date | None = None


def counted_records(
    indicator: Indicator, records: Iterable[IndicatorRecord], village_ids: Sequence[int]
) -> list[IndicatorRecord]:
    """The records an indicator's status counts: one per village of the commune for a
    per-village indicator, the commune's own otherwise."""
    if indicator.per_village:
        ids = set(village_ids)
        return [record for record in records if record.village_id in ids]
    return [record for record in records if record.village_id is None]


def tally_records(kind: str, records: Sequence[IndicatorRecord]) -> Tally:
    """Add up the counted records of an indicator of `kind` (no threshold involved)."""
    oldest = min((record.month for record in records), default=None)
    if kind == IndicatorKind.BOOLEAN:
        flags = [record.met for record in records]
        return Tally(
            places=len(records),
            figures=sum(1 for flag in flags if flag is not None),
            noes=sum(1 for flag in flags if flag is False),
            oldest=oldest,
        )
    if kind == IndicatorKind.RATIO:
        pairs = [
            (r.numerator, r.denominator)
            for r in records
            if r.numerator is not None and r.denominator is not None
        ]
        return Tally(
            places=len(records),
            figures=len(pairs),
            numerator=sum((n for n, _d in pairs), Decimal(0)),
            denominator=sum((d for _n, d in pairs), Decimal(0)),
            oldest=oldest,
        )
    values = [record.value for record in records if record.value is not None]
    return Tally(
        places=len(records), figures=len(values), value=sum(values, Decimal(0)), oldest=oldest
    )


# The members the status rule returns and the kinds it tests, bound once: looking up an
# enum member costs about half a microsecond, and a dashboard judges some 800 tallies.
_MET, _NOT_MET, _UNKNOWN = Status.MET, Status.NOT_MET, Status.UNKNOWN
_BOOLEAN, _RATIO = IndicatorKind.BOOLEAN.value, IndicatorKind.RATIO.value

# Why an indicator is unknown (`judge_tally`), told in words by `evaluate_tally`.
NO_DATA = "no_data"
FIGURES_MISSING = "figures_missing"
NO_THRESHOLD = "no_threshold"


def judge_tally(
    kind: str,
    threshold: Threshold | None,
    places: int,
    figures: int,
    noes: int,
    numerator: Decimal,
    denominator: Decimal,
    value: Decimal,
    missing: int,
) -> tuple[Status, Decimal | None, str]:
    """The rule: an indicator's status from what its records add up to (a `Tally`'s
    fields) and the number of the commune's villages without a record, with the value
    compared and why it is unknown (NO_DATA, FIGURES_MISSING, NO_THRESHOLD or ""). A
    per-village figure with villages missing is unknown, not a guess. Plain arguments, no
    objects built: the province's matrix asks it 10,000 times a page
    (`criteria.selectors.criteria_statuses_of_communes`); `evaluate_tally` wraps it for
    every other page."""
    if not places:
        return _UNKNOWN, None, NO_DATA
    if kind == _BOOLEAN:
        if noes:
            return _NOT_MET, None, ""
        if missing or figures < places:
            return _UNKNOWN, None, FIGURES_MISSING
        return _MET, None, ""
    if not figures:
        return _UNKNOWN, None, NO_DATA
    shown = ratio(numerator, denominator) if kind == _RATIO else value
    if shown is None:
        return _UNKNOWN, None, NO_DATA
    if figures < places or missing:
        return _UNKNOWN, shown, FIGURES_MISSING
    if threshold is None:
        return _UNKNOWN, shown, NO_THRESHOLD
    met = comparison_holds(threshold.comparator, shown, threshold.value)
    return (_MET if met else _NOT_MET), shown, ""


def evaluate_tally(
    indicator: Indicator,
    threshold: Threshold | None,
    tally: Tally,
    missing: int,
    *,
    records: Sequence[IndicatorRecord] = (),
    lead_body: ResponsibleBody | None = None,
    latest_month: datetime.date | None = None,
) -> IndicatorResult:
    """Status of one indicator (`judge_tally`) with what a page shows of it: the value,
    the ratio's parts, why it is unknown in words, the records counted."""
    status, value, why = judge_tally(
        indicator.kind,
        threshold,
        tally.places,
        tally.figures,
        tally.noes,
        tally.numerator,
        tally.denominator,
        tally.value,
        missing,
    )
    if why == NO_DATA:
        reason = gettext("No data yet.")
    elif why == FIGURES_MISSING:
        reason = missing_reason(missing)
    elif why == NO_THRESHOLD:
        reason = gettext("Threshold not configured.")
    else:
        reason = ""
    ratio_parts = tally.places and indicator.kind == _RATIO
    # One construction, plain strings: a dashboard evaluates some 800 tallies per request.
    return IndicatorResult(
        indicator=indicator,
        threshold=threshold,
        status=status,
        records=records,
        value=value,
        numerator=tally.numerator if ratio_parts else None,
        denominator=tally.denominator if ratio_parts else None,
        reason=reason,
        lead_body=lead_body,
        latest_month=latest_month,
        oldest_month=tally.oldest,
    )


def evaluate_indicator(
    indicator: Indicator,
    threshold: Threshold | None,
    records: Sequence[IndicatorRecord],
    village_ids: Sequence[int],
    lead_body: ResponsibleBody | None = None,
) -> IndicatorResult:
    """Status of one indicator from its latest records (one per village, or one for
    the commune)."""
    records = counted_records(indicator, records, village_ids)
    missing = 0
    if indicator.per_village:
        missing = len(set(village_ids) - {record.village_id for record in records})
    return evaluate_tally(
        indicator,
        threshold,
        tally_records(indicator.kind, records),
        missing,
        records=records,
        lead_body=lead_body,
        latest_month=max((record.month for record in records), default=None),
    )


def missing_reason(missing_villages: int) -> str:
    if missing_villages:
        return gettext("Figures missing for %(count)d village(s).") % {"count": missing_villages}
    return gettext("Some figures are missing.")


def combine(statuses: Iterable[Status]) -> Status:
    """A criterion is met when all its indicators are met; not met as soon as one is not."""
    statuses = list(statuses)
    if not statuses:
        return _UNKNOWN
    if _NOT_MET in statuses:
        return _NOT_MET
    if statuses.count(_MET) == len(statuses):
        return _MET
    return _UNKNOWN


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    indicators: list[IndicatorResult]

    @cached_property
    def status(self) -> Status:
        """Read once the indicators are all in (`selectors.assemble_status`), then kept:
        a province page asks it of 1,900 criteria several times."""
        return combine(result.status for result in self.indicators)


@dataclass(frozen=True)
class GroupResult:
    group: CriteriaGroup | None
    criteria: list[CriterionResult]

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.criteria if c.status == Status.MET)


@dataclass
class CommuneStatus:
    commune: Commune
    month: datetime.date
    criteria: list[CriterionResult] = field(default_factory=list)
    assessed_by: SetInForce | None = None
    """The set the month is assessed by (criteria.sets), which every page names."""
    carried_from: dict[int, int] = field(default_factory=dict)
    """In a trend, for a month assessed by an earlier set: indicator of the later set →
    the earlier indicator the crosswalk says measures the same thing."""

    def result_for(self, indicator_id: int) -> IndicatorResult | None:
        """The indicator's result this month, or the one it continues (crosswalk)."""
        wanted = {indicator_id, self.carried_from.get(indicator_id)}
        for criterion in self.criteria:
            for result in criterion.indicators:
                if result.indicator.pk in wanted:
                    return result
        return None

    @property
    def total(self) -> int:
        return len(self.criteria)

    def count(self, status: Status) -> int:
        return sum(1 for c in self.criteria if c.status == status)

    @property
    def met_count(self) -> int:
        return self.count(Status.MET)

    @property
    def not_met_count(self) -> int:
        return self.count(Status.NOT_MET)

    @property
    def unknown_count(self) -> int:
        return self.count(Status.UNKNOWN)

    @property
    def groups(self) -> list[GroupResult]:
        groups: dict[int | None, GroupResult] = {}
        for result in self.criteria:
            group = result.criterion.group
            groups.setdefault(result.criterion.group_id, GroupResult(group=group, criteria=[]))
            groups[result.criterion.group_id].criteria.append(result)
        return list(groups.values())

    @property
    def unmet(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.status == Status.NOT_MET]

    @property
    def has_data(self) -> bool:
        return any(r.latest_month for c in self.criteria for r in c.indicators)

    @property
    def latest_data_month(self) -> datetime.date | None:
        """The newest month in which any figure shown was recorded (carry-forward makes
        an old figure look current: the page says how old the newest one is)."""
        months = [r.latest_month for c in self.criteria for r in c.indicators if r.latest_month]
        return max(months, default=None)

    @property
    def criteria_set(self) -> CriteriaSet | None:
        return self.assessed_by.criteria_set if self.assessed_by else None

    @property
    def set_has_expired(self) -> bool:
        """No set in force covers the month: it is still assessed by one that ended."""
        return bool(self.assessed_by and self.assessed_by.expired)
