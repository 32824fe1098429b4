from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from submissions.models import Submission
from villages.admin import CommuneScopedAdmin
from villages.forms import CleanModelForm


@admin.register(Submission)
class SubmissionAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_lookup = "body__commune"
    """For corrections by an administrator; bodies use the submissions pages."""

    form = CleanModelForm

    list_display = ["body", "month", "submitted_at", "sent_back", "version", "is_sample"]
    list_filter = ["month", "sent_back", "is_sample"]
    search_fields = ["body__name"]
    raw_id_fields = ["submitted_by", "sent_back_by"]
