"""Writes about the commune itself and its people: its data version, the province
users' commune choice, the province administrator's set-up of a commune (the commune,
its villages, bodies and first accounts; deactivating an account), and the spreadsheet
uploads every import shares (keeping the file, marking it imported).

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
import secrets
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.models import (
    PROVINCE_ROLES,
    Commune,
    Profile,
    Province,
    ResponsibleBody,
    Upload,
    UploadState,
    Village,
)
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


# ---------------------------------------------------------------- setting up a commune
# The province administrator's writes. Each takes the validated form (the model form
# checked the fields and the model's constraints) and the place the row belongs to,
# which the view resolved from the administrator's own province: a form never chooses
# its commune or province.


@transaction.atomic
def commune_save(*, form: forms.ModelForm, province: Province) -> Commune:
    """Create a commune of `province`, or save the changes to one of its communes."""
    commune = form.save(commit=False)
    if commune.province_id is not None and commune.province_id != province.pk:
        raise PermissionDenied(_("This commune belongs to another province."))
    commune.province = province
    commune.save()
    commune_data_changed(commune_id=commune.pk)
    return commune


def _row_for_commune(form: forms.ModelForm, commune: Commune, refused: str) -> Any:
    """A commune-owned row from its model form, unsaved, as a row of `commune` (never
    of another: `refused` if it already belongs to one)."""
    row = form.save(commit=False)
    if row.commune_id is not None and row.commune_id != commune.pk:
        raise PermissionDenied(refused)
    row.commune = commune
    return row


@transaction.atomic
def village_save(*, form: forms.ModelForm, commune: Commune) -> Village:
    """Add a village to `commune` (at the end of its list unless placed) or save one."""
    village = _row_for_commune(form, commune, _("This village belongs to another commune."))
    if village.pk is None and not village.position:
        village.position = commune.villages.count() + 1
    village.save()
    commune_data_changed(commune_id=commune.pk)
    return village


@transaction.atomic
def body_save(*, form: forms.ModelForm, commune: Commune) -> ResponsibleBody:
    """Add a responsible body to `commune` or save one (villages.bodies.BodyRowForm)."""
    body = _row_for_commune(form, commune, _("This body belongs to another commune."))
    body.save()
    commune_data_changed(commune_id=commune.pk)
    return body


# Letters and digits that cannot be misread on paper (no 0/O, 1/l/I).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def initial_password() -> str:
    """A random first password, given to the person once; they change it after signing
    in (14 characters from 55: about 80 bits)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(14))


@transaction.atomic
def account_create(
    *,
    commune: Commune,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    job_title: str = "",
    body: ResponsibleBody | None = None,
    password: str = "",
) -> tuple[AbstractBaseUser, str]:
    """A commune account with its role and, for an officer or a village head, their body.
    The password is the one given (checked by Django's password validators) or a new
    random one; it is returned so that it can be shown once, and stored only hashed.
    It is an initial password: the person must choose their own at their first sign-in
    (villages/sessions.py)."""
    if role in PROVINCE_ROLES:
        raise PermissionDenied(_("A province role is not given to a commune's account."))
    if body is not None and body.commune_id != commune.pk:
        raise PermissionDenied(_("This body belongs to another commune."))
    users = get_user_model().objects
    if users.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("An account with this username already exists.")})
    user = users.model(username=username, first_name=first_name, last_name=last_name)
    password = password or initial_password()
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Profile.objects.create(
        user=user, commune=commune, role=role, job_title=job_title, must_change_password=True
    )
    if body is not None:
        body.members.add(user)
    commune_data_changed(commune_id=commune.pk)
    return user, password


def profile_password_changed(*, user: AbstractBaseUser) -> None:
    """The person chose their own password: the initial one is no longer required to
    change."""
    Profile.objects.filter(user=user, must_change_password=True).update(must_change_password=False)


@transaction.atomic
def account_set_active(
    *, account: AbstractBaseUser, active: bool, by: AbstractBaseUser
) -> AbstractBaseUser:
    """Deactivate or reactivate an account; accounts are never deleted (their name stays
    on what they wrote). A deactivated account cannot sign in, and its open sessions end
    on their next request (ModelBackend refuses inactive users). Nobody deactivates
    themselves: an administrator could lock the province out."""
    if account.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    account.is_active = active
    account.save(update_fields=["is_active"])
    profile = profile_of(account)
    if profile is not None and profile.commune_id is not None:
        commune_data_changed(commune_id=profile.commune_id)
    return account
