"""The stored per-month status (criteria.monthly) equals a fresh computation from the
records, whatever sequence of saves, back-dated saves, deletions, threshold changes and
new villages led to it."""

import datetime
import io
import random
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from criteria.models import IndicatorRecord, MonthlyStatus, Threshold
from criteria.monthly import monthly_status_touch
from criteria.periods import add_months
from criteria.selectors import commune_status, latest_records, monthly_statuses, status_inputs
from criteria.services import FigureInput, records_save
from villages.conflicts import version_marker
from villages.models import Village

FIRST = datetime.date(2023, 11, 1)
LAST = datetime.date(2024, 12, 1)
MONTHS = 14
TODAY = datetime.datetime(2024, 12, 20, 2, tzinfo=datetime.UTC)


@pytest.fixture
def world(commune, villages, make_indicator, add_threshold, make_user):
    indicators = [
        make_indicator("1", "boolean"),
        make_indicator("2", "boolean", per_village=True),
        make_indicator("3.1", "ratio", comparator=">=", per_village=True),
        make_indicator("3.2", "ratio", comparator="<"),
        make_indicator("4.1", "number", comparator=">=", unit="ha"),
        make_indicator("4.2", "number", comparator=">=", unit="km", per_village=True),
    ]
    add_threshold(indicators[2], ">=", "50")
    add_threshold(indicators[3], "<", "10")
    add_threshold(indicators[4], ">=", "20")
    # 4.2 has no threshold: "not configured" must match too.
    return commune, indicators, make_user("recorder")


def random_values(rng: random.Random, indicator) -> dict:
    if indicator.kind == "boolean":
        return {"met": rng.choice([True, False, True, None])}
    if indicator.kind == "ratio":
        if rng.random() < 0.1:
            return {"numerator": None, "denominator": None}
        denominator = Decimal(rng.randint(1, 400))
        return {"numerator": Decimal(rng.randint(0, int(denominator))), "denominator": denominator}
    return {"value": None if rng.random() < 0.1 else Decimal(rng.randint(0, 4000)) / 100}


def save(commune, user, rng, indicators) -> None:
    month = add_months(FIRST, rng.randrange(MONTHS))
    indicator = rng.choice(indicators)
    villages = list(commune.villages.all())
    # Now and then a commune figure of a per-village indicator: stored, never counted.
    place = rng.choice(villages) if indicator.per_village and rng.random() < 0.9 else None
    current = latest_records(commune, month).filter(indicator=indicator, village=place).first()
    records_save(
        commune=commune,
        month=month,
        user=user,
        figures=[
            FigureInput(
                indicator=indicator,
                village=place,
                values=random_values(rng, indicator),
                base=version_marker(current),
            )
        ],
    )


def delete(rng) -> None:
    """As the admin deletes a record: then monthly_status_touch."""
    records = list(IndicatorRecord.objects.order_by("pk"))
    if records:
        record = rng.choice(records)
        record.delete()
        monthly_status_touch([(record.indicator_id, record.month)])


def figures(status) -> dict:
    return {
        result.indicator.code: (
            result.status,
            result.value,
            result.numerator,
            result.denominator,
            result.reason,
            result.latest_month,
            result.oldest_month,
        )
        for criterion in status.criteria
        for result in criterion.indicators
    }


def assert_stored_equals_fresh(commune) -> None:
    inputs = status_inputs(commune, LAST)
    stored = monthly_statuses(commune, inputs, LAST, MONTHS + 2)
    assert stored[0].month == add_months(FIRST, -2)
    for status in stored:
        fresh = commune_status(commune, status.month)
        assert figures(status) == figures(fresh), status.month
        assert (status.met_count, status.has_data) == (fresh.met_count, fresh.has_data)
        assert status.latest_data_month == fresh.latest_data_month


def value_of(status, code: str) -> Decimal | None:
    return figures(status)[code][1]


