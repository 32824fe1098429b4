"""A published 2026–2030 criteria set for tests. TEST DATA, made for the tests: its
code, decision, names and threshold are invented (marked "THỬ NGHIỆM"); the app never
invents QĐ 51/2025's official indicators."""

import datetime
from decimal import Decimal

from django.utils import timezone

from criteria.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorCrosswalk,
    IndicatorRecord,
    SetStatus,
    Threshold,
)
from criteria.monthly import monthly_status_refresh
from villages.services import commune_data_changed

JANUARY_2026 = datetime.date(2026, 1, 1)
DECEMBER_2025 = datetime.date(2025, 12, 1)
TEST_DECISION = "99/2025/QĐ-THỬ"


def publish_test_set(commune, *, crosswalk: bool = True) -> CriteriaSet:
    """A published set valid from 01/01/2026 in the commune's province: criterion 1 with
    a per-village water indicator 1.1 (continuing QĐ 318's 17.1 when `crosswalk`) and a
    new yes/no indicator 1.2 that nothing maps to."""
    new = CriteriaSet.objects.create(
        code="test-2026-2030",
        decision_ref=TEST_DECISION,
        title="Bộ tiêu chí THỬ NGHIỆM giai đoạn 2026 - 2030 (dữ liệu thử)",
        valid_from=JANUARY_2026,
        valid_to=datetime.date(2030, 12, 31),
        status=SetStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    criterion = Criterion.objects.create(criteria_set=new, number=1, name="Môi trường (thử)")
    water = Indicator.objects.create(
        criteria_set=new,
        criterion=criterion,
        code="1.1",
        position=1,
        name="Tỷ lệ hộ dùng nước sạch tập trung (thử)",
        kind="ratio",
        comparator=">=",
        per_village=True,
        numerator_label="Số hộ dùng nước sạch",
        denominator_label="Tổng số hộ",
        denominator_source="households",
    )
    Threshold.objects.create(
        indicator=water, scope="general", comparator=">=", value=Decimal(25), is_percentage=True
    )
    Indicator.objects.create(
        criteria_set=new,
        criterion=criterion,
        code="1.2",
        position=2,
        name="Chỉ tiêu mới (thử)",
        kind="boolean",
        requires_evidence=True,
    )
    if crosswalk:
        IndicatorCrosswalk.objects.create(
            criteria_set=new,
            old_indicator=commune.criteria_set.indicators.get(code="17.1"),
            new_indicator=water,
            same_meaning=True,
        )
    commune.province.criteria_sets.add(new)
    return new


def record_water(commune, indicator, month: datetime.date, served: int) -> None:
    """`served` households of each village on clean water in `month`, saved as
    `records_save` saves figures: the rows in one statement, then the stored status of
    the indicator refreshed from that month on and the commune's data version raised
    (post_save would refresh it once per village)."""
    IndicatorRecord.objects.bulk_create(
        IndicatorRecord(
            commune=commune,
            indicator=indicator,
            village=village,
            month=month,
            numerator=served,
            denominator=100,
        )
        for village in commune.villages.all()
    )
    monthly_status_refresh(commune=commune, indicator_ids=[indicator.pk], since=month)
    commune_data_changed(commune_id=commune.pk)
