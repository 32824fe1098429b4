"""What every "download, edit, upload, preview, confirm" spreadsheet of the commune's
own lists shares (the household register, the responsible bodies): the hidden identity
sheet that ties a file to its commune, reading the rows back, and the preview rows with
their errors named by sheet and cell."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import PatternFill, Protection

from villages.models import Commune
from villages.xlsx import RefusedWorkbook, write_cell

IDENTITY_SHEET = "_so_ho"
FIRST_ROW = 4
MAX_ROWS = 1000
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class SheetKind:
    """One kind of list spreadsheet: its identity tag, the number of columns read, and
    the messages that refuse a file of another kind or commune (already translated by the
    caller, lazily)."""

    tag: str
    width: int
    not_ours: Any
    damaged: Any
    other_commune: Any


def write_identity(workbook: Any, kind: SheetKind, commune: Commune) -> None:
    identity = workbook.create_sheet(IDENTITY_SHEET)
    identity.sheet_state = "veryHidden"
    checksum = salted_hmac("villages.register", f"{kind.tag}\t{commune.pk}").hexdigest()
    for column, value in enumerate(
        [kind.tag, str(commune.pk), commune.full_name, checksum], start=1
    ):
        write_cell(identity, 1, column, value)


def write_input_row(
    sheet: Any, row: int, values: list[Any], date_columns: tuple[int, ...] = ()
) -> None:
    """A row the user edits: unlocked, yellow (dates shown as DD/MM/YYYY)."""
    for column, value in enumerate(values, start=1):
        cell = write_cell(sheet, row, column, value)
        cell.protection = Protection(locked=False)
        cell.fill = INPUT_FILL
        if column in date_columns:
            cell.number_format = "DD/MM/YYYY"


def read_rows(kind: SheetKind, commune: Commune, data: bytes) -> list[tuple[str, int, list[Any]]]:
    """(sheet title, row number, values) of every row that is not empty; RefusedWorkbook
    when the file is damaged, of another kind or of another commune."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _rows(kind, commune, workbook)
        finally:
            workbook.close()
    except RefusedWorkbook:
        raise
    except Exception as error:  # whatever a damaged part's parser raises
        raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx.")) from error


def _rows(kind: SheetKind, commune: Commune, workbook: Any) -> list[tuple[str, int, list[Any]]]:
    if IDENTITY_SHEET not in workbook.sheetnames:
        raise RefusedWorkbook(str(kind.not_ours))
    identity = next(workbook[IDENTITY_SHEET].iter_rows(max_row=1, max_col=4, values_only=True))
    tag, commune_id, commune_name, checksum = (str(value or "") for value in identity)
    expected = salted_hmac("villages.register", f"{tag}\t{commune_id}").hexdigest()
    if not constant_time_compare(checksum, expected):
        raise RefusedWorkbook(str(kind.damaged))
    if tag != kind.tag:
        raise RefusedWorkbook(str(kind.not_ours))
    if commune_id != str(commune.pk):
        raise RefusedWorkbook(
            str(kind.other_commune) % {"other": commune_name, "commune": commune.full_name}
        )
    sheet = next(ws for ws in workbook.worksheets if ws.title != IDENTITY_SHEET)
    rows = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_row=MAX_ROWS, max_col=kind.width, values_only=True),
        start=FIRST_ROW,
    ):
        values = list(values) + [None] * (kind.width - len(values))
        if all(value in (None, "") for value in values):
            continue
        rows.append((sheet.title, number, values))
    return rows


@dataclass
class SheetRow:
    where: str
    name: str
    old: str
    new: str
    action: str
    errors: list[str] = field(default_factory=list)
    forms: tuple[Any, ...] = ()
    target: Any = None


@dataclass
class SheetPreview:
    rows: list[SheetRow]

    @property
    def errors(self) -> int:
        return sum(bool(row.errors) for row in self.rows)

    @property
    def changes(self) -> int:
        return sum(bool(row.forms) for row in self.rows)


def sheet_row(title: str, number: int, name: str, **fields: Any) -> SheetRow:
    return SheetRow(
        where=_("Sheet %(sheet)s, row %(row)s") % {"sheet": title, "row": number},
        name=name,
        **fields,
    )


def cell_error(row: SheetRow, cell: str, message: Any) -> None:
    row.errors.append(f"{_('cell %(cell)s') % {'cell': cell}}: {message}")


def form_errors(row: SheetRow, form: forms.ModelForm, number: int, columns: dict[str, str]) -> None:
    """The form's errors on the row, each named by its cell (a field's column; "__all__"
    may be given a column too)."""
    if form.is_valid():
        return
    for name, messages in form.errors.items():
        column = columns.get(name, "")
        for message in messages:
            if column:
                cell_error(row, f"{column}{number}", message)
            else:
                row.errors.append(str(message))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return date_text(value)
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


def date_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value).strip()


def add_validations(sheet: Any, rules: list[tuple[Any, str]]) -> None:
    """Excel's own checks on the input cells: a warning with an input message, never a
    stop (the upload checks every cell again)."""
    for rule, cells in rules:
        rule.allow_blank = True
        rule.errorStyle = "warning"
        rule.showInputMessage = True
        sheet.add_data_validation(rule)
        rule.add(cells)


def sheet_store(
    kind: SheetKind, upload_kind: str, *, commune: Commune, user: Any, name: str, data: bytes
) -> Any:
    """Check an uploaded list before parsing, read it once (RefusedWorkbook if it is not
    this commune's `kind` of list) and keep it, waiting for confirmation."""
    from django.conf import settings

    from villages.services import upload_keep
    from villages.xlsx import check_xlsx_upload

    check_xlsx_upload(name, data, max_bytes=settings.FIGURE_UPLOAD_MAX_BYTES)
    read_rows(kind, commune, data)
    return upload_keep(commune=commune, kind=upload_kind, user=user, name=name, data=data)


def stored_rows(kind: SheetKind, upload: Any) -> list[tuple[str, int, list[Any]]]:
    """The rows of a kept upload, read again from the stored file."""
    with upload.file.open("rb") as stored:
        return read_rows(kind, upload.commune, stored.read())
