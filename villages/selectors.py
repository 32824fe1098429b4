"""Reads about the commune and its people."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from villages.models import Commune, Profile


def current_commune() -> Commune | None:
    """The commune this installation serves (one per installation)."""
    return Commune.objects.select_related("criteria_set").order_by("pk").first()


def profile_of(user: AbstractBaseUser | AnonymousUser) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None
