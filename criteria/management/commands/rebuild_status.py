"""Recompute the stored monthly status (criteria.monthly) from the records."""

from typing import Any

from django.core.management.base import BaseCommand

from criteria.monthly import monthly_status_rebuild
from villages.models import Commune


class Command(BaseCommand):
    help = (
        "Recompute the stored per-month status of every commune from its records (after "
        "records were changed by hand in the database, or a village was deleted)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for commune in Commune.objects.order_by("pk"):
            rows = monthly_status_rebuild(commune)
            self.stdout.write(f"{commune}: {rows} monthly status rows")
