"""Who may do what, by role. Object-level access helpers in each app build on these."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from villages.models import Role
from villages.selectors import profile_of

User = AbstractBaseUser | AnonymousUser


def role_of(user: User) -> str | None:
    """The user's role in the commune; None for anonymous users and accounts without a
    profile (e.g. a pure administrator)."""
    profile = profile_of(user)
    return profile.role if profile else None


def has_role(user: User, *roles: str) -> bool:
    return role_of(user) in roles


def is_standing_member(user: User) -> bool:
    return has_role(user, Role.STANDING)


def is_head(user: User) -> bool:
    return has_role(user, Role.HEAD)


def body_ids(user: User) -> set[int]:
    """The responsible bodies the user is a member of (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_ntm_body_ids"):
        user._ntm_body_ids = set(user.bodies.values_list("pk", flat=True))
    return user._ntm_body_ids
