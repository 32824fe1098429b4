"""The details typed with an upload, and the reason for a deletion (text normalised by
the house's CleanModelForm / CleanForm). The files themselves are checked by
evidence.inspection through the service, not by a form field: a refusal must name each
file, and the whole upload must fail together."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from evidence.models import Evidence, EvidenceKind
from villages.forms import CleanForm, CleanModelForm


def one_line(value: str) -> str:
    return " ".join(value.split())


class UploadForm(CleanModelForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the file name."),
    )

    class Meta:
        model = Evidence
        fields = ["kind", "title", "document_number", "document_date"]
        widgets = {"document_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_title(self) -> str:
        return one_line(self.cleaned_data["title"])

    def clean_document_number(self) -> str:
        return one_line(self.cleaned_data["document_number"])


class DeleteForm(CleanForm):
    reason = forms.CharField(label=_("Why is this file removed?"), max_length=500)

    def clean_reason(self) -> str:
        reason = one_line(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason
