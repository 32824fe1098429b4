"""A filled entry template, uploaded: stored, previewed, then confirmed.

The preview runs the web form's own validation (FiguresForm) on the values read from
the file, and the confirmation runs it again on the stored file and saves through
records_save: the same rules, warnings and stale-edit check as a figure typed in the
browser, and nothing the browser sends between the two steps is trusted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from criteria.access import Scope
from criteria.forms import FiguresForm
from criteria.models import Indicator
from criteria.selectors import Cell, figure_cells, indicator_thresholds
from criteria.services import SaveResult, figure_change, records_save
from criteria.sets import criteria_set_for
from criteria.spreadsheets import (
    MET,
    NOT_MET,
    Input,
    ReadValue,
    TemplateContent,
    form_text,
    template_read,
    where,
)
from criteria.status import evaluate_indicator
from villages.conflicts import is_stale
from villages.models import Commune, Upload, UploadKind, Village
from villages.services import upload_confirmed, upload_keep, upload_lock
from villages.xlsx import RefusedWorkbook, check_xlsx_upload


@dataclass
class PreviewRow:
    where: str
    cell: Cell
    label: str
    old: str
    new: str
    status: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflict: str = ""


@dataclass
class Preview:
    rows: list[PreviewRow]
    form: FiguresForm

    @property
    def errors(self) -> int:
        return sum(bool(row.errors) for row in self.rows)

    @property
    def conflicts(self) -> int:
        return sum(bool(row.conflict) for row in self.rows)

    @property
    def warnings(self) -> int:
        return sum(bool(row.warnings) for row in self.rows)

    @property
    def changes(self) -> int:
        return sum(row.old != row.new for row in self.rows)

    @property
    def can_confirm(self) -> bool:
        return not self.errors and not self.conflicts


def upload_store(
    *, commune: Commune, month: datetime.date, user: AbstractBaseUser, name: str, data: bytes
) -> Upload:
    """Check the file (kind, size, identity, the user's right to every input it holds)
    and keep it, waiting for confirmation. Raises RefusedWorkbook with the reason."""
    check_xlsx_upload(name, data, max_bytes=settings.FIGURE_UPLOAD_MAX_BYTES)
    content = template_read(data)
    _cells_for(commune, month, user, content)  # refuses a file the user may not write
    return upload_keep(
        commune=commune, kind=UploadKind.FIGURES, month=month, user=user, name=name, data=data
    )


def upload_preview(upload: Upload, *, confirm: bool = True) -> Preview:
    """Read the stored file again and validate it as the form would."""
    with upload.file.open("rb") as stored:
        data = stored.read()
    return preview_data(
        commune=upload.commune,
        month=upload.month,
        user=upload.uploaded_by,
        data=data,
        confirm=confirm,
    )


def preview_data(
    *,
    commune: Commune,
    month: datetime.date,
    user: AbstractBaseUser,
    data: bytes,
    confirm: bool = True,
) -> Preview:
    """The preview of a file's bytes (the file has passed check_xlsx_upload)."""
    content = template_read(data)
    cells = _cells_for(commune, month, user, content)
    return _validate(commune, cells, content, confirm=confirm)


class PreviewRefused(ValidationError):
    """The file's figures were refused before anything was saved: the preview that says
    why comes with the error (its rows are those of a new preview: nothing changed since)."""

    def __init__(self, message: Any, preview: Preview) -> None:
        super().__init__(message)
        self.preview = preview


def upload_confirm(upload: Upload, *, confirm_warnings: bool) -> SaveResult:
    """Save every figure of the file in one transaction, or none: raises PreviewRefused
    (errors, unconfirmed warnings) or StaleEdit (a figure changed since the download)."""
    preview = upload_preview(upload, confirm=confirm_warnings)
    if preview.errors:
        raise PreviewRefused(_("The file has errors: nothing was saved."), preview)
    if not preview.form.is_valid():
        raise PreviewRefused(preview.form.non_field_errors(), preview)
    with transaction.atomic():
        locked = upload_lock(upload)
        result = records_save(
            commune=upload.commune,
            month=upload.month,
            user=upload.uploaded_by,
            figures=preview.form.figures(),
            reason=upload.history_reason,
        )
        upload_confirmed(locked)
    return result


def _cells_for(
    commune: Commune, month: datetime.date, user: AbstractBaseUser, content: TemplateContent
) -> list[Cell]:
    identity = content.identity
    if identity.commune_id != commune.pk or identity.month != month:
        raise RefusedWorkbook(
            _(
                "This file is the template of %(commune)s for %(month)s, not of %(here)s for "
                "%(here_month)s: upload it on that month's page, or download this month's "
                "template."
            )
            % {
                "commune": identity.commune_name,
                "month": f"{identity.month:%m/%Y}",
                "here": commune.full_name,
                "here_month": f"{month:%m/%Y}",
            }
        )
    wanted = _wanted_places(identity.inputs)
    indicators = list(
        Indicator.objects.filter(
            criteria_set=criteria_set_for(commune, month), pk__in={i for i, _v in wanted}
        ).select_related("criterion", "criteria_set")
    )
    village_ids = {v for _i, v in wanted if v}
    villages = list(Village.objects.filter(commune=commune, pk__in=village_ids))
    cells = {
        cell.key: cell
        for cell in figure_cells(
            commune=commune,
            month=month,
            indicators=indicators,
            villages=villages,
            scope=Scope(user, commune),
            include_commune_cells=any(not v for _i, v in wanted),
        )
    }
    for item in identity.inputs:
        cell = cells.get(item.cell_key)
        if cell is None or not cell.writable:
            read = content.values.get(item.key)
            place = read.where if read else item.cell_key
            raise RefusedWorkbook(
                _("%(where)s: you may not enter this figure; nothing was read from the file.")
                % {"where": place}
            )
    keys = dict.fromkeys(item.cell_key for item in identity.inputs)
    return [cells[key] for key in keys]


def _wanted_places(inputs: list[Input]) -> set[tuple[int, int]]:
    places = set()
    for item in inputs:
        try:
            indicator_id, village_id = (int(part) for part in item.cell_key.split("-"))
        except ValueError:
            raise RefusedWorkbook(
                _("The template's identity is damaged: download it again.")
            ) from None
        places.add((indicator_id, village_id))
    return places


def _validate(
    commune: Commune, cells: list[Cell], content: TemplateContent, *, confirm: bool
) -> Preview:
    data: dict[str, Any] = {}
    # One form: its fields' initial values (what the page would show) are the data of
    # every field the file does not hold (a commune cell's notes), then the file's values.
    form = FiguresForm(data, cells=cells)
    initial = {name: _text(field.initial) for name, field in form.fields.items()}
    data.update(initial)
    data.pop("confirm", None)
    read_errors: dict[str, str] = {}
    for item in content.identity.inputs:
        data[f"{item.cell_key}-base"] = item.base
        read = content.values.get(item.key)
        if read is None:
            read_errors[item.key] = _("its row is missing from the file.")
            continue
        try:
            data[item.key] = form_text(read.value, item.field)
        except ValidationError as error:
            read_errors[item.key] = " ".join(error.messages)
        if read.error:
            read_errors[item.key] = read.error
    if confirm:
        data["confirm"] = "on"
    form.is_valid()
    statuses = _statuses(commune, content.identity.month, cells, form)
    rows = []
    by_key = {cell.key: cell for cell in cells}
    for item in content.identity.inputs:
        cell = by_key[item.cell_key]
        read = content.values.get(item.key) or ReadValue("?", "?", None)
        errors = [str(message) for message in form.errors.get(item.key, [])]
        if item.key in read_errors:
            errors = [read_errors[item.key]]
        rows.append(
            PreviewRow(
                where=read.where if read.sheet != "?" else where("?", "?"),
                cell=cell,
                label=str(form.fields[item.key].label or ""),
                old=_shown(item.field, initial[item.key]),
                new=_shown(item.field, str(form.data.get(item.key, ""))),
                status=statuses.get(cell.key, ""),
                errors=errors,
                warnings=[str(w) for w in form.warnings.get(cell.key, [])],
                conflict=_conflict(cell, item),
            )
        )
    # What needs the user's eye first: problems, then changes; the sheet's order within.
    rows.sort(key=lambda row: (not (row.errors or row.conflict), row.old == row.new))
    return Preview(rows=rows, form=form)


def _shown(name: str, text: str) -> str:
    if name == "met":
        return {"1": MET, "0": NOT_MET}.get(text, text)
    return text


def _text(initial: Any) -> str:
    return "" if initial is None else str(initial)


def _conflict(cell: Cell, item: Input) -> str:
    if not is_stale(cell.current, item.base):
        return ""
    figure = SimpleNamespace(indicator=cell.indicator, village=cell.village)
    return figure_change(figure, cell.current).message  # type: ignore[arg-type]


def _statuses(
    commune: Commune, month: datetime.date, cells: list[Cell], form: FiguresForm
) -> dict[str, str]:
    """The status each cell would have with the file's figures, by the one status rule."""
    if not form.cleaned_data:
        return {}
    thresholds = indicator_thresholds(
        commune, list({c.indicator.pk: c.indicator for c in cells}.values())
    )
    out = {}
    for cell in cells:
        prefix = f"{cell.key}-"
        values = {
            name.removeprefix(prefix): form.cleaned_data.get(name)
            for name in form.cell_fields(cell)
        }
        met = values.get("met")
        record = SimpleNamespace(
            month=month,
            village_id=cell.village.pk if cell.village else None,
            met=None if met in ("", None) else met == "1",
            numerator=values.get("numerator"),
            denominator=values.get("denominator"),
            value=values.get("value"),
        )
        result = evaluate_indicator(
            cell.indicator,
            thresholds.get(cell.indicator.pk),
            [record],  # type: ignore[list-item]
            [cell.village.pk] if cell.village else [],
        )
        out[cell.key] = result.status.label
    return out
