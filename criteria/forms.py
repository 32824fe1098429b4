"""Forms for recording a month's figures, and for closing and reopening a month."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from criteria.fields import (
    MAX_RATIO_PART,
    MAX_VALUE,
    RATIO_DECIMAL_PLACES,
    VALUE_DECIMAL_PLACES,
)
from criteria.models import (
    NOTE_MAX_LENGTH,
    RECORD_TEXT_LIMITS,
    CriteriaSet,
    Indicator,
    IndicatorKind,
    SetStatus,
)
from criteria.numbers import PERCENT_DECIMALS, format_number, parse_number, ratio
from criteria.selectors import Cell
from criteria.services import FigureInput
from villages.conflicts import VersionMarkerField
from villages.forms import CleanForm

JUMP_POINTS = Decimal(20)


NUMBER_HELP = gettext_lazy(
    "Digits only, e.g. 1.234 or 20,5 (full-width digits are read too); "
    "scientific notation such as 1e3 is not accepted."
)


class NumberField(forms.CharField):
    """A number typed the Vietnamese way ("20,5", "1.234"); never negative, at most
    `maximum`, with at most `decimal_places` decimals: more decimals than the column keeps
    are refused, never rounded silently."""

    def __init__(
        self,
        *,
        whole: bool = False,
        maximum: Decimal = MAX_VALUE,
        decimal_places: int = VALUE_DECIMAL_PLACES,
        **kwargs: Any,
    ) -> None:
        self.whole = whole
        self.maximum = maximum
        self.decimal_places = decimal_places
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", NUMBER_HELP)
        super().__init__(**kwargs)
        # A phone shows the keypad with a decimal separator only where decimals are allowed.
        inputmode = "numeric" if whole else "decimal"
        self.widget.attrs.update({"inputmode": inputmode, "autocomplete": "off"})

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        try:
            number = parse_number(text or "")
        except ValueError:
            raise forms.ValidationError(
                _("Enter a number with digits only, e.g. 20,5 (not 1e3)."), code="invalid"
            ) from None
        if number is None:
            return None
        if number < 0:
            raise forms.ValidationError(_("The number cannot be negative."), code="negative")
        if number > self.maximum:
            raise forms.ValidationError(
                _("The number is too large: at most %(maximum)s.")
                % {"maximum": f"{self.maximum:,.0f}".replace(",", ".")},
                code="max_value",
            )
        if self.whole and number != number.to_integral_value():
            raise forms.ValidationError(
                _("A count of households or people must be a whole number."), code="fraction"
            )
        if -number.normalize().as_tuple().exponent > self.decimal_places:
            raise forms.ValidationError(
                _("At most %(places)s decimal places.") % {"places": self.decimal_places},
                code="decimal_places",
            )
        return number


def value_maximum(indicator: Indicator) -> Decimal:
    """A figure in % cannot pass 100; any other figure stays within the column's bound."""
    return Decimal(100) if indicator.unit.strip() == "%" else MAX_VALUE


def figure_fields(indicator: Indicator) -> dict[str, NumberField]:
    """The number fields of an indicator that is not met / not met, with its bounds: the
    form uses them, and so does the check that the demo's records would pass the form."""
    if indicator.kind == IndicatorKind.RATIO:
        parts = {
            "numerator": indicator.numerator_label or _("Numerator"),
            "denominator": indicator.denominator_label or _("Denominator"),
        }
        return {
            name: NumberField(
                label=label,
                whole=indicator.counts_are_whole,
                maximum=MAX_RATIO_PART,
                decimal_places=RATIO_DECIMAL_PLACES,
            )
            for name, label in parts.items()
        }
    if indicator.kind == IndicatorKind.NUMBER:
        return {
            "value": NumberField(
                label=indicator.unit or _("Value"), maximum=value_maximum(indicator)
            )
        }
    return {}


MET_CHOICES = [
    ("", gettext_lazy("Not assessed")),
    ("1", gettext_lazy("Met")),
    ("0", gettext_lazy("Not met")),
]


@dataclass
class Row:
    cell: Cell
    fields: dict[str, forms.BoundField]
    warnings: list[str]


