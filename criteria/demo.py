"""Reference criteria sets and the demo commune's responsibility matrix and thresholds."""

from __future__ import annotations

import csv
import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from criteria.models import (
    AssignmentRole,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAssignment,
    ThresholdScope,
)
from criteria.services import criteria_set_import, threshold_add
from villages.demo import bodies_by_key
from villages.models import Commune

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
QD318_CSV = FIXTURES / "criteria-qd318-2021-2025.csv"
QD51_JSON = FIXTURES / "criteria-qd51-2026-2030.json"


def load_qd318() -> CriteriaSet:
    criteria_set, _ = CriteriaSet.objects.get_or_create(
        code="qd318-2021-2025",
        defaults={
            "decision_ref": "318/QĐ-TTg",
            "decision_date": datetime.date(2022, 3, 8),
            "title": "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025",
            "issuer": "Thủ tướng Chính phủ",
            "valid_from": datetime.date(2021, 1, 1),
            "valid_to": datetime.date(2025, 12, 31),
            "threshold_basis": "region",
        },
    )
    with QD318_CSV.open(encoding="utf-8", newline="") as file:
        criteria_set_import(criteria_set=criteria_set, rows=csv.DictReader(file))
    return criteria_set


def load_qd51() -> CriteriaSet:
    data = json.loads(QD51_JSON.read_text(encoding="utf-8"))
    criteria = data.pop("criteria")
    for key in ("decision_date", "valid_from", "valid_to"):
        data[key] = datetime.date.fromisoformat(data[key])
    criteria_set, _ = CriteriaSet.objects.get_or_create(code=data.pop("code"), defaults=data)
    for number, name in criteria:
        Criterion.objects.get_or_create(
            criteria_set=criteria_set, number=number, defaults={"name": name}
        )
    return criteria_set


def load_commune_criteria(commune: Commune, data: dict[str, Any]) -> None:
    """The commune's set, its own thresholds and its responsibility matrix."""
    code = data["commune"]["criteria_set"]
    if commune.criteria_set_id is None:
        commune.criteria_set = CriteriaSet.objects.get(code=code)
        commune.save(update_fields=["criteria_set"])
    indicators = {i.code: i for i in Indicator.objects.filter(criteria_set__code=code)}

    for item in data["threshold_overrides"]:
        indicator = indicators[item["code"]]
        if not indicator.thresholds.filter(scope=ThresholdScope.COMMUNE, commune=commune).exists():
            threshold_add(
                indicator=indicator,
                scope=ThresholdScope.COMMUNE,
                commune=commune,
                comparator=item["comparator"],
                value=Decimal(item["value"]),
                source=item["source"],
                is_sample=item["sample"],
            )

    bodies = bodies_by_key(commune, data)
    villages = [body for body in bodies.values() if body.village_id]
    for code, keys in data["responsibilities"].items():
        indicator = indicators[code]
        supports = [bodies[key] for key in keys[1:]]
        if indicator.per_village:
            supports += villages
        for body, role in [(bodies[keys[0]], AssignmentRole.LEAD)] + [
            (body, AssignmentRole.SUPPORT) for body in supports
        ]:
            IndicatorAssignment.objects.get_or_create(
                indicator=indicator, body=body, defaults={"role": role}
            )
