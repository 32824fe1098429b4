from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        """Listen to the events the floors below announce (their `signals.py`): they
        cannot import this app, which sits above them."""
        from notifications import receivers

        receivers.connect()
