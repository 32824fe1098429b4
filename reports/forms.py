from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import NARRATIVE_FIELDS, MonthlyReport
from villages.conflicts import VersionMarkerField
from villages.forms import CleanForm, CleanModelForm


class NarrativeForm(CleanModelForm):
    """The narrative sections the standing member writes; `version` is the marker of the
    report the form was loaded with ("": none yet), so that a newer edit is not
    overwritten."""

    version = VersionMarkerField()

    class Meta:
        model = MonthlyReport
        fields = list(NARRATIVE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in NARRATIVE_FIELDS}


class ReopenForm(CleanForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the correction.")},
    )
