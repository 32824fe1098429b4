from django.contrib import admin
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
