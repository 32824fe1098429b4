from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from submissions.models import TEXT_MAX_LENGTH, Submission
from villages.conflicts import VersionMarkerField
from villages.forms import CleanForm, CleanModelForm


class SubmissionForm(CleanModelForm):
    """A body's monthly report. `version` is the marker of the report the user loaded
    ("": none yet), so that a report changed since then is not overwritten."""

    version = VersionMarkerField()

    class Meta:
        model = Submission
        fields = ["results", "difficulties", "proposals", "indicators_confirmed"]
        widgets = {
            "results": forms.Textarea(attrs={"rows": 5}),
            "difficulties": forms.Textarea(attrs={"rows": 4}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "results": _("What the body did this month for the criteria it answers for."),
        }
        error_messages = {
            "results": {"required": _("Write the results of the month.")},
            "indicators_confirmed": {
                "required": _("Confirm the figures of the indicators you answer for.")
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The model allows False (a row may predate the rule); a new report must confirm.
        self.fields["indicators_confirmed"].required = True


class SendBackForm(CleanForm):
    note = forms.CharField(
        label=_("What must be corrected"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the body must correct.")},
    )
    version = VersionMarkerField()
