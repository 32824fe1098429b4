"""The one status computation: comparators, missing data, thresholds, precedence."""

import datetime
from decimal import Decimal

import pytest

from criteria.models import IndicatorRecord, Threshold
from criteria.selectors import commune_status
from criteria.status import Status, applicable_threshold, combine, evaluate_indicator

MARCH = datetime.date(2024, 3, 1)


def record(indicator, village=None, **values):
    return IndicatorRecord(indicator=indicator, village=village, month=MARCH, **values)


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        (">=", "20", Status.MET),
        (">=", "19.99", Status.NOT_MET),
        (">", "20", Status.NOT_MET),
        (">", "20.01", Status.MET),
        ("<=", "6.5", Status.MET),
        ("<=", "6.51", Status.NOT_MET),
        ("<", "6.5", Status.NOT_MET),
        ("<", "6.49", Status.MET),
    ],
)
def test_each_comparator(make_indicator, comparator, value, expected):
    indicator = make_indicator("10", kind="number", unit="triệu đồng")
    threshold = Threshold(
        indicator=indicator,
        scope="general",
        comparator=comparator,
        value=Decimal("20" if ">" in comparator else "6.5"),
    )
    result = evaluate_indicator(indicator, threshold, [record(indicator, value=Decimal(value))], [])
    assert result.status == expected


def test_no_record_is_unknown(make_indicator):
    indicator = make_indicator("10", kind="number")
    threshold = Threshold(indicator=indicator, scope="general", comparator=">=", value=Decimal(1))
    result = evaluate_indicator(indicator, threshold, [], [])
    assert result.status == Status.UNKNOWN
    assert result.reason


def test_missing_threshold_is_unknown_not_guessed(make_indicator):
    indicator = make_indicator("10", kind="number")
    result = evaluate_indicator(indicator, None, [record(indicator, value=Decimal(99))], [])
    assert result.status == Status.UNKNOWN
    assert result.value == Decimal(99)


def test_boolean_follows_recorded_flag(make_indicator):
    indicator = make_indicator("1.1")
    assert (
        evaluate_indicator(indicator, None, [record(indicator, met=True)], []).status == Status.MET
    )
    assert (
        evaluate_indicator(indicator, None, [record(indicator, met=False)], []).status
        == Status.NOT_MET
    )


def test_ratio_is_sum_of_numerators_over_sum_of_denominators(make_indicator, villages):
    indicator = make_indicator("17.1", kind="ratio", comparator=">=", per_village=True)
    threshold = Threshold(indicator=indicator, scope="general", comparator=">=", value=Decimal(20))
    small, large = villages
    records = [
        record(indicator, small, numerator=Decimal(50), denominator=Decimal(100)),  # 50 %
        record(indicator, large, numerator=Decimal(30), denominator=Decimal(300)),  # 10 %
    ]
    result = evaluate_indicator(indicator, threshold, records, [small.pk, large.pk])
    # 80 / 400 = 20 %, met; the mean of percentages would be 30 %.
    assert result.value == Decimal("20.00")
    assert result.status == Status.MET


def test_ratio_with_a_village_missing_is_unknown(make_indicator, villages):
    indicator = make_indicator("17.1", kind="ratio", comparator=">=", per_village=True)
    threshold = Threshold(indicator=indicator, scope="general", comparator=">=", value=Decimal(20))
    small, large = villages
    records = [record(indicator, small, numerator=Decimal(50), denominator=Decimal(100))]
    result = evaluate_indicator(indicator, threshold, records, [small.pk, large.pk])
    assert result.status == Status.UNKNOWN
    assert "1" in result.reason


def test_override_beats_region_beats_general(make_indicator, commune, add_threshold):
    indicator = make_indicator("11", kind="ratio", comparator="<")
    general = add_threshold(indicator, "<", "10")
    region = add_threshold(indicator, "<", "8", scope="region", region=commune.region)
    add_threshold(indicator, "<", "3", scope="region", region="mekong_delta")
    override = add_threshold(indicator, "<", "6.5", scope="commune", commune=commune)
    thresholds = list(indicator.thresholds.all())
    assert applicable_threshold(thresholds, commune, "region") == override
    override.delete()
    assert applicable_threshold(list(indicator.thresholds.all()), commune, "region") == region
    region.delete()
    assert applicable_threshold(list(indicator.thresholds.all()), commune, "region") == general


def test_commune_group_threshold_used_only_when_the_set_says_so(
    make_indicator, commune, add_threshold
):
    commune.commune_group = 2
    indicator = make_indicator("11", kind="ratio", comparator="<")
    general = add_threshold(indicator, "<", "10")
    group = add_threshold(indicator, "<", "5", scope="commune_group", commune_group=2)
    thresholds = list(indicator.thresholds.all())
    assert applicable_threshold(thresholds, commune, "commune_group") == group
    assert applicable_threshold(thresholds, commune, "region") == general


def test_criterion_met_only_when_all_indicators_met():
    assert combine([Status.MET, Status.MET]) == Status.MET
    assert combine([Status.MET, Status.NOT_MET, Status.UNKNOWN]) == Status.NOT_MET
    assert combine([Status.MET, Status.UNKNOWN]) == Status.UNKNOWN
    assert combine([]) == Status.UNKNOWN


def test_commune_status_carries_latest_record_forward(
    make_indicator, commune, django_assert_num_queries
):
    indicator = make_indicator("1.1")
    IndicatorRecord.objects.create(
        commune=commune, indicator=indicator, month=datetime.date(2024, 1, 1), met=False
    )
    IndicatorRecord.objects.create(
        commune=commune, indicator=indicator, month=datetime.date(2024, 2, 1), met=True
    )
    IndicatorRecord.objects.create(
        commune=commune, indicator=indicator, month=datetime.date(2024, 5, 1), met=False
    )
    # 5 + 2 for the set in force that month (criteria.sets: overrides, published sets).
    with django_assert_num_queries(7):
        status = commune_status(commune, datetime.date(2024, 3, 15))
    assert (status.met_count, status.total) == (1, 1)
    assert commune_status(commune, datetime.date(2024, 1, 31)).met_count == 0
    assert commune_status(commune, datetime.date(2023, 12, 1)).unknown_count == 1
