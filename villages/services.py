"""Writes about the commune itself.

`commune_data_changed` raises a commune's data version. Cached pages (the dashboard,
its criterion and village pages) are keyed by that version, so a cached page is never
shown after a write that changes it: every service that writes what those pages show
calls it inside its own transaction, and every admin save calls it through the admin
site (ntm_portal/admin.py). The version is a database column, not a cache entry: with
the local-memory cache each web process has its own cache, and a counter kept there
would be raised in one process only; a column is seen by every process and server,
and it is raised in the same transaction as the write, so no reader sees the new
version before the new data."""

from __future__ import annotations

from django.db.models import F

from villages.models import Commune


def commune_data_changed(
    *, commune_id: int | None = None, criteria_set_id: int | None = None
) -> None:
    """Raise the data version of the commune `commune_id`, or of every commune using
    the criteria set `criteria_set_id` (a criteria set, its indicators and thresholds
    are shared), or of every commune when neither is given (an administrator's edit).
    One UPDATE; call it inside the transaction of the write."""
    communes = Commune.objects.all()
    if commune_id is not None:
        communes = communes.filter(pk=commune_id)
    elif criteria_set_id is not None:
        communes = communes.filter(criteria_set_id=criteria_set_id)
    communes.update(data_version=F("data_version") + 1)
