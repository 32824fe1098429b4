"""Keys for parts of pages cached under the commune's data version, correct by
construction.

A part of a page that depends only on the commune's data (and on what its key names
besides: the reader, the month, …) is rendered once and kept in the shared cache under a
key holding the commune's data version. Every write that changes what the commune's pages
show raises that version in its own transaction (villages/services.py:
commune_data_changed), so the next request builds a new key and never reads a stale
part; nothing has to be deleted, old entries expire. The key also holds the language and
today's date (deadlines, "overdue" marks and the current month count from today).

The home page and the month workspace cache their content with Django's `{% cache %}`
tag under `fragment_key(...)`; the dashboards (dashboard/cache.py) whole pages. A cached
part never holds a CSRF token or the menu's unread count: those are rendered per
request around it."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from villages.models import Commune


def commune_key(commune: Commune, *parts: object) -> str:
    """What a cached part of the commune's pages is keyed by: the commune and its data
    version, the language, today, and `parts` (the page and whatever else it depends on:
    the reader, the month, …)."""
    return ":".join(
        str(part)
        for part in (
            commune.pk,
            commune.data_version,
            get_language(),
            timezone.localdate().isoformat(),
            *parts,
        )
    )


def fragment_context(commune: Commune, *parts: object) -> dict[str, object]:
    """The context a template's `{% cache fragment_seconds NAME fragment_key %}` needs."""
    return {
        "fragment_key": commune_key(commune, *parts),
        "fragment_seconds": settings.DASHBOARD_CACHE_SECONDS,
    }
