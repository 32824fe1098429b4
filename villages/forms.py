"""The base of every form in the app: all text typed in is normalised in one place
(villages.text.clean_text) before any field sees it, and NUL is refused in Vietnamese.

On the bottom floor (villages imports no app) so that criteria, plans, reports and the
admin can all inherit from it without an upward import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from villages.text import NUL, clean_text

NUL_MESSAGE = _("The text contains a character that cannot be stored (NUL); remove it.")


def _normalised(data: Any) -> tuple[Any, set[str]]:
    """A copy of the submitted data with every text value cleaned, and the names of the
    values that held NUL."""
    refused: set[str] = set()

    def clean(key: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if NUL in value:
            refused.add(key)
            value = value.replace(NUL, "")
        return clean_text(value)

    if hasattr(data, "setlist"):
        copy = data.copy()
        for key in list(copy.keys()):
            copy.setlist(key, [clean(key, value) for value in copy.getlist(key)])
        return copy, refused
    return {key: clean(key, value) for key, value in data.items()}, refused


class CleanTextMixin:
    """Normalise the bound data, then validate as usual; a value with NUL is an error."""

    def full_clean(self) -> None:
        refused: set[str] = set()
        if self.is_bound:
            self.data, refused = _normalised(self.data)
        super().full_clean()
        for name in self.fields:
            if self.add_prefix(name) in refused:
                self.add_error(name, forms.ValidationError(NUL_MESSAGE, code="null_characters"))


class CleanForm(CleanTextMixin, forms.Form):
    pass


class CleanModelForm(CleanTextMixin, forms.ModelForm):
    pass


class SpreadsheetUploadForm(CleanForm):
    """The one file field of every spreadsheet upload (entry template, register)."""

    file = forms.FileField(
        label=_("Filled template (.xlsx)"),
        help_text=_("The file downloaded from the portal, filled."),
    )
