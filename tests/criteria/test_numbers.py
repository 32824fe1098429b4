from decimal import Decimal

import pytest

from criteria.numbers import (
    format_number,
    format_percent,
    format_quantity,
    parse_number,
    ratio,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20,5", Decimal("20.5")),
        ("20.5", Decimal("20.5")),
        (" 215 ", Decimal(215)),
        ("1.234", Decimal(1234)),
        ("1.234.567", Decimal(1234567)),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1,234,567", Decimal(1234567)),
        ("1 234", Decimal(1234)),
        ("0,05", Decimal("0.05")),
        ("", None),
    ],
)
def test_vietnamese_and_plain_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3.4.5", "20%", "NaN", "Infinity", "1e400x"])
def test_text_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_format_round_trips():
    for value in [
        Decimal("20.5"),
        Decimal(215),
        Decimal("0.05"),
        Decimal("1234.50"),
        Decimal("0.125"),
        Decimal(1805),
    ]:
        assert parse_number(format_number(value)) == value


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 800, Decimal("0.13")),  # 0.125: half-up, not half-to-even (0.12)
        (1, 1600, Decimal("0.06")),  # 0.0625
        (361, 1805, Decimal("20.00")),
        (2, 3, Decimal("66.67")),
        (0, 5, Decimal("0.00")),
        (1, 0, None),
        (None, 5, None),
    ],
)
def test_ratio_is_a_percentage_rounded_half_up(numerator, denominator, expected):
    assert ratio(numerator, denominator) == expected


def test_numbers_print_the_vietnamese_way_with_the_decimals_of_their_unit():
    assert format_number(Decimal(1805)) == "1.805"
    assert format_number(Decimal("1234567.5")) == "1.234.567,5"
    assert format_number(Decimal("2.125"), 2) == "2,13"
    assert format_number(Decimal("-0.001"), 2) == "0,00"
    assert format_number(None) == ""
    assert format_percent(ratio(1, 800)) == "0,13 %"
    assert format_percent(Decimal(20)) == "20,00 %"
    assert format_percent(None) == "—"
    assert format_quantity(Decimal("1805.4"), "hộ") == "1.805 hộ"
    assert format_quantity(Decimal("52.34"), "triệu đồng/người/năm") == "52,3 triệu đồng/người/năm"
