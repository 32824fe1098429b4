"""Reference criteria sets and the demo commune's responsibility matrix and thresholds."""

from __future__ import annotations

import csv
import datetime
import json
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from criteria.models import (
    AssignmentRole,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAssignment,
    IndicatorKind,
    IndicatorRecord,
    SetStatus,
    ThresholdScope,
)
from criteria.monthly import monthly_status_rebuild
from criteria.services import criteria_set_import, threshold_add
from villages.demo import bodies_by_key
from villages.models import Commune, HouseholdRecord, Village

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
            # Shipped as the decision states it: in force, so read-only (issue 18).
            "status": SetStatus.PUBLISHED,
            "published_at": timezone.now(),
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
    commune.province.criteria_sets.add(commune.criteria_set)
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


DEMO_MONTHS = [datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)]
# Small, fixed differences between villages, so that the per-village figures vary.
VILLAGE_OFFSETS = [1.5, -0.8, 2.2, -2.5, 0.6, -1.2, 1.9, -0.4, 0.9, -1.7, 0.3]


def load_sample_thresholds(commune: Commune, data: dict[str, Any]) -> None:
    """Region thresholds the reference data lacks, marked as sample values."""
    indicators = {i.code: i for i in commune.criteria_set.indicators.all()}
    for item in data["sample_thresholds"]:
        indicator = indicators[item["code"]]
        if not indicator.thresholds.filter(
            scope=ThresholdScope.REGION, region=commune.region
        ).exists():
            threshold_add(
                indicator=indicator,
                scope=ThresholdScope.REGION,
                region=commune.region,
                comparator=item["comparator"],
                value=Decimal(item["value"]),
                source=data["sample_thresholds_source"],
                is_sample=True,
            )


def load_records_2024(commune: Commune, data: dict[str, Any]) -> None:
    """January–March 2024: the plan's state (17/19; 13.2, 13.3 and clean water not met).
    Only what changes is recorded each month; the rest carries forward."""
    spec = data["demo_records"]
    indicators = {i.code: i for i in commune.criteria_set.indicators.all()}
    villages = list(commune.villages.order_by("position"))
    registers = {r.village_id: r for r in HouseholdRecord.objects.filter(village__in=villages)}
    recorder = get_user_model().objects.filter(username="thuongtruc").first()
    made = []

    def add(indicator: Indicator, village: Village | None, month_index: int, **values: Any) -> None:
        made.append(
            IndicatorRecord(
                commune=commune,
                indicator=indicator,
                village=village,
                month=DEMO_MONTHS[month_index],
                is_sample=indicator.code not in spec["from_plan"],
                recorded_by=recorder,
                **values,
            )
        )

    def changed(series: list[Any], index: int) -> bool:
        return index == 0 or series[index] != series[index - 1]

    for code, indicator in indicators.items():
        if indicator.kind == IndicatorKind.BOOLEAN and not indicator.per_village:
            add(indicator, None, 0, met=code not in spec["boolean_not_met"])
    for code in spec["village_boolean"]:
        for village in villages:
            add(indicators[code], village, 0, met=True)
    for code, item in spec["village_ratio"].items():
        indicator = indicators[code]
        for index in range(len(DEMO_MONTHS)):
            if not changed(item["pct"], index):
                continue
            for position, village in enumerate(villages):
                denominator = _village_denominator(indicator, registers[village.pk], item)
                share = item["pct"][index] + (
                    VILLAGE_OFFSETS[position] if item["pct"][index] not in (0, 100) else 0
                )
                share = min(max(share, 0), 100)
                whole = indicator.counts_are_whole or denominator == denominator.to_integral()
                step = Decimal(1) if whole else Decimal("0.1")
                numerator = (denominator * Decimal(str(share)) / 100).quantize(step, ROUND_DOWN)
                add(indicator, village, index, numerator=numerator, denominator=denominator)
    for code, (numerator, denominator) in spec["commune_ratio"].items():
        add(
            indicators[code],
            None,
            0,
            numerator=Decimal(str(numerator)),
            denominator=Decimal(str(denominator)),
        )
    for code, series in spec["number"].items():
        for index, value in enumerate(series):
            if changed(series, index):
                add(indicators[code], None, index, value=Decimal(str(value)))

    existing = set(
        IndicatorRecord.objects.filter(
            commune=commune, indicator__criteria_set=commune.criteria_set
        ).values_list("indicator_id", "village_id", "month")
    )
    new = [r for r in made if (r.indicator_id, r.village_id, r.month) not in existing]
    for month in DEMO_MONTHS:
        # With history, dated on the month's cut-off day, so the timeline reads naturally.
        bulk_create_with_history(
            [r for r in new if r.month == month],
            IndicatorRecord,
            default_user=recorder,
            default_date=timezone.make_aware(
                datetime.datetime.combine(month.replace(day=14), datetime.time(9))
            ),
        )
    # Bulk-created, so records_save did not keep the stored monthly status current.
    monthly_status_rebuild(commune)


