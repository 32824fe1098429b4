"""Attaching and deleting evidence.

All or nothing: every file of an upload is checked first (type, size, hash, quota), and
if one is refused none is stored; the refusals name each file and the reason. Files are
written to storage before the rows and removed again if the rows cannot be saved, so a
failure leaves neither a row without a file nor a stray file.
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Criterion
from evidence import photos
from evidence.access import Target, is_member
from evidence.inspection import IMAGE_TYPES, Inspected, Refused, clean_name, inspect
from evidence.models import Evidence, EvidenceKind
from jobs.models import Job
from jobs.services import job_start
from villages.access import User
from villages.models import Commune
from villages.services import commune_data_changed


@dataclass(frozen=True)
class Refusal:
    name: str
    reason: str

    def __str__(self) -> str:
        if not self.name:
            return _("Not accepted: %(reason)s.") % {"reason": self.reason}
        return _("“%(name)s” was not accepted: %(reason)s.") % {
            "name": self.name,
            "reason": self.reason,
        }


class EvidenceRefused(Exception):
    def __init__(self, refusals: Sequence[Refusal]) -> None:
        super().__init__("; ".join(str(refusal) for refusal in refusals))
        self.refusals = list(refusals)


class EvidenceFrozen(Exception):
    pass


def storage() -> Storage:
    """The evidence files' storage (settings.STORAGES["evidence"]): a folder outside the
    static root by default, object storage if a deployment configures one."""
    return storages["evidence"]


def quota_used(commune: Commune) -> int:
    """Bytes stored for the commune, deleted files included (their originals are kept)."""
    return Evidence.objects.filter(commune=commune).aggregate(total=Sum("size"))["total"] or 0


@dataclass(frozen=True)
class Details:
    kind: str
    title: str = ""
    document_number: str = ""
    document_date: datetime.date | None = None


def evidence_attach(
    *,
    target: Target,
    files: Sequence[File],
    user: User,
    details: Details,
    refused: Sequence[Refusal] = (),
) -> list[Evidence]:
    """Check every file, then store them all on `target`, or none (EvidenceRefused)."""
    if target.frozen:
        raise EvidenceFrozen
    refusals = list(refused)
    checked: list[tuple[File, Inspected]] = []
    for upload in files:
        shown = upload.name or "?"
        try:
            name = clean_name(shown)
            checked.append((upload, inspect(upload, name, upload.size)))
        except Refused as error:
            refusals.append(Refusal(clean_name_or(shown), str(error)))
    if not files and not refusals:
        refusals.append(Refusal("", _("no file was chosen")))
    refusals += duplicates(target, checked)
    if not refusals:
        refusals += over_quota(target.commune, checked)
    if refusals:
        raise EvidenceRefused(refusals)
    stored = _store(target=target, checked=checked, user=user, details=details)
    commune_data_changed(commune_id=target.commune.pk)  # the dashboard counts evidence
    return stored


def clean_name_or(name: str) -> str:
    try:
        return clean_name(name)
    except Refused:
        return "?"


def duplicates(target: Target, checked: list[tuple[File, Inspected]]) -> list[Refusal]:
    refusals = []
    existing = {
        row.sha256: row
        for row in target.evidence()
        .active()
        .filter(sha256__in=[item.sha256 for _upload, item in checked])
        .select_related("uploaded_by")
    }
    seen: set[str] = set()
    for _upload, item in checked:
        if item.sha256 in existing:
            row = existing[item.sha256]
            who = (
                row.uploaded_by.get_full_name() or row.uploaded_by.get_username()
                if row.uploaded_by
                else "—"
            )
            refusals.append(
                Refusal(
                    item.name,
                    _("the same file is already attached here (“%(title)s”, %(who)s, %(when)s)")
                    % {
                        "title": row.title,
                        "who": who,
                        "when": timezone.localtime(row.uploaded_at).strftime("%d/%m/%Y"),
                    },
                )
            )
        elif item.sha256 in seen:
            refusals.append(Refusal(item.name, _("the same file was chosen twice")))
        seen.add(item.sha256)
    return refusals


def over_quota(commune: Commune, checked: list[tuple[File, Inspected]]) -> list[Refusal]:
    quota = settings.EVIDENCE_COMMUNE_QUOTA
    used = quota_used(commune)
    incoming = sum(item.size for _upload, item in checked)
    if used + incoming <= quota:
        return []
    reason = _(
        "the commune's storage for evidence is full (%(used)s of %(quota)s used); ask the "
        "administrator to raise EVIDENCE_QUOTA_MB"
    ) % {"used": filesizeformat(used), "quota": filesizeformat(quota)}
    return [Refusal(item.name, reason) for _upload, item in checked]


def _store(
    *, target: Target, checked: list[tuple[File, Inspected]], user: User, details: Details
) -> list[Evidence]:
    written: list[str] = []
    rows: list[Evidence] = []
    store = storage()
    try:
        for upload, item in checked:
            rows.append(_write(store, written, target, upload, item, user, details))
        with transaction.atomic():
            for row in rows:
                row.save()
    except IntegrityError:
        _remove(store, written)
        # Two people attached the same file at the same moment: the unique hash won.
        raise EvidenceRefused(
            [
                Refusal(item.name, _("the same file is already attached here"))
                for _u, item in checked
            ]
        ) from None
    except BaseException:
        _remove(store, written)
        raise
    return rows


def _write(
    store: Storage,
    written: list[str],
    target: Target,
    upload: File,
    item: Inspected,
    user: User,
    details: Details,
) -> Evidence:
    stem = f"{target.commune.pk}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    extension = item.file_type.extensions[0]
    upload.seek(0)
    name = store.save(f"{stem}{extension}", File(upload))
    written.append(name)
    row = Evidence(
        commune=target.commune,
        **target.fields,
        title=details.title or os.path.splitext(item.name)[0],
        kind=details.kind or EvidenceKind.OTHER,
        document_number=details.document_number,
        document_date=details.document_date,
        original_name=item.name,
        storage_name=name,
        content_type=item.file_type.content_type,
        size=item.size,
        sha256=item.sha256,
        uploaded_by=user if user.is_authenticated else None,
    )
    if item.file_type.key in IMAGE_TYPES and item.image is not None:
        _photo(store, written, stem, row, upload, item)
    return row


def _photo(
    store: Storage, written: list[str], stem: str, row: Evidence, upload: IO[bytes], item: Inspected
) -> None:
    image = item.image
    row.taken_at = photos.taken_at(image)
    located = photos.position(image)
    if located:
        row.latitude, row.longitude = located
    row.thumbnail_name = store.save(f"{stem}-thumb.jpg", ContentFile(photos.thumbnail(image)))
    written.append(row.thumbnail_name)
    redacted = photos.without_exif(upload, image, item.file_type.key)
    try:
        row.redacted_name = store.save(
            f"{stem}-public{item.file_type.extensions[0]}", File(redacted)
        )
    finally:
        redacted.close()
    written.append(row.redacted_name)


def _remove(store: Storage, names: list[str]) -> None:
    for name in names:
        store.delete(name)


@transaction.atomic
def evidence_delete(*, evidence: Evidence, target: Target, user: User, reason: str) -> Evidence:
    """Soft delete: the row and the file stay, with who, when and why (and the history)."""
    if target.frozen:
        raise EvidenceFrozen
    evidence.deleted_at = timezone.now()
    evidence.deleted_by = user
    evidence.deletion_reason = reason
    evidence.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
    commune_data_changed(commune_id=target.commune.pk)
    return evidence


def dossier_start(*, commune: Commune, criterion: Criterion | None, user: User) -> Job:
    """The job preparing the dossier of one criterion, or of every criterion, for `user`
    (the commune's own people get photos with their EXIF data, the others without: the
    file is theirs only, jobs.access)."""
    # Imported here: evidence.dossier reads the files through this module's storage().
    from evidence.dossier import dossier_subject, download_name

    return job_start(
        kind="dossier",
        func="evidence.tasks.dossier_build",
        user=user,
        commune=commune,
        target=f"evidence.dossier:{criterion.number if criterion else 'all'}",
        page_url=reverse("evidence:dossier"),
        result_name=download_name(dossier_subject(commune, criterion)),
        criterion_id=criterion.pk if criterion else None,
        members=is_member(user, commune),
    )
