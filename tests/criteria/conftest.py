import datetime

import pytest

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def big_history(demo):
    """24 months × 40 villages, every per-village ratio indicator filled every month (the
    demo's villages up to December 2023: they have their own 2024 figures)."""
    from criteria.periods import add_months
    from tests.records import insert_records
    from villages.models import HouseholdRecord, Village

    def build():
        demo_villages = [v.pk for v in demo.villages.all()]
        added = []
        for number in range(len(demo_villages), 40):
            village = Village.objects.create(
                commune=demo, name=f"Thôn thử {number}", position=number
            )
            HouseholdRecord.objects.create(
                village=village, as_of=datetime.date(2022, 1, 1), households=100, population=400
            )
            added.append(village.pk)
        indicators = demo.criteria_set.indicators.filter(kind="ratio", per_village=True)
        months = [add_months(datetime.date(2022, 3, 1), step) for step in range(24)]

        def places(villages):
            return [(i.pk, v, None, 50, 100, None) for i in indicators for v in villages]

        insert_records(places(demo_villages), [m for m in months if m.year < 2024], demo.pk)
        insert_records(places(added), months, demo.pk)

    return build
