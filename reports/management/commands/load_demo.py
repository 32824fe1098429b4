"""Load the demo commune, Xã Quang Trung, with its criteria sets and demo accounts.

It lives in `reports`, the top floor, because it calls every app's demo loader."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from criteria import demo as criteria_demo
from plans import demo as plans_demo
from submissions import demo as submissions_demo
from villages import demo as villages_demo
from villages.models import Commune


class Command(BaseCommand):
    help = "Load the demo commune Xã Quang Trung (idempotent: never duplicates or overwrites)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a commune already exists (used by `make run`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = villages_demo.demo_data()
        if options["if_empty"] and Commune.objects.exists():
            self.stdout.write("A commune already exists: demo data not loaded again.")
        else:
            with transaction.atomic():
                criteria_demo.load_qd318()
                criteria_demo.load_qd51()
                commune = villages_demo.load_commune(data)
                criteria_demo.load_commune_criteria(commune, data)
                villages_demo.load_accounts(commune, data)
                criteria_demo.load_sample_thresholds(commune, data)
                criteria_demo.load_records_2024(commune, data)
                submissions_demo.load_submissions(commune)
                plans_demo.load_plan_2024(commune)
            self.stdout.write(self.style.SUCCESS(f"Demo commune loaded: {commune.full_name}"))
        self.stdout.write("Demo accounts (username, password, role) unless changed since:")
        for item in data["accounts"]:
            self.stdout.write(
                f"  {item['username']:<12} {data['demo_password']:<16} {item['job_title']}"
            )
