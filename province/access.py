"""Who may read the province's pages: its coordinators and administrators. A commune
user gets 403; a received report of another province is unknown (404).

Who may set up communes: the province administrator only (a coordinator reads, a
commune's roles work in their commune: both 403), and only their own province's
communes, villages, bodies and accounts (another province's are unknown: 404)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from reports.models import ProvinceReceipt
from villages.access import User, is_province_admin, is_province_user
from villages.models import PROVINCE_ROLES, Commune, Province, ResponsibleBody, Village
from villages.selectors import profile_of


def province_of_reader(user: User) -> Province:
    if not is_province_user(user):
        raise PermissionDenied(_("Only the province's coordination office reads this page."))
    return profile_of(user).province


def receipt_for_reader(user: User, pk: int) -> ProvinceReceipt:
    province = province_of_reader(user)
    receipt = (
        ProvinceReceipt.objects.select_related("commune", "version", "seen_by", "decided_by")
        .defer("version__snapshot", "version__pdf", "version__xlsx")
        .filter(pk=pk, province=province)
        .first()
    )
    if receipt is None:
        raise Http404(_("No such report in the province's inbox."))
    return receipt


def province_of_admin(user: User) -> Province:
    if not is_province_admin(user):
        raise PermissionDenied(_("Only the province's administrator sets up communes."))
    return profile_of(user).province


def commune_of_admin(user: User, pk: int) -> Commune:
    commune = (
        Commune.objects.select_related("province", "criteria_set")
        .filter(pk=pk, province=province_of_admin(user))
        .first()
    )
    if commune is None:
        raise Http404(_("No such commune in your province."))
    return commune


def village_of_admin(user: User, commune_pk: int, pk: int) -> tuple[Commune, Village]:
    return _row_of_admin(user, commune_pk, Village, pk, _("No such village in this commune."))


def body_of_admin(user: User, commune_pk: int, pk: int) -> tuple[Commune, ResponsibleBody]:
    return _row_of_admin(user, commune_pk, ResponsibleBody, pk, _("No such body in this commune."))


def _row_of_admin(
    user: User, commune_pk: int, model: type, pk: int, unknown: str
) -> tuple[Commune, Any]:
    """A row of one of the province's communes, reached through that commune."""
    commune = commune_of_admin(user, commune_pk)
    row = model.objects.filter(pk=pk, commune=commune).first()
    if row is None:
        raise Http404(unknown)
    return commune, row


def account_of_admin(user: User, commune_pk: int, pk: int) -> tuple[Commune, AbstractBaseUser]:
    """An account of one of the province's communes (a commune role, never a province
    account: those are managed in the administration site)."""
    commune = commune_of_admin(user, commune_pk)
    account = (
        get_user_model()
        .objects.filter(pk=pk, profile__commune=commune)
        .exclude(profile__role__in=PROVINCE_ROLES)
        .first()
    )
    if account is None:
        raise Http404(_("No such account in this commune."))
    return commune, account
