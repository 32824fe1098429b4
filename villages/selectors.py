"""Reads about the commune's people."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from villages.models import Profile


def profile_of(user: AbstractBaseUser | AnonymousUser) -> Profile | None:
    """The user's profile with its commune and the commune's criteria set, in one query
    per request (kept on the user object: role checks and the commune resolver share it)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_ntm_profile"):
        # One row at most (one-to-one): no ORDER BY, whose compilation over the joined
        # columns cost more than the query (a tenth of a simple page).
        found = Profile.objects.select_related(
            "commune__criteria_set", "commune__province", "province"
        ).filter(user=user)
        user._ntm_profile = next(iter(found), None)
    return user._ntm_profile
