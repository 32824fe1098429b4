"""Cached dashboard pages, correct by construction.

A page's content (everything under the navigation bar) is rendered once and kept in the
shared cache (Redis when REDIS_URL is set, each process's local memory otherwise) under
a key made of everything it depends on: the commune, its data version, the page and its
parameters (month, criterion, village, trend), the reader's role, the language and
today's date (deadlines and "overdue" marks count from today). Every write that changes
what these pages show raises the commune's data version in its own transaction
(villages/services.py: commune_data_changed), so the next request builds a new key and
a stale page is never served: nothing has to be deleted, old entries expire. The
navigation bar, messages and CSRF token are rendered per request around the cached
content (dashboard/page.html)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from villages.access import role_of
from villages.models import Commune


def page_key(request: HttpRequest, commune: Commune, *parts: object) -> str:
    """The cache key of a page for this reader (role and language) and today."""
    return ":".join(
        str(part)
        for part in (
            "dashboard",
            commune.pk,
            commune.data_version,
            role_of(request.user) or "-",
            get_language(),
            timezone.localdate().isoformat(),
            *parts,
        )
    )


def render_cached(
    request: HttpRequest,
    commune: Commune,
    template: str,
    build: Callable[[], tuple[str, dict[str, Any]]],
    *parts: object,
) -> HttpResponse:
    """The page `template` (its content only) with the context and title `build()`
    returns, from the cache when this key was rendered before. `build` may raise
    Http404; nothing is cached then."""
    key = page_key(request, commune, template, *parts)
    page = cache.get(key)
    if page is None:
        title, context = build()
        page = {"title": title, "body": render_to_string(template, context, request)}
        cache.set(key, page, settings.DASHBOARD_CACHE_SECONDS)
    return render(
        request, "dashboard/page.html", {"title": page["title"], "body": mark_safe(page["body"])}
    )
