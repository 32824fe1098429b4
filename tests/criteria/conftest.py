import datetime

import pytest
import time_machine

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def in_march():
    """Today is 20/03/2024 (Hanoi time): March is the current month."""
    with time_machine.travel(datetime.datetime(2024, 3, 20, 2, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def users(demo, django_user_model):
    return {user.username: user for user in django_user_model.objects.all()}


@pytest.fixture
def login(client, users):
    def as_user(username):
        client.force_login(users[username])
        return client

    return as_user


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
