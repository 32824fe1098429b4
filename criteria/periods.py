"""Reporting months: the `2024-03` URL form, and where a month stands in time."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def current_month() -> datetime.date:
    return month_start(timezone.localdate())


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_slug(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def is_future(month: datetime.date) -> bool:
    return month > current_month()


class MonthConverter:
    """`<month:month>` in URLs: 2024-03 → date(2024, 3, 1); 2024-13 does not match (404)."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        match = MONTH_PATTERN.match(value)
        if not match or int(match.group(1)) < 2000:
            raise ValueError(value)
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def to_url(self, value: datetime.date) -> str:
        return month_slug(value)
