"""Two people saving the same figure at the same moment, in two threads with their own
database connections: one save wins, the other gets the stale-edit error.

A transactional test (the threads must see each other's commits), in a file of its own:
see `pytest_collection_modifyitems` in tests/conftest.py."""

import datetime
import threading

import pytest
import time_machine
from django.db import close_old_connections, connection

from criteria.models import Indicator, IndicatorRecord
from criteria.services import records_save
from tests.criteria.test_services import MARCH, figure
from villages.conflicts import StaleEdit
from villages.models import Village


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