def _village_denominator(
    indicator: Indicator, register: HouseholdRecord, item: dict[str, Any]
) -> Decimal:
    if indicator.denominator_source == "households":
        return Decimal(register.households)
    if indicator.denominator_source == "population":
        return Decimal(register.population)
    if item.get("unit_per_household") == "one":
        return Decimal(1)
    # People and farms are counted one by one; kilometres of road have a decimal.
    step = Decimal(1) if indicator.counts_are_whole else Decimal("0.1")
    return (Decimal(register.households) * Decimal(str(item["unit_per_household"]))).quantize(step)


# After March 2024 (the demo continued to the month before today): how each per-village
# share evolves from its March value. Monthly figures are recorded every month; the
# others each quarter (poverty each January), only when they change. Steps are
# percentage points per update, with the level they stop at.
MONTHLY = {"15.1": (0.2, 97.5), "15.4": (0.7, 90.0)}
QUARTERLY = {
    "2.2": (0.3, 98.0),
    "2.3": (0.3, 98.0),
    "4.2": (0.1, 99.8),
    "9.2": (0.6, 94.0),
    "12.1": (0.4, 78.0),
    "12.2": (0.6, 40.0),
    "17.6": (0.5, 95.0),
    "17.8": (0.6, 92.0),
    "17.9": (0.7, 88.0),
}
YEARLY = {"11": (-0.6, 2.5)}
# Households on centralised water in the five target villages (plan, 17.1): the system's
# first stage is handed over in October 2024 (the 17.1 tasks' progress says so), then
# connections grow, quickly at first; the commune passes 20 % in May 2025.
WATER_VILLAGES = ("Hợp Lộc", "Thuận Hòa", "Bái E", "Ràm Duộng", "Quang Vinh")
WATER_START = datetime.date(2024, 10, 1)
WATER_STEPS = [(7, 5.5), (8, 3.0), (12, 1.5), (None, 0.5)]  # (months, points a month)
WATER_CAP = 85.0
# Criterion 13: the linkage model (13.2) and traceability (13.3) recorded met, with notes.
CRITERION_13 = {
    "13.2": (
        datetime.date(2024, 9, 1),
        "Ký hợp đồng liên kết sản xuất lúa chất lượng cao giữa Hợp tác xã nông nghiệp "
        "Quang Trung và doanh nghiệp bao tiêu sản phẩm, 45 ha, 212 hộ tham gia (dữ liệu mẫu).",
    ),
    "13.3": (
        datetime.date(2024, 12, 1),
        "Gạo Quang Trung được gắn mã QR truy xuất nguồn gốc; 15 ha lúa được cấp Giấy chứng "
        "nhận VietGAP (dữ liệu mẫu).",
    ),
}
SEED_END = DEMO_MONTHS[-1]


def _months_between(start: datetime.date, month: datetime.date) -> int:
    return (month.year - start.year) * 12 + month.month - start.month


