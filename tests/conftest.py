import datetime
import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from criteria.models import (
    AssignmentRole,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAssignment,
    Threshold,
)
from villages.models import (
    BodyKind,
    Commune,
    HouseholdRecord,
    Profile,
    Province,
    ResponsibleBody,
    Village,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo commune's 2024 seed (January–March 2024, March the open month) is in the
    test database from the start, whatever today's date: loading it once instead of in
    every test keeps the suite fast. Each test runs in a transaction that is rolled back,
    so the demo is the same for every test."""
    with django_db_blocker.unblock():
        call_command("load_demo", until="2024-03", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a test's rolled-back transaction puts the
    communes' data versions back, so a page cached by an earlier test could match."""
    cache.clear()
    yield


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis for the queue and cache tests (database 15 unless TEST_REDIS_URL says
    otherwise, emptied at the end); skipped with the reason when Redis is not reachable
    (.ci/run starts it)."""
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {url} ({error}); .ci/run starts it")
    yield url
    client.flushdb()


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded files go to a temporary folder, never to the project's data/."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def demo(db):
    return Commune.objects.get(name="Quang Trung")


def remove_demo() -> None:
    from django.test import override_settings

    from plans.models import Plan

    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # no history rows: much faster
        Plan.objects.all().delete()  # tasks protect the bodies they name
        Commune.objects.all().delete()


@pytest.fixture
def no_demo(db):
    """For a test about a fresh installation: the demo commune is removed (in the test's
    transaction only)."""
    remove_demo()


@contextmanager
def around_module(django_db_blocker) -> Iterator[None]:
    """A transaction around a module's tests, for a module-scoped fixture to write in:
    every test of the module sees what it wrote (each test's own transaction is a savepoint
    inside this one), and it is gone when this is rolled back after the last test. A
    module-scoped fixture is set up before the tests' `db`, so this opens first."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def no_demo_in_module(django_db_setup, django_db_blocker):
    """`no_demo` once for a whole module whose tests never use the demo."""
    with around_module(django_db_blocker):
        with django_db_blocker.unblock():
            remove_demo()
        yield


@pytest.fixture
def criteria_set(db):
    return CriteriaSet.objects.create(
        code="test-set",
        decision_ref="1/QĐ-TEST",
        title="Bộ tiêu chí thử",
        valid_from=datetime.date(2021, 1, 1),
    )


@pytest.fixture
def province(db):
    return Province.objects.create(name="Tỉnh Thử", code="99")


@pytest.fixture
def commune(db, criteria_set, province):
    return Commune.objects.create(
        name="Thử Nghiệm", province=province, region="north_central", criteria_set=criteria_set
    )


@pytest.fixture
def make_indicator(criteria_set):
    """An indicator in its own criterion (created on demand)."""

    def make(code: str, kind: str = "boolean", **fields) -> Indicator:
        group, _ = CriteriaGroup.objects.get_or_create(
            criteria_set=criteria_set, number=1, defaults={"name": "Nhóm 1"}
        )
        number = int(code.split(".")[0])
        criterion, _ = Criterion.objects.get_or_create(
            criteria_set=criteria_set,
            number=number,
            defaults={"name": f"Tiêu chí {number}", "group": group},
        )
        return Indicator.objects.create(
            criteria_set=criteria_set,
            criterion=criterion,
            code=code,
            name=f"Chỉ tiêu {code}",
            kind=kind,
            **fields,
        )

    return make


@pytest.fixture
def add_threshold():
    def add(indicator: Indicator, comparator: str, value: str, **target) -> Threshold:
        target.setdefault("scope", "general")
        return Threshold.objects.create(
            indicator=indicator,
            comparator=comparator,
            value=Decimal(value),
            is_percentage=indicator.is_percentage,
            **target,
        )

    return add


@pytest.fixture
def villages(commune):
    made = []
    for position, (name, households) in enumerate([("Một", 100), ("Hai", 300)], start=1):
        village = Village.objects.create(commune=commune, name=name, position=position)
        HouseholdRecord.objects.create(
            village=village, as_of=datetime.date(2024, 1, 1), households=households
        )
        made.append(village)
    return made


@pytest.fixture
def make_user(db):
    def make(username: str, role: str | None = None, commune=None, bodies=(), **fields):
        # Prefixed: the demo accounts (ubnd, thuongtruc, …) are in the test database too.
        user = get_user_model().objects.create_user(
            username=f"test-{username}", password="x-Pass-2024!", **fields
        )
        if role:
            Profile.objects.create(user=user, commune=commune, role=role)
        user.bodies.add(*bodies)
        return user

    return make


@pytest.fixture
def body(commune):
    return ResponsibleBody.objects.create(
        commune=commune,
        name="Ủy ban nhân dân xã",
        short_name="UBND xã",
        kind=BodyKind.PEOPLES_COMMITTEE,
    )


@pytest.fixture
def lead(body):
    def assign(indicator: Indicator) -> IndicatorAssignment:
        return IndicatorAssignment.objects.create(
            indicator=indicator, body=body, role=AssignmentRole.LEAD
        )

    return assign


@pytest.fixture
def in_march():
    """Today is 20/03/2024 (Hanoi time): March is the current reporting month."""
    with time_machine.travel(datetime.datetime(2024, 3, 20, 2, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def users(demo, django_user_model):
    """The demo accounts by username."""
    return {user.username: user for user in django_user_model.objects.all()}


@pytest.fixture
def login(client, users):
    def as_user(username):
        client.force_login(users[username])
        return client

    return as_user
