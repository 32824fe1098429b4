"""Reads of a person's notifications."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from notifications.models import Kind, Notification, Preference

PAGE_SIZE = 50


def unread_count(user: AbstractBaseUser) -> int:
    """The bell's number: one COUNT on the (user, read_at) index."""
    return Notification.objects.filter(user=user).unread().count()


def notifications_for(user: AbstractBaseUser, *, unread_only: bool) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user)
    return rows.unread() if unread_only else rows


def preferences_for(user: AbstractBaseUser) -> list[tuple[Kind, bool, bool]]:
    """Every kind with the person's choice (in the app, by e-mail); one query."""
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in Kind:
        preference = chosen.get(kind.value)
        rows.append(
            (
                kind,
                preference.in_app if preference else True,
                preference.email if preference else True,
            )
        )
    return rows
