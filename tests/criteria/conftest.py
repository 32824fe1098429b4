import datetime

import pytest

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def big_history(demo):
    """24 months × 40 villages, every per-village indicator filled every month."""
    from decimal import Decimal

    from criteria.models import IndicatorRecord
    from criteria.periods import add_months
    from villages.models import HouseholdRecord, Village

    def build():
        villages = list(demo.villages.all())
        for number in range(len(villages), 40):
            village = Village.objects.create(
                commune=demo, name=f"Thôn thử {number}", position=number
            )
            HouseholdRecord.objects.create(
                village=village, as_of=datetime.date(2022, 1, 1), households=100, population=400
            )
            villages.append(village)
        indicators = list(demo.criteria_set.indicators.filter(kind="ratio", per_village=True))
        months = [add_months(datetime.date(2022, 3, 1), step) for step in range(24)]
        IndicatorRecord.objects.bulk_create(
            IndicatorRecord(
                commune=demo,
                indicator=indicator,
                village=village,
                month=month,
                numerator=Decimal(50),
                denominator=Decimal(100),
            )
            for indicator in indicators
            for village in villages
            for month in months
            if month < datetime.date(2024, 1, 1) or village.name.startswith("Thôn thử")
        )

    return build
