"""Reads of criteria sets as wholes: a set's contents for its page (a fixed number of
queries whatever its size) and the difference between a version and the one it
corrects, field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from criteria.models import CriteriaSet, Criterion, Indicator, Threshold
from criteria.setfile import SHIPPED_SCOPES

# What the diff compares, in the order it prints them.
CRITERION_FIELDS = ("name", "group")
INDICATOR_FIELDS = (
    "criterion",
    "name",
    "kind",
    "comparator",
    "unit",
    "numerator_label",
    "denominator_label",
    "denominator_source",
    "per_village",
    "requires_evidence",
    "lead_body_kind",
    "verification_flags",
)
THRESHOLD_FIELDS = ("comparator", "value", "source", "is_sample")


def set_contents(criteria_set: CriteriaSet) -> list[Criterion]:
    """The set's criteria (with their group), each with its indicators in order and each
    indicator with the set's own thresholds (not the communes' overrides): 3 queries."""
    thresholds = Threshold.objects.filter(scope__in=SHIPPED_SCOPES).order_by(
        "scope", "region", "commune_group"
    )
    indicators = Indicator.objects.order_by("position", "code").prefetch_related(
        Prefetch("thresholds", queryset=thresholds)
    )
    return list(
        criteria_set.criteria.select_related("group")
        .order_by("number")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class DiffItem:
    key: str
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class SetDiff:
    new: CriteriaSet
    old: CriteriaSet | None
    criteria: dict[str, list[DiffItem]]
    indicators: dict[str, list[DiffItem]]
    thresholds: dict[str, list[DiffItem]]

    @property
    def is_empty(self) -> bool:
        return not any(
            items
            for part in (self.criteria, self.indicators, self.thresholds)
            for items in part.values()
        )


def set_diff(new: CriteriaSet) -> SetDiff:
    """What `new` adds, removes and changes compared with the version it corrects
    (criteria by number, indicators by code, thresholds by indicator and target)."""
    old = new.previous_version
    before = _flatten(set_contents(old)) if old else ({}, {}, {})
    after = _flatten(set_contents(new))
    parts = [
        _compare(before[index], after[index], fields)
        for index, fields in enumerate((CRITERION_FIELDS, INDICATOR_FIELDS, THRESHOLD_FIELDS))
    ]
    return SetDiff(new, old, *parts)


def _flatten(criteria: list[Criterion]) -> tuple[dict, dict, dict]:
    by_number = {str(c.number): c for c in criteria}
    indicators = {i.code: i for c in criteria for i in c.indicators.all()}
    thresholds = {
        f"{i.code} · {_target(t)}": t for i in indicators.values() for t in i.thresholds.all()
    }
    return by_number, indicators, thresholds


def _target(threshold: Threshold) -> str:
    if threshold.region:
        return threshold.get_region_display()
    if threshold.commune_group:
        return threshold.get_commune_group_display()
    return str(threshold.get_scope_display())


def _compare(old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]) -> dict:
    added = [DiffItem(key, _name(new[key])) for key in new if key not in old]
    removed = [DiffItem(key, _name(old[key])) for key in old if key not in new]
    changed = []
    for key in new:
        if key not in old:
            continue
        changes = [
            Change(_label(new[key], name), _shown(old[key], name), _shown(new[key], name))
            for name in fields
            if _shown(old[key], name) != _shown(new[key], name)
        ]
        if changes:
            changed.append(DiffItem(key, _name(new[key]), changes))
    return {"added": added, "removed": removed, "changed": changed}


def _name(item: Any) -> str:
    if isinstance(item, Threshold):
        return f"{item.get_comparator_display()} {item.display_value}"
    return str(item.name)


def _label(item: Any, name: str) -> str:
    return str(item._meta.get_field(name).verbose_name)


def _shown(item: Any, name: str) -> str:
    """A field as a reader compares it: the choice's label, the criterion's number, a
    group's name, a value's number."""
    if name == "criterion":
        return str(item.criterion.number) if isinstance(item, Indicator) else ""
    if name == "group":
        return item.group.name if item.group_id else ""
    if name == "value":
        return item.display_value
    value = getattr(item, name)
    display = getattr(item, f"get_{name}_display", None)
    if display is not None and value not in ("", None):
        return str(display())
    if isinstance(value, bool):
        return "✔" if value else "—"
    return str(value)
