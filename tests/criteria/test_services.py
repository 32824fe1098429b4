import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from criteria.models import Indicator, IndicatorRecord, MonthClosure
from criteria.services import FigureInput, MonthClosed, records_save
from villages.conflicts import StaleEdit
from villages.models import Village

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def setup(demo):
    village = Village.objects.get(name="Hợp Lộc")
    indicator = Indicator.objects.get(code="17.1")
    base = IndicatorRecord.objects.get(indicator=indicator, village=village)
    return demo, indicator, village, f"{base.pk}:{base.version}"


def figure(indicator, village, base, numerator):
    return FigureInput(
        indicator=indicator,
        village=village,
        values={
            "numerator": Decimal(numerator),
            "denominator": Decimal(215),
            "denominator_note": "",
        },
        base=base,
    )


@time_machine.travel(datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC))
def test_unchanged_figure_writes_nothing_and_changed_one_starts_the_month(setup, django_user_model):
    commune, indicator, village, base = setup
    user = django_user_model.objects.get(username="thon.hoploc")
    result = records_save(
        commune=commune, month=MARCH, user=user, figures=[figure(indicator, village, base, 0)]
    )
    assert (result.created, result.unchanged) == (0, 1)
    result = records_save(
        commune=commune, month=MARCH, user=user, figures=[figure(indicator, village, base, 5)]
    )
    record = IndicatorRecord.objects.get(indicator=indicator, village=village, month=MARCH)
    assert (result.created, record.numerator, record.version) == (1, 5, 1)


@time_machine.travel(datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC))
def test_closed_and_future_months_are_refused(setup, django_user_model):
    commune, indicator, village, base = setup
    user = django_user_model.objects.get(username="thon.hoploc")
    with pytest.raises(ValidationError):
        records_save(commune=commune, month=datetime.date(2024, 4, 1), user=user, figures=[])
    MonthClosure.objects.create(commune=commune, month=MARCH)
    with pytest.raises(MonthClosed):
        records_save(
            commune=commune, month=MARCH, user=user, figures=[figure(indicator, village, base, 9)]
        )
    assert not IndicatorRecord.objects.filter(month=MARCH, indicator=indicator).exists()


@time_machine.travel(datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC))
def test_a_failed_figure_leaves_the_others_unsaved(setup, django_user_model):
    commune, indicator, village, base = setup
    user = django_user_model.objects.get(username="thuongtruc")
    other = Village.objects.get(name="Bái E")
    good = figure(
        indicator,
        other,
        f"{IndicatorRecord.objects.get(indicator=indicator, village=other).pk}:1",
        7,
    )
    stale = figure(indicator, village, "999:1", 8)
    with pytest.raises(StaleEdit):
        records_save(commune=commune, month=MARCH, user=user, figures=[good, stale])
    assert not IndicatorRecord.objects.filter(month=MARCH, indicator=indicator).exists()
