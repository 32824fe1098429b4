"""The administration site for villages' models, and the one commune scope every
commune-owned model's admin uses (`CommuneScopedAdmin`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Field, Q, QuerySet
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from villages.forms import CleanModelForm
from villages.models import Commune, HouseholdRecord, Profile, Province, ResponsibleBody, Village
from villages.selectors import profile_of


def commune_scope(user: Any, lookup: str) -> Q | None:
    """The rows a staff account may see in the administration site, as a filter on
    `lookup` (the path from the row to its commune, "" for a commune itself): a
    superuser's, None (everything); a commune account's, its commune's rows; a province
    account's, the rows of its province's communes; an account with no profile, none."""
    if user.is_superuser:
        return None
    profile = profile_of(user)
    prefix = f"{lookup}__" if lookup else ""
    if profile is None:
        return Q(pk__in=[])
    if profile.is_province_user:
        return Q(**{f"{prefix}province": profile.province_id})
    return Q(**{f"{lookup or 'pk'}": profile.commune_id})


class CommuneScopedAdmin:
    """A commune-owned model's admin: change lists, change and delete pages and history
    show a staff account only its own commune's rows (its province's for a province
    account); another commune's row is "not found". Foreign keys to a commune, and the
    list filters by a related row, offer only what the account may see.

    `commune_lookup`: the path from the row to its commune ("commune", "plan__commune")."""

    commune_lookup = "commune"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        scope = commune_scope(request.user, self.commune_lookup)
        return queryset if scope is None else queryset.filter(scope).distinct()

    def _refuse_unseen(self, request: HttpRequest, object_id: str) -> None:
        """simple_history's history pages read the history table, not get_queryset: a
        row outside the scope (or deleted) is unknown to a scoped account there too."""
        if commune_scope(request.user, self.commune_lookup) is None:
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        self._refuse_unseen(request, object_id)
        return super().history_view(request, object_id, *args, **kwargs)

    def history_form_view(
        self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any
    ) -> Any:
        self._refuse_unseen(request, object_id)
        return super().history_form_view(request, object_id, *args, **kwargs)

    def formfield_for_foreignkey(self, db_field: Field, request: HttpRequest, **kwargs: Any):
        scope = commune_scope(request.user, "")
        if scope is not None and db_field.related_model is Commune:
            kwargs["queryset"] = Commune.objects.filter(scope)
        elif scope is not None and db_field.related_model in (Village, ResponsibleBody):
            kwargs["queryset"] = db_field.related_model.objects.filter(
                commune_scope(request.user, "commune")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request: HttpRequest) -> list:
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser:
            return filters
        # Django's related filter lists every row of the related table (every commune's
        # villages and bodies); this one only the values of the rows shown.
        return [
            (name, admin.RelatedOnlyFieldListFilter)
            if isinstance(name, str) and "__" not in name and _is_relation(self.model, name)
            else name
            for name in filters
        ]


def _is_relation(model: Any, name: str) -> bool:
    try:
        return model._meta.get_field(name).is_relation
    except Exception:  # a method or an attribute, not a field
        return False


@admin.register(Province)
class ProvinceAdmin(CommuneScopedAdmin, admin.ModelAdmin):
    commune_lookup = "communes"
    form = CleanModelForm
    list_display = ["name", "code", "office_name", "report_due_day"]
    search_fields = ["name", "code"]
    filter_horizontal = ["criteria_sets"]


@admin.register(Commune)
class CommuneAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = ""
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
class VillageAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    form = CleanModelForm
    list_display = ["name", "head_name", "commune", "position", "is_sample_name"]
    list_filter = ["commune", "is_sample_name"]
    search_fields = ["name", "head_name"]
    list_editable = ["position"]
    inlines = [HouseholdRecordInline]


@admin.register(HouseholdRecord)
class HouseholdRecordAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "village__commune"
    form = CleanModelForm
    list_display = ["village", "as_of", "households", "population", "source"]
    list_filter = ["village", "as_of"]
    search_fields = ["village__name", "source"]
    date_hierarchy = "as_of"


@admin.register(ResponsibleBody)
class ResponsibleBodyAdmin(CommuneScopedAdmin, admin.ModelAdmin):
    form = CleanModelForm
    list_display = ["name", "short_name", "kind", "village", "position"]
    list_filter = ["kind", "commune"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["members"]


@admin.register(Profile)
class ProfileAdmin(CommuneScopedAdmin, admin.ModelAdmin):
    form = CleanModelForm

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """A commune account sees its commune's people; a province account its
        province's, its own province accounts included."""
        queryset = admin.ModelAdmin.get_queryset(self, request)
        scope = commune_scope(request.user, "commune")
        if scope is None:
            return queryset
        profile = profile_of(request.user)
        if profile is not None and profile.is_province_user:
            scope |= Q(province=profile.province_id)
        return queryset.filter(scope)

    list_display = ["user", "role", "job_title", "commune", "province"]
    list_filter = ["role", "province", "commune"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    raw_id_fields = ["user"]
