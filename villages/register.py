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
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from villages.forms import CleanModelForm
from villages.models import Commune, HouseholdRecord, Upload, UploadKind, Village
from villages.services import upload_confirmed, upload_keep, upload_lock
from villages.text import clean_text, name_key
from villages.xlsx import RefusedWorkbook, check_xlsx_upload, write_cell

IDENTITY_SHEET = "_so_ho"
IDENTITY_TAG = "ntm-portal-register-1"
FIRST_ROW = 4
BLANK_ROWS = 30  # room for new villages
MAX_ROWS = 1000
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
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
        _write_row(sheet, row, values)
        row += 1
    for blank in range(row, row + BLANK_ROWS):
        _write_row(sheet, blank, [None] * 5)
    _validations(sheet, row + BLANK_ROWS - 1)
    sheet.protection.sheet = True  # no password: it guides, it does not lock out
    sheet.freeze_panes = "A4"
    identity = workbook.create_sheet(IDENTITY_SHEET)
    identity.sheet_state = "veryHidden"
    for column, value in enumerate(_identity_row(commune), start=1):
        write_cell(identity, 1, column, value)
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


def _write_row(sheet: Any, row: int, values: list[Any]) -> None:
    for column, value in enumerate(values, start=1):
        cell = write_cell(sheet, row, column, value)
        cell.protection = Protection(locked=False)
        cell.fill = INPUT_FILL
        if column == 4:
            cell.number_format = "DD/MM/YYYY"


def _validations(sheet: Any, last: int) -> None:
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    counts.prompt = _("A whole number, 0 or more.")
    date = DataValidation(type="date", operator="greaterThan", formula1="1")
    date.prompt = _("The date the figures were counted, e.g. 01/01/2024.")
    for rule, cells in ((counts, f"B{FIRST_ROW}:C{last}"), (date, f"D{FIRST_ROW}:D{last}")):
        rule.allow_blank = True
        rule.errorStyle = "warning"
        rule.showInputMessage = True
        sheet.add_data_validation(rule)
        rule.add(cells)


def _identity_row(commune: Commune) -> list[str]:
    payload = f"{IDENTITY_TAG}\t{commune.pk}"
    checksum = salted_hmac("villages.register", payload).hexdigest()
    return [IDENTITY_TAG, str(commune.pk), commune.full_name, checksum]


# ---------------------------------------------------------------- reading


@dataclass
class RegisterRow:
    where: str
    name: str
    village: Village | None
    old: str
    new: str
    action: str
    errors: list[str] = field(default_factory=list)
    forms: tuple[Any, ...] = ()


@dataclass
class RegisterPreview:
    rows: list[RegisterRow]

    @property
    def errors(self) -> int:
        return sum(bool(row.errors) for row in self.rows)

    @property
    def changes(self) -> int:
        return sum(bool(row.forms) for row in self.rows)


def register_store(*, commune: Commune, user: AbstractBaseUser, name: str, data: bytes) -> Upload:
    """Check the file and keep it, waiting for confirmation (RefusedWorkbook if not)."""
    check_xlsx_upload(name, data, max_bytes=settings.FIGURE_UPLOAD_MAX_BYTES)
    _read(commune, data)
    return upload_keep(commune=commune, kind=UploadKind.REGISTER, user=user, name=name, data=data)


def register_preview(upload: Upload) -> RegisterPreview:
    with upload.file.open("rb") as stored:
        data = stored.read()
    return _validate(upload.commune, _read(upload.commune, data))


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
        village = row.village
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


