"""Writes to the criteria catalogue."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import (
    CommuneSetOverride,
    Comparator,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    DenominatorSource,
    Indicator,
    IndicatorKind,
    IndicatorRecord,
    MonthClosure,
    Threshold,
    ThresholdScope,
)
from criteria.monthly import monthly_status_refresh, refreshed_by_caller
from criteria.selectors import describe_record, latest_records
from criteria.sets import criteria_set_for, forget_set_timeline
from villages.conflicts import Change, StaleEdit, is_stale, version_marker
from villages.models import Commune, Village
from villages.services import commune_data_changed

REQUIRED_COLUMNS = (
    "group_no",
    "group_name",
    "criterion_no",
    "criterion_name",
    "indicator_code",
    "indicator_name",
    "kind",
)
CODE_PATTERN = re.compile(r"^(\d+)(?:\.(\d+))?$")
YES = {"yes", "y", "true", "1", "có", "x"}
NO = {"no", "n", "false", "0", "không", ""}


def indicator_position(code: str) -> int:
    """Sort key: 17.10 after 17.9, and a criterion's single indicator (5) first."""
    match = CODE_PATTERN.match(code)
    if not match:
        return 0
    return int(match.group(1)) * 1000 + int(match.group(2) or 0)


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


@dataclass(frozen=True)
class IndicatorRow:
    line: int
    group_no: int
    group_name: str
    criterion_no: int
    criterion_name: str
    code: str
    name: str
    kind: str
    comparator: str
    threshold: Decimal | None
    unit: str
    per_village: bool
    requires_evidence: bool
    flags: str
    numerator_label: str
    denominator_label: str
    denominator_source: str


def parse_rows(rows: Iterable[Mapping[str, str]]) -> list[IndicatorRow]:
    """Validate every row first, so that a bad file changes nothing; the messages name
    the line (the header is line 1)."""
    parsed: list[IndicatorRow] = []
    errors: list[str] = []
    for line, raw in enumerate(rows, start=2):
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        missing = [column for column in REQUIRED_COLUMNS if not row.get(column)]
        if missing:
            errors.append(
                _("Line %(line)d: missing %(columns)s.")
                % {"line": line, "columns": ", ".join(missing)}
            )
            continue
        try:
            parsed.append(_parse_row(line, row))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return parsed


def _parse_row(line: int, row: dict[str, str]) -> IndicatorRow:
    def fail(message: str) -> ValidationError:
        return ValidationError(_("Line %(line)d: %(message)s") % {"line": line, "message": message})

    if not row["group_no"].isdigit() or not row["criterion_no"].isdigit():
        raise fail(_("group and criterion numbers must be whole numbers."))
    if not CODE_PATTERN.match(row["indicator_code"]):
        raise fail(
            _("indicator code “%(code)s” is not like 13 or 13.2.") % {"code": row["indicator_code"]}
        )
    if row["kind"] not in IndicatorKind.values:
        raise fail(_("kind must be boolean, ratio or number."))
    comparator = row.get("comparator", "")
    if comparator and comparator not in Comparator.values:
        raise fail(_("comparator must be one of >=, >, <=, <."))
    if row["kind"] == IndicatorKind.BOOLEAN and comparator:
        raise fail(_("a met / not met indicator has no comparator."))
    threshold = None
    if row.get("threshold"):
        try:
            threshold = Decimal(row["threshold"].replace(",", "."))
        except InvalidOperation:
            raise fail(
                _("threshold “%(value)s” is not a number.") % {"value": row["threshold"]}
            ) from None
        if not comparator:
            raise fail(_("a threshold needs a comparator."))
        if threshold < 0:
            raise fail(_("a threshold cannot be negative."))
        if row["kind"] == IndicatorKind.RATIO and threshold > 100:
            raise fail(_("a percentage must be between 0 and 100."))
    per_village = row.get("per_village", "").lower()
    if per_village not in YES | NO:
        raise fail(_("per_village must be yes or no."))
    requires_evidence = row.get("requires_evidence", "").lower()
    if requires_evidence not in YES | NO:
        raise fail(_("requires_evidence must be yes or no."))
    source = row.get("denominator_source", "")
    if source not in DenominatorSource.values:
        raise fail(_("denominator_source must be households, population or empty."))
    return IndicatorRow(
        line=line,
        group_no=int(row["group_no"]),
        group_name=row["group_name"],
        criterion_no=int(row["criterion_no"]),
        criterion_name=row["criterion_name"],
        code=row["indicator_code"],
        name=row["indicator_name"],
        kind=row["kind"],
        comparator=comparator,
        threshold=threshold,
        unit=row.get("unit", ""),
        per_village=per_village in YES,
        requires_evidence=requires_evidence in YES,
        flags=row.get("confidence", ""),
        numerator_label=row.get("numerator_label", ""),
        denominator_label=row.get("denominator_label", ""),
        denominator_source=source,
    )


