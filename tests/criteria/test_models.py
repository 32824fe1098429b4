"""Integrity lives in the database: these constraints hold even without forms."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from criteria.models import IndicatorRecord, Threshold
from villages.models import HouseholdRecord


def test_indicator_code_is_unique_within_a_set(make_indicator):
    make_indicator("13.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator("13.2")


def test_same_code_allowed_in_another_set(make_indicator, criteria_set):
    from criteria.models import CriteriaSet, Criterion, Indicator

    make_indicator("13.2")
    other = CriteriaSet.objects.create(
        code="other", decision_ref="2", title="Khác", valid_from=datetime.date(2026, 1, 1)
    )
    criterion = Criterion.objects.create(criteria_set=other, number=13, name="TC 13")
    Indicator.objects.create(
        criteria_set=other, criterion=criterion, code="13.2", name="x", kind="boolean"
    )
    assert (
        Indicator.objects.filter(code="13.2", criteria_set__in=[other, criteria_set]).count() == 2
    )


def test_negative_household_count_is_rejected(villages):
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdRecord.objects.filter(pk=villages[0].household_records.get().pk).update(
            households=-1
        )


def test_one_household_figure_per_village_and_date(villages):
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdRecord.objects.create(
            village=villages[0], as_of=datetime.date(2024, 1, 1), households=5
        )


def test_threshold_cannot_be_negative(make_indicator):
    indicator = make_indicator("10", kind="number")
    with pytest.raises(IntegrityError), transaction.atomic():
        Threshold.objects.create(
            indicator=indicator, scope="general", comparator=">=", value=Decimal(-1)
        )


def test_percentage_threshold_cannot_exceed_100(make_indicator):
    indicator = make_indicator("17.1", kind="ratio")
    with pytest.raises(IntegrityError), transaction.atomic():
        Threshold.objects.create(
            indicator=indicator,
            scope="general",
            comparator=">=",
            value=Decimal(101),
            is_percentage=True,
        )


def test_region_threshold_must_name_its_region(make_indicator):
    indicator = make_indicator("17.1", kind="ratio")
    with pytest.raises(IntegrityError), transaction.atomic():
        Threshold.objects.create(
            indicator=indicator, scope="region", comparator=">=", value=Decimal(1)
        )


def test_only_one_general_threshold(make_indicator, add_threshold):
    indicator = make_indicator("17.1", kind="ratio")
    add_threshold(indicator, ">=", "20")
    with pytest.raises(IntegrityError), transaction.atomic():
        add_threshold(indicator, ">=", "30")


def test_record_numerator_cannot_exceed_denominator(make_indicator, villages):
    indicator = make_indicator("17.1", kind="ratio", per_village=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorRecord.objects.create(
            commune=villages[0].commune,
            indicator=indicator,
            village=villages[0],
            month=datetime.date(2024, 3, 1),
            numerator=Decimal(11),
            denominator=Decimal(10),
        )


def test_record_month_is_first_day(make_indicator, commune):
    indicator = make_indicator("1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorRecord.objects.create(
            commune=commune, indicator=indicator, month=datetime.date(2024, 3, 2), met=True
        )


def test_one_commune_record_per_indicator_and_month(make_indicator, commune):
    indicator = make_indicator("1.1")
    IndicatorRecord.objects.create(
        commune=commune, indicator=indicator, month=datetime.date(2024, 3, 1), met=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorRecord.objects.create(
            commune=commune, indicator=indicator, month=datetime.date(2024, 3, 1), met=False
        )
