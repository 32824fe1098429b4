"""Writes about the commune's people, and those shared by every spreadsheet upload:
keeping the file, marking it imported."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
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