def _read(commune: Commune, data: bytes) -> list[tuple[str, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _rows(commune, workbook)
        finally:
            workbook.close()
    except RefusedWorkbook:
        raise
    except Exception as error:  # whatever a damaged part's parser raises
        raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx.")) from error


def _rows(commune: Commune, workbook: Any) -> list[tuple[str, list[Any]]]:
    if IDENTITY_SHEET not in workbook.sheetnames:
        raise RefusedWorkbook(
            _("This file is not the household register of the portal: download it again.")
        )
    identity = next(workbook[IDENTITY_SHEET].iter_rows(max_row=1, max_col=4, values_only=True))
    tag, commune_id, commune_name, checksum = (str(value or "") for value in identity)
    expected = salted_hmac("villages.register", f"{tag}\t{commune_id}").hexdigest()
    if tag != IDENTITY_TAG or not constant_time_compare(checksum, expected):
        raise RefusedWorkbook(_("The register's identity is damaged: download it again."))
    if commune_id != str(commune.pk):
        raise RefusedWorkbook(
            _("This file is the household register of %(other)s, not of %(commune)s.")
            % {"other": commune_name, "commune": commune.full_name}
        )
    sheet = next(ws for ws in workbook.worksheets if ws.title != IDENTITY_SHEET)
    rows = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_row=MAX_ROWS, max_col=5, values_only=True),
        start=FIRST_ROW,
    ):
        values = list(values) + [None] * (5 - len(values))
        if all(value in (None, "") for value in values):
            continue
        rows.append((f"{sheet.title}|{number}", values))
    return rows


def _validate(commune: Commune, rows: list[tuple[str, list[Any]]]) -> RegisterPreview:
    villages = {name_key(village.name): village for village in commune.villages.all()}
    latest = _latest_entries(commune)
    seen: set[str] = set()
    out = []
    for place, values in rows:
        title, number = place.split("|")
        name = clean_text(str(values[0] or "")).strip()
        data = {
            "households": _text(values[1]),
            "population": _text(values[2]),
            "as_of": _date_text(values[3]),
            "source": _text(values[4]),
        }
        village = villages.get(name_key(name))
        entry = latest.get(village.pk) if village else None
        row = RegisterRow(
            where=_("Sheet %(sheet)s, row %(row)s") % {"sheet": title, "row": number},
            name=name,
            village=village,
            old=_describe(entry),
            new=" · ".join(value for value in data.values() if value),
            action=_("unchanged"),
        )
        out.append(row)
        if not name:
            row.errors.append(_("cell A%(row)s: the village name is missing.") % {"row": number})
            continue
        if name_key(name) in seen:
            row.errors.append(_("cell A%(row)s: this village is listed twice.") % {"row": number})
            continue
        seen.add(name_key(name))
        if entry is not None and _same(entry, data):
            continue
        village_form = None
        if village is None:
            village_form = NewVillageForm({"name": name}, instance=Village(commune=commune))
            row.action = _("new village")
            _errors(row, village_form, number, {"name": "A"})
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
        _errors(row, entry_form, number, {"as_of": "D", "households": "B", "population": "C"})
        if not row.errors:
            row.forms = (village_form, entry_form)
    return RegisterPreview(rows=out)


def _errors(row: RegisterRow, form: forms.ModelForm, number: str, columns: dict[str, str]) -> None:
    if form.is_valid():
        return
    for name, messages in form.errors.items():
        column = columns.get(name, "")
        prefix = _("cell %(cell)s") % {"cell": f"{column}{number}"} if column else ""
        for message in messages:
            row.errors.append(f"{prefix}: {message}" if prefix else str(message))


def _same(entry: HouseholdRecord, data: dict[str, str]) -> bool:
    return (
        _text(entry.households) == data["households"]
        and _text(entry.population) == data["population"]
        and _date_text(entry.as_of) == data["as_of"]
    )


def _describe(entry: HouseholdRecord | None) -> str:
    if entry is None:
        return "—"
    return " · ".join(_text(v) for v in _entry_values(entry)[:3] if v is not None)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return _date_text(value)
    return str(value).strip().replace(".", "") if _looks_grouped(value) else str(value).strip()


def _looks_grouped(value: Any) -> bool:
    """ "1.805" typed as text is one thousand eight hundred and five, as on the forms."""
    text = str(value).strip()
    parts = text.split(".")
    return (
        len(parts) > 1
        and all(part.isdigit() for part in parts)
        and all(len(part) == 3 for part in parts[1:])
    )


def _date_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value).strip()


def _parsed_date(text: str) -> datetime.date | None:
    """The date as the form reads it (the active language's input formats)."""
    try:
        return forms.DateField().to_python(text)
    except ValidationError:
        return None
