"""Who may read the province's pages: its coordinators and administrators. A commune
user gets 403; a received report of another province is unknown (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from reports.models import ProvinceReceipt
from villages.access import User, is_province_user
from villages.models import Province
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
