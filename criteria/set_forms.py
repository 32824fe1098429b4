"""Forms of the criteria set editor (a draft set's details, criteria, indicators and
thresholds) and of a correcting version."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from criteria.models import CriteriaGroup, CriteriaSet, Criterion, Indicator, Threshold
from criteria.setfile import SHIPPED_SCOPES
from villages.forms import CleanForm, CleanModelForm


class SetDetailsForm(CleanModelForm):
    class Meta:
        model = CriteriaSet
        fields = [
            "decision_ref",
            "decision_date",
            "title",
            "issuer",
            "valid_from",
            "valid_to",
            "threshold_basis",
        ]


class CriterionForm(CleanModelForm):
    class Meta:
        model = Criterion
        fields = ["number", "name", "group"]

    def __init__(self, *args: Any, criteria_set: CriteriaSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.criteria_set = criteria_set
        self.fields["group"].queryset = CriteriaGroup.objects.filter(criteria_set=criteria_set)

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        taken = Criterion.objects.filter(criteria_set=self.instance.criteria_set, number=number)
        if number < 1:
            raise forms.ValidationError(_("A criterion's number starts at 1."))
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This number is already used by another criterion."))
        return number


class IndicatorForm(CleanModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "criterion",
            "name",
            "kind",
            "comparator",
            "unit",
            "numerator_label",
            "denominator_label",
            "denominator_source",
            "per_village",
            "requires_evidence",
            "lead_body_kind",
            "verification_flags",
        ]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, criteria_set: CriteriaSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.criteria_set = criteria_set
        self.fields["criterion"].queryset = Criterion.objects.filter(criteria_set=criteria_set)

    def clean_code(self) -> str:
        from criteria.services import CODE_PATTERN

        code = self.cleaned_data["code"]
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(_("Write a code like 13 or 13.2."))
        taken = Indicator.objects.filter(criteria_set=self.instance.criteria_set, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This code is already used by another indicator."))
        return code


class ThresholdForm(CleanModelForm):
    """A general, region or commune-group threshold; the communes' own overrides are set
    on their side, not in the set."""

    class Meta:
        model = Threshold
        fields = ["scope", "region", "commune_group", "comparator", "value", "source", "is_sample"]

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        self.fields["scope"].choices = [
            choice for choice in self.fields["scope"].choices if choice[0] in SHIPPED_SCOPES
        ]

    @staticmethod
    def existing(indicator: Indicator, data: Any) -> Threshold | None:
        """The threshold the posted target already has: setting it again changes it."""
        scope = data.get("scope", "")
        target: dict[str, Any] = {"region": "", "commune_group__isnull": True}
        if scope == "region":
            target["region"] = data.get("region", "")
        elif scope == "commune_group":
            group = data.get("commune_group", "")
            if not str(group).isdigit():
                return None
            target = {"region": "", "commune_group": int(group)}
        return indicator.thresholds.filter(scope=scope, **target).first()


class NewVersionForm(CleanForm):
    valid_from = forms.DateField(
        label=_("Applies from the month of"),
        help_text=_("The correction applies from the first day of this month (DD/MM/YYYY)."),
    )

    def clean_valid_from(self) -> datetime.date:
        return self.cleaned_data["valid_from"].replace(day=1)
