"""The criteria set file: one XLSX layout (docs/CRITERIA-SET-FILE.md) that any set is
downloaded in and a filled one is read from.

Reading writes nothing: it returns the preview rows (every refused cell named by sheet
and cell, as the commune's own lists do, villages/sheets.py) and, when no row is
refused, the set as plain data that criteria.set_services.set_file_confirm saves."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from criteria.models import (
    Comparator,
    CriteriaSet,
    Indicator,
    IndicatorKind,
    Threshold,
    ThresholdBasis,
    ThresholdScope,
)
from criteria.numbers import parse_number
from criteria.services import CODE_PATTERN, indicator_position
from villages.models import BodyKind, CommuneGroup, Region
from villages.sheets import SheetRow, add_validations, cell_error, sheet_row
from villages.xlsx import RefusedWorkbook, write_cell

FIRST_ROW = 4
MAX_ROWS = 2000
YES_TEXT, NO_TEXT = "có", "không"
YES = {"có", "co", "yes", "y", "x", "1", "true", "đúng"}
NO = {"không", "khong", "no", "n", "0", "false", "sai", ""}

SET_SHEET = "Bộ tiêu chí"
CRITERIA_SHEET = "Tiêu chí"
INDICATOR_SHEET = "Chỉ tiêu"
THRESHOLD_SHEET = "Ngưỡng"
CROSSWALK_SHEET = "Đối chiếu"
SHEETS = (SET_SHEET, CRITERIA_SHEET, INDICATOR_SHEET, THRESHOLD_SHEET, CROSSWALK_SHEET)

# The set sheet is a form: one field per row, its value in column B.
SET_FIELDS = (
    ("code", "Mã bộ tiêu chí"),
    ("decision_ref", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("title", "Tên bộ tiêu chí"),
    ("issuer", "Cơ quan ban hành"),
    ("valid_from", "Hiệu lực từ ngày"),
    ("valid_to", "Hiệu lực đến ngày"),
    ("threshold_basis", "Ngưỡng theo (region / commune_group)"),
    ("version", "Phiên bản"),
)
SET_DATES = ("decision_date", "valid_from", "valid_to")
CRITERIA_COLUMNS = ("Số tiêu chí", "Tên tiêu chí", "Số nhóm", "Tên nhóm")
INDICATOR_COLUMNS = (
    ("code", "Mã chỉ tiêu"),
    ("criterion", "Số tiêu chí"),
    ("name", "Tên chỉ tiêu"),
    ("kind", "Loại (boolean / ratio / number)"),
    ("comparator", "So sánh (>=, >, <=, <)"),
    ("unit", "Đơn vị"),
    ("numerator_label", "Tử số"),
    ("denominator_label", "Mẫu số"),
    ("denominator_source", "Mẫu số lấy từ (households / population)"),
    ("per_village", "Theo từng thôn (có / không)"),
    ("requires_evidence", "Cần minh chứng (có / không)"),
    ("lead_body_kind", "Loại đơn vị chủ trì"),
    ("verification_flags", "Cần kiểm tra"),
    ("position", "Thứ tự"),
)
THRESHOLD_COLUMNS = (
    ("indicator", "Mã chỉ tiêu"),
    ("scope", "Áp dụng (general / region / commune_group)"),
    ("region", "Vùng"),
    ("commune_group", "Nhóm xã (1 / 2 / 3)"),
    ("comparator", "So sánh (>=, >, <=, <)"),
    ("value", "Giá trị"),
    ("source", "Căn cứ (văn bản quy định)"),
    ("is_sample", "Giá trị mẫu (có / không)"),
)
CROSSWALK_COLUMNS = (
    "Mã bộ cũ",
    "Mã chỉ tiêu cũ",
    "Mã chỉ tiêu mới",
    "Cùng ý nghĩa (có / không)",
    "Ghi chú",
)
SHIPPED_SCOPES = (ThresholdScope.GENERAL, ThresholdScope.REGION, ThresholdScope.COMMUNE_GROUP)


def letter(index: int) -> str:
    """Column letter of a 0-based column index (A…Z is enough for this layout)."""
    return chr(ord("A") + index)


# ---------------------------------------------------------------------------- writing


def set_file_build(criteria_set: CriteriaSet) -> bytes:
    """The set as a set file: what an upload of the same file would create again."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SET_SHEET
    _head(sheet, criteria_set, _("Fill column B; dates as DD/MM/YYYY."), ("Mục", "Giá trị"))
    for offset, (name, label) in enumerate(SET_FIELDS):
        write_cell(sheet, FIRST_ROW + offset, 1, label)
        value = getattr(criteria_set, name)
        cell = write_cell(sheet, FIRST_ROW + offset, 2, value)
        if name in SET_DATES:
            cell.number_format = "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 38
    sheet.column_dimensions["B"].width = 70

    criteria = list(criteria_set.criteria.select_related("group").order_by("number"))
    sheet = workbook.create_sheet(CRITERIA_SHEET)
    _head(sheet, criteria_set, _("One row per criterion; its number is unique."), CRITERIA_COLUMNS)
    for row, criterion in enumerate(criteria, start=FIRST_ROW):
        group = criterion.group
        values = [criterion.number, criterion.name]
        values += [group.number, group.name] if group else [None, ""]
        _write_row(sheet, row, values)
    _widths(sheet, (12, 50, 10, 40))

    indicators = list(
        criteria_set.indicators.select_related("criterion").order_by("position", "code")
    )
    sheet = workbook.create_sheet(INDICATOR_SHEET)
    _head(
        sheet,
        criteria_set,
        _("One row per indicator; its code is unique in the set."),
        [label for _name, label in INDICATOR_COLUMNS],
    )
    for row, indicator in enumerate(indicators, start=FIRST_ROW):
        _write_row(sheet, row, _indicator_values(indicator))
    _widths(sheet, (10, 10, 60, 14, 10, 12, 30, 30, 16, 12, 12, 20, 20, 10))
    add_validations(
        sheet,
        [
            (_choice(IndicatorKind.values), f"D{FIRST_ROW}:D{MAX_ROWS}"),
            (_choice(Comparator.values), f"E{FIRST_ROW}:E{MAX_ROWS}"),
            (_choice(["households", "population"]), f"I{FIRST_ROW}:I{MAX_ROWS}"),
            (_choice([YES_TEXT, NO_TEXT]), f"J{FIRST_ROW}:K{MAX_ROWS}"),
            (_choice(BodyKind.values), f"L{FIRST_ROW}:L{MAX_ROWS}"),
        ],
    )

    thresholds = list(
        Threshold.objects.filter(indicator__criteria_set=criteria_set, scope__in=SHIPPED_SCOPES)
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code", "scope", "region", "commune_group")
    )
    sheet = workbook.create_sheet(THRESHOLD_SHEET)
    _head(
        sheet,
        criteria_set,
        _("The required level of an indicator: general, by region or by commune group."),
        [label for _name, label in THRESHOLD_COLUMNS],
    )
    for row, threshold in enumerate(thresholds, start=FIRST_ROW):
        _write_row(
            sheet,
            row,
            [
                threshold.indicator.code,
                threshold.scope,
                threshold.region,
                threshold.commune_group,
                threshold.comparator,
                threshold.value,
                threshold.source,
                YES_TEXT if threshold.is_sample else NO_TEXT,
            ],
        )
    _widths(sheet, (12, 16, 20, 12, 10, 10, 50, 12))
    add_validations(
        sheet,
        [
            (_choice(SHIPPED_SCOPES), f"B{FIRST_ROW}:B{MAX_ROWS}"),
            (_choice(Region.values), f"C{FIRST_ROW}:C{MAX_ROWS}"),
            (_choice(["1", "2", "3"]), f"D{FIRST_ROW}:D{MAX_ROWS}"),
            (_choice(Comparator.values), f"E{FIRST_ROW}:E{MAX_ROWS}"),
        ],
    )

    sheet = workbook.create_sheet(CROSSWALK_SHEET)
    _head(
        sheet,
        criteria_set,
        _("An indicator of an earlier set that this set's indicator continues."),
        CROSSWALK_COLUMNS,
    )
    crosswalks = criteria_set.crosswalks.select_related(
        "old_indicator__criteria_set", "new_indicator"
    ).order_by("new_indicator__position", "old_indicator__code")
    for row, link in enumerate(crosswalks, start=FIRST_ROW):
        _write_row(
            sheet,
            row,
            [
                link.old_indicator.criteria_set.code,
                link.old_indicator.code,
                link.new_indicator.code,
                YES_TEXT if link.same_meaning else NO_TEXT,
                link.note,
            ],
        )
    _widths(sheet, (20, 14, 14, 14, 50))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _indicator_values(indicator: Indicator) -> list[Any]:
    return [
        indicator.code,
        indicator.criterion.number,
        indicator.name,
        indicator.kind,
        indicator.comparator,
        indicator.unit,
        indicator.numerator_label,
        indicator.denominator_label,
        indicator.denominator_source,
        YES_TEXT if indicator.per_village else NO_TEXT,
        YES_TEXT if indicator.requires_evidence else NO_TEXT,
        indicator.lead_body_kind,
        indicator.verification_flags,
        indicator.position,
    ]


