"""Template filters printing numbers the one way criteria.numbers defines:
`{{ value|figure:indicator }}` ("0,13 %", "52,3 triệu đồng/người/năm"),
`{{ value|percent }}` ("18,60 %"), `{{ value|number }}` ("1.805", as stored) and
`{{ value|number:0 }}` (fixed decimals)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from criteria.models import Indicator
from criteria.numbers import NO_VALUE, format_number, format_percent

register = template.Library()


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    return indicator.format_value(value)


@register.filter
def percent(value: Decimal | None) -> str:
    # A missing record's percentage resolves to "" in a template (a commune's first
    # month: no previous figure): printed as no value, not a server error.
    return format_percent(value if isinstance(value, Decimal | int | float) else None)


@register.filter
def number(value: Decimal | int | None, decimals: int | None = None) -> str:
    if value is None or value == "":
        return NO_VALUE
    return format_number(value, None if decimals is None else int(decimals))
