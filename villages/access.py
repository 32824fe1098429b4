"""Which commune a request is about, and who may do what in it, by role. Object-level
access helpers in each app build on these."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from villages.models import PROVINCE_ROLES, Commune, Province, Role
from villages.selectors import profile_of

User = AbstractBaseUser | AnonymousUser


class NoCommune(PermissionDenied):
    """The account is attached to no commune (it has no profile): 403 on every page of
    a commune. The home page and the dashboard's entry point catch it to explain."""


class NoCommuneChosen(NoCommune):
    """A province user who has not yet chosen which of the province's communes to read."""


def commune_for_user(user: User) -> Commune:
    """The one answer to "which commune is this request about": the signed-in user's,
    from their profile (with its criteria set loaded). Every view and service asks
    this, never "the first commune in the table", so that an installation serving
    several communes shows each user their own.

    Every account that uses the pages has a profile, the administrator and the
    superior-level viewer included (load_demo and villages/0002 attach them); an
    account without one gets NoCommune (403). A province user's profile names the
    commune they are reading, chosen among their province's communes
    (villages.services.profile_choose_commune); it is checked again here, so a commune
    that left the province, or a profile edited by hand, reads nothing (NoCommuneChosen)."""
    profile = profile_of(user)
    if profile is None:
        raise NoCommune(_("Your account is not attached to a commune: ask the administrator."))
    if profile.is_province_user and (
        profile.commune is None or profile.commune.province_id != profile.province_id
    ):
        raise NoCommuneChosen(_("Choose a commune of the province to read its pages."))
    return profile.commune


def province_for_user(user: User) -> Province | None:
    """The province a user belongs to: a province user's own, a commune user's commune's;
    None for anonymous users and accounts without a profile."""
    profile = profile_of(user)
    if profile is None:
        return None
    return profile.province if profile.is_province_user else profile.commune.province


def communes_for_user(user: User) -> QuerySet[Commune]:
    """The communes a user may read: every commune of a province user's province, a
    commune user's own commune only."""
    profile = profile_of(user)
    if profile is None:
        return Commune.objects.none()
    if profile.is_province_user:
        return Commune.objects.filter(province=profile.province_id)
    return Commune.objects.filter(pk=profile.commune_id)


def is_province_user(user: User) -> bool:
    return has_role(user, *PROVINCE_ROLES)


def is_coordinator(user: User) -> bool:
    """Coordinators and province administrators read reports and return or accept them."""
    return has_role(user, *PROVINCE_ROLES)


def is_province_admin(user: User) -> bool:
    return has_role(user, Role.PROVINCE_ADMIN)


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
