"""Load the demo commune, Xã Quang Trung, with its criteria sets and demo accounts.

It lives in `reports`, the top floor, because it calls every app's demo loader."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from criteria import demo as criteria_demo
from plans import demo as plans_demo
from reports import demo_province
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
        parser.add_argument(
            "--province",
            action="store_true",
            help="Also load eleven sample communes of the province and the province accounts.",
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
        if options["province"]:
            self._province(data)
        self.stdout.write("Demo accounts (username, password, role) unless changed since:")
        for item in data["accounts"]:
            self.stdout.write(
                f"  {item['username']:<12} {data['demo_password']:<16} {item['job_title']}"
            )
        if options["province"]:
            for username, _first, _last, _role, title in demo_province.PROVINCE_ACCOUNTS:
                self.stdout.write(f"  {username:<14} {data['demo_password']:<16} {title}")

    def _province(self, data: dict[str, Any]) -> None:
        with transaction.atomic():
            quang_trung = Commune.objects.select_related("province", "criteria_set").get(
                name=data["commune"]["name"], province__name=data["commune"]["province"]
            )
            made = demo_province.load_province(quang_trung, data["demo_password"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Province demo loaded: {quang_trung.province.name}, {len(made) + 1} communes"
            )
        )
