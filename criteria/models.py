"""What is measured and where it stands.

Criteria sets are data, versioned by decision: QĐ 318/QĐ-TTg (19 criteria,
2021–2025) and QĐ 51/2025/QĐ-TTg (10 criteria, 2026–2030) coexist, and a
province's own version is just another set. Thresholds are rows, never
constants: a threshold nobody has set is "not configured".
"""

from __future__ import annotations

import operator
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from criteria.fields import (
    MAX_RATIO_PART,
    MAX_VALUE,
    RATIO_DECIMAL_PLACES,
    VALUE_DECIMAL_PLACES,
    FigureField,
)
from criteria.numbers import PERCENT, format_number, format_quantity, ratio
from villages.models import (
    BodyKind,
    Commune,
    CommuneGroup,
    Province,
    Region,
    ResponsibleBody,
    Village,
    length_constraints,
)

NOTE_MAX_LENGTH = 4000
# Words in a ratio's labels that name things counted one by one.
COUNTED_THINGS = ("số hộ", "tổng số hộ", "lao động", "số người", "nhân khẩu", "trang trại")
RECORD_TEXT_LIMITS = {
    "denominator_note": 300,
    "evidence": NOTE_MAX_LENGTH,
    "work_done": NOTE_MAX_LENGTH,
    "difficulties": NOTE_MAX_LENGTH,
    "proposals": NOTE_MAX_LENGTH,
}


class ThresholdBasis(models.TextChoices):
    REGION = "region", _("By region")
    COMMUNE_GROUP = "commune_group", _("By commune group")


class SetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class CriteriaSet(models.Model):
    """A criteria set as a decision states it. A draft can be edited; a published set is
    read-only, and a correction is a new version (a new set whose `previous_version` is the
    one it corrects) that applies from its own `valid_from` month."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    decision_ref = models.CharField(_("decision"), max_length=100, help_text=_("e.g. 318/QĐ-TTg"))
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(
        _("issuer"), max_length=200, blank=True, help_text=_("Prime Minister, or a province")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    threshold_basis = models.CharField(
        _("thresholds vary"),
        max_length=20,
        choices=ThresholdBasis.choices,
        default=ThresholdBasis.REGION,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SetStatus.choices, default=SetStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("corrects version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_province = models.ForeignKey(
        Province,
        verbose_name=_("drafted by the province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_criteria_sets",
        help_text=_(
            "The province that loaded or corrected this set; empty for a national set. A "
            "draft is seen only by its province."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="criteria_criteriaset_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="criteria_criteriaset_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="criteria_criteriaset_version_positive"
            ),
            models.UniqueConstraint(
                fields=["previous_version"],
                condition=Q(previous_version__isnull=False),
                name="criteria_criteriaset_one_correction_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.decision_ref})"

    @property
    def is_published(self) -> bool:
        return self.status == SetStatus.PUBLISHED


class CriteriaGroup(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.CASCADE, related_name="groups"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("criteria group")
        verbose_name_plural = _("criteria groups")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criteria_criteriagroup_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.roman_number}. {self.name}"

    @property
    def roman_number(self) -> str:
        numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        return numerals[self.number - 1] if 1 <= self.number <= len(numerals) else str(self.number)


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    group = models.ForeignKey(
        CriteriaGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria",
        help_text=_("Empty when the set does not group its criteria."),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criteria_criterion_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Tiêu chí {self.number}. {self.name}"

    def clean(self) -> None:
        if (
            self.group_id
            and self.criteria_set_id
            and self.group.criteria_set_id != self.criteria_set_id
        ):
            raise ValidationError({"group": _("The group belongs to another criteria set.")})


class IndicatorKind(models.TextChoices):
    BOOLEAN = "boolean", _("Met / not met")
    RATIO = "ratio", _("Ratio (numerator / denominator)")
    NUMBER = "number", _("Number with a unit")


class Comparator(models.TextChoices):
    GTE = ">=", "≥"
    GT = ">", ">"
    LTE = "<=", "≤"
    LT = "<", "<"

    def holds(self, value: Decimal, threshold: Decimal) -> bool:
        return comparison_holds(self.value, value, threshold)


COMPARISONS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


def comparison_holds(comparator: str, value: Decimal, threshold: Decimal) -> bool:
    """`Comparator(comparator).holds(value, threshold)` without building the enum member:
    the status computation compares thousands of figures on a dashboard."""
    return COMPARISONS[comparator](value, threshold)


class DenominatorSource(models.TextChoices):
    NONE = "", _("Entered by hand")
    HOUSEHOLDS = "households", _("Households in the register")
    POPULATION = "population", _("Population in the register")


class Indicator(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. 13.2"))
    position = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Sort key, so that 17.10 comes after 17.9.")
    )
    name = models.TextField(_("name"), max_length=1000)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    comparator = models.CharField(
        _("comparator"),
        max_length=2,
        choices=Comparator.choices,
        blank=True,
        help_text=_("Direction of the requirement; the thresholds carry the values."),
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    numerator_label = models.CharField(_("numerator label"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator label"), max_length=200, blank=True)
    denominator_source = models.CharField(
        _("denominator pre-filled from"),
        max_length=20,
        choices=DenominatorSource.choices,
        blank=True,
        default=DenominatorSource.NONE,
    )
    per_village = models.BooleanField(_("collected per village"), default=False)
    requires_evidence = models.BooleanField(
        _("needs evidence"),
        default=False,
        help_text=_(
            "“Met” counts only with proof (a decision, minutes, photos…): without a file "
            "for its latest figure the indicator is shown as missing evidence."
        ),
    )
    lead_body_kind = models.CharField(
        _("kind of lead body"),
        max_length=32,
        choices=BodyKind.choices,
        blank=True,
        help_text=_("Which kind of body usually leads it; each commune names its own body."),
    )
    verification_flags = models.CharField(
        _("needs checking"),
        max_length=200,
        blank=True,
        help_text=_(
            "What has not been checked against the official text yet "
            "(e.g. wording-unverified). Empty when verified."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["criteria_set", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="criteria_indicator_unique_code_per_set"
            ),
            models.CheckConstraint(
                condition=Q(kind=IndicatorKind.BOOLEAN, comparator="")
                | ~Q(kind=IndicatorKind.BOOLEAN),
                name="criteria_indicator_boolean_has_no_comparator",
            ),
            *length_constraints("criteria_indicator", {"name": 1000}),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def is_percentage(self) -> bool:
        return self.kind == IndicatorKind.RATIO

    @property
    def is_boolean(self) -> bool:
        return self.kind == IndicatorKind.BOOLEAN

    @property
    def display_unit(self) -> str:
        """The unit a figure is printed with: "%" for a ratio, else the indicator's."""
        return PERCENT if self.is_percentage else self.unit

    def format_value(self, value: Decimal | None) -> str:
        """A figure of this indicator as every page and document prints it: "0,13 %",
        "52,3 triệu đồng/người/năm" (the decimals of criteria.numbers.UNIT_DECIMALS)."""
        return format_quantity(value, self.display_unit)

    @property
    def counts_are_whole(self) -> bool:
        """Its numerator and denominator count households, people, workers or farms (a
        register denominator, or a label that says so), so a fraction is refused."""
        if self.denominator_source:
            return True
        label = f"{self.numerator_label} {self.denominator_label}".casefold()
        return any(word in label for word in COUNTED_THINGS)

    @property
    def needs_checking(self) -> bool:
        return bool(self.verification_flags.strip())

    def clean(self) -> None:
        errors = {}
        if (
            self.criterion_id
            and self.criteria_set_id
            and self.criterion.criteria_set_id != self.criteria_set_id
        ):
            errors["criterion"] = _("The criterion belongs to another criteria set.")
        if self.kind == IndicatorKind.BOOLEAN and self.comparator:
            errors["comparator"] = _("A met / not met indicator has no comparator.")
        if errors:
            raise ValidationError(errors)


class ThresholdScope(models.TextChoices):
    GENERAL = "general", _("General")
    REGION = "region", _("Region")
    COMMUNE_GROUP = "commune_group", _("Commune group")
    COMMUNE = "commune", _("This commune (override)")


