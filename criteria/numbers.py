"""Numbers as Vietnamese officials type them: "20,5" and "20.5" both mean 20.5, and
thousands may be grouped with dots ("1.234") or, with a decimal point, with commas."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

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


def format_number(number: Decimal | int | None) -> str:
    """The way a form shows a stored number back: 20,5 · 215 (no grouping, so that it
    parses back to the same value)."""
    if number is None:
        return ""
    text = f"{Decimal(number).normalize():f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
