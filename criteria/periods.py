"""Reporting months: the `2024-03` URL form, where a month stands in time, and the
navigation between months every month page shows."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
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


@dataclass(frozen=True)
class MonthNav:
    """Links to the month before and after (none before `first` or into the future) and,
    when `months` is given, a month selector submitting ?month=YYYY-MM to `choose_url`."""

    month: datetime.date
    previous: datetime.date | None
    previous_url: str
    next: datetime.date | None
    next_url: str
    months: Sequence[datetime.date] = ()
    choose_url: str = ""


def month_nav(
    month: datetime.date,
    url_name: str,
    *,
    first: datetime.date | None = None,
    months: Sequence[datetime.date] = (),
    choose_url: str = "",
    **url_kwargs: object,
) -> MonthNav:
    """The one month navigation of the site's pages (rendered by
    templates/criteria/_month_nav.html); `url_kwargs` are the page's other URL arguments."""
    previous, following = add_months(month, -1), add_months(month, 1)
    if first is not None and previous < first:
        previous = None
    if is_future(following):
        following = None

    def url(target: datetime.date | None) -> str:
        return reverse(url_name, kwargs={"month": target, **url_kwargs}) if target else ""

    return MonthNav(
        month=month,
        previous=previous,
        previous_url=url(previous),
        next=following,
        next_url=url(following),
        months=months,
        choose_url=choose_url,
    )