class Threshold(models.Model):
    """The required level of an indicator: general, for a region or commune group, or
    the commune's own override. Precedence: commune, then region/group, then general."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="thresholds"
    )
    scope = models.CharField(_("applies to"), max_length=20, choices=ThresholdScope.choices)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    commune_group = models.PositiveSmallIntegerField(
        _("commune group"), choices=CommuneGroup.choices, null=True, blank=True
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threshold_overrides",
    )
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)
    is_percentage = models.BooleanField(_("percentage"), default=False, editable=False)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("The document that sets this level.")
    )
    is_sample = models.BooleanField(
        _("sample value"),
        default=False,
        help_text=_("Demo value, to be checked against the province's decision."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        ordering = ["indicator", "scope"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0), name="criteria_threshold_value_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(is_percentage=False) | Q(value__lte=100),
                name="criteria_threshold_percentage_at_most_100",
            ),
            models.CheckConstraint(
                condition=~Q(comparator=""), name="criteria_threshold_comparator_required"
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope="general", region="", commune_group__isnull=True, commune__isnull=True)
                    | Q(scope="region", commune_group__isnull=True, commune__isnull=True)
                    & ~Q(region="")
                    | Q(scope="commune_group", region="", commune__isnull=True)
                    & Q(commune_group__isnull=False)
                    | Q(scope="commune", region="", commune_group__isnull=True)
                    & Q(commune__isnull=False)
                ),
                name="criteria_threshold_scope_matches_target",
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=Q(scope="general"),
                name="criteria_threshold_one_general",
            ),
            models.UniqueConstraint(
                fields=["indicator", "region"],
                condition=Q(scope="region"),
                name="criteria_threshold_one_per_region",
            ),
            models.UniqueConstraint(
                fields=["indicator", "commune_group"],
                condition=Q(scope="commune_group"),
                name="criteria_threshold_one_per_group",
            ),
            models.UniqueConstraint(
                fields=["indicator", "commune"],
                condition=Q(scope="commune"),
                name="criteria_threshold_one_per_commune",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_comparator_display()} {self.display_value}"

    @property
    def display_value(self) -> str:
        """The required level as the criteria set states it ("≥ 20 %", "< 6,5 %"): its
        own decimals, not the fixed decimals of a computed figure."""
        unit = PERCENT if self.is_percentage else self.indicator.unit
        return f"{format_number(self.value)} {unit}".strip()

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.value is None:
            errors["value"] = _("A comparator was chosen but the threshold value is missing.")
        elif self.value < 0:
            errors["value"] = _("A threshold cannot be negative.")
        if self.indicator_id:
            self.is_percentage = self.indicator.is_percentage
            if self.indicator.kind == IndicatorKind.BOOLEAN:
                errors["indicator"] = _("A met / not met indicator has no threshold.")
            if self.is_percentage and self.value is not None and self.value > 100:
                errors["value"] = _("A percentage must be between 0 and 100.")
        targets = {
            ThresholdScope.REGION: ("region", bool(self.region)),
            ThresholdScope.COMMUNE_GROUP: ("commune_group", self.commune_group is not None),
            ThresholdScope.COMMUNE: ("commune", self.commune_id is not None),
        }
        for scope, (field, is_set) in targets.items():
            if self.scope == scope and not is_set:
                errors[field] = _("Choose what this threshold applies to.")
            elif self.scope != scope and is_set:
                errors[field] = _("Leave this empty for the chosen scope.")
        if errors:
            raise ValidationError(errors)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Support")


class IndicatorAssignment(models.Model):
    """One cell of the responsibility matrix: a body leads or supports an indicator."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    body = models.ForeignKey(
        ResponsibleBody,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibility matrix")
        ordering = ["indicator__position", "role", "body__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "body"], name="criteria_indicatorassignment_unique_body"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.body} ({self.get_role_display()})"


class IndicatorRecord(models.Model):
    """Where an indicator stands in a month, for the commune (village empty) or for one
    village. A month shows the latest record at or before it (carry-forward). The record
    belongs to its commune (a village's record to the village's commune too)."""

    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        related_name="indicator_records",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="records"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_records",
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    met = models.BooleanField(_("met"), null=True, blank=True)
    numerator = FigureField(
        _("numerator"),
        max_digits=14,
        decimal_places=RATIO_DECIMAL_PLACES,
        maximum=MAX_RATIO_PART,
        null=True,
        blank=True,
    )
    denominator = FigureField(
        _("denominator"),
        max_digits=14,
        decimal_places=RATIO_DECIMAL_PLACES,
        maximum=MAX_RATIO_PART,
        null=True,
        blank=True,
    )
    value = FigureField(
        _("value"),
        max_digits=14,
        decimal_places=VALUE_DECIMAL_PLACES,
        maximum=MAX_VALUE,
        null=True,
        blank=True,
    )
    denominator_note = models.CharField(
        _("why the denominator differs from the register"), max_length=300, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=NOTE_MAX_LENGTH)
    work_done = models.TextField(_("work done this period"), blank=True, max_length=NOTE_MAX_LENGTH)
    difficulties = models.TextField(_("difficulties"), blank=True, max_length=NOTE_MAX_LENGTH)
    proposals = models.TextField(_("proposals"), blank=True, max_length=NOTE_MAX_LENGTH)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Demo figure not stated in the plan.")
    )
    warning = models.CharField(
        _("plausibility warning"),
        max_length=500,
        blank=True,
        help_text=_("What looked unusual when the figure was entered."),
    )
    warning_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("warning confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly record")
        verbose_name_plural = _("monthly records")
        ordering = ["indicator__position", "village__position", "-month"]
        indexes = [
            models.Index(
                fields=["indicator", "village", "month"], name="criteria_record_lookup_idx"
            ),
            models.Index(
                fields=["commune", "indicator", "month"], name="criteria_record_commune_idx"
            ),
            models.Index(fields=["month"], name="criteria_record_month_idx"),
            # The dashboard's open plausibility warnings: the few records that carry one,
            # without reading every village's latest record (criteria.selectors.
            # warned_figures).
            models.Index(
                fields=["commune", "month"],
                condition=~Q(warning=""),
                name="criteria_record_warning_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "village", "month"],
                condition=Q(village__isnull=False),
                name="criteria_indicatorrecord_one_per_village_month",
            ),
            models.UniqueConstraint(
                fields=["commune", "indicator", "month"],
                condition=Q(village__isnull=True),
                name="criteria_indicatorrecord_one_per_commune_month",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="criteria_indicatorrecord_month_first_day"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="criteria_indicatorrecord_numerator_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0),
                name="criteria_indicatorrecord_denominator_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="criteria_indicatorrecord_numerator_at_most_denominator",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="criteria_indicatorrecord_value_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__lte=MAX_RATIO_PART),
                name="criteria_indicatorrecord_numerator_at_most_max",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__lte=MAX_RATIO_PART),
                name="criteria_indicatorrecord_denominator_at_most_max",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__lte=MAX_VALUE),
                name="criteria_indicatorrecord_value_at_most_max",
            ),
            *length_constraints("criteria_indicatorrecord", RECORD_TEXT_LIMITS),
        ]

    def __str__(self) -> str:
        where = f" – {self.village}" if self.village_id else ""
        return f"{self.indicator.code}{where} ({self.month:%m/%Y})"

    @property
    def percentage(self) -> Decimal | None:
        return ratio(self.numerator, self.denominator)


