"""Entry templates: a month's figures as an XLSX to fill offline, and reading it back.

The template has one sheet per place (the commune, each village) with one row per input
(a ratio's numerator, denominator and reason; a value; a met / not met status): only
column E is unlocked, and a hidden column H names the input ("<indicator>-<village>-
<field>", the FiguresForm field), so rows may be added or moved and sheets renamed.
A very hidden sheet holds the template's identity: commune, month, every input with the
version marker of the figure it showed, and an HMAC of all that (so an edited identity
is refused, not trusted).

Reading never re-implements a rule: the values become the FiguresForm's data, and the
form's validation (bounds, plausibility warnings) and records_save (version markers,
one transaction) do the rest, as for a figure typed in the browser."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from criteria.access import Scope
from criteria.fields import MAX_RATIO_PART
from criteria.forms import FiguresForm, value_maximum
from criteria.models import Indicator, IndicatorKind
from criteria.numbers import format_number, parse_number
from criteria.selectors import (
    Cell,
    applicable_thresholds,
    figure_cells,
    indicators_of_set,
    status_inputs,
)
from criteria.sets import criteria_set_for
from criteria.status import STATUS_LABELS, Status
from villages.models import Commune, Village
from villages.xlsx import RefusedWorkbook, write_cell

IDENTITY_SHEET = "_mau_nhap"
IDENTITY_TAG = "ntm-portal-template-1"
INPUT_COLUMN = 5  # E
KEY_COLUMN = 8  # H, hidden
FIRST_ROW = 4
MAX_ROWS = 5000  # rows read per sheet: a template sheet has a few dozen
MET = "Đạt"
NOT_MET = "Chưa đạt"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Input:
    """One input of a template: a field of the FiguresForm for one cell."""

    cell_key: str
    field: str
    base: str

    @property
    def key(self) -> str:
        return f"{self.cell_key}-{self.field}"


# ---------------------------------------------------------------- writing


def template_cells(
    commune: Commune,
    month: datetime.date,
    scope: Scope,
    *,
    village: Village | None = None,
    indicator: Indicator | None = None,
) -> list[Cell]:
    """The cells the user may write, narrowed to one village or one indicator."""
    if indicator is not None:
        indicators = [indicator]
    else:
        indicators = list(indicators_of_set(criteria_set_for(commune, month)))
    villages = [village] if village is not None else list(commune.villages.all())
    cells = figure_cells(
        commune=commune,
        month=month,
        indicators=indicators,
        villages=villages,
        scope=scope,
        include_commune_cells=village is None,
    )
    return [cell for cell in cells if cell.writable]


def template_build(commune: Commune, month: datetime.date, cells: list[Cell]) -> bytes:
    """The XLSX of `cells`, prefilled with what the form would show."""
    form = FiguresForm(cells=cells)
    thresholds = _thresholds(commune, month)
    workbook = Workbook()
    workbook.remove(workbook.active)
    inputs: list[tuple[str, Input]] = []
    titles: set[str] = set()
    for place, place_cells in _by_place(cells):
        sheet = workbook.create_sheet(_sheet_title(place, titles))
        _write_head(sheet, commune, month, place)
        row = FIRST_ROW
        for cell in place_cells:
            for name in _input_fields(form, cell):
                _write_input(sheet, row, form, cell, name, thresholds.get(cell.indicator.pk, ""))
                inputs.append((sheet.title, Input(cell.key, name, cell.base)))
                row += 1
        sheet.protection.sheet = True  # no password: it guides, it does not lock out
        sheet.column_dimensions["H"].hidden = True
    _write_identity(workbook, commune, month, inputs)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _thresholds(commune: Commune, month: datetime.date) -> dict[int, str]:
    inputs = status_inputs(commune, month)
    applicable = applicable_thresholds(commune, inputs)
    out = {}
    for indicator in inputs.indicators:
        threshold = applicable[indicator.pk]
        if indicator.kind == IndicatorKind.BOOLEAN:
            out[indicator.pk] = _("Met / not met")
        elif threshold:
            out[indicator.pk] = f"{threshold.get_comparator_display()} {threshold.display_value}"
    return out


def _by_place(cells: list[Cell]) -> Iterator[tuple[Village | None, list[Cell]]]:
    places: dict[int, tuple[Village | None, list[Cell]]] = {}
    for cell in cells:
        key = cell.village.pk if cell.village else 0
        places.setdefault(key, (cell.village, []))[1].append(cell)
    commune = places.pop(0, None)
    if commune:
        yield commune
    yield from places.values()


def _sheet_title(place: Village | None, taken: set[str]) -> str:
    title = str(place) if place else _("Commune")
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    title = title[:31]
    candidate, number = title, 2
    while candidate.casefold() in taken or candidate == IDENTITY_SHEET:
        suffix = f" ({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def _write_head(sheet: Any, commune: Commune, month: datetime.date, place: Any) -> None:
    where = str(place) if place else commune.full_name
    write_cell(
        sheet,
        1,
        1,
        _("Figures for %(month)s – %(place)s")
        % {
            "month": f"{month:%m/%Y}",
            "place": where,
        },
    ).font = Font(bold=True, size=13)
    write_cell(
        sheet,
        2,
        1,
        _("%(commune)s. Type only in column E (yellow cells), then upload the file.")
        % {"commune": commune.full_name},
    )
    headers = [_("Code"), _("Indicator"), _("Required level"), _("Figure"), _("Entry"), _("Unit")]
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, 3, column, header).font = BOLD
    for letter, width in zip("ABCDEF", (8, 50, 14, 40, 16, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"


def _input_fields(form: FiguresForm, cell: Cell) -> list[str]:
    names = ("numerator", "denominator", "denominator_note", "value", "met")
    return [name for name in names if f"{cell.key}-{name}" in form.fields]


def _write_input(
    sheet: Any, row: int, form: FiguresForm, cell: Cell, name: str, threshold: str
) -> None:
    indicator = cell.indicator
    form_field = form.fields[f"{cell.key}-{name}"]
    label = str(form_field.label or "")
    unit = indicator.unit if name == "value" else ""
    for column, value in enumerate((indicator.code, indicator.name, threshold, label), start=1):
        write_cell(sheet, row, column, value).alignment = WRAP
    write_cell(sheet, row, 6, unit)
    write_cell(sheet, row, KEY_COLUMN, f"{cell.key}-{name}")
    target = write_cell(sheet, row, INPUT_COLUMN, _initial_value(form_field.initial, name))
    target.protection = Protection(locked=False)
    target.fill = INPUT_FILL
    validation = _validation(indicator, name, label)
    sheet.add_data_validation(validation)
    validation.add(target)


def _initial_value(initial: Any, name: str) -> Any:
    if name == "met":
        return {"1": MET, "0": NOT_MET}.get(initial or "", "")
    if name == "denominator_note":
        return initial or ""
    number = parse_number(initial or "")
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else number


def _validation(indicator: Indicator, name: str, label: str) -> DataValidation:
    """Excel's own check of the cell, with the rule as an input message."""
    if name == "met":
        rule = DataValidation(type="list", formula1=f'"{MET},{NOT_MET}"', allow_blank=True)
        help_text = _("Choose Đạt or Chưa đạt.")
    elif name == "denominator_note":
        rule = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="300")
        help_text = _("Needed only when the denominator differs from the register.")
    elif name in ("numerator", "denominator") and indicator.counts_are_whole:
        rule = DataValidation(
            type="whole", operator="between", formula1="0", formula2=f"{MAX_RATIO_PART:.0f}"
        )
        help_text = _("A whole number, 0 or more.")
    else:
        maximum = value_maximum(indicator) if name == "value" else MAX_RATIO_PART
        rule = DataValidation(
            type="decimal", operator="between", formula1="0", formula2=f"{maximum:.0f}"
        )
        help_text = _("A number, 0 or more (decimals allowed, e.g. 20,5).")
    rule.allow_blank = True
    rule.errorStyle = "warning"  # it guides; the upload checks again
    rule.showInputMessage = True
    rule.showErrorMessage = True
    rule.promptTitle = f"{indicator.code}"[:32]
    rule.prompt = f"{label}: {help_text}"[:255]
    rule.errorTitle = _("Check the figure")[:32]
    rule.error = help_text[:255]
    return rule


