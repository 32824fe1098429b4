from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    Commitment,
    LegalBasis,
    Milestone,
    Movement,
    Plan,
    ResourceAmount,
    ResourceItem,
    Task,
    TaskUpdate,
)
from villages.admin import CommuneScopedAdmin
from villages.forms import CleanModelForm


class LegalBasisInline(admin.TabularInline):
    form = CleanModelForm
    model = LegalBasis
    extra = 0


class MilestoneInline(admin.TabularInline):
    form = CleanModelForm
    model = Milestone
    extra = 0


@admin.register(Plan)
class PlanAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "commune"
    form = CleanModelForm
    list_display = ["year", "number", "date", "is_sample", "title"]
    filter_horizontal = ["unmet_criteria"]
    inlines = [LegalBasisInline, MilestoneInline]


class TaskUpdateInline(admin.TabularInline):
    form = CleanModelForm
    model = TaskUpdate
    extra = 0
    readonly_fields = ["author", "created_at", "note", "progress", "state", "is_sample"]
    can_delete = False


@admin.register(Task)
class TaskAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "plan__commune"
    form = CleanModelForm
    list_display = ["title", "plan", "section", "criterion", "lead_body", "deadline", "state"]
    list_filter = ["plan", "section", "state", "lead_body"]
    search_fields = ["title", "description"]
    filter_horizontal = ["supporting_bodies"]
    # Progress and state change only through the progress log.
    readonly_fields = ["state", "progress", "version"]
    inlines = [TaskUpdateInline]


class CommitmentInline(admin.TabularInline):
    form = CleanModelForm
    model = Commitment
    extra = 0


@admin.register(Movement)
class MovementAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "plan__commune"
    form = CleanModelForm
    list_display = ["name", "plan", "organiser"]
    list_filter = ["plan"]
    filter_horizontal = ["participants"]
    inlines = [CommitmentInline]


class ResourceAmountInline(admin.TabularInline):
    form = CleanModelForm
    model = ResourceAmount
    extra = 0


@admin.register(ResourceItem)
class ResourceItemAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "plan__commune"
    form = CleanModelForm
    list_display = ["name", "plan", "village", "total_investment", "is_sample"]
    list_filter = ["plan", "is_sample"]
    inlines = [ResourceAmountInline]