@transaction.atomic
def criteria_set_import(
    *, criteria_set: CriteriaSet, rows: Iterable[Mapping[str, str]]
) -> ImportResult:
    """Add the groups, criteria, indicators and general thresholds of a CSV to a set.

    Rows already in the set (same group number, criterion number or indicator code) are
    left as they are, so that wording an administrator corrected is never overwritten."""
    parsed = parse_rows(rows)
    result = ImportResult()
    groups: dict[int, CriteriaGroup] = {}
    criteria: dict[int, Criterion] = {}
    for row in parsed:
        if row.group_no not in groups:
            groups[row.group_no], created = CriteriaGroup.objects.get_or_create(
                criteria_set=criteria_set, number=row.group_no, defaults={"name": row.group_name}
            )
            if created:
                result.count("groups")
        if row.criterion_no not in criteria:
            criteria[row.criterion_no], created = Criterion.objects.get_or_create(
                criteria_set=criteria_set,
                number=row.criterion_no,
                defaults={"name": row.criterion_name, "group": groups[row.group_no]},
            )
            if created:
                result.count("criteria")
        indicator, created = Indicator.objects.get_or_create(
            criteria_set=criteria_set,
            code=row.code,
            defaults={
                "criterion": criteria[row.criterion_no],
                "position": indicator_position(row.code),
                "name": row.name,
                "kind": row.kind,
                "comparator": row.comparator,
                "unit": row.unit,
                "per_village": row.per_village,
                "requires_evidence": row.requires_evidence,
                "verification_flags": row.flags,
                "numerator_label": row.numerator_label,
                "denominator_label": row.denominator_label,
                "denominator_source": row.denominator_source,
            },
        )
        if not created:
            continue
        result.count("indicators")
        if row.threshold is not None:
            threshold_add(
                indicator=indicator,
                scope=ThresholdScope.GENERAL,
                comparator=row.comparator,
                value=row.threshold,
                source=criteria_set.decision_ref,
            )
            result.count("thresholds")
    commune_data_changed(criteria_set_id=criteria_set.pk)
    return result


def threshold_add(
    *,
    indicator: Indicator,
    scope: str,
    comparator: str,
    value: Decimal,
    source: str = "",
    is_sample: bool = False,
    **target: object,
) -> Threshold:
    """Validate (Vietnamese messages) and save one threshold."""
    threshold = Threshold(
        indicator=indicator,
        scope=scope,
        comparator=comparator,
        value=value,
        source=source,
        is_sample=is_sample,
        **target,
    )
    threshold.full_clean()
    threshold.save()
    commune_data_changed(criteria_set_id=indicator.criteria_set_id)
    return threshold


class MonthClosed(Exception):
    """Raised when something tries to change a closed month."""


def is_month_closed(commune: Commune, month: datetime.date) -> bool:
    return MonthClosure.objects.filter(commune=commune, month=month, is_closed=True).exists()


