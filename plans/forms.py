"""Forms for plans. Numbers accept Vietnamese input ("20,5"; "1.500.000" for money)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from criteria.models import Criterion, Indicator
from plans.models import (
    PLAN_TEXTS,
    QUARTERS,
    Commitment,
    FundingSource,
    LegalBasis,
    Milestone,
    Movement,
    Plan,
    ResourceItem,
    Task,
    TaskState,
    TaskUpdate,
)
from villages.conflicts import VersionMarkerField, version_marker
from villages.forms import CleanForm, CleanModelForm
from villages.models import ResponsibleBody
from villages.signing import signing_errors

THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
PLAIN_AMOUNT = re.compile(r"^-?\d+([.,]\d+)?$", re.ASCII)
QUARTER_CHOICES = [(q, format_lazy("{} {}", _("Quarter"), q)) for q in QUARTERS]


class VietnameseDecimalField(forms.DecimalField):
    """A localised decimal that also takes dots as thousands separators ("1.500.000,5"),
    whatever USE_THOUSAND_SEPARATOR says, since that is how amounts are written."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
            if THOUSANDS.match(value):
                value = value.replace(".", "")
            # Digits and separators only, as for the monthly figures: no "1e3", no "NaN".
            if value and not PLAIN_AMOUNT.match(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class TaskFilterForm(CleanForm):
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=ResponsibleBody.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    criterion = forms.ModelChoiceField(
        label=_("Criterion"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All"))] + TaskState.choices, required=False
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", _("All")), *QUARTER_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("My tasks"), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = ResponsibleBody.objects.filter(commune=plan.commune_id)
        self.fields["criterion"].queryset = Criterion.objects.filter(
            criteria_set=plan.criteria_set_id
        )


TASK_FIELDS = [
    "title",
    "description",
    "section",
    "criterion",
    "indicator",
    "lead_body",
    "supporting_bodies",
]


class TaskForm(CleanForm):
    """The plan fields of a task. A plain form, not a ModelForm: the service fills the
    criterion from the indicator and checks every link against the plan, so the model's
    constraints are checked by the service and the database, not half-way here."""

    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        help_text=_("Leave empty for “within the year” (31/12)."),
    )
    quarters = forms.TypedMultipleChoiceField(
        label=_("Quarters"),
        choices=QUARTER_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionMarkerField(required=False)

    def __init__(self, *args: Any, plan: Plan, instance: Task | None = None, **kwargs: Any) -> None:
        if instance is not None:
            initial = {name: getattr(instance, name) for name in TASK_FIELDS[:-1]}
            initial |= {
                "supporting_bodies": list(instance.supporting_bodies.all()),
                "deadline": instance.deadline,
                "quarters": instance.quarters,
                "version": version_marker(instance),
            }
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(
            Task,
            fields=TASK_FIELDS,
            widgets={
                "description": forms.Textarea(attrs={"rows": 4}),
                "supporting_bodies": forms.CheckboxSelectMultiple,
            },
        )
        self.fields = {**model_fields, **self.fields}
        bodies = ResponsibleBody.objects.filter(commune=plan.commune_id)
        self.fields["lead_body"].queryset = bodies
        self.fields["supporting_bodies"].queryset = bodies
        self.fields["criterion"].queryset = Criterion.objects.filter(
            criteria_set=plan.criteria_set_id
        )
        # Every set's indicators are accepted here and checked by the service, which
        # explains the refusal instead of the generic "not one of the choices".
        self.fields["indicator"].queryset = Indicator.objects.order_by("criteria_set", "position")

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ProgressForm(CleanForm):
    progress = VietnameseDecimalField(
        label=_("Progress (%)"), max_digits=4, decimal_places=1, help_text=_("From 0 to 100.")
    )
    state = forms.ChoiceField(label=_("State"), choices=TaskState.choices)
    note = forms.CharField(
        label=_("What was done"),
        max_length=TaskUpdate._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionMarkerField()

    def clean_progress(self) -> Decimal:
        progress = self.cleaned_data["progress"]
        if not (0 <= progress <= 100):
            raise forms.ValidationError(_("Progress must be between 0 and 100 %."))
        return progress


class CommitmentForm(CleanForm):
    movement = forms.ModelChoiceField(label=_("Movement"), queryset=Movement.objects.none())
    body = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=ResponsibleBody.objects.none(),
        error_messages={"invalid_choice": _("This unit does not exist in the commune.")},
    )
    items = forms.CharField(
        label=_("Items committed"),
        max_length=Commitment._meta.get_field("items").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signed_on = forms.DateField(label=_("Signed on"))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["movement"].queryset = Movement.objects.filter(plan=plan)
        self.fields["body"].queryset = ResponsibleBody.objects.filter(commune=plan.commune_id)


class ResourceAmountForm(CleanForm):
    item = forms.ModelChoiceField(label=_("Work or item"), queryset=ResourceItem.objects.none())
    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    planned = VietnameseDecimalField(label=_("Planned"), max_digits=18, decimal_places=2)
    actual = VietnameseDecimalField(
        label=_("Actual"), max_digits=18, decimal_places=2, initial=Decimal(0)
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ResourceItem.objects.filter(plan=plan)

    def _non_negative(self, name: str) -> Decimal:
        value = self.cleaned_data[name]
        if value < 0:
            raise forms.ValidationError(_("An amount cannot be negative."))
        return value

    def clean_planned(self) -> Decimal:
        return self._non_negative("planned")

    def clean_actual(self) -> Decimal:
        return self._non_negative("actual")


class PlanForm(CleanModelForm):
    """The plan's own fields; its criteria set is the commune's when it is created."""

    class Meta:
        model = Plan
        fields = [
            "year",
            "number",
            "date",
            "is_sample",
            "issuing_body",
            "title",
            "preamble",
            "purposes",
            "requirements",
            "review_met",
            "review_total",
            "unmet_criteria",
            "review_note",
            "implementation_intro",
            "closing",
            "recipients",
            "signing_authority",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in (*PLAN_TEXTS, "recipients")
        } | {"unmet_criteria": forms.CheckboxSelectMultiple}
        help_texts = {
            "signing_authority": _(
                "Nghị định 30: the body after “TM.” is the issuing body, signed by its head "
                "(TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH); a deputy signs “KT.” for the head "
                "(KT. CHỦ TỊCH / PHÓ CHỦ TỊCH). Blank: the commune's setting."
            ),
            "signer_title": _("The signer's position: CHỦ TỊCH, PHÓ CHỦ TỊCH, TRƯỞNG BAN…"),
            "number": _("e.g. 12/KH-UBND. Leave blank until the plan is numbered."),
        }

    def __init__(self, *args: Any, criteria_set_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unmet_criteria"].queryset = Criterion.objects.filter(
            criteria_set=criteria_set_id
        )
        if self.instance.pk:
            del self.fields["year"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        met, total = data.get("review_met"), data.get("review_total")
        if met is not None and total is not None and met > total:
            self.add_error(
                "review_met", _("Criteria met cannot exceed the number of criteria in the set.")
            )
        if data.get("signing_authority") or data.get("signer_title"):
            for error in signing_errors(
                issuing_body=data.get("issuing_body") or "",
                number_suffix=(data.get("number") or "").partition("/")[2],
                authority=data.get("signing_authority") or "",
                title=data.get("signer_title") or "",
            ):
                self.add_error("signing_authority", error)
        return data


LegalBasisFormSet = forms.inlineformset_factory(
    Plan,
    LegalBasis,
    form=CleanModelForm,
    fields=["position", "kind", "number", "date", "issuer", "title"],
    extra=1,
    can_delete=True,
)
MilestoneFormSet = forms.inlineformset_factory(
    Plan,
    Milestone,
    form=CleanModelForm,
    fields=["quarter", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=4,
    max_num=4,
    can_delete=True,
)
