from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from reports.models import DocumentCounter, MonthlyReport, ReportVersion
from villages.admin import CommuneScopedAdmin
from villages.forms import CleanModelForm


@admin.register(MonthlyReport)
class MonthlyReportAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "commune"
    form = CleanModelForm
    list_display = ["month", "commune", "state", "approved_by", "approved_at"]
    list_filter = ["state"]
    raw_id_fields = ["approved_by"]


@admin.register(ReportVersion)
class ReportVersionAdmin(CommuneScopedAdmin, admin.ModelAdmin):
    commune_lookup = "report__commune"
    """Sent versions are evidence: read only, their bytes not shown."""

    form = CleanModelForm

    list_display = ["report", "number", "document_reference", "sent_by", "sent_at"]
    exclude = ["pdf", "xlsx", "snapshot"]
    readonly_fields = [
        "report",
        "number",
        "document_number",
        "document_reference",
        "sent_by",
        "sent_at",
        "reopen_reason",
        "pdf_sha256",
        "xlsx_sha256",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DocumentCounter)
class DocumentCounterAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "commune"
    form = CleanModelForm
    list_display = ["commune", "year", "kind", "last_number"]
