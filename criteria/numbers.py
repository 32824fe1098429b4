"""Numbers as Vietnamese officials type and read them.

Reading: "20,5" and "20.5" both mean 20.5, and thousands may be grouped with dots
("1.234") or, with a decimal point, with commas.

Computing and printing: the one place a ratio is computed (`ratio`: a percentage rounded
half-up, as Vietnamese statistics practice expects, so 1/800 is 0,13 % everywhere) and a
number printed (`format_number`, `format_quantity`: thousands ".", decimals ","). Pages,
template filters, the PDF, the XLSX and the CLI all call these, so that a page and a
document never show the same figure two ways.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DOT_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 · 1.234.567 · 1.234,5
COMMA_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234.5 · 1,234,567
# What is left once the thousands separators are gone: digits, one decimal point. No
# exponent ("1e3"), no "_" grouping, no "Infinity": a figure is written out in full.
PLAIN = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)


def parse_number(text: str) -> Decimal | None:
    """Decimal from user input, None for an empty field; ValueError when not a number.

    A single dot followed by exactly three digits is a thousands separator, as in
    Vietnamese ("1.234" is one thousand two hundred and thirty-four). Full-width digits
    and signs (a Chinese or Japanese input method) are read as ASCII (NFKC); scientific
    notation is refused."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not cleaned:
        return None
    if DOT_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif COMMA_THOUSANDS.match(cleaned) and (cleaned.count(",") > 1 or "." in cleaned):
        cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    if not PLAIN.match(cleaned):
        raise ValueError(text)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


ROUNDING = ROUND_HALF_UP
PERCENT = "%"
PERCENT_DECIMALS = 2
HUNDRED = Decimal(100)
# Decimals printed per unit: the one table. Counts (households, persons, workdays, đồng)
# are whole; every percentage of a document has the same two decimals, which 1/800
# (0,13 %) needs. A unit not listed gets DEFAULT_DECIMALS.
UNIT_DECIMALS: dict[str, int] = {
    PERCENT: PERCENT_DECIMALS,
    "hộ": 0,
    "hộ gia đình": 0,
    "người": 0,
    "nhân khẩu": 0,
    "lao động": 0,
    "thôn": 0,
    "đồng": 0,
    "ngày công": 0,
    "triệu đồng/người/năm": 1,
    "m²/người": 1,
}
DEFAULT_DECIMALS = 2
NO_VALUE = "—"


def decimals_for(unit: str) -> int:
    return UNIT_DECIMALS.get(unit.strip(), DEFAULT_DECIMALS)


# 1, 0.1, 0.01, …: the quantum of each number of decimals, built once (a dashboard rounds
# some 800 figures).
QUANTA = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(10)}


def as_decimal(number: Decimal | int | float) -> Decimal:
    """A Decimal as it is (str() and back would give the same digits and exponent), any
    other number through its text (0.1 is 0.1, not the binary fraction)."""
    return number if isinstance(number, Decimal) else Decimal(str(number))


def rounded(number: Decimal | int | float, decimals: int) -> Decimal:
    """`number` to `decimals` places, half-up (2,125 → 2,13; never half-to-even)."""
    quantum = QUANTA.get(decimals) or Decimal(1).scaleb(-decimals)
    return as_decimal(number).quantize(quantum, ROUNDING)


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """numerator / denominator as a percentage rounded half-up to PERCENT_DECIMALS
    (1/800 → 0.13); None when either is missing or the denominator is zero."""
    if numerator is None or not denominator:
        return None
    return rounded(Decimal(numerator) * HUNDRED / Decimal(denominator), PERCENT_DECIMALS)


def format_number(
    number: Decimal | int | float | None, decimals: int | None = None, *, empty: str = ""
) -> str:
    """Vietnamese style: thousands ".", decimals "," (1.805 · 20,50 · 1.234,5). With
    `decimals`, exactly that many (rounded half-up); without, as many as the number has,
    no trailing zeros (how a form shows a stored figure back: it parses to the same
    value, and how a figure entered by hand is printed). `empty` for None."""
    if number is None:
        return empty
    value = as_decimal(number)
    if decimals is None:
        text = f"{value.normalize():f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{rounded(value, decimals):f}"
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    if sign and not any(digit not in "0.," for digit in whole + fraction):
        sign = ""  # -0,00 is printed 0,00
    return sign + grouped + ("," + fraction if fraction else "")


def format_quantity(number: Decimal | int | float | None, unit: str = "") -> str:
    """A figure with its unit, with the decimals of UNIT_DECIMALS: "0,13 %", "1.805 hộ",
    "52,3 triệu đồng/người/năm"; "—" for None."""
    if number is None:
        return NO_VALUE
    return f"{format_number(number, decimals_for(unit))} {unit}".strip()


def format_percent(number: Decimal | int | float | None) -> str:
    """A percentage (already ×100): "0,13 %"; "—" for None."""
    return format_quantity(number, PERCENT)
