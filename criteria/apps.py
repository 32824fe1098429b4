from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("Criteria and indicators")

    def ready(self) -> None:
        """Its to-do items for the home page (villages/todo.py); the stored monthly status
        follows every record saved (criteria.monthly.record_saved)."""
        from django.db.models.signals import post_save

        from criteria import todo
        from criteria.models import IndicatorRecord
        from criteria.monthly import record_saved
        from villages.todo import register

        register("criteria.figures_due", todo.figures_due)
        post_save.connect(record_saved, sender=IndicatorRecord, dispatch_uid="monthly_status")
