"""Writes to a criteria set through its life: a set file confirmed as a draft, a draft
edited in the browser, published to a province, corrected by a new version.

A published set is read-only: every editing service here refuses it (`ensure_draft`),
as the admin does. Every write bumps the data version of the communes that use the set
(a draft is used by none: nothing cached changes) — publishing bumps every commune of
the province it is published to."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import (
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorCrosswalk,
    SetStatus,
    SetUpload,
    Threshold,
)
from criteria.setfile import SetData, set_file_read
from villages.models import Province
from villages.services import commune_data_changed
from villages.text import clean_text
from villages.xlsx import check_xlsx_upload

SET_FILE_MAX_BYTES = 5 * 1024 * 1024


class PublishedSet(ValidationError):
    """A published set was asked to change."""


def ensure_draft(criteria_set: CriteriaSet) -> None:
    """Refuse any change to a published set (read the status from the database, not
    from an object a form may have held for minutes)."""
    status = CriteriaSet.objects.filter(pk=criteria_set.pk).values_list("status", flat=True)
    if status.first() != SetStatus.DRAFT:
        raise PublishedSet(
            _(
                "This criteria set is published and read-only: create a correcting version "
                "to change it."
            )
        )


def _changed(criteria_set: CriteriaSet) -> None:
    commune_data_changed(criteria_set_id=criteria_set.pk)


# ------------------------------------------------------------------------ the set file


def set_file_store(
    *, user: AbstractBaseUser, province: Province | None, name: str, data: bytes
) -> SetUpload:
    """Check a set file before parsing (the hostile-file checks of every upload), make
    sure it reads as a set file, and keep it waiting for confirmation. RefusedWorkbook
    with the reason; nothing of the set is written."""
    check_xlsx_upload(name, data, max_bytes=SET_FILE_MAX_BYTES)
    set_file_read(data)
    upload = SetUpload(
        province=province,
        uploaded_by=user,
        file_name=clean_text(name)[:200],
        sha256=hashlib.sha256(data).hexdigest(),
    )
    upload.file.save("criteria-set.xlsx", ContentFile(data), save=False)
    upload.save()
    return upload


def set_file_preview(upload: SetUpload) -> Any:
    with upload.file.open("rb") as stored:
        return set_file_read(stored.read())


def set_file_confirm(*, upload: SetUpload) -> CriteriaSet:
    """Create the file's set as a draft, in one transaction, from the stored file read
    again (nothing the browser sends is trusted); ValidationError when a row is refused
    or the file was already imported."""
    if SetUpload.objects.filter(pk=upload.pk, confirmed_at__isnull=False).exists():
        raise ValidationError(_("This file was already imported."))
    preview = set_file_preview(upload)
    if preview.errors:
        raise ValidationError(_("The file has errors: nothing was saved."))
    with transaction.atomic():
        locked = SetUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.confirmed_at is not None:
            raise ValidationError(_("This file was already imported."))
        criteria_set = _create(preview.data, owner=locked.province)
        locked.criteria_set = criteria_set
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["criteria_set", "confirmed_at"])
        _changed(criteria_set)
    return criteria_set


def _create(data: SetData, *, owner: Province | None) -> CriteriaSet:
    criteria_set = CriteriaSet(**data.fields, status=SetStatus.DRAFT, owner_province=owner)
    criteria_set.full_clean()
    criteria_set.save()
    groups: dict[int, CriteriaGroup] = {}
    criteria: dict[int, Criterion] = {}
    for item in data.criteria:
        group = None
        if item["group"] is not None:
            if item["group"] not in groups:
                groups[item["group"]] = CriteriaGroup.objects.create(
                    criteria_set=criteria_set, number=item["group"], name=item["group_name"]
                )
            group = groups[item["group"]]
        criteria[item["number"]] = Criterion.objects.create(
            criteria_set=criteria_set, number=item["number"], name=item["name"], group=group
        )
    indicators: dict[str, Indicator] = {}
    for item in data.indicators:
        fields = dict(item, criterion=criteria[item["criterion"]])
        indicators[item["code"]] = Indicator.objects.create(criteria_set=criteria_set, **fields)
    for item in data.thresholds:
        Threshold.objects.create(**dict(item, indicator=indicators[item["indicator"]]))
    for item in data.crosswalks:
        IndicatorCrosswalk.objects.create(
            criteria_set=criteria_set, **dict(item, new_indicator=indicators[item["new_indicator"]])
        )
    return criteria_set


# ------------------------------------------------------------------ publish and correct


@transaction.atomic
def set_publish(
    *, criteria_set: CriteriaSet, province: Province, user: AbstractBaseUser
) -> CriteriaSet:
    """Publish a set to the communes of a province: the set becomes read-only (if it was a
    draft) and applies to the province's communes. A set without indicators is refused."""
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if not locked.indicators.exists():
        raise ValidationError(
            _("A criteria set without indicators cannot be published: add its indicators first.")
        )
    if locked.status == SetStatus.DRAFT:
        locked.status = SetStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = user
        locked.save(update_fields=["status", "published_at", "published_by"])
    province.criteria_sets.add(locked)
    # Every commune of the province now has this set to be assessed by (and any commune
    # elsewhere already using it sees it read-only).
    commune_data_changed(criteria_set_id=locked.pk, province_id=province.pk)
    return locked


