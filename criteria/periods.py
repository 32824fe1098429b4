"""Reporting months: the `2024-03` URL form, where a month stands in time, and the
navigation between months every month page shows."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

FIRST_YEAR = 2000
MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def current_month() -> datetime.date:
    return month_start(timezone.localdate())


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_slug(month: datetime.date) -> str:
    # Not f"{month:%Y-%m}": strftime costs ten times more, and a dashboard reverses a
    # month in tens of URLs.
    return f"{month.year:04d}-{month.month:02d}"


def is_future(month: datetime.date) -> bool:
    return month > current_month()


class MonthConverter:
    """`<month:month>` in URLs: 2024-03 → date(2024, 3, 1); 2024-13 does not match (404)."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        match = MONTH_PATTERN.match(value)
        if not match or int(match.group(1)) < FIRST_YEAR:
            raise ValueError(value)
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def to_url(self, value: datetime.date) -> str:
        return month_slug(value)


@dataclass(frozen=True)
class MonthNav:
    """Links to the month before and after (none before `first` or into the future) and,
    with `choose_url`, a year-and-month picker submitting ?year=&m= there."""

    month: datetime.date
    previous: datetime.date | None
    previous_url: str
    next: datetime.date | None
    next_url: str
    choose_url: str = ""
    years: Sequence[int] = ()
    """The year-and-month picker's years, newest first (with `choose_url`)."""

    @property
    def month_numbers(self) -> range:
        return range(1, 13)


def month_nav(
    month: datetime.date,
    url_name: str,
    *,
    first: datetime.date | None = None,
    choose_url: str = "",
    oldest_year: int | None = None,
    **url_kwargs: object,
) -> MonthNav:
    """The one month navigation of the site's pages (rendered by
    templates/criteria/_month_nav.html); `url_kwargs` are the page's other URL arguments.
    With `choose_url`, a year-and-month picker (years from `oldest_year`, or `first`'s)
    submits ?year=&m= there (`month_from_query` reads it)."""
    previous, following = add_months(month, -1), add_months(month, 1)
    if first is not None and previous < first:
        previous = None
    if is_future(following):
        following = None

    def url(target: datetime.date | None) -> str:
        return reverse(url_name, kwargs={"month": target, **url_kwargs}) if target else ""

    first_year = oldest_year or (first.year if first is not None else FIRST_YEAR)
    return MonthNav(
        month=month,
        previous=previous,
        previous_url=url(previous),
        next=following,
        next_url=url(following),
        choose_url=choose_url,
        years=range(current_month().year, first_year - 1, -1) if choose_url else (),
    )


def month_from_query(query: Mapping[str, str]) -> datetime.date | None:
    """The month a month picker submitted: `?year=2024&m=3` (the year-and-month picker,
    which works without JavaScript) or `?month=2024-03`. None when the query names no
    month; ValueError when it names one that does not exist."""
    if query.get("year") or query.get("m"):
        try:
            year, number = int(query.get("year", "")), int(query.get("m", ""))
        except ValueError:
            raise ValueError(query) from None
        if not (FIRST_YEAR <= year <= 9999 and 1 <= number <= 12):
            raise ValueError(query)
        return datetime.date(year, number, 1)
    if query.get("month"):
        return MonthConverter().to_python(query["month"])
    return None


def picked_month(query: Mapping[str, str]) -> datetime.date | None:
    """What a month picker chose, for a view to redirect to: 404 for a month that does
    not exist, the current month for one not begun yet, None when nothing was chosen."""
    try:
        chosen = month_from_query(query)
    except ValueError:
        raise Http404 from None
    return None if chosen is None else min(chosen, current_month())
