from decimal import Decimal

import pytest

from criteria.numbers import format_number, parse_number


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
    for value in [Decimal("20.5"), Decimal(215), Decimal("0.05"), Decimal("1234.50")]:
        assert parse_number(format_number(value)) == value
