from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind


class PreferencesForm(forms.Form):
    """Two switches per kind: in the app, by e-mail."""

    def __init__(self, *args: Any, initial_choices: list[tuple[Kind, bool, bool]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, in_app, email in initial_choices:
            self.fields[f"in_app_{kind.value}"] = forms.BooleanField(
                label=_("%(kind)s: in the app") % {"kind": kind.label},
                required=False,
                initial=in_app,
            )
            self.fields[f"email_{kind.value}"] = forms.BooleanField(
                label=_("%(kind)s: by e-mail") % {"kind": kind.label}, required=False, initial=email
            )
            self.rows.append((kind, self[f"in_app_{kind.value}"], self[f"email_{kind.value}"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.value: (data[f"in_app_{kind.value}"], data[f"email_{kind.value}"]) for kind in Kind
        }