@transaction.atomic
def month_close(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    reason: str = "",
    sent_document: str = "",
) -> MonthClosure:
    """Close `month`. `sent_document` names the sent report that closes it (its number):
    such a month reopens only through that report's correction."""
    closure, created = MonthClosure.objects.select_for_update().get_or_create(
        commune=commune,
        month=month,
        defaults={"changed_by": user, "reason": reason, "sent_document": sent_document},
    )
    if not created:
        closure.is_closed = True
        closure.reason = reason
        closure.changed_by = user
        closure.sent_document = sent_document or closure.sent_document
        closure.save()
    commune_data_changed(commune_id=commune.pk)
    return closure


@transaction.atomic
def month_reopen(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    reason: str,
    correction: bool = False,
) -> MonthClosure:
    """Reopen `month` with a reason. A month closed by a sent report is reopened only by
    that report's correction (`correction=True`, from the reports floor): reopening it
    from the month page would let its figures change under a report marked sent."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening the month."))
    closure = MonthClosure.objects.select_for_update().get(commune=commune, month=month)
    if closure.sent_document and not correction:
        raise ValidationError(
            _(
                "The monthly report of %(month)s was sent (Số: %(reference)s): to change "
                "its figures, correct the report (give the reason; a new version is sent)."
            )
            % {"month": f"{month:%m/%Y}", "reference": closure.sent_document}
        )
    closure.is_closed = False
    closure.reason = reason.strip()
    closure.changed_by = user
    closure.sent_document = ""
    closure.save()
    commune_data_changed(commune_id=commune.pk)
    return closure


@dataclass(frozen=True)
class FigureInput:
    """What a form submitted for one cell. `base` is "<record id>:<version>" of the record
    the form showed ("" when there was none): the optimistic version check."""

    indicator: Indicator
    village: Village | None
    values: dict[str, object]
    base: str
    warning: str = ""


def figure_change(figure: FigureInput, current: IndicatorRecord | None) -> Change:
    """A figure someone else saved since the form was loaded, as the user reads it."""
    village = figure.village
    place = str(village) if village else _("the commune")
    return Change(
        what=f"{place} – {figure.indicator.code}",
        current=describe_record(figure.indicator, current),
        by=current.recorded_by if current else None,
        at=current.recorded_at if current else None,
        marker=version_marker(current),
        key=f"{figure.indicator.pk}-{village.pk if village else 0}",
    )


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


def _check_month_open(commune: Commune, month: datetime.date) -> None:
    if month > timezone.localdate().replace(day=1):
        raise ValidationError(_("Figures cannot be recorded for a future month."))
    if is_month_closed(commune, month):
        raise MonthClosed(_("This month is closed: its figures can no longer be changed."))


def records_save(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    figures: list[FigureInput],
    reason: str = "",
) -> SaveResult:
    """Save a form's figures for `month`, all or nothing; `reason` goes into each
    changed record's history ("nhập từ tệp …" for a spreadsheet upload).

    A month shows the newest record at or before it, so an unchanged figure writes
    nothing; a changed one updates this month's record or starts one. If any figure was
    saved by someone else since the form was loaded, nothing is written (StaleEdit)."""
    result = SaveResult()
    with transaction.atomic():
        _check_month_open(commune, month)
        criteria_set = _check_set_in_force(commune, month, figures)
        indicator_ids = {figure.indicator.pk for figure in figures}
        current = {
            (record.indicator_id, record.village_id): record
            for record in latest_records(commune, month, criteria_set.pk)
            .filter(indicator_id__in=indicator_ids)
            .select_related("recorded_by", "village")
        }
        conflicts = [
            figure_change(figure, current.get(_key(figure)))
            for figure in figures
            if is_stale(current.get(_key(figure)), figure.base)
        ]
        if conflicts:
            raise StaleEdit(conflicts)
        changed = set()
        with refreshed_by_caller():
            for figure in figures:
                if _save_figure(
                    commune, figure, current.get(_key(figure)), month, user, result, reason
                ):
                    changed.add(figure.indicator.pk)
        # The stored monthly status of this month and of the later months it carries into.
        monthly_status_refresh(commune=commune, indicator_ids=changed, since=month)
        if changed:
            commune_data_changed(commune_id=commune.pk)
    return result


def _check_set_in_force(
    commune: Commune, month: datetime.date, figures: list[FigureInput]
) -> CriteriaSet:
    """A month's figures are for the indicators of the set that assesses that month
    (criteria.sets): a form or file made for another set is refused whole."""
    criteria_set = criteria_set_for(commune, month)
    if criteria_set is None:
        raise ValidationError(_("No criteria set assesses this commune in this month."))
    wrong = sorted(
        {f.indicator.code for f in figures if f.indicator.criteria_set_id != criteria_set.pk}
    )
    if wrong:
        raise ValidationError(
            _(
                "Nothing was saved: %(codes)s not in %(set)s, the criteria set that assesses "
                "%(month)s."
            )
            % {
                "codes": ", ".join(wrong),
                "set": criteria_set.decision_ref,
                "month": f"{month:%m/%Y}",
            }
        )
    return criteria_set


def _key(figure: FigureInput) -> tuple[int, int | None]:
    return (figure.indicator.pk, figure.village.pk if figure.village else None)


def _save_figure(
    commune: Commune,
    figure: FigureInput,
    record: IndicatorRecord | None,
    month: datetime.date,
    user: AbstractBaseUser,
    result: SaveResult,
    reason: str = "",
) -> bool:
    """Save one figure; False when it was unchanged."""
    if record is not None and all(
        getattr(record, name) == value for name, value in figure.values.items()
    ):
        result.unchanged += 1
        return False
    if record is not None and record.month == month:
        # Lock the row and re-check its version: the check above read it without a lock.
        locked = IndicatorRecord.objects.select_for_update().get(pk=record.pk)
        if locked.version != record.version:
            raise StaleEdit([figure_change(figure, locked)])
        for name, value in figure.values.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.recorded_by = user
        _set_warning(locked, figure, user)
        locked.is_sample = False
        locked._change_reason = reason[:HISTORY_REASON_LENGTH]
        locked.save()
        result.updated += 1
        return True
    carried = {name: getattr(record, name) for name in RECORD_FIELDS} if record else {}
    new = IndicatorRecord(
        commune=commune,
        indicator=figure.indicator,
        village=figure.village,
        month=month,
        recorded_by=user,
        **{**carried, **figure.values},
    )
    _set_warning(new, figure, user)
    new._change_reason = reason[:HISTORY_REASON_LENGTH]
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:
        # Someone created this month's record in the meantime (the unique constraint).
        raise StaleEdit([figure_change(figure, None)]) from None
    result.created += 1
    return True


def _set_warning(record: IndicatorRecord, figure: FigureInput, user: AbstractBaseUser) -> None:
    record.warning = figure.warning[:500]
    record.warning_confirmed_by = user if figure.warning else None


HISTORY_REASON_LENGTH = 100  # django-simple-history's history_change_reason column

RECORD_FIELDS = (
    "met",
    "numerator",
    "denominator",
    "value",
    "denominator_note",
    "evidence",
    "work_done",
    "difficulties",
    "proposals",
)


@transaction.atomic
def set_override_create(
    *,
    commune: Commune,
    criteria_set: CriteriaSet,
    from_month: datetime.date,
    reason: str,
    user: AbstractBaseUser,
) -> CommuneSetOverride:
    """Assess `commune` by `criteria_set` from `from_month` on, whatever its province
    applies (criteria.sets, rule 1), with the reason written down. Only a published set:
    a draft may still change under the figures recorded against it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for choosing this criteria set."))
    if not criteria_set.is_published:
        raise ValidationError(_("Only a published criteria set can assess a commune."))
    from_month = from_month.replace(day=1)
    if CommuneSetOverride.objects.filter(commune=commune, from_month=from_month).exists():
        raise ValidationError(
            _("A criteria set was already chosen from %(month)s: choose another month.")
            % {"month": f"{from_month:%m/%Y}"}
        )
    override = CommuneSetOverride.objects.create(
        commune=commune,
        criteria_set=criteria_set,
        from_month=from_month,
        reason=reason,
        created_by=user,
    )
    forget_set_timeline(commune)
    commune_data_changed(commune_id=commune.pk)
    return override
