"""The household register as a spreadsheet: download it, edit it, upload it, check a
preview, confirm.

One row per village (name, total households, population, as-of date, source); a row
with a name the commune does not have yet creates that village, which is how a new
commune's villages are set up in bulk. Every row is validated by the same model forms
the administration site uses (CleanModelForm: normalised text, the models' constraints,
names unique whatever their case), and the confirmation saves every row in one
transaction, or none."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from villages.forms import CleanModelForm
from villages.models import Commune, HouseholdRecord, Upload, UploadKind, Village
from villages.services import upload_confirmed, upload_lock
from villages.sheets import (
    FIRST_ROW,
    SheetKind,
    SheetPreview,
    add_validations,
    cell_error,
    cell_text,
    date_text,
    form_errors,
    sheet_row,
    sheet_store,
    stored_rows,
    write_identity,
    write_input_row,
)
from villages.text import clean_text, name_key
from villages.xlsx import write_cell

REGISTER = SheetKind(
    tag="ntm-portal-register-1",
    width=5,
    not_ours=gettext_lazy(
        "This file is not the household register of the portal: download it again."
    ),
    damaged=gettext_lazy("The register's identity is damaged: download it again."),
    other_commune=gettext_lazy(
        "This file is the household register of %(other)s, not of %(commune)s."
    ),
)
BLANK_ROWS = 30  # room for new villages
COLUMNS = ("name", "households", "population", "as_of", "source")


class RegisterEntryForm(CleanModelForm):
    class Meta:
        model = HouseholdRecord
        fields = ["as_of", "households", "population", "source"]


class NewVillageForm(CleanModelForm):
    class Meta:
        model = Village
        fields = ["name"]


# ---------------------------------------------------------------- writing


def register_build(commune: Commune) -> bytes:
    """The register as of today: each village's newest entry, and blank rows below."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Household register")[:31]
    write_cell(
        sheet,
        1,
        1,
        _("Household register – %(commune)s")
        % {
            "commune": commune.full_name,
        },
    ).font = Font(bold=True, size=13)
    write_cell(
        sheet,
        2,
        1,
        _("Change the yellow cells; a row with a new village name creates that village."),
    )
    headers = [_("Village"), _("Households"), _("Population"), _("As of"), _("Source")]
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, 3, column, header).font = Font(bold=True)
    for letter, width in zip("ABCDE", (28, 14, 14, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    latest = _latest_entries(commune)
    row = FIRST_ROW
    for village in commune.villages.all():
        entry = latest.get(village.pk)
        values = [village.name, *(_entry_values(entry) if entry else [None, None, None, ""])]
        write_input_row(sheet, row, values, date_columns=(4,))
        row += 1
    for blank in range(row, row + BLANK_ROWS):
        write_input_row(sheet, blank, [None] * 5, date_columns=(4,))
    _validations(sheet, row + BLANK_ROWS - 1)
    sheet.protection.sheet = True  # no password: it guides, it does not lock out
    sheet.freeze_panes = "A4"
    write_identity(workbook, REGISTER, commune)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _latest_entries(commune: Commune) -> dict[int, HouseholdRecord]:
    entries = HouseholdRecord.objects.filter(village__commune=commune).order_by(
        "village_id", "as_of"
    )
    return {entry.village_id: entry for entry in entries}


def _entry_values(entry: HouseholdRecord) -> list[Any]:
    return [entry.households, entry.population, entry.as_of, entry.source]


def _validations(sheet: Any, last: int) -> None:
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    counts.prompt = _("A whole number, 0 or more.")
    date = DataValidation(type="date", operator="greaterThan", formula1="1")
    date.prompt = _("The date the figures were counted, e.g. 01/01/2024.")
    add_validations(sheet, [(counts, f"B{FIRST_ROW}:C{last}"), (date, f"D{FIRST_ROW}:D{last}")])


# ---------------------------------------------------------------- reading


def register_store(*, commune: Commune, user: AbstractBaseUser, name: str, data: bytes) -> Upload:
    """Check the file and keep it, waiting for confirmation (RefusedWorkbook if not)."""
    return sheet_store(
        REGISTER, UploadKind.REGISTER, commune=commune, user=user, name=name, data=data
    )


def register_preview(upload: Upload) -> SheetPreview:
    return _validate(upload.commune, stored_rows(REGISTER, upload))


@transaction.atomic
def register_confirm(upload: Upload) -> int:
    """Save every changed row (new villages first), all or none; the number saved."""
    locked = upload_lock(upload)
    preview = register_preview(upload)
    if preview.errors:
        raise ValidationError(_("The file has errors: nothing was saved."))
    reason = upload.history_reason[:100]
    for row in preview.rows:
        if not row.forms:
            continue
        village_form, entry_form = row.forms
        village = row.target
        if village_form is not None:
            village = village_form.save(commit=False)
            village.commune = upload.commune
            village.position = upload.commune.villages.count() + 1
            village._change_reason = reason
            village.save()
        entry = entry_form.save(commit=False)
        entry.village = village
        entry._change_reason = reason
        entry.save()
    upload_confirmed(locked)
    return preview.changes


def _validate(commune: Commune, rows: list[tuple[str, int, list[Any]]]) -> SheetPreview:
    villages = {name_key(village.name): village for village in commune.villages.all()}
    latest = _latest_entries(commune)
    seen: set[str] = set()
    out = []
    for title, number, values in rows:
        name = clean_text(str(values[0] or "")).strip()
        data = {
            "households": cell_text(values[1]),
            "population": cell_text(values[2]),
            "as_of": date_text(values[3]),
            "source": cell_text(values[4]),
        }
        village = villages.get(name_key(name))
        entry = latest.get(village.pk) if village else None
        row = sheet_row(
            title,
            number,
            name,
            target=village,
            old=_describe(entry),
            new=" · ".join(value for value in data.values() if value),
            action=_("unchanged"),
        )
        out.append(row)
        if not name:
            cell_error(row, f"A{number}", _("the village name is missing."))
            continue
        if name_key(name) in seen:
            cell_error(row, f"A{number}", _("this village is listed twice."))
            continue
        seen.add(name_key(name))
        if entry is not None and _same(entry, data):
            continue
        village_form = None
        if village is None:
            village_form = NewVillageForm({"name": name}, instance=Village(commune=commune))
            row.action = _("new village")
            form_errors(row, village_form, number, {"name": "A"})
        else:
            row.action = _("new entry")
        existing = (
            HouseholdRecord.objects.filter(
                village=village, as_of=_parsed_date(data["as_of"])
            ).first()
            if village is not None and _parsed_date(data["as_of"])
            else None
        )
        entry_form = RegisterEntryForm(
            data, instance=existing or HouseholdRecord(village=village or Village(commune=commune))
        )
        if existing is not None:
            row.action = _("entry corrected")
        form_errors(row, entry_form, number, {"as_of": "D", "households": "B", "population": "C"})
        if not row.errors:
            row.forms = (village_form, entry_form)
    return SheetPreview(rows=out)


def _same(entry: HouseholdRecord, data: dict[str, str]) -> bool:
    return (
        cell_text(entry.households) == data["households"]
        and cell_text(entry.population) == data["population"]
        and date_text(entry.as_of) == data["as_of"]
    )


def _describe(entry: HouseholdRecord | None) -> str:
    if entry is None:
        return "—"
    return " · ".join(cell_text(v) for v in _entry_values(entry)[:3] if v is not None)


def _parsed_date(text: str) -> datetime.date | None:
    """The date as the form reads it (the active language's input formats)."""
    try:
        return forms.DateField().to_python(text)
    except ValidationError:
        return None
