"""The header rows of the tables the dashboard repeats, a criterion's gaps and its tasks:
translated once per language and process, not once per table. The dashboard draws a
gaps table for every unmet criterion, and each `{% translate %}` costs some 20 µs."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (CSS class of the cell, label) per column.
TABLES = {
    "gaps": (
        ("col-code", _("Code")),
        ("", _("Indicator")),
        ("", _("Value")),
        ("", _("Threshold")),
        ("", _("Gap")),
        ("", _("Lead")),
    ),
    "tasks": (("", _("Task")), ("", _("Lead")), ("", _("Deadline")), ("", _("State"))),
}


@register.simple_tag
def column_heads(table: str) -> SafeString:
    """`<thead>` of `table` ("gaps" or "tasks")."""
    return _heads(table, get_language())


@functools.cache
def _heads(table: str, language: str | None) -> SafeString:
    cells = format_html_join(
        "",
        '<th scope="col"{}>{}</th>',
        ((format_html(' class="{}"', css) if css else "", label) for css, label in TABLES[table]),
    )
    return format_html("<thead><tr>{}</tr></thead>", cells)