def _write_identity(
    workbook: Workbook, commune: Commune, month: datetime.date, inputs: list[tuple[str, Input]]
) -> None:
    sheet = workbook.create_sheet(IDENTITY_SHEET)
    sheet.sheet_state = "veryHidden"
    rows = [[IDENTITY_TAG, str(commune.pk), commune.full_name, f"{month:%Y-%m}"]]
    by_sheet: dict[str, list[str]] = {}
    for title, item in inputs:
        by_sheet.setdefault(title, []).append(f"{item.cell_key}|{item.field}|{item.base}")
    # One row per sheet, its inputs in one cell: the identity of 110 villages reads fast.
    rows += [[title, ";".join(items)] for title, items in by_sheet.items()]
    rows.append(["checksum", _checksum(rows)])
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            write_cell(sheet, number, column, value)


def _checksum(rows: list[list[str]]) -> str:
    # The sheet titles are left out: a user may rename a sheet.
    lines = []
    for index, row in enumerate(rows):
        values = list(row[1:] if index else row)
        while values and not values[-1]:  # a program may drop or add empty cells
            values.pop()
        lines.append("\t".join(values))
    payload = "\n".join(lines)
    return salted_hmac("criteria.spreadsheets.template", payload).hexdigest()


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Identity:
    commune_id: int
    commune_name: str
    month: datetime.date
    inputs: list[Input]


