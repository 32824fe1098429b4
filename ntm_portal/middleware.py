"""Request plumbing shared by every page: the language, the database-outage page and the
client address.

When the database stops answering (PostgreSQL restarted, disk full, SQLite file moved)
a view raises OperationalError or InterfaceError. Instead of a bare 500, the user gets a
short Vietnamese page saying the data is unreachable for a moment. The page is rendered
without a request context, so nothing on it touches the database. Recovery needs no
restart: Django closes a connection that raised an error at the end of the request
(and PostgreSQL connections are health-checked before reuse, CONN_HEALTH_CHECKS), so
the next request opens a fresh one.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import translation

from villages.sessions import CHANGE_PASSWORD_KEY, mark_activity, seconds_since_activity

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The 503 page: a plain template, no context processors, no database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        return database_unavailable_response()


def client_ip(request: HttpRequest) -> str | None:
    """The browser's address, for login throttling.

    Behind nginx every request comes from 127.0.0.1, so the address is the last entry of
    X-Forwarded-For: the one nginx itself appended ($proxy_add_x_forwarded_for), which a
    client cannot forge. Without a proxy the header is ignored, since anyone could send it.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


class DefaultLanguageMiddleware:
    """Vietnamese unless the user chose another language with the switcher (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    commune laptops run an English Windows: the programme's language is Vietnamese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class SessionActivityMiddleware:
    """Renew a signed-in session when it was last renewed more than a minute ago, so that
    SESSION_COOKIE_AGE is an inactivity timeout without a database write on every page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and seconds_since_activity(request) >= settings.SESSION_ACTIVITY_RESOLUTION
        ):
            mark_activity(request)  # marks the session modified: it is saved and renewed
        return self.get_response(request)


class InitialPasswordMiddleware:
    """An account signed in with the initial password the province administrator gave
    it sees only the password change page (and can sign out) until it has chosen its
    own: the initial password was shown on someone else's screen."""

    ALLOWED = ("password_change", "password_change_done", "logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(CHANGE_PASSWORD_KEY) and request.user.is_authenticated:
            match = resolve_or_none(request.path_info)
            if match is None or match.url_name not in self.ALLOWED:
                return redirect("password_change")
        return self.get_response(request)


def resolve_or_none(path: str) -> Any:
    try:
        return resolve(path)
    except Resolver404:
        return None
