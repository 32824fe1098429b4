from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evidence.models import Evidence
from villages.admin import CommuneScopedAdmin


@admin.register(Evidence)
class EvidenceAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "commune"
    """Read-mostly: files are attached and removed through the pages, which check them."""

    list_display = ["title", "kind", "indicator", "month", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "deleted_at"]
    search_fields = ["title", "document_number", "original_name", "sha256"]
    readonly_fields = [
        field.name
        for field in Evidence._meta.get_fields()
        if getattr(field, "concrete", False) and field.name not in ("title", "kind")
    ]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