@dataclass
class ReadValue:
    sheet: str
    ref: str
    value: Any
    error: str = ""

    @property
    def where(self) -> str:
        return where(self.sheet, self.ref)


def where(sheet: str, ref: str) -> str:
    return _("Sheet %(sheet)s, cell %(cell)s") % {"sheet": sheet, "cell": ref}


@dataclass
class TemplateContent:
    identity: Identity
    values: dict[str, ReadValue] = field(default_factory=dict)


def template_read(data: bytes) -> TemplateContent:
    """The identity and every input's value (the cached value of a formula). The file has
    passed villages.xlsx.check_xlsx_upload; openpyxl reads it read-only, through
    defusedxml, and only the rows a template can have."""
    try:
        return _read(data)
    except RefusedWorkbook:
        raise
    except Exception as error:
        # A damaged part raises whatever its parser raises (KeyError, ParseError,
        # defusedxml's EntitiesForbidden for an XML bomb, …): all mean "not readable".
        raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx.")) from error


def _read(data: bytes) -> TemplateContent:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        identity = _read_identity(workbook)
        content = TemplateContent(identity=identity)
        wanted = {item.key for item in identity.inputs}
        uncached: dict[str, list[str]] = {}
        for sheet in workbook.worksheets:
            if sheet.title == IDENTITY_SHEET:
                continue
            for number, row in enumerate(
                sheet.iter_rows(
                    min_row=1, max_row=MAX_ROWS, min_col=INPUT_COLUMN, max_col=KEY_COLUMN
                ),
                start=1,
            ):
                values = [cell.value for cell in row] + [None] * 4
                key = values[KEY_COLUMN - INPUT_COLUMN]
                if not isinstance(key, str) or key not in wanted or key in content.values:
                    continue
                ref = f"E{number}"
                content.values[key] = ReadValue(sheet.title, ref, values[0])
                if values[0] is None and _has_formulas(sheet):
                    uncached.setdefault(sheet.title, []).append(key)
    finally:
        workbook.close()
    if uncached:
        _mark_uncached_formulas(data, content, uncached)
    return content