def stored_rows(commune) -> list[tuple]:
    return list(
        MonthlyStatus.objects.filter(commune=commune)
        .order_by("indicator_id", "month")
        .values_list(
            "indicator_id",
            "month",
            "places",
            "figures",
            "noes",
            "numerator",
            "denominator",
            "value",
            "oldest",
        )
    )


@time_machine.travel(TODAY)
def test_stored_status_equals_fresh_computation_after_random_changes(world):
    commune, indicators, user = world
    rng = random.Random(19)
    for step in range(200):
        roll = rng.random()
        if roll < 0.8:
            save(commune, user, rng, indicators)
        elif roll < 0.93:
            delete(rng)
        elif roll < 0.97:
            # A threshold changes (the admin): the table keeps sums, not verdicts.
            Threshold.objects.filter(indicator=indicators[2]).update(
                value=Decimal(rng.randint(10, 90))
            )
        elif Village.objects.filter(commune=commune).count() < 4:
            Village.objects.create(commune=commune, name=f"Mới {step}", position=10 + step)
        if step % 100 == 99:
            assert_stored_equals_fresh(commune)
    assert MonthlyStatus.objects.filter(commune=commune).count() > MONTHS
    kept = stored_rows(commune)
    call_command("rebuild_status", stdout=io.StringIO())
    assert stored_rows(commune) == kept


@time_machine.travel(TODAY)
def test_back_dated_save_carries_forward_to_later_months(world):
    commune, indicators, user = world
    ratio = indicators[3]  # commune ratio, threshold < 10 %
    base = ""
    for month, numerator in ((datetime.date(2024, 1, 1), 5), (datetime.date(2024, 6, 1), 8)):
        values = {"numerator": Decimal(numerator), "denominator": Decimal(100)}
        records_save(
            commune=commune,
            month=month,
            user=user,
            figures=[FigureInput(ratio, None, values, base=base)],
        )
        base = version_marker(IndicatorRecord.objects.get(indicator=ratio, month=month))
    inputs = status_inputs(commune, datetime.date(2024, 5, 1))
    march = monthly_statuses(commune, inputs, datetime.date(2024, 5, 1), 3)
    assert [value_of(s, "3.2") for s in march] == [Decimal("5.00")] * 3

    # Back-dated to February: March–May inherit it, June keeps its own figure.
    january = IndicatorRecord.objects.get(indicator=ratio, month=datetime.date(2024, 1, 1))
    records_save(
        commune=commune,
        month=datetime.date(2024, 2, 1),
        user=user,
        figures=[
            FigureInput(
                ratio,
                None,
                {"numerator": Decimal(30), "denominator": Decimal(100)},
                base=version_marker(january),
            )
        ],
    )
    statuses = monthly_statuses(
        commune, status_inputs(commune, datetime.date(2024, 7, 1)), datetime.date(2024, 7, 1), 7
    )
    values = [value_of(s, "3.2") for s in statuses]
    assert values == [Decimal(5)] + [Decimal(30)] * 4 + [Decimal(8)] * 2
    assert statuses[1].criteria[2].status == "not_met"


@time_machine.travel(TODAY)
def test_admin_deleting_a_record_refreshes_the_stored_status(world, client, django_user_model):
    commune, indicators, user = world
    records_save(
        commune=commune,
        month=datetime.date(2024, 3, 1),
        user=user,
        figures=[FigureInput(indicators[0], None, {"met": False}, base="")],
    )
    record = IndicatorRecord.objects.get(indicator=indicators[0])
    admin = django_user_model.objects.create_superuser("test-admin", password="x-Pass-2024!")
    client.force_login(admin)
    response = client.post(f"/admin/criteria/indicatorrecord/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not MonthlyStatus.objects.filter(indicator=indicators[0]).exists()
    status = monthly_statuses(
        commune, status_inputs(commune, datetime.date(2024, 3, 1)), datetime.date(2024, 3, 1), 1
    )[0]
    assert status.criteria[0].indicators[0].reason == "Chưa có số liệu."
