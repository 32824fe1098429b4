"""Two `send_reminders` at the same moment (two cron hosts, or beat firing twice) send
each reminder once: the log row is inserted first under its unique constraint, so the
second run's insert waits for the first transaction and then fails.

Runs on PostgreSQL only: SQLite takes one writer at a time (IMMEDIATE transactions), so
two runs there never overlap and the test would prove nothing."""

import datetime
import io
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import close_old_connections, connection

from notifications.models import Email, Notification, Sent
from notifications.services import emails_send
from notifications.tasks import reminders_run
from tests.notifications.conftest import at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has one writer at a time",
    ),
]


def test_two_concurrent_runs_send_nothing_twice():
    # A transactional test empties the database afterwards; load the demo (idempotent).
    call_command("load_demo", until="2024-03", stdout=io.StringIO())
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            reminders_run(day=datetime.date(2024, 3, 17), now=at(17))
            emails_send(now=at(17))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    with time_machine.travel(at(17), tick=False):
        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    sent = Sent.objects.count()
    assert sent == 2  # the head and the standing member: the escalation of March
    assert Notification.objects.count() == sent
    assert Email.objects.count() == sent
    assert sorted(m.to[0] for m in mail.outbox) == [
        "thuongtruc@quangtrung.example",
        "truongban@quangtrung.example",
    ]
