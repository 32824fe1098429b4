from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("Criteria and indicators")

    def ready(self) -> None:
        """Its to-do items for the home page (villages/todo.py)."""
        from criteria import todo
        from villages.todo import register

        register("criteria.figures_due", todo.figures_due)
