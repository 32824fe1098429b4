from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Monthly reports of the bodies and villages")

    def ready(self) -> None:
        """Its to-do items for the home page (villages/todo.py)."""
        from submissions import todo
        from villages.todo import register

        register("submissions.own_reports", todo.own_reports)
        register("submissions.missing_units", todo.missing_units)
