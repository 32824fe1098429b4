from django.contrib import admin

from notifications.models import Email, Notification, Preference, Sent


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user"]


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The outbox: what is waiting (quiet hours, retries), what failed and why."""

    list_display = [
        "created_at",
        "to",
        "subject",
        "send_after",
        "sent_at",
        "attempts",
        "last_error",
    ]
    search_fields = ["to", "subject"]
    raw_id_fields = ["user"]


@admin.register(Sent)
class SentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "period"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "in_app", "email"]
    raw_id_fields = ["user"]
