"""Writes about the commune's people."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from villages.models import Commune
from villages.selectors import profile_of


@transaction.atomic
def profile_choose_commune(*, user: AbstractBaseUser, commune_id: int) -> Commune:
    """A province user chooses which commune of their province the commune pages show
    (villages.access.commune_for_user reads it). A commune of another province is
    unknown to them (404); a commune user cannot choose (403)."""
    profile = profile_of(user)
    if profile is None or not profile.is_province_user:
        raise PermissionDenied(_("Only province accounts choose a commune."))
    commune = (
        Commune.objects.select_related("criteria_set", "province")
        .filter(pk=commune_id, province=profile.province_id)
        .first()
    )
    if commune is None:
        raise Http404(_("No such commune in your province."))
    profile.commune = commune
    profile.save(update_fields=["commune"])
    return commune