def _updates(code: str, month: datetime.date) -> int | None:
    """How many updates an evolving share has had by `month` (None: not updated then)."""
    elapsed = _months_between(SEED_END, month)
    if code in MONTHLY:
        return elapsed
    if code in QUARTERLY:
        return elapsed // 3 if month.month in (1, 4, 7, 10) else None
    if code in YEARLY:
        return month.year - SEED_END.year if month.month == 1 else None
    return None


def _water_share(month: datetime.date) -> float:
    elapsed = _months_between(WATER_START, month) + 1
    share = 0.0
    for months, points in WATER_STEPS:
        if elapsed <= 0:
            break
        used = elapsed if months is None else min(elapsed, months)
        share += used * points
        elapsed -= used
    return min(share, WATER_CAP)


def records_for_month(
    commune: Commune, data: dict[str, Any], month: datetime.date
) -> list[IndicatorRecord]:
    """The figures a month after March 2024 adds, all sample: the evolving shares,
    clean water in the five target villages, criterion 13 when it is reached. Whole
    counts, the household register as denominator, as the forms require."""
    spec = data["demo_records"]["village_ratio"]
    indicators = {i.code: i for i in commune.criteria_set.indicators.all()}
    villages = list(commune.villages.order_by("position"))
    registers = {r.village_id: r for r in HouseholdRecord.objects.filter(village__in=villages)}
    recorder = get_user_model().objects.filter(username="thuongtruc").first()
    made = []

    def add(indicator: Indicator, village: Village | None, **values: Any) -> None:
        made.append(
            IndicatorRecord(
                commune=commune,
                indicator=indicator,
                village=village,
                month=month,
                is_sample=True,
                recorded_by=recorder,
                **values,
            )
        )

    def village_shares(code: str, share_of: Any) -> None:
        indicator = indicators[code]
        for position, village in enumerate(villages):
            denominator = _village_denominator(indicator, registers[village.pk], spec[code])
            share = min(max(share_of(position, village), 0), 100)
            whole = indicator.counts_are_whole or denominator == denominator.to_integral()
            step = Decimal(1) if whole else Decimal("0.1")
            numerator = (denominator * Decimal(str(share)) / 100).quantize(step, ROUND_DOWN)
            add(indicator, village, numerator=numerator, denominator=denominator)

    for code, (points, stop) in {**MONTHLY, **QUARTERLY, **YEARLY}.items():
        updates = _updates(code, month)
        if updates is None:
            continue
        start = spec[code]["pct"][-1]
        level = (
            max(start + points * updates, stop)
            if points < 0
            else min(start + points * updates, stop)
        )
        village_shares(
            code,
            lambda position, _village, level=level: level + VILLAGE_OFFSETS[position],
        )
    water = _water_share(month)
    village_shares(
        "17.1",
        lambda position, village: (
            water + 2 * VILLAGE_OFFSETS[position] if water and village.name in WATER_VILLAGES else 0
        ),
    )
    for code, (reached, note) in CRITERION_13.items():
        if month == reached:
            add(indicators[code], None, met=True, evidence=note)
    return made


def load_records_month(commune: Commune, data: dict[str, Any], month: datetime.date) -> int:
    """Adds the month's figures that are not there yet (never overwrites); their
    history is dated on the month's cut-off day. Returns how many were added."""
    made = records_for_month(commune, data, month)
    existing = set(
        IndicatorRecord.objects.filter(
            commune=commune, indicator__criteria_set=commune.criteria_set, month=month
        ).values_list("indicator_id", "village_id")
    )
    new = [r for r in made if (r.indicator_id, r.village_id) not in existing]
    recorder = made[0].recorded_by if made else None
    bulk_create_with_history(
        new,
        IndicatorRecord,
        default_user=recorder,
        default_date=timezone.make_aware(
            datetime.datetime.combine(commune.cutoff_date(month), datetime.time(9))
        ),
    )
    return len(new)
