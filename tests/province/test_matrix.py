"""The province's matrix (criteria.matrix: every commune at once, statuses only) gives
exactly what the per-commune computation (`stored_status`, the commune's own pages)
gives, commune by commune and month by month, on communes whose data, thresholds,
villages and sets in force differ."""

import datetime
from decimal import Decimal

import pytest

from criteria.matrix import criteria_statuses_of_communes
from criteria.models import CommuneSetOverride, IndicatorRecord, Threshold
from criteria.monthly import monthly_status_rebuild
from criteria.periods import add_months
from criteria.selectors import stored_status
from criteria.status import Status
from province.selectors import province_overview
from tests.conftest import around_module
from tests.criteria.sets_2026 import JANUARY_2026, publish_test_set, record_water
from tests.province.conftest import make_province_staff
from villages.models import Commune, Village

FEBRUARY, MARCH = datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)
MONTHS = [
    datetime.date(2024, 1, 1),
    FEBRUARY,
    MARCH,
    datetime.date(2025, 12, 1),
    JANUARY_2026,
    datetime.date(2026, 2, 1),
]


def record(commune, code, month, village=None, **figures) -> None:
    indicator = commune.criteria_set.indicators.get(code=code)
    IndicatorRecord.objects.create(
        commune=commune, indicator=indicator, village=village, month=month, **figures
    )


@pytest.fixture(scope="module")
def communes_in_module(django_db_setup, django_db_blocker):
    """Built once for the module's tests, which only read them, in a transaction rolled
    back after the last one (`around_module`): each test's own writes go with the test."""
    with around_module(django_db_blocker):
        with django_db_blocker.unblock():
            demo = Commune.objects.get(name="Quang Trung")
            built = build_communes(demo, make_province_staff(demo).other)
        yield built


@pytest.fixture
def communes(communes_in_module, db):
    return communes_in_module


def build_communes(demo: Commune, other: Commune) -> list[Commune]:
    """Quang Trung (the demo's records, its own thresholds for 11 and 17.1, on the test
    2026 set from January 2026 with water figures); Bốn (its region, one figure) and Khác
    (no region, the same figure); Ba (Quang Trung's region and group, two villages, one
    without its figure of criterion 16, its own threshold for 2.2, figures changing
    between February and March, kept on QĐ 318 in 2026 by an override)."""
    ba = Commune.objects.create(
        name="Ba",
        province=demo.province,
        criteria_set=demo.criteria_set,
        # Quang Trung's region and (no) group: only their own thresholds tell them apart.
        region=demo.region,
        commune_group=demo.commune_group,
    )
    one, two = (Village.objects.create(commune=ba, name=n, position=i) for i, n in enumerate("AB"))
    boolean = demo.criteria_set.indicators.filter(kind="boolean", per_village=False)[0].code
    record(ba, boolean, FEBRUARY, met=True)
    record(ba, boolean, MARCH, met=False)
    for village in (one, two):
        record(ba, "2.2", FEBRUARY, village, numerator=95, denominator=100)
        record(ba, "2.3", FEBRUARY, village, numerator=95, denominator=100)
    record(ba, "2.2", MARCH, one, numerator=50, denominator=100)
    record(ba, "2.3", MARCH, two, numerator=99, denominator=100)
    record(ba, "10", FEBRUARY, value=Decimal(50))
    record(ba, "17.4", MARCH, value=Decimal(1))
    record(ba, "16", FEBRUARY, one, numerator=80, denominator=100)  # B has no figure
    Threshold.objects.create(
        indicator=demo.criteria_set.indicators.get(code="2.2"),
        scope="commune",
        commune=ba,
        comparator=">=",
        value=Decimal(99),
        is_percentage=True,
    )
    monthly_status_rebuild(ba)
    # Criterion 10's threshold is by region: Bốn's is the province's, Khác has none.
    bon = Commune.objects.create(
        name="Bốn", province=demo.province, criteria_set=demo.criteria_set, region=demo.region
    )
    Village.objects.create(commune=bon, name="Một")
    for commune in (bon, other):
        record(commune, "10", FEBRUARY, value=Decimal(50))
        monthly_status_rebuild(commune)
    new_set = publish_test_set(demo)
    record_water(demo, new_set.indicators.get(code="1.1"), JANUARY_2026, 30)
    CommuneSetOverride.objects.create(
        commune=ba, criteria_set=demo.criteria_set, from_month=JANUARY_2026, reason="Thí điểm"
    )
    return list(Commune.objects.filter(province=demo.province).order_by("name"))


def per_commune(commune: Commune, month: datetime.date) -> tuple[int, list]:
    status = stored_status(Commune.objects.get(pk=commune.pk), month)
    return status.criteria_set.pk, [(r.criterion.pk, r.status) for r in status.criteria]


@pytest.mark.parametrize("month", MONTHS[1:])
def test_the_matrix_equals_the_per_commune_status(communes, month):
    before = add_months(month, -1)
    fast = criteria_statuses_of_communes(communes, [before, month])
    assert {pk for pk, _month in fast} == {c.pk for c in communes}
    for commune in communes:
        for when in (before, month):
            standing = fast[commune.pk, when]
            mine = (standing.assessed_by.criteria_set.pk, [(c.pk, s) for c, s in standing.criteria])
            assert mine == per_commune(commune, when), (commune.name, when)


def test_the_data_differs_between_communes_months_and_sets(communes):
    """What the equality above is worth: the statuses differ between communes and between
    February and March, and January 2026 is assessed by two sets."""
    fast = criteria_statuses_of_communes(communes, [FEBRUARY, MARCH, JANUARY_2026])
    ba, bon, khac, quang_trung = (c.pk for c in communes)
    assert fast[ba, FEBRUARY].criteria != fast[ba, MARCH].criteria
    assert len({tuple(fast[pk, MARCH].criteria) for pk in (ba, bon, khac, quang_trung)}) == 4
    in_2026 = {pk: fast[pk, JANUARY_2026].assessed_by.criteria_set for pk in (ba, khac)}
    assert in_2026[ba].pk == communes[0].criteria_set_id  # QĐ 318, by the override
    assert in_2026[khac].code == "test-2026-2030"
    statuses = {s for pk in (ba, quang_trung) for _c, s in fast[pk, MARCH].criteria}
    assert statuses == {Status.MET, Status.NOT_MET, Status.UNKNOWN}


@pytest.mark.parametrize("month", [MARCH, JANUARY_2026])
def test_the_overview_counts_what_each_commune_counts(communes, month):
    overview = province_overview(communes[0].province, month, month)
    for standing in overview.standings:
        _set, now = per_commune(standing.commune, month)
        _set, before = per_commune(standing.commune, add_months(month, -1))
        assert standing.met == sum(1 for _c, s in now if s == Status.MET)
        assert standing.previous_met == sum(1 for _c, s in before if s == Status.MET)
        assert standing.total == len(now)
