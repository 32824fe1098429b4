from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from criteria.models import (
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAssignment,
    IndicatorRecord,
    Threshold,
)
from criteria.monthly import monthly_status_touch, refreshed_by_caller
from villages.forms import CleanModelForm


class CriteriaGroupInline(admin.TabularInline):
    form = CleanModelForm
    model = CriteriaGroup
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
    list_display = ["title", "decision_ref", "valid_from", "valid_to", "threshold_basis"]
    search_fields = ["title", "decision_ref", "code"]
    list_filter = ["threshold_basis"]
    inlines = [CriteriaGroupInline]


@admin.register(CriteriaGroup)
class CriteriaGroupAdmin(admin.ModelAdmin):
    form = CleanModelForm
    list_display = ["__str__", "criteria_set"]
    list_filter = ["criteria_set"]
    search_fields = ["name"]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
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
class IndicatorAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
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
class ThresholdAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
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
class IndicatorAssignmentAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
    list_display = ["indicator", "body", "role"]
    list_filter = ["role", "body"]
    search_fields = ["indicator__code", "body__name"]
    autocomplete_fields = ["indicator", "body"]


@admin.register(IndicatorRecord)
class IndicatorRecordAdmin(SimpleHistoryAdmin):
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
