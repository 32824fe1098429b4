"""The admin site. Every change made in the admin raises the data version of every
commune (villages/services.py), so a cached dashboard never outlives an administrator's
edit. Done here, around every admin view, rather than in each ModelAdmin: a new
ModelAdmin, an inline, a bulk action or a history revert is covered without anyone
remembering to. It raises all communes, not only the one edited: admin edits are rare,
and some rows (criteria sets, indicators, thresholds) are shared by communes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse

from villages.services import commune_data_changed


class PortalAdminSite(AdminSite):
    def admin_view(self, view: Callable[..., HttpResponse], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = inner(request, *args, **kwargs)
            if request.method == "POST" and response.status_code in (301, 302, 303):
                # The admin redirects after a save or delete (a refused form is shown
                # again with 200, and changes nothing). After the admin's own
                # transaction: a reader never sees the new version with the old data (at
                # worst a page is computed once more).
                commune_data_changed()
            return response

        return wrapper
