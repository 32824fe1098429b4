from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        """Its to-do items for the home page and its state on the dashboard
        (villages/todo.py)."""
        from reports import todo
        from villages.todo import register, register_document_state

        register("reports.report_steps", todo.report_steps)
        register("reports.reports_received", todo.reports_received)
        register("reports.sent_report_changed", todo.sent_report_changed)
        register("reports.report_returned", todo.report_returned)
        register_document_state("reports.monthly_report", todo.monthly_report_state)
