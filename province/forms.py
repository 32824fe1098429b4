from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from criteria.models import CriteriaSet
from reports.models import RECEIPT_NOTE_MAX
from villages.forms import CleanForm, CleanModelForm
from villages.models import PROVINCE_ROLES, Commune, Province, ResponsibleBody, Role, Village


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


# ---------------------------------------------------------------- setting up communes

COMMUNE_ROLES = [(value, label) for value, label in Role.choices if value not in PROVINCE_ROLES]


class CommuneForm(CleanModelForm):
    """A commune of the administrator's province: its identity, group and the settings
    its reports need. A new commune starts from the province's defaults."""

    class Meta:
        model = Commune
        fields = [
            "name",
            "code",
            "commune_group",
            "region",
            "criteria_set",
            "superior_body",
            "recipients",
            "report_due_day",
            "data_cutoff_day",
            "signer_name",
        ]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province = province
        self.instance.province = province
        sets = CriteriaSet.objects.filter(provinces=province)
        if not sets.exists():
            sets = CriteriaSet.objects.all()
        self.fields["criteria_set"].queryset = sets
        # Nhóm 1/2/3 (QĐ 51/2025) sets a commune's thresholds from 2026: a new commune
        # states it; the model keeps it optional for communes migrated from before.
        self.fields["commune_group"].required = True
        if self.instance.pk is None:
            self.initial.update(province_defaults(province, sets))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        others = Commune.objects.filter(province=self.province, code=code).exclude(
            pk=self.instance.pk
        )
        if code and others.exists():
            raise forms.ValidationError(_("A commune with this code already exists."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        due, cutoff = data.get("report_due_day"), data.get("data_cutoff_day")
        if due and cutoff and cutoff > due:
            self.add_error(
                "data_cutoff_day", _("The data cut-off day cannot come after the report due day.")
            )
        return data


def province_defaults(province: Province, sets: Any) -> dict[str, Any]:
    """What a new commune of the province starts with: the region of most of its
    communes, reports addressed to the coordination office, the province's criteria
    set, the bodies reporting by the province's own due day and figures closed two days
    before."""
    due = province.report_due_day
    regions = list(
        Commune.objects.filter(province=province)
        .exclude(region="")
        .values_list("region", flat=True)
        .order_by("region")
    )
    common = max(set(regions), key=regions.count, default="")
    return {
        "region": common,
        "superior_body": province.office_name,
        "recipients": "\n".join(["Như trên", province.office_name, "Lưu: VT"]),
        "criteria_set": sets.order_by("-pk").first(),
        "report_due_day": due,
        "data_cutoff_day": max(1, due - 2),
    }


class VillageForm(CleanModelForm):
    class Meta:
        model = Village
        fields = ["name", "head_name", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Empty: after the commune's other villages.")

    def clean_position(self) -> int:
        return self.cleaned_data["position"] or 0


class AccountForm(CleanForm):
    """A commune's first accounts. The password may be left empty: a random one is made
    and shown once. Whatever is typed is checked by Django's password validators."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and . _ - only, e.g. thuongtruc.quangtrung"),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=COMMUNE_ROLES)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=ResponsibleBody.objects.none(),
        required=False,
        help_text=_("The body an officer or a village head reports for."),
    )
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to generate one; it is shown once, after saving."),
    )

    def __init__(self, *args: Any, commune: Commune, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = commune.bodies.all()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("An account with this username already exists."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") in (Role.OFFICER, Role.VILLAGE_HEAD) and not data.get("body"):
            self.add_error("body", _("An officer or a village head needs their body."))
        if data.get("password") and data.get("username"):
            user = get_user_model()(
                username=data["username"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                validate_password(data["password"], user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class ActiveForm(CleanForm):
    active = forms.BooleanField(required=False)


class DeactivateForm(CleanForm):
    """The confirmation page's form: its hidden field is what tells a deliberate
    deactivation from a stray POST (only this page's button sends it)."""

    confirm = forms.BooleanField(
        widget=forms.HiddenInput,
        initial=True,
        error_messages={"required": _("Confirm on this page to deactivate the account.")},
    )
