"""Views that belong to no single app: the home page, health check and error pages."""

import datetime
import sys
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from criteria.periods import current_month
from criteria.selectors import shown_month, stored_status
from criteria.sets import SetInForce, set_in_force
from criteria.status import CommuneStatus
from ntm_portal.middleware import DATABASE_ERRORS, database_unavailable_response
from villages.access import NoCommune, User, commune_for_user, is_province_user, role_of
from villages.cache import fragment_context
from villages.models import Commune
from villages.services import profile_password_changed
from villages.sessions import CHANGE_PASSWORD_KEY
from villages.todo import TodoItem, todo_context, todo_items


@dataclass(frozen=True)
class HomeContent:
    """What the home page shows under its heading, read only when its cached fragment
    is missing (templates/home.html)."""

    month: datetime.date
    status: CommuneStatus
    current: datetime.date
    current_set: SetInForce | None
    todo: list[TodoItem]


def home_content(user: User, commune: Commune) -> HomeContent:
    month = shown_month(commune)
    todo = todo_context(user, commune, month)
    return HomeContent(
        month=month,
        # Shared with the head's "criteria at risk" item.
        status=todo.memo(f"commune_status:{month}", lambda: stored_status(commune, month)),
        current=current_month(),
        # This month's set: ended while no published set covers it (criteria.sets).
        current_set=set_in_force(commune, current_month()),
        todo=todo_items(todo),
    )


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's to-do list first (villages/todo.py gathers it from every app), then
    where the commune stands in the month the dashboard also opens on. The province's
    coordination office starts at the province.

    Both are cached for this user under the commune's data version (villages/cache.py):
    the to-do items depend on the user's role and bodies, the deadlines on today; a cache
    hit reads nothing but the commune."""
    if is_province_user(request.user):
        return redirect("province:dashboard_current")
    commune = _commune_or_none(request)
    if commune is None:
        return render(request, "home.html", {"commune": None})
    return render(
        request,
        "home.html",
        {
            # Also overrides the context processor's lazy commune: one query fewer.
            "commune": commune,
            "home": SimpleLazyObject(lambda: home_content(request.user, commune)),
            **fragment_context(commune, "home", request.user.pk, role_of(request.user)),
        },
    )


def _commune_or_none(request: HttpRequest) -> Commune | None:
    """The landing page explains an account attached to no commune instead of a 403."""
    try:
        return commune_for_user(request.user)
    except NoCommune:
        return None


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For a monitor or the service manager: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 500 page, or the 503 page when the cause is a database outage.

    The outage middleware only sees errors raised by views; this also catches those raised
    while a middleware reads the session or the user. Neither page needs the database.
    """
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable_response()
    return HttpResponseServerError(loader.get_template("500.html").render())


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the Vietnamese page shown to a locked-out username+address."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF page is English and technical; most often the form simply expired
    because the user signed in again in another tab. Back to the form (the page it was
    posted from, when it is ours), where keep-form.js restores what was typed."""
    referer = request.headers.get("referer", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return render(request, "403_csrf.html", {"back_url": referer if safe else ""}, status=403)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, which also ends the obligation to replace an initial password."""

    template_name = "registration/password_change.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        profile_password_changed(user=form.user)
        self.request.session.pop(CHANGE_PASSWORD_KEY, None)
        return response
