from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import RECEIPT_NOTE_MAX
from villages.forms import CleanForm


class ReturnForm(CleanForm):
    note = forms.CharField(
        label=_("What the commune should correct"),
        max_length=RECEIPT_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the commune should correct.")},
    )


class ChooseCommuneForm(CleanForm):
    commune = forms.IntegerField(
        min_value=1, error_messages={"required": _("Choose a commune.")}, widget=forms.HiddenInput
    )