def _has_formulas(sheet: Any) -> bool:
    """Whether the sheet's XML holds any formula: only then can an empty value be an
    uncalculated formula (one scan of the raw XML instead of a second parse)."""
    cached = getattr(sheet, "_ntm_has_formulas", None)
    if cached is None:
        with sheet.parent._archive.open(sheet._worksheet_path) as xml:
            cached = any(b"<f>" in chunk or b"<f " in chunk for chunk in _chunks(xml))
        sheet._ntm_has_formulas = cached
    return cached


def _chunks(stream: Any, size: int = 1 << 20) -> Iterator[bytes]:
    tail = b""
    while chunk := stream.read(size):
        yield tail + chunk
        tail = chunk[-3:]


def _read_identity(workbook: Any) -> Identity:
    if IDENTITY_SHEET not in workbook.sheetnames:
        raise RefusedWorkbook(
            _(
                "This file is not an entry template of the portal (its identity sheet is "
                "missing): download the template again."
            )
        )
    rows = [
        ["" if value is None else str(value) for value in row[:4]]
        for row in workbook[IDENTITY_SHEET].iter_rows(max_row=MAX_ROWS, max_col=4, values_only=True)
        if any(value is not None for value in row)
    ]
    if len(rows) < 2 or rows[0][0] != IDENTITY_TAG or rows[-1][0] != "checksum":
        raise RefusedWorkbook(_("The template's identity is damaged: download it again."))
    checksum = rows[-1][1]
    body = [[*row] for row in rows[:-1]]
    if not constant_time_compare(checksum, _checksum(body)):
        raise RefusedWorkbook(
            _("The template's identity was changed after it was downloaded: download it again.")
        )
    head = rows[0]
    try:
        month = datetime.date.fromisoformat(f"{head[3]}-01")
        commune_id = int(head[1])
    except ValueError:
        raise RefusedWorkbook(_("The template's identity is damaged: download it again.")) from None
    try:
        inputs = [
            Input(*item.split("|")) for row in rows[1:-1] for item in row[1].split(";") if item
        ]
    except TypeError:
        raise RefusedWorkbook(_("The template's identity is damaged: download it again.")) from None
    return Identity(commune_id=commune_id, commune_name=head[2], month=month, inputs=inputs)


def _mark_uncached_formulas(
    data: bytes, content: TemplateContent, keys_by_sheet: dict[str, list[str]]
) -> None:
    """An empty value may be a formula nobody calculated (saved by a program that does
    not compute): that is an error for the cell, not an empty figure."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for title, keys in keys_by_sheet.items():
            sheet = workbook[title]
            refs = {content.values[key].ref: key for key in keys}
            rows = [int(ref[1:]) for ref in refs]
            for number, (cell,) in enumerate(
                sheet.iter_rows(
                    min_row=min(rows), max_row=max(rows), min_col=INPUT_COLUMN, max_col=INPUT_COLUMN
                ),
                start=min(rows),
            ):
                key = refs.get(f"E{number}")
                if key and isinstance(cell.value, str) and cell.value.startswith("="):
                    content.values[key].error = _(
                        "the formula has no calculated value: open the file in Excel or "
                        "LibreOffice, let it calculate, save it and upload it again."
                    )
    finally:
        workbook.close()


def form_text(value: Any, name: str) -> str:
    """A cell's value as the form field's text: numbers printed the Vietnamese way (the
    field parses them back exactly), "Đạt"/"Chưa đạt" as the status choice."""
    if value is None:
        return ""
    if name == "met":
        if isinstance(value, bool):
            return "1" if value else "0"
        text = " ".join(str(value).split()).casefold()
        return {MET.casefold(): "1", NOT_MET.casefold(): "0", "": ""}.get(text, str(value))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return format_number(Decimal(repr(value)) if isinstance(value, float) else value)
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise ValidationError(_("a date is not a figure."))
    return str(value)


def status_label(status: Status) -> str:
    return str(STATUS_LABELS[status])