class MonthClosure(models.Model):
    """A closed month is read-only for everyone; the standing member reopens it with a
    reason. Each close and reopen is kept in the history with who, when and why.

    A month closed by sending its monthly report names that report: it reopens only
    through the report's correction (a reason, then version n + 1), so that a sent report
    never drifts silently from the figures it was built from."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="month_closures"
    )
    month = models.DateField(_("month"))
    is_closed = models.BooleanField(_("closed"), default=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    sent_document = models.CharField(
        _("closed by the sent report"),
        max_length=50,
        blank=True,
        help_text=_("e.g. 25/BC-UBND: reopen the month by correcting that report."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("month closure")
        verbose_name_plural = _("month closures")
        ordering = ["commune", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "month"], name="criteria_monthclosure_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="criteria_monthclosure_month_first_day"
            ),
            *length_constraints("criteria_monthclosure", {"reason": 500, "sent_document": 50}),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"


class MonthlyStatus(models.Model):
    """What each indicator's latest records add up to for a commune at the end of a month
    (`criteria.status.Tally`): the stored side of the 12-month trend, so that a page
    reads one row per indicator and month instead of every record of every village.

    A row exists for each month in which some record of the indicator was saved; a month
    without a row carries the previous row forward, as records do. Only the sums are
    stored, not met / not met: the status is evaluated when read, against the thresholds
    and villages of that moment, so changing a threshold or adding a village never leaves
    the table stale. `criteria.monthly` keeps it current (records_save, the admin) and
    rebuilds it (`manage.py rebuild_status`)."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))
    places = models.PositiveIntegerField(_("records counted"), default=0)
    figures = models.PositiveIntegerField(_("records with their figure"), default=0)
    noes = models.PositiveIntegerField(_("records saying not met"), default=0)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=RATIO_DECIMAL_PLACES, default=0
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=RATIO_DECIMAL_PLACES, default=0
    )
    value = models.DecimalField(
        _("value"), max_digits=20, decimal_places=VALUE_DECIMAL_PLACES, default=0
    )
    oldest = models.DateField(_("oldest month counted"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly status")
        verbose_name_plural = _("monthly statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "indicator", "month"],
                name="criteria_monthlystatus_one_per_month",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="criteria_monthlystatus_month_first_day"
            ),
            models.CheckConstraint(
                condition=Q(figures__lte=F("places")) & Q(noes__lte=F("figures")),
                name="criteria_monthlystatus_counts_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} ({self.month:%m/%Y})"


class IndicatorCrosswalk(models.Model):
    """An indicator of an older set that measures what an indicator of a newer set
    measures (households on clean water in QĐ 318 and in QĐ 51/2025), so a figure's
    history carries across the switch. `same_meaning` false keeps the link for reading
    but draws no single trend line across it. Belongs to the newer set and its file."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="crosswalks",
        help_text=_("The newer set, whose indicator continues the older one."),
    )
    old_indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("earlier indicator"),
        on_delete=models.CASCADE,
        related_name="crosswalk_successors",
    )
    new_indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("new indicator"),
        on_delete=models.CASCADE,
        related_name="crosswalk_predecessors",
    )
    same_meaning = models.BooleanField(
        _("same meaning"),
        default=True,
        help_text=_("Both measure the same thing: their figures form one history."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("crosswalk row")
        verbose_name_plural = _("crosswalk between sets")
        ordering = ["criteria_set", "new_indicator", "old_indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["old_indicator", "new_indicator"],
                name="criteria_crosswalk_unique_pair",
            ),
            models.CheckConstraint(
                condition=~Q(old_indicator=F("new_indicator")),
                name="criteria_crosswalk_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_indicator.code} → {self.new_indicator.code}"

    def clean(self) -> None:
        errors = {}
        if self.new_indicator_id and self.criteria_set_id:
            if self.new_indicator.criteria_set_id != self.criteria_set_id:
                errors["new_indicator"] = _("The new indicator must belong to this set.")
            if self.old_indicator_id and (
                self.old_indicator.criteria_set_id == self.criteria_set_id
            ):
                errors["old_indicator"] = _("The earlier indicator must belong to another set.")
        if errors:
            raise ValidationError(errors)


class CommuneSetOverride(models.Model):
    """A commune assessed by another set than its province's from a month on (a pilot, or
    a late switch), with the reason written down."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="set_overrides"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="commune_overrides",
    )
    from_month = models.DateField(_("from month"), help_text=_("First day of the month."))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set override")
        verbose_name_plural = _("criteria set overrides")
        ordering = ["commune", "-from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "from_month"], name="criteria_setoverride_one_per_month"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="criteria_setoverride_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} · {self.criteria_set} · {self.from_month:%m/%Y}"


class SetUpload(models.Model):
    """A criteria set file someone uploaded, kept until they confirm its preview (then
    it names the draft it created). Not a villages.Upload: a set file belongs to a
    province (or the whole installation), not to a commune."""

    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="criteria-sets/%Y/%m/", max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    criteria_set = models.OneToOneField(
        CriteriaSet,
        verbose_name=_("criteria set created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="upload",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded criteria set file")
        verbose_name_plural = _("uploaded criteria set files")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name