def _head(sheet: Any, criteria_set: CriteriaSet, note: str, headers: Any) -> None:
    write_cell(sheet, 1, 1, f"{criteria_set.title} ({criteria_set.decision_ref})").font = Font(
        bold=True
    )
    write_cell(sheet, 2, 1, note).font = Font(italic=True)
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, 3, column, header).font = Font(bold=True)
    sheet.freeze_panes = f"A{FIRST_ROW}"


def _write_row(sheet: Any, row: int, values: list[Any]) -> None:
    for column, value in enumerate(values, start=1):
        write_cell(sheet, row, column, "" if value is None else value)


def _widths(sheet: Any, widths: tuple[int, ...]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[letter(index)].width = width


def _choice(values: Any) -> DataValidation:
    return DataValidation(type="list", formula1='"' + ",".join(str(v) for v in values) + '"')


# ---------------------------------------------------------------------------- reading


@dataclass
class SetData:
    """A set file's content, checked: what set_file_confirm creates."""

    fields: dict[str, Any]
    criteria: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    thresholds: list[dict[str, Any]] = field(default_factory=list)
    crosswalks: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SetFilePreview:
    rows: list[SheetRow]
    data: SetData

    @property
    def errors(self) -> int:
        return sum(bool(row.errors) for row in self.rows)

    @property
    def messages(self) -> list[str]:
        """Every refusal as one sentence: "Sheet Chỉ tiêu, hàng 12, ô C12: …"."""
        return [f"{row.where}, {error}" for row in self.rows for error in row.errors]

    def count(self, sheet: str) -> int:
        return sum(row.where.startswith(f"Sheet {sheet},") for row in self.rows)


def set_file_read(data: bytes) -> SetFilePreview:
    """Read and check a set file (which has passed check_xlsx_upload). RefusedWorkbook
    when it is not a readable set file at all; otherwise every row, refused or not."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # whatever a damaged part's parser raises
        raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx.")) from error
    try:
        missing = [title for title in SHEETS if title not in workbook.sheetnames]
        if missing:
            raise RefusedWorkbook(
                _(
                    "This is not a criteria set file: the sheet(s) %(sheets)s are missing. "
                    "Download a set's file and fill it."
                )
                % {"sheets": ", ".join(missing)}
            )
        sheets = {title: _read(workbook[title], width=16) for title in SHEETS}
    except RefusedWorkbook:
        raise
    except Exception as error:
        raise RefusedWorkbook(_("The file is damaged: it is not a readable .xlsx.")) from error
    finally:
        workbook.close()
    return _Reader(sheets).preview()


def _read(sheet: Any, width: int) -> list[tuple[int, list[Any]]]:
    rows = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_row=MAX_ROWS, max_col=width, values_only=True),
        start=FIRST_ROW,
    ):
        values = list(values) + [None] * (width - len(values))
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        rows.append((number, values))
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


class _Reader:
    def __init__(self, sheets: dict[str, list[tuple[int, list[Any]]]]) -> None:
        self.sheets = sheets
        self.rows: list[SheetRow] = []

    def preview(self) -> SetFilePreview:
        data = SetData(fields=self._set())
        data.criteria = self._criteria()
        data.indicators = self._indicators({c["number"] for c in data.criteria})
        kinds = {i["code"]: i["kind"] for i in data.indicators}
        data.thresholds = self._thresholds(kinds)
        data.crosswalks = self._crosswalks(set(kinds), data.fields.get("code", ""))
        return SetFilePreview(rows=self.rows, data=data)

    # One refused cell: "Sheet <title>, hàng <n>" and "ô <cell>: <message>".
    def _row(self, sheet: str, number: int, name: str, new: str, action: str) -> SheetRow:
        row = sheet_row(sheet, number, name, old="", new=new, action=action)
        self.rows.append(row)
        return row

    def _set(self) -> dict[str, Any]:
        by_row = dict(self.sheets[SET_SHEET])
        fields: dict[str, Any] = {}
        row = self._row(SET_SHEET, FIRST_ROW, _("The set"), "", _("Create as a draft"))
        for offset, (name, _label) in enumerate(SET_FIELDS):
            number = FIRST_ROW + offset
            value = (by_row.get(number) or [None, None])[1]
            cell = f"B{number}"
            try:
                fields[name] = self._set_field(name, value)
            except ValidationError as error:
                for message in error.messages:
                    cell_error(row, cell, message)
        names = [name for name, _label in SET_FIELDS]
        probe = CriteriaSet(**{k: v for k, v in fields.items() if v is not None})
        try:
            probe.full_clean(
                exclude=["status", "published_at", *[n for n in names if n not in fields]],
                validate_unique=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                number = FIRST_ROW + (names.index(name) if name in names else 0)
                for message in messages:
                    cell_error(row, f"B{number}", message)
        code = fields.get("code") or ""
        if code and CriteriaSet.objects.filter(code=code).exists():
            cell_error(
                row,
                f"B{FIRST_ROW}",
                _(
                    "a criteria set with the code “%(code)s” already exists: give this file "
                    "another code (e.g. %(code)s-v2)."
                )
                % {"code": code},
            )
        row.name = str(fields.get("title") or _("The set"))
        row.new = f"{code} · {fields.get('decision_ref') or ''}"
        return fields

    def _set_field(self, name: str, value: Any) -> Any:
        if name in SET_DATES:
            return _date(value)
        if name == "version":
            text = _text(value)
            if not text:
                return 1
            if not text.isdigit() or int(text) < 1:
                raise ValidationError(_("the version is a whole number from 1."))
            return int(text)
        text = _text(value)
        if name == "threshold_basis" and text not in ThresholdBasis.values:
            raise ValidationError(
                _("write region (thresholds by region) or commune_group (by commune group).")
            )
        return text

    def _criteria(self) -> list[dict[str, Any]]:
        out = []
        seen: dict[int, int] = {}
        groups: dict[int, str] = {}
        for number, values in self.sheets[CRITERIA_SHEET]:
            raw_no, name, raw_group, group_name = (_text(v) for v in values[:4])
            row = self._row(CRITERIA_SHEET, number, name, raw_no, _("Add"))
            criterion = _whole(row, f"A{number}", raw_no, required=True)
            if not name:
                cell_error(row, f"B{number}", _("the criterion's name is missing."))
            elif len(name) > 200:
                cell_error(row, f"B{number}", _("at most 200 characters."))
            group = _whole(row, f"C{number}", raw_group, required=False)
            if group is not None:
                if not group_name:
                    cell_error(row, f"D{number}", _("the group's name is missing."))
                elif groups.setdefault(group, group_name) != group_name:
                    cell_error(
                        row,
                        f"D{number}",
                        _("group %(number)d is named “%(name)s” on another row.")
                        % {"number": group, "name": groups[group]},
                    )
            if criterion is not None:
                if criterion in seen:
                    cell_error(
                        row,
                        f"A{number}",
                        _("criterion number %(number)d is already used on row %(row)d.")
                        % {"number": criterion, "row": seen[criterion]},
                    )
                else:
                    seen[criterion] = number
            if not row.errors:
                out.append(
                    {"number": criterion, "name": name, "group": group, "group_name": group_name}
                )
        return out

    def _indicators(self, criteria: set[int]) -> list[dict[str, Any]]:
        out = []
        seen: dict[str, int] = {}
        columns = {name: letter(i) for i, (name, _label) in enumerate(INDICATOR_COLUMNS)}
        all_criteria = {
            _text(values[0]) for _n, values in self.sheets[CRITERIA_SHEET] if _text(values[0])
        }
        for number, values in self.sheets[INDICATOR_SHEET]:
            raw = {name: values[i] for i, (name, _label) in enumerate(INDICATOR_COLUMNS)}
            text = {name: _text(value) for name, value in raw.items()}
            row = self._row(INDICATOR_SHEET, number, text["name"], text["code"], _("Add"))

            def refuse(name: str, message: str, row: SheetRow = row, number: int = number) -> None:
                cell_error(row, f"{columns[name]}{number}", message)

            code = text["code"]
            if not code:
                refuse("code", _("the indicator's code is missing."))
            elif not CODE_PATTERN.match(code) or len(code) > 10:
                refuse("code", _("the code “%(code)s” is not like 13 or 13.2.") % {"code": code})
            elif code in seen:
                refuse(
                    "code",
                    _("the code %(code)s is already used on row %(row)d.")
                    % {"code": code, "row": seen[code]},
                )
            else:
                seen[code] = number
            criterion = _whole(row, f"B{number}", text["criterion"], required=True)
            if criterion is not None and criterion not in criteria:
                if str(criterion) in all_criteria:
                    refuse(
                        "criterion",
                        _("criterion %(n)d is refused on its sheet.") % {"n": criterion},
                    )
                else:
                    refuse(
                        "criterion",
                        _("there is no criterion number %(n)d on the sheet %(sheet)s.")
                        % {"n": criterion, "sheet": CRITERIA_SHEET},
                    )
            flags = {}
            for name in ("per_village", "requires_evidence"):
                flag = text[name].casefold()
                if flag not in YES | NO:
                    refuse(name, _("write “có” or “không”."))
                flags[name] = flag in YES
            position = None
            if text["position"]:
                position = _whole(row, f"N{number}", text["position"], required=False, limit=10**9)
            fields = {
                "code": code,
                "name": text["name"],
                "kind": text["kind"],
                "comparator": text["comparator"],
                "unit": text["unit"],
                "numerator_label": text["numerator_label"],
                "denominator_label": text["denominator_label"],
                "denominator_source": text["denominator_source"],
                "lead_body_kind": text["lead_body_kind"],
                "verification_flags": text["verification_flags"],
                **flags,
            }
            probe = Indicator(**fields)
            try:
                probe.full_clean(
                    exclude=["criteria_set", "criterion", "position", "code"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        refuse(name if name in columns else "kind", message)
            if len(text["name"]) > 1000:
                refuse("name", _("at most 1000 characters."))
            if text["kind"] == IndicatorKind.BOOLEAN and text["comparator"]:
                refuse("comparator", _("a met / not met indicator has no comparator."))
            if not row.errors:
                fields["criterion"] = criterion
                fields["position"] = position if position is not None else indicator_position(code)
                out.append(fields)
        return out

    def _thresholds(self, kinds: dict[str, str]) -> list[dict[str, Any]]:
        out = []
        seen: dict[tuple[str, str, str, Any], int] = {}
        columns = {name: letter(i) for i, (name, _label) in enumerate(THRESHOLD_COLUMNS)}
        all_codes = {
            _text(values[0]) for _n, values in self.sheets[INDICATOR_SHEET] if _text(values[0])
        }
        for number, values in self.sheets[THRESHOLD_SHEET]:
            text = {name: _text(values[i]) for i, (name, _label) in enumerate(THRESHOLD_COLUMNS)}
            shown = f"{text['comparator']} {text['value']}".strip()
            row = self._row(THRESHOLD_SHEET, number, text["indicator"], shown, _("Add"))

            def refuse(name: str, message: str, row: SheetRow = row, number: int = number) -> None:
                cell_error(row, f"{columns[name]}{number}", message)

            code = text["indicator"]
            kind = kinds.get(code)
            if not code:
                refuse("indicator", _("the indicator's code is missing."))
            elif kind is None:
                if code in all_codes:
                    refuse(
                        "indicator",
                        _("indicator %(code)s is refused on its sheet.") % {"code": code},
                    )
                else:
                    refuse(
                        "indicator",
                        _("there is no indicator %(code)s on the sheet %(sheet)s.")
                        % {"code": code, "sheet": INDICATOR_SHEET},
                    )
            elif kind == IndicatorKind.BOOLEAN:
                refuse("indicator", _("a met / not met indicator has no threshold."))
            scope = text["scope"]
            region = text["region"]
            group = None
            if scope not in SHIPPED_SCOPES:
                refuse("scope", _("write general, region or commune_group."))
            if scope == ThresholdScope.REGION:
                if region not in Region.values:
                    refuse(
                        "region",
                        _("choose one of the regions: %(regions)s.")
                        % {"regions": ", ".join(Region.values)},
                    )
            elif region:
                refuse("region", _("leave the region empty for this scope."))
            if text["commune_group"]:
                if text["commune_group"] not in {str(v) for v in CommuneGroup.values}:
                    refuse(
                        "commune_group",
                        _("commune group %(group)s does not exist: only groups 1, 2 and 3.")
                        % {"group": text["commune_group"]},
                    )
                else:
                    group = int(text["commune_group"])
                if scope != ThresholdScope.COMMUNE_GROUP:
                    refuse("commune_group", _("leave the group empty for this scope."))
            elif scope == ThresholdScope.COMMUNE_GROUP:
                refuse("commune_group", _("choose the commune group (1, 2 or 3)."))
            comparator = text["comparator"]
            value = None
            if comparator not in Comparator.values:
                refuse(
                    "comparator",
                    _("the comparator is missing: write >=, >, <= or <.")
                    if not comparator
                    else _("the comparator must be one of >=, >, <=, <."),
                )
            try:
                value = parse_number(text["value"]) if text["value"] else None
            except ValueError:
                refuse("value", _("“%(value)s” is not a number.") % {"value": text["value"]})
            else:
                if value is None:
                    refuse(
                        "value", _("a comparator was chosen but the threshold value is missing.")
                    )
                elif value < 0:
                    refuse("value", _("a threshold cannot be negative."))
                elif kind == IndicatorKind.RATIO and value > 100:
                    refuse("value", _("a percentage must be between 0 and 100."))
                elif value >= Decimal("1e9") or value != value.quantize(Decimal("0.001")):
                    refuse("value", _("at most 9 digits before the decimal point and 3 after."))
            if len(text["source"]) > 300:
                refuse("source", _("at most 300 characters."))
            if text["is_sample"].casefold() not in YES | NO:
                refuse("is_sample", _("write “có” or “không”."))
            key = (code, scope, region, group)
            if not row.errors:
                if key in seen:
                    refuse(
                        "scope",
                        _("this indicator already has this threshold on row %(row)d.")
                        % {"row": seen[key]},
                    )
                else:
                    seen[key] = number
            if not row.errors:
                out.append(
                    {
                        "indicator": code,
                        "scope": scope,
                        "region": region,
                        "commune_group": group,
                        "comparator": comparator,
                        "value": value,
                        "is_percentage": kind == IndicatorKind.RATIO,
                        "source": text["source"],
                        "is_sample": text["is_sample"].casefold() in YES,
                    }
                )
        return out

    def _crosswalks(self, codes: set[str], set_code: str) -> list[dict[str, Any]]:
        out = []
        seen: dict[tuple[str, str, str], int] = {}
        rows = self.sheets[CROSSWALK_SHEET]
        wanted = {(_text(v[0]), _text(v[1])) for _n, v in rows}
        old = {
            (i.criteria_set.code, i.code): i
            for i in Indicator.objects.filter(
                criteria_set__code__in={s for s, _c in wanted}
            ).select_related("criteria_set")
        }
        for number, values in rows:
            old_set, old_code, new_code, same, note = (_text(v) for v in values[:5])
            row = self._row(CROSSWALK_SHEET, number, f"{old_code} → {new_code}", old_set, _("Add"))
            if not old_set or old_set == set_code:
                cell_error(row, f"A{number}", _("write the code of an earlier criteria set."))
            elif not CriteriaSet.objects.filter(code=old_set).exists():
                cell_error(
                    row, f"A{number}", _("there is no criteria set “%(code)s”.") % {"code": old_set}
                )
            elif (old_set, old_code) not in old:
                cell_error(
                    row,
                    f"B{number}",
                    _("the set %(set)s has no indicator %(code)s.")
                    % {"set": old_set, "code": old_code or "—"},
                )
            if new_code not in codes:
                cell_error(
                    row,
                    f"C{number}",
                    _("there is no indicator %(code)s on the sheet %(sheet)s.")
                    % {"code": new_code or "—", "sheet": INDICATOR_SHEET},
                )
            if same.casefold() not in YES | NO:
                cell_error(row, f"D{number}", _("write “có” or “không”."))
            if len(note) > 500:
                cell_error(row, f"E{number}", _("at most 500 characters."))
            key = (old_set, old_code, new_code)
            if not row.errors and key in seen:
                cell_error(
                    row, f"C{number}", _("the same row is on row %(row)d.") % {"row": seen[key]}
                )
            seen.setdefault(key, number)
            if not row.errors:
                out.append(
                    {
                        "old_indicator": old[(old_set, old_code)],
                        "new_indicator": new_code,
                        # An empty cell means the same meaning, as the model's default.
                        "same_meaning": same.casefold() in YES or same == "",
                        "note": note,
                    }
                )
        return out


def _whole(row: SheetRow, cell: str, text: str, *, required: bool, limit: int = 1000) -> int | None:
    if not text:
        if required:
            cell_error(row, cell, _("the number is missing."))
        return None
    if not text.isdigit() or not 0 < int(text) < limit:
        cell_error(row, cell, _("“%(value)s” is not a whole number from 1.") % {"value": text})
        return None
    return int(text)


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 a date only
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date (DD/MM/YYYY).") % {"value": text})
