"""The commune's responsible bodies as a spreadsheet: download the list, edit it, upload
it, check a preview, confirm (the province level sets up a new commune this way).

One row per body (name, kind, the village of a village body, order). A row whose name
is a body the commune has (whatever its case or Unicode form) changes that body's kind,
village and order; a new name creates a body; nothing is deleted. Rows are validated by
a model form (CleanModelForm: normalised text, the model's constraints give the
messages), and the confirmation saves every row in one transaction, or none."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from villages.forms import CleanModelForm
from villages.models import BodyKind, Commune, ResponsibleBody, Upload, UploadKind
from villages.services import upload_confirmed, upload_lock
from villages.sheets import (
    FIRST_ROW,
    SheetKind,
    SheetPreview,
    add_validations,
    cell_error,
    cell_text,
    form_errors,
    sheet_row,
    sheet_store,
    stored_rows,
    write_identity,
    write_input_row,
)
from villages.text import clean_text, name_key
from villages.xlsx import write_cell

BODIES = SheetKind(
    tag="ntm-portal-bodies-1",
    width=4,
    not_ours=gettext_lazy("This file is not the list of bodies of the portal: download it again."),
    damaged=gettext_lazy("The list of bodies' identity is damaged: download it again."),
    other_commune=gettext_lazy("This file is the list of bodies of %(other)s, not of %(commune)s."),
)
BLANK_ROWS = 30  # room for new bodies
COLUMNS = {"name": "A", "kind": "B", "village": "C", "position": "D", "__all__": "C"}


class BodyRowForm(CleanModelForm):
    class Meta:
        model = ResponsibleBody
        fields = ["name", "kind", "village", "position"]

    def __init__(self, *args: Any, commune: Commune, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = commune.villages.all()


# ---------------------------------------------------------------- writing


def bodies_build(commune: Commune) -> bytes:
    """Every body of the commune, and blank rows below."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bodies")[:31]
    write_cell(
        sheet, 1, 1, _("Responsible bodies – %(commune)s") % {"commune": commune.full_name}
    ).font = Font(bold=True, size=13)
    write_cell(
        sheet,
        2,
        1,
        _(
            "Change the yellow cells; a row with a new name creates that body, "
            "a village body needs its village; nothing is deleted."
        ),
    )
    headers = [_("Body"), _("Kind"), _("Village"), _("Order")]
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, 3, column, header).font = Font(bold=True)
    for letter, width in zip("ABCD", (36, 24, 24, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    row = FIRST_ROW
    for body in commune.bodies.select_related("village"):
        village = body.village.name if body.village else ""
        write_input_row(sheet, row, [body.name, body.get_kind_display(), village, body.position])
        row += 1
    for blank in range(row, row + BLANK_ROWS):
        write_input_row(sheet, blank, [None] * 4)
    _validations(sheet, commune, row + BLANK_ROWS - 1)
    sheet.protection.sheet = True  # no password: it guides, it does not lock out
    sheet.freeze_panes = "A4"
    write_identity(workbook, BODIES, commune)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _validations(sheet: Any, commune: Commune, last: int) -> None:
    labels = ",".join(str(label).replace(",", " ") for label in BodyKind.labels)
    kind = DataValidation(type="list", formula1=f'"{labels}"')
    kind.prompt = _("The kind of body, from the list.")
    order = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    order.prompt = _("A whole number, 0 or more.")
    rules = [(kind, f"B{FIRST_ROW}:B{last}"), (order, f"D{FIRST_ROW}:D{last}")]
    names = ",".join(village.name.replace(",", " ") for village in commune.villages.all())
    if names and len(names) < 250:  # Excel's limit for a list written in the rule
        village = DataValidation(type="list", formula1=f'"{names}"')
        village.prompt = _("The village of a village body; empty for the others.")
        rules.append((village, f"C{FIRST_ROW}:C{last}"))
    add_validations(sheet, rules)


# ---------------------------------------------------------------- reading


def bodies_store(*, commune: Commune, user: AbstractBaseUser, name: str, data: bytes) -> Upload:
    """Check the file and keep it, waiting for confirmation (RefusedWorkbook if not)."""
    return sheet_store(BODIES, UploadKind.BODIES, commune=commune, user=user, name=name, data=data)


def bodies_preview(upload: Upload) -> SheetPreview:
    return _validate(upload.commune, stored_rows(BODIES, upload))


@transaction.atomic
def bodies_confirm(upload: Upload) -> int:
    """Save every changed row, all or none; the number saved."""
    locked = upload_lock(upload)
    preview = bodies_preview(upload)
    if preview.errors:
        raise ValidationError(_("The file has errors: nothing was saved."))
    try:
        with transaction.atomic():
            for row in preview.rows:
                for form in row.forms:
                    form.save()
    except IntegrityError as error:  # e.g. two bodies trading villages
        raise ValidationError(
            _("The rows contradict each other or the bodies already saved: nothing was saved.")
        ) from error
    upload_confirmed(locked)
    return preview.changes


def _kinds() -> dict[str, str]:
    """A kind as typed: its label in the active language, in English, or its code."""
    kinds = {name_key(value): value for value in BodyKind.values}
    kinds.update({name_key(str(label)): value for value, label in BodyKind.choices})
    return kinds


def _validate(commune: Commune, rows: list[tuple[str, int, list[Any]]]) -> SheetPreview:
    bodies = {name_key(body.name): body for body in commune.bodies.select_related("village")}
    villages = {name_key(village.name): village for village in commune.villages.all()}
    kinds = _kinds()
    next_position = max((body.position for body in bodies.values()), default=0) + 1
    names: set[str] = set()
    taken: set[int] = set()
    out = []
    for title, number, values in rows:
        name = clean_text(cell_text(values[0]))
        kind_text, village_text, position = (cell_text(value) for value in values[1:4])
        body = bodies.get(name_key(name))
        row = sheet_row(
            title,
            number,
            name,
            target=body,
            old=_describe(body) if body else "—",
            new=" · ".join(text for text in (kind_text, village_text, position) if text),
            action=_("unchanged"),
        )
        out.append(row)
        if not name:
            cell_error(row, f"A{number}", _("the name of the body is missing."))
            continue
        if name_key(name) in names:
            cell_error(row, f"A{number}", _("this body is listed twice."))
            continue
        names.add(name_key(name))
        village = villages.get(name_key(village_text)) if village_text else None
        if village_text and village is None:
            cell_error(row, f"C{number}", _("the commune has no village of this name."))
            continue
        if village is not None and village.pk in taken:
            cell_error(row, f"C{number}", _("this village is given to two bodies."))
            continue
        if village is not None:
            taken.add(village.pk)
        if not position and body is not None:
            position = str(body.position)
        elif not position:
            position = str(next_position)
            next_position += 1
        data = {
            "name": name if body is None else body.name,
            "kind": kinds.get(name_key(kind_text), kind_text),
            "village": village.pk if village else "",
            "position": position,
        }
        form = BodyRowForm(data, instance=body or ResponsibleBody(commune=commune), commune=commune)
        form_errors(row, form, number, COLUMNS)
        if row.errors or (body is not None and not form.has_changed()):
            continue
        row.action = _("new body") if body is None else _("body changed")
        row.forms = (form,)
    return SheetPreview(rows=out)


def _describe(body: ResponsibleBody) -> str:
    parts = [str(body.get_kind_display())]
    if body.village:
        parts.append(body.village.name)
    return " · ".join([*parts, str(body.position)])
