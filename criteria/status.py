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

from django.utils.translation import gettext_lazy as _

from criteria.models import (
    Comparator,
    CriteriaGroup,
    Criterion,
    Indicator,
    IndicatorKind,
    IndicatorRecord,
    Threshold,
    ThresholdBasis,
    ThresholdScope,
)
from criteria.numbers import NO_VALUE, ratio
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

    @property
    def latest_month(self) -> datetime.date | None:
        return max((record.month for record in self.records), default=None)

    @property
    def display_value(self) -> str:
        if self.indicator.kind == IndicatorKind.BOOLEAN:
            return self.status.label if self.status != Status.UNKNOWN else NO_VALUE
        return self.indicator.format_value(self.value)


def evaluate_indicator(
    indicator: Indicator,
    threshold: Threshold | None,
    records: Sequence[IndicatorRecord],
    village_ids: Sequence[int],
    lead_body: ResponsibleBody | None = None,
) -> IndicatorResult:
    """Status of one indicator from its latest records (one per village, or one for
    the commune). A per-village figure with villages missing is unknown, not a guess."""
    result = {"indicator": indicator, "threshold": threshold, "records": records}
    result["lead_body"] = lead_body
    if indicator.per_village:
        records = [record for record in records if record.village_id is not None]
        missing = set(village_ids) - {record.village_id for record in records}
    else:
        records = [record for record in records if record.village_id is None]
        missing = set()
    result["records"] = records
    if not records:
        return IndicatorResult(**result, status=Status.UNKNOWN, reason=str(_("No data yet.")))

    if indicator.kind == IndicatorKind.BOOLEAN:
        flags = [record.met for record in records]
        if any(flag is False for flag in flags):
            return IndicatorResult(**result, status=Status.NOT_MET)
        if missing or any(flag is None for flag in flags):
            return IndicatorResult(
                **result, status=Status.UNKNOWN, reason=missing_reason(len(missing))
            )
        return IndicatorResult(**result, status=Status.MET)

    if indicator.kind == IndicatorKind.RATIO:
        pairs = [
            (r.numerator, r.denominator)
            for r in records
            if r.numerator is not None and r.denominator is not None
        ]
        numerator = sum((n for n, _d in pairs), Decimal(0))
        denominator = sum((d for _n, d in pairs), Decimal(0))
        value = ratio(numerator, denominator) if pairs else None
        result.update(numerator=numerator, denominator=denominator, value=value)
        incomplete = len(pairs) < len(records) or bool(missing)
    else:
        values = [record.value for record in records if record.value is not None]
        value = sum(values, Decimal(0)) if values else None
        result["value"] = value
        incomplete = len(values) < len(records) or bool(missing)

    if value is None:
        return IndicatorResult(**result, status=Status.UNKNOWN, reason=str(_("No data yet.")))
    if incomplete:
        return IndicatorResult(**result, status=Status.UNKNOWN, reason=missing_reason(len(missing)))
    if threshold is None:
        return IndicatorResult(
            **result, status=Status.UNKNOWN, reason=str(_("Threshold not configured."))
        )
    met = Comparator(threshold.comparator).holds(value, threshold.value)
    return IndicatorResult(**result, status=Status.MET if met else Status.NOT_MET)


def missing_reason(missing_villages: int) -> str:
    if missing_villages:
        return str(_("Figures missing for %(count)d village(s).") % {"count": missing_villages})
    return str(_("Some figures are missing."))


def combine(statuses: Iterable[Status]) -> Status:
    """A criterion is met when all its indicators are met; not met as soon as one is not."""
    statuses = list(statuses)
    if not statuses:
        return Status.UNKNOWN
    if any(status == Status.NOT_MET for status in statuses):
        return Status.NOT_MET
    if all(status == Status.MET for status in statuses):
        return Status.MET
    return Status.UNKNOWN


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    indicators: list[IndicatorResult]

    @property
    def status(self) -> Status:
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
        return any(result.records for c in self.criteria for result in c.indicators)

    @property
    def latest_data_month(self) -> datetime.date | None:
        """The newest month in which any figure shown was recorded (carry-forward makes
        an old figure look current: the page says how old the newest one is)."""
        months = [r.latest_month for c in self.criteria for r in c.indicators if r.records]
        return max(months, default=None)

    @property
    def set_has_expired(self) -> bool:
        criteria_set = self.commune.criteria_set
        return bool(criteria_set and criteria_set.valid_to and criteria_set.valid_to < self.month)
