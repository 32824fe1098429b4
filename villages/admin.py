from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from villages.forms import CleanModelForm
from villages.models import Commune, HouseholdRecord, Profile, Province, ResponsibleBody, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    form = CleanModelForm
    list_display = ["name", "code", "office_name", "report_due_day"]
    search_fields = ["name", "code"]
    filter_horizontal = ["criteria_sets"]


@admin.register(Commune)
class CommuneAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
    list_display = [
        "full_name",
        "province",
        "commune_group",
        "criteria_set",
        "report_due_day",
        "data_cutoff_day",
    ]
    list_filter = ["province", "commune_group", "is_sample"]
    search_fields = ["name", "province__name"]
    autocomplete_fields = ["criteria_set"]


class HouseholdRecordInline(admin.TabularInline):
    form = CleanModelForm
    model = HouseholdRecord
    extra = 0


@admin.register(Village)
class VillageAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
    list_display = ["name", "head_name", "commune", "position", "is_sample_name"]
    list_filter = ["commune", "is_sample_name"]
    search_fields = ["name", "head_name"]
    list_editable = ["position"]
    inlines = [HouseholdRecordInline]


@admin.register(HouseholdRecord)
class HouseholdRecordAdmin(SimpleHistoryAdmin):
    form = CleanModelForm
    list_display = ["village", "as_of", "households", "population", "source"]
    list_filter = ["village", "as_of"]
    search_fields = ["village__name", "source"]
    date_hierarchy = "as_of"


@admin.register(ResponsibleBody)
class ResponsibleBodyAdmin(admin.ModelAdmin):
    form = CleanModelForm
    list_display = ["name", "short_name", "kind", "village", "position"]
    list_filter = ["kind", "commune"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["members"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    form = CleanModelForm
    list_display = ["user", "role", "job_title", "commune", "province"]
    list_filter = ["role", "province", "commune"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    raw_id_fields = ["user"]
