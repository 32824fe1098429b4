"""The real URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from ntm_portal.urls import handler500
from ntm_portal.urls import urlpatterns as site_urlpatterns


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("internal reason that must not be shown")


def broken(request: HttpRequest) -> HttpResponse:
    raise ValueError("secret detail that must not be shown")


def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection refused on 5432")


urlpatterns = [
    *site_urlpatterns,
    path("test/forbidden/", forbidden),
    path("test/broken/", broken),
    path("test/database-down/", database_down),
]

__all__ = ["handler500", "urlpatterns"]
