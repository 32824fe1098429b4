from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        """Its to-do items for the home page (villages/todo.py)."""
        from plans import todo
        from villages.todo import register

        register("plans.overdue_tasks", todo.overdue_tasks)
        register("plans.criteria_at_risk", todo.criteria_at_risk)
