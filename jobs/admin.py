from django.contrib import admin

from jobs.models import Job
from villages.admin import CommuneScopedAdmin


@admin.register(Job)
class JobAdmin(CommuneScopedAdmin, admin.ModelAdmin):
    commune_lookup = "commune"
    list_display = ("pk", "kind", "target", "state", "percent", "attempts", "updated_at")
    list_filter = ("state", "kind")
    readonly_fields = [field.name for field in Job._meta.fields]
