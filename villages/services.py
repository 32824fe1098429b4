"""Writes about the commune itself and its people: its data version, the province
users' commune choice, and the spreadsheet uploads every import shares (keeping the
file, marking it imported).

`commune_data_changed` raises a commune's data version. Cached pages (the dashboard,
its criterion and village pages) are keyed by that version, so a cached page is never
shown after a write that changes it: every service that writes what those pages show
calls it inside its own transaction, and every admin save calls it through the admin
site (ntm_portal/admin.py). The version is a database column, not a cache entry: with
the local-memory cache each web process has its own cache, and a counter kept there
would be raised in one process only; a column is seen by every process and server,
and it is raised in the same transaction as the write, so no reader sees the new
version before the new data."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.models import Commune, Upload, UploadState
from villages.selectors import profile_of
from villages.text import clean_text


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


def upload_keep(
    *,
    commune: Commune,
    kind: str,
    user: AbstractBaseUser,
    name: str,
    data: bytes,
    month: datetime.date | None = None,
) -> Upload:
    """Keep a checked file under a random name, waiting for confirmation."""
    upload = Upload(
        commune=commune,
        kind=kind,
        month=month,
        uploaded_by=user,
        file_name=clean_text(name)[:200],
        sha256=hashlib.sha256(data).hexdigest(),
    )
    upload.file.save(f"{kind}.xlsx", ContentFile(data), save=False)
    upload.save()
    return upload


def upload_lock(upload: Upload) -> Upload:
    """The row locked for the confirmation (inside its transaction); ValidationError
    when it was already imported, so that a double click imports once."""
    locked = Upload.objects.select_for_update().get(pk=upload.pk)
    if locked.state != UploadState.PENDING:
        raise ValidationError(_("This file was already imported."))
    return locked


def upload_confirmed(locked: Upload) -> None:
    locked.state = UploadState.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["state", "confirmed_at"])
    # Every import (figures, household register) ends here, in its transaction.
    commune_data_changed(commune_id=locked.commune_id)


def commune_data_changed(
    *,
    commune_id: int | None = None,
    criteria_set_id: int | None = None,
    province_id: int | None = None,
) -> None:
    """Raise the data version of the commune `commune_id`, or of every commune using
    the criteria set `criteria_set_id` (a criteria set, its indicators and thresholds
    are shared) and, with `province_id`, of every commune of that province too (a set
    published to it), or of every commune when none is given (an administrator's edit).
    One UPDATE; call it inside the transaction of the write."""
    communes = Commune.objects.all()
    if commune_id is not None:
        communes = communes.filter(pk=commune_id)
    elif criteria_set_id is not None or province_id is not None:
        which = Q(pk__in=[])
        if criteria_set_id is not None:
            which |= Q(criteria_set_id=criteria_set_id)
        if province_id is not None:
            which |= Q(province_id=province_id)
        communes = communes.filter(which)
    communes.update(data_version=F("data_version") + 1)