def version_code(criteria_set: CriteriaSet, version: int) -> str:
    """ "qd318-2021-2025" version 2 is "qd318-2021-2025-v2" (a suffix replaced, not piled)."""
    base = criteria_set.code
    suffix = f"-v{criteria_set.version}"
    if criteria_set.version > 1 and base.endswith(suffix):
        base = base[: -len(suffix)]
    return f"{base}-v{version}"[:50]


@transaction.atomic
def set_version_create(
    *, criteria_set: CriteriaSet, valid_from: datetime.date, user: AbstractBaseUser
) -> CriteriaSet:
    """A draft correcting a published set, a copy of everything it holds (criteria,
    indicators, thresholds but the communes' own, crosswalk rows), that applies from the
    month `valid_from`. One correction per version."""
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if locked.status != SetStatus.PUBLISHED:
        raise ValidationError(_("Only a published set is corrected by a new version."))
    if CriteriaSet.objects.filter(previous_version=locked).exists():
        raise ValidationError(_("This version already has a correcting version."))
    valid_from = valid_from.replace(day=1)
    if valid_from < locked.valid_from or (locked.valid_to and valid_from > locked.valid_to):
        raise ValidationError(
            _("The correction must apply from a month within the set's validity.")
        )
    copy = CriteriaSet.objects.create(
        code=version_code(locked, locked.version + 1),
        decision_ref=locked.decision_ref,
        decision_date=locked.decision_date,
        title=locked.title,
        issuer=locked.issuer,
        valid_from=valid_from,
        valid_to=locked.valid_to,
        threshold_basis=locked.threshold_basis,
        status=SetStatus.DRAFT,
        version=locked.version + 1,
        previous_version=locked,
        owner_province=locked.owner_province,
    )
    groups = {}
    for group in locked.groups.all():
        groups[group.pk] = CriteriaGroup.objects.create(
            criteria_set=copy, number=group.number, name=group.name
        )
    criteria = {}
    for criterion in locked.criteria.all():
        criteria[criterion.pk] = Criterion.objects.create(
            criteria_set=copy,
            number=criterion.number,
            name=criterion.name,
            group=groups.get(criterion.group_id),
        )
    indicators = {}
    for indicator in locked.indicators.prefetch_related("thresholds"):
        old_pk = indicator.pk
        thresholds = [t for t in indicator.thresholds.all() if t.scope != "commune"]
        indicator.pk = indicator.id = None
        indicator.criteria_set = copy
        indicator.criterion = criteria[indicator.criterion_id]
        indicator._state.adding = True
        indicator.save()
        indicators[old_pk] = indicator
        for threshold in thresholds:
            threshold.pk = threshold.id = None
            threshold.indicator = indicator
            threshold._state.adding = True
            threshold.save()
    for link in locked.crosswalks.all():
        IndicatorCrosswalk.objects.create(
            criteria_set=copy,
            old_indicator_id=link.old_indicator_id,
            new_indicator=indicators[link.new_indicator_id],
            same_meaning=link.same_meaning,
            note=link.note,
        )
    _changed(copy)
    return copy


