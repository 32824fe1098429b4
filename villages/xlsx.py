"""The one way the app writes a spreadsheet cell, and the one check of an uploaded one.

On the bottom floor because both the commune's documents (reports/builders/xlsx.py) and
the entry templates officials fill offline (imports/) write XLSX cells, and they must
write them the same way."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """The one way the app writes a cell. Text is always a string cell (data_type "s"),
    whatever it starts with: a body's report starting with "=", "+", "-", "@", a tab or a
    carriage return is shown as typed, never evaluated as a formula or DDE call (OWASP
    formula injection; the type is set explicitly and the text is kept unchanged, so the
    spreadsheet says exactly what was written). Characters an XLSX file cannot hold
    (C0 controls a row stored before the forms refused them) are dropped, not a 500."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What an uploaded workbook may be, checked on the ZIP's central directory before
# openpyxl parses any XML. A commune's template of 110 villages is ~120 sheets and a
# few MB once unpacked; these bounds are an order of magnitude above that.
MAX_ENTRIES = 2000
MAX_SHEETS = 300
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_SHEET_BYTES = 40 * 1024 * 1024  # ~a million rows is far more than this
MAX_RATIO = 200  # a ZIP entry unpacking to more than 200× its size is a bomb
MACRO_MARKERS = ("vbaproject.bin", "macroenabled", "vbadata")


class RefusedWorkbook(Exception):
    """The file is not a workbook the app reads; the message says why, in Vietnamese."""


def check_xlsx_upload(name: str, data: bytes, *, max_bytes: int) -> None:
    """Refuse a file before any heavy parsing: too large, not an .xlsx (a CSV, a PDF or
    anything renamed), macro-enabled, a ZIP bomb, thousands of sheets or a sheet too
    large to be a template. Raises RefusedWorkbook with the reason."""
    if len(data) > max_bytes:
        raise RefusedWorkbook(
            _("The file is too large (%(size)s MB); at most %(limit)s MB is accepted.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(max_bytes)}
        )
    lowered = name.lower()
    if lowered.endswith((".xlsm", ".xltm", ".xlsb")):
        raise RefusedWorkbook(str(MACRO_REFUSAL))
    if not lowered.endswith(".xlsx"):
        raise RefusedWorkbook(_("Only an Excel file (.xlsx) can be uploaded."))
    if not data.startswith(b"PK\x03\x04"):
        raise RefusedWorkbook(_not_a_workbook(data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            content_types = _content_types(archive, entries)
            _check_entries(entries, content_types)
            _refuse_doctypes(archive, entries)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx.")) from None


def _refuse_doctypes(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """No part of a real workbook declares a DOCTYPE: one that does carries entities (an
    XML bomb, an outside file). Refused here, whichever XML parser openpyxl then uses
    (it prefers lxml, which python-docx brings, over defusedxml). A DOCTYPE can only
    stand in a document's prolog, so the first bytes of each part tell."""
    for entry in entries:
        if not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(entry) as part:
            prolog = part.read(4096).lower()
        if b"<!doctype" in prolog or b"<!entity" in prolog:
            raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx."))


MACRO_REFUSAL = gettext_lazy(
    "A file with macros (.xlsm) is not accepted: save it as an Excel workbook (.xlsx) "
    "and upload it again."
)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _not_a_workbook(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return _("The file is a PDF renamed .xlsx, not an Excel workbook.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _("The file is an old Excel workbook (.xls): save it as .xlsx and upload it again.")
    return _("The file is not an Excel workbook (.xlsx): a CSV or text file cannot be uploaded.")


def _content_types(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> str:
    info = next((entry for entry in entries if entry.filename == "[Content_Types].xml"), None)
    if info is None or "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise RefusedWorkbook(_("The file is a ZIP archive, not an Excel workbook (.xlsx)."))
    if info.file_size > 1024 * 1024:
        raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx."))
    return archive.read(info).decode("utf-8", "replace").lower()


def _check_entries(entries: list[zipfile.ZipInfo], content_types: str) -> None:
    if len(entries) > MAX_ENTRIES:
        raise RefusedWorkbook(_("The file holds too many parts to be a template."))
    names = [entry.filename.lower() for entry in entries]
    if any(marker in content_types for marker in MACRO_MARKERS) or any(
        name.endswith(MACRO_MARKERS[0]) for name in names
    ):
        raise RefusedWorkbook(str(MACRO_REFUSAL))
    sheets = [entry for entry in entries if entry.filename.startswith("xl/worksheets/sheet")]
    if len(sheets) > MAX_SHEETS:
        raise RefusedWorkbook(
            _("The file has %(count)d sheets; a template has at most %(limit)d.")
            % {"count": len(sheets), "limit": MAX_SHEETS}
        )
    total = sum(entry.file_size for entry in entries)
    bomb = any(
        entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if bomb or total > MAX_UNPACKED_BYTES:
        raise RefusedWorkbook(
            _(
                "The file unpacks to far more data than a template holds (a ZIP bomb, or "
                "sheets with far too many rows)."
            )
        )
    if any(entry.file_size > MAX_SHEET_BYTES for entry in sheets):
        raise RefusedWorkbook(_("A sheet of the file has far more rows than a template holds."))