class FiguresForm(CleanForm):
    """One form for a set of cells (an indicator's villages, or a village's indicators).
    Fields are named `<indicator id>-<village id or 0>-<field>`, so a village of 110
    villages still stays far below DATA_UPLOAD_MAX_NUMBER_FIELDS."""

    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked the figures marked with a warning and confirm them."),
        required=False,
    )

    def __init__(self, *args: Any, cells: list[Cell], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells = [cell for cell in cells if cell.writable]
        self.warnings: dict[str, list[str]] = {}
        for cell in self.cells:
            for name, field in self._fields_for(cell).items():
                self.fields[f"{cell.key}-{name}"] = field

    def _fields_for(self, cell: Cell) -> dict[str, forms.Field]:
        indicator, record = cell.indicator, cell.current
        fields: dict[str, forms.Field] = {
            "base": VersionMarkerField(required=False, initial=cell.base)
        }
        figures_here = indicator.per_village == (cell.village is not None)
        if figures_here and indicator.kind == IndicatorKind.BOOLEAN:
            fields["met"] = forms.ChoiceField(
                label=_("Status"),
                choices=MET_CHOICES,
                required=False,
                initial="" if not record or record.met is None else str(int(record.met)),
            )
        elif figures_here:
            fields |= figure_fields(indicator)
            if indicator.kind == IndicatorKind.RATIO:
                denominator = cell.register if cell.register is not None else None
                if denominator is None and record:
                    denominator = record.denominator
                fields["numerator"].initial = format_number(record.numerator if record else None)
                fields["denominator"].initial = format_number(denominator)
            else:
                fields["value"].initial = format_number(record.value if record else None)
            # Only a register denominator has something to differ from.
            if (
                indicator.kind == IndicatorKind.RATIO
                and cell.village is not None
                and indicator.denominator_source
            ):
                fields["denominator_note"] = forms.CharField(
                    label=_("Why the denominator differs from the register"),
                    required=False,
                    max_length=RECORD_TEXT_LIMITS["denominator_note"],
                    initial=record.denominator_note if record else "",
                )
        if cell.village is None:
            labels = {
                "evidence": _("Evidence"),
                "work_done": _("Work done this period"),
                "difficulties": _("Difficulties"),
                "proposals": _("Proposals"),
            }
            for name, label in labels.items():
                fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=NOTE_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=getattr(record, name) if record else "",
                )
        return fields

    def cell_fields(self, cell: Cell) -> list[str]:
        """The names of the cell's fields ("<key>-numerator", …), from a map built once:
        a commune of 110 villages has thousands of fields."""
        if not hasattr(self, "_cell_fields"):
            self._cell_fields: dict[str, list[str]] = {}
            for name in self.fields:
                key, _dash, _field = name.rpartition("-")
                self._cell_fields.setdefault(key, []).append(name)
        return self._cell_fields.get(cell.key, [])

    @property
    def rows(self) -> list[Row]:
        rows = []
        for cell in self.cells:
            prefix = f"{cell.key}-"
            fields = {name.removeprefix(prefix): self[name] for name in self.cell_fields(cell)}
            rows.append(Row(cell=cell, fields=fields, warnings=self.warnings.get(cell.key, [])))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for cell in self.cells:
            self._check_cell(cell, data)
        if self.warnings and not data.get("confirm") and not self.errors:
            # On the confirm field, not the form: not an error to correct, a check to make
            # (the page says so in a warning, not in the red error box).
            self.add_error(
                "confirm",
                forms.ValidationError(
                    _(
                        "Some figures look unusual (see the warnings). Check them, then press "
                        "Confirm."
                    ),
                    code="unconfirmed",
                ),
            )
        return data

    @property
    def needs_confirmation(self) -> bool:
        """Everything is valid but unusual figures wait for the user's confirmation."""
        return list(self.errors) == ["confirm"]

    def _check_cell(self, cell: Cell, data: dict[str, Any]) -> None:
        key = cell.key
        numerator = data.get(f"{key}-numerator")
        denominator = data.get(f"{key}-denominator")
        if f"{key}-numerator" not in self.fields:
            return
        if (numerator is None) != (denominator is None):
            self.add_error(
                f"{key}-denominator" if denominator is None else f"{key}-numerator",
                _("Enter both the numerator and the denominator, or neither."),
            )
            return
        if numerator is None:
            return
        if denominator == 0:
            self.add_error(f"{key}-denominator", _("The denominator must be greater than 0."))
            return
        if numerator > denominator:
            self.add_error(
                f"{key}-numerator", _("The numerator cannot be greater than the denominator.")
            )
            return
        warnings = []
        if cell.register is not None and denominator != cell.register:
            if not data.get(f"{key}-denominator_note", "").strip():
                self.add_error(
                    f"{key}-denominator_note",
                    _("The register says %(count)s: give the reason for another denominator.")
                    % {"count": cell.register},
                )
                return
            warnings.append(
                _("The denominator %(new)s differs from the register (%(register)s).")
                % {"new": format_number(denominator), "register": format_number(cell.register)}
            )
        previous = self._previous_percentage(cell)
        if previous is not None:
            now = ratio(numerator, denominator)
            if abs(now - previous) > JUMP_POINTS:
                warnings.append(
                    _(
                        "%(now)s %% against %(before)s %% last month: a change of more than "
                        "20 points."
                    )
                    % {
                        "now": format_number(now, PERCENT_DECIMALS),
                        "before": format_number(previous, PERCENT_DECIMALS),
                    }
                )
        if warnings:
            self.warnings[key] = warnings

    @staticmethod
    def _previous_percentage(cell: Cell) -> Decimal | None:
        return cell.previous.percentage if cell.previous else None

    def figures(self) -> list[FigureInput]:
        """What the user submitted, cell by cell, for the service to compare and save."""
        figures = []
        for cell in self.cells:
            prefix = f"{cell.key}-"
            values: dict[str, Any] = {}
            for name in self.cell_fields(cell):
                if name.endswith("-base"):
                    continue
                field = name.removeprefix(prefix)
                value = self.cleaned_data.get(name)
                if field == "met":
                    value = None if value in ("", None) else value == "1"
                values[field] = value
            figures.append(
                FigureInput(
                    indicator=cell.indicator,
                    village=cell.village,
                    values=values,
                    base=self.cleaned_data.get(f"{prefix}base", ""),
                    warning=" ".join(str(w) for w in self.warnings.get(cell.key, [])),
                )
            )
        return figures


class MonthReopenForm(CleanForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SetOverrideForm(CleanForm):
    """A commune assessed by another set from a month on (criteria.sets, rule 1)."""

    criteria_set = forms.ModelChoiceField(
        label=gettext_lazy("Criteria set"),
        queryset=CriteriaSet.objects.filter(status=SetStatus.PUBLISHED).order_by("-valid_from"),
        empty_label=None,
    )
    from_month = forms.DateField(
        label=gettext_lazy("From month"),
        input_formats=["%Y-%m", "%m/%Y"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=gettext_lazy("The first month assessed by this set, e.g. 2026-01."),
        error_messages={"invalid": gettext_lazy("Enter a month such as 2026-01.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_from_month(self) -> Any:
        return self.cleaned_data["from_month"].replace(day=1)


class UploadConfirmForm(CleanForm):
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked the figures marked with a warning and confirm them."),
        required=False,
    )
