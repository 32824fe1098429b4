"""Who may read and change criteria sets.

Reading: every signed-in user with a place (a commune or a province) reads the published
sets, the national drafts and the drafts of their own province; a draft another province
is preparing is a 404. Changing (uploading a file, editing a draft, publishing, starting
a correction): the province administrator for their province; in a single-commune
installation the commune's administrator (a staff account with a profile, as for the
household register); a superuser."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from criteria.models import CriteriaSet, SetStatus
from villages.access import NoCommune, User, is_province_admin, province_for_user
from villages.models import Commune, Province


def reading_province(user: User) -> Province | None:
    """The province whose sets the user reads; 403 for an account with no place (a
    superuser without a profile reads everything)."""
    province = province_for_user(user)
    if province is None and not user.is_superuser:
        raise NoCommune
    return province


def visible_sets(user: User) -> QuerySet[CriteriaSet]:
    province = reading_province(user)
    sets = CriteriaSet.objects.all()
    if user.is_superuser:
        return sets
    return sets.filter(
        Q(status=SetStatus.PUBLISHED) | Q(owner_province__isnull=True) | Q(owner_province=province)
    )


def set_for_user(user: User, code: str) -> CriteriaSet:
    """The set `code` as the user may read it; 404 when it does not exist or is another
    province's draft."""
    criteria_set = visible_sets(user).select_related("owner_province").filter(code=code).first()
    if criteria_set is None:
        raise Http404
    return criteria_set


def managed_province(user: User) -> Province | None:
    """The province whose sets the user manages, or None: its administrator; the
    administrator of a commune that is its province's only one; a superuser (for their
    own province, or the installation's only one)."""
    province = province_for_user(user)
    if is_province_admin(user):
        return province
    if user.is_superuser:
        if province is None:
            provinces = list(Province.objects.all()[:2])
            return provinces[0] if len(provinces) == 1 else None
        return province
    single = province is not None and Commune.objects.filter(province=province).count() == 1
    return province if user.is_staff and single else None


def can_manage(user: User, criteria_set: CriteriaSet | None = None) -> bool:
    province = managed_province(user)
    if province is None:
        return user.is_superuser
    if criteria_set is None or user.is_superuser:
        return True
    return criteria_set.owner_province_id in (None, province.pk)


def set_for_manager(user: User, code: str) -> CriteriaSet:
    """The set `code` for a change: 404 as for reading, 403 for a user who may not
    change sets (or not this province's)."""
    criteria_set = set_for_user(user, code)
    if not can_manage(user, criteria_set):
        raise PermissionDenied
    return criteria_set


def manager_province(user: User) -> Province | None:
    """The province a manager uploads and publishes for; 403 for anyone else."""
    reading_province(user)
    if not can_manage(user):
        raise PermissionDenied
    return managed_province(user)
