from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from criteria.models import (
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAssignment,
    IndicatorRecord,
    SetStatus,
    Threshold,
    ThresholdScope,
)
from criteria.monthly import monthly_status_touch, refreshed_by_caller
from villages.admin import CommuneScopedAdmin
from villages.forms import CleanModelForm

PUBLISHED_MESSAGE = _(
    "This criteria set is published and read-only: create a correcting version to change it."
)


def set_of(obj: Any) -> CriteriaSet | None:
    """The criteria set an object of the catalogue belongs to; None for a commune's own
    threshold (its override is the commune's, not the set's)."""
    if isinstance(obj, CriteriaSet):
        return obj
    if isinstance(obj, Threshold):
        if obj.scope == ThresholdScope.COMMUNE or not obj.indicator_id:
            return None
        return obj.indicator.criteria_set
    return obj.criteria_set if getattr(obj, "criteria_set_id", None) else None


def is_published(obj: Any) -> bool:
    criteria_set = set_of(obj)
    return bool(
        criteria_set
        and criteria_set.pk
        and CriteriaSet.objects.filter(pk=criteria_set.pk, status=SetStatus.PUBLISHED).exists()
    )


class DraftOnlyForm(CleanModelForm):
    """Refuses to add to a published set (its objects are shown read-only, below)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        probe = self.instance
        for name, value in cleaned.items():
            if name in ("criteria_set", "indicator", "scope"):
                setattr(probe, name, value)
        if is_published(probe):
            raise ValidationError(PUBLISHED_MESSAGE)
        return cleaned


class PublishedReadOnly:
    """A published set and what belongs to it are read-only in the admin, as everywhere."""

    form = DraftOnlyForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and is_published(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and is_published(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


class CriteriaGroupInline(admin.TabularInline):
    form = CleanModelForm
    model = CriteriaGroup
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(PublishedReadOnly, SimpleHistoryAdmin):
    list_display = ["title", "decision_ref", "valid_from", "valid_to", "threshold_basis"]
    search_fields = ["title", "decision_ref", "code"]
    list_filter = ["threshold_basis"]
    inlines = [CriteriaGroupInline]


@admin.register(CriteriaGroup)
class CriteriaGroupAdmin(PublishedReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "criteria_set"]
    list_filter = ["criteria_set"]
    search_fields = ["name"]


@admin.register(Criterion)
class CriterionAdmin(PublishedReadOnly, SimpleHistoryAdmin):
    list_display = ["number", "name", "group", "criteria_set"]
    list_display_links = ["number", "name"]
    list_filter = ["criteria_set", "group"]
    search_fields = ["name"]


class ThresholdInline(admin.TabularInline):
    form = CleanModelForm
    model = Threshold
    extra = 0
    fields = [
        "scope",
        "region",
        "commune_group",
        "commune",
        "comparator",
        "value",
        "is_sample",
        "source",
    ]


class AssignmentInline(admin.TabularInline):
    form = CleanModelForm
    model = IndicatorAssignment
    extra = 0
    autocomplete_fields = ["body"]


@admin.register(Indicator)
class IndicatorAdmin(PublishedReadOnly, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "criterion",
        "kind",
        "comparator",
        "per_village",
        "requires_evidence",
        "needs_checking",
    ]
    list_display_links = ["code", "name"]
    list_filter = ["criteria_set", "kind", "per_village", "requires_evidence", "criterion"]
    search_fields = ["code", "name"]
    inlines = [ThresholdInline, AssignmentInline]

    @admin.display(
        boolean=True, description=Indicator._meta.get_field("verification_flags").verbose_name
    )
    def needs_checking(self, indicator: Indicator) -> bool:
        return indicator.needs_checking

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Indicator, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The stored monthly sums depend on the kind and on "per village" (thresholds do
        # not: they are applied when the status is read).
        if change and {"kind", "per_village"} & set(form.changed_data):
            monthly_status_touch([(obj.pk, None)])


@admin.register(Threshold)
class ThresholdAdmin(PublishedReadOnly, SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "scope",
        "region",
        "commune_group",
        "commune",
        "comparator",
        "value",
        "is_sample",
    ]
    list_filter = ["scope", "region", "is_sample", "indicator__criteria_set"]
    search_fields = ["indicator__code", "indicator__name", "source"]
    autocomplete_fields = ["indicator"]


@admin.register(IndicatorAssignment)
class IndicatorAssignmentAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "body__commune"
    form = CleanModelForm
    list_display = ["indicator", "body", "role"]
    list_filter = ["role", "body"]
    search_fields = ["indicator__code", "body__name"]
    autocomplete_fields = ["indicator", "body"]


@admin.register(IndicatorRecord)
class IndicatorRecordAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "commune"
    form = CleanModelForm
    list_display = [
        "indicator",
        "village",
        "month",
        "met",
        "numerator",
        "denominator",
        "value",
        "is_sample",
    ]
    list_filter = ["month", "is_sample", "indicator__criterion"]
    search_fields = ["indicator__code", "village__name"]
    autocomplete_fields = ["indicator", "village"]
    date_hierarchy = "month"

    # Every change here also refreshes the stored monthly status (criteria.monthly), from
    # the earliest month involved: the record's month before and after the edit.
    @transaction.atomic
    def save_model(
        self, request: HttpRequest, obj: IndicatorRecord, form: Any, change: bool
    ) -> None:
        before = (
            IndicatorRecord.objects.filter(pk=obj.pk).values_list("indicator_id", "month").first()
        )
        with refreshed_by_caller():
            super().save_model(request, obj, form, change)
        monthly_status_touch([(obj.indicator_id, obj.month), *([before] if before else [])])

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: IndicatorRecord) -> None:
        super().delete_model(request, obj)
        monthly_status_touch([(obj.indicator_id, obj.month)])

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[IndicatorRecord]) -> None:
        touched = list(queryset.values_list("indicator_id", "month"))
        super().delete_queryset(request, queryset)
        monthly_status_touch(touched)
