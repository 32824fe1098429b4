import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

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


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_one_wins_the_other_conflicts(django_user_model):
    from django.core.management import call_command

    from villages.models import Commune

    # A transactional test empties the database afterwards; load the demo (idempotent).
    call_command("load_demo", until="2024-03", stdout=open("/dev/null", "w"))  # noqa: SIM115

    commune = Commune.objects.get()
    indicator = Indicator.objects.get(code="17.1")
    village = Village.objects.get(name="Hợp Lộc")
    record = IndicatorRecord.objects.get(indicator=indicator, village=village)
    base = f"{record.pk}:{record.version}"
    users = [django_user_model.objects.get(username=name) for name in ("thon.hoploc", "thuongtruc")]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, numerator):
        try:
            barrier.wait(timeout=10)
            with time_machine.travel(datetime.datetime(2024, 3, 20, 2, tzinfo=datetime.UTC)):
                records_save(
                    commune=commune,
                    month=MARCH,
                    user=user,
                    figures=[figure(indicator, village, base, numerator)],
                )
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("conflict")
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, n))
        for user, n in zip(users, (30, 40), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert (
        IndicatorRecord.objects.filter(indicator=indicator, village=village, month=MARCH).count()
        == 1
    )
