"""Template filters printing numbers the one way criteria.numbers defines:
`{{ value|figure:indicator }}` ("0,13 %", "52,3 triệu đồng/người/năm"),
`{{ value|percent }}` ("18,60 %"), `{{ value|number }}` ("1.805", as stored) and
`{{ value|number:0 }}` (fixed decimals); and tags: `{% status_badge status %}`, a
status's badge, `{% criterion_badges group url %}` a group's criteria as badges,
`{% required_level indicator threshold %}` the level a threshold requires."""

from __future__ import annotations

import functools
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from criteria.models import Indicator, Threshold
from criteria.numbers import NO_VALUE, format_number, format_percent
from criteria.status import GroupResult, Status

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


@register.simple_tag
def status_badge(status: Status) -> SafeString:
    """The badge of a status (templates/criteria/_status_badge.html): a tag rather than an
    include, the pages list dozens of them and an include costs ten times more."""
    return _badge(Status(status), get_language())


@functools.cache
def _badge(status: Status, language: str | None) -> SafeString:
    # Three statuses × the languages: built once per process, not once per badge.
    return format_html('<span class="badge status-{}">{}</span>', status, status.label)


@register.simple_tag
def criterion_badges(group: GroupResult, criterion_url: str) -> SafeString:
    """A group's criteria as linked badges, "17 ✗" (the dashboard's groups table): one
    tag for the row, not a loop of five lookups and a condition per criterion."""
    marks = {Status.NOT_MET: " ✗", Status.MET: " ✓"}
    return format_html_join(
        "",
        '<a href="{}{}/" class="badge status-{} text-decoration-none me-1" title="{}: {}">{}{}</a>',
        (
            (
                criterion_url,
                result.criterion.number,
                result.status,
                result.criterion.name,
                result.status.label,
                result.criterion.number,
                marks.get(result.status, " ?"),
            )
            for result in group.criteria
        ),
    )


@register.simple_tag
def required_level(indicator: Indicator, threshold: Threshold | None) -> SafeString:
    """The required level (templates/criteria/_threshold.html): "≥ 20 %" with a "sample
    value" mark, "Met / not met" for a yes/no indicator, "Not configured" without one."""
    if indicator.is_boolean:
        return format_html("{}", gettext("Met / not met"))
    if threshold is None:
        return format_html('<span class="text-muted">{}</span>', gettext("Not configured"))
    level = format_html("{} {}", threshold.get_comparator_display(), threshold.display_value)
    if not threshold.is_sample:
        return level
    return format_html(
        '{} <span class="badge text-bg-warning sample-mark">{}</span>',
        level,
        gettext("sample value"),
    )