# --------------------------------------------------------------- editing a draft set


@transaction.atomic
def set_details_save(*, criteria_set: CriteriaSet) -> CriteriaSet:
    ensure_draft(criteria_set)
    criteria_set.full_clean()
    criteria_set.save()
    _changed(criteria_set)
    return criteria_set


@transaction.atomic
def criterion_save(*, criterion: Criterion) -> Criterion:
    """Add or rename a criterion of a draft set (its number, name and group)."""
    ensure_draft(criterion.criteria_set)
    criterion.full_clean()
    criterion.save()
    _changed(criterion.criteria_set)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    """Delete a criterion of a draft set, with its indicators and their thresholds."""
    ensure_draft(criterion.criteria_set)
    criterion.delete()
    _changed(criterion.criteria_set)


@transaction.atomic
def criterion_move(*, criterion: Criterion, up: bool) -> None:
    """Swap a criterion's number with its neighbour's (a criterion's order is its
    number): through a free number, the two numbers being unique in the set."""
    ensure_draft(criterion.criteria_set)
    siblings = Criterion.objects.filter(criteria_set=criterion.criteria_set)
    neighbour = (
        siblings.filter(number__lt=criterion.number).order_by("-number").first()
        if up
        else siblings.filter(number__gt=criterion.number).order_by("number").first()
    )
    if neighbour is None:
        return
    spare = (siblings.aggregate(top=Max("number"))["top"] or 0) + 1
    mine, theirs = criterion.number, neighbour.number
    for item, number in ((criterion, spare), (neighbour, mine), (criterion, theirs)):
        item.number = number
        item.save(update_fields=["number"])
    _changed(criterion.criteria_set)


@transaction.atomic
def indicator_save(*, indicator: Indicator) -> Indicator:
    """Add or edit an indicator of a draft set. A new one is placed last in its set."""
    ensure_draft(indicator.criteria_set)
    if indicator.pk is None and not indicator.position:
        top = indicator.criteria_set.indicators.aggregate(top=Max("position"))["top"]
        indicator.position = (top or 0) + 1
    indicator.full_clean()
    thresholds = indicator.thresholds.exclude(scope="commune") if indicator.pk else None
    if thresholds is not None and indicator.is_boolean and thresholds.exists():
        raise ValidationError(
            _("A met / not met indicator has no threshold: delete its thresholds first.")
        )
    if (
        thresholds is not None
        and indicator.is_percentage
        and thresholds.filter(value__gt=100).exists()
    ):
        raise ValidationError(
            _("A threshold of this indicator is above 100: it cannot become a percentage.")
        )
    indicator.save()
    # A threshold stores whether it is a percentage: it follows the indicator's kind.
    indicator.thresholds.update(is_percentage=indicator.is_percentage)
    _changed(indicator.criteria_set)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    ensure_draft(indicator.criteria_set)
    indicator.delete()
    _changed(indicator.criteria_set)


@transaction.atomic
def indicator_move(*, indicator: Indicator, up: bool) -> None:
    """Swap an indicator's place with its neighbour's in the set's order."""
    ensure_draft(indicator.criteria_set)
    ordered = list(indicator.criteria_set.indicators.order_by("position", "code"))
    index = next(i for i, item in enumerate(ordered) if item.pk == indicator.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    # Renumber the whole order: positions copied from codes may tie or leave gaps.
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    _changed(indicator.criteria_set)


@transaction.atomic
def set_threshold_save(*, threshold: Threshold) -> Threshold:
    """Set a general, region or commune-group threshold of a draft set's indicator."""
    ensure_draft(threshold.indicator.criteria_set)
    threshold.full_clean()
    threshold.save()
    _changed(threshold.indicator.criteria_set)
    return threshold


@transaction.atomic
def set_threshold_delete(*, threshold: Threshold) -> None:
    ensure_draft(threshold.indicator.criteria_set)
    threshold.delete()
    _changed(threshold.indicator.criteria_set)
