"""Load the demo commune, Xã Quang Trung, with its criteria sets and demo accounts.

It lives in `reports`, the top floor, because it calls every app's demo loader.

The seed (January–March 2024, from the commune's 2024 plan) is always loaded as it is.
By default the demo then continues month by month to the month before today, so that it
looks alive on any date: each month's figures, the bodies' reports and the commune's
sent report, all marked as sample; today's month is open, with some bodies still to
report. `--until 2024-03` loads the seed alone, with March 2024 as its open month (the
test suite's demo)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from criteria import demo as criteria_demo
from criteria.periods import MONTH_PATTERN, add_months, current_month
from plans import demo as plans_demo
from reports import demo as reports_demo
from reports import demo_province
from submissions import demo as submissions_demo
from villages import demo as villages_demo
from villages.models import Commune

SEED_FIRST, SEED_LAST = criteria_demo.DEMO_MONTHS[0], criteria_demo.DEMO_MONTHS[-1]


def _month(text: str) -> datetime.date:
    match = MONTH_PATTERN.match(text)
    if not match:
        raise CommandError(f"--until: tháng dạng YYYY-MM, ví dụ 2024-03 (nhận được “{text}”).")
    return datetime.date(int(match[1]), int(match[2]), 1)


def _sample_months(until: datetime.date) -> list[datetime.date]:
    """The months the province demo's sample communes send: the last three that Quang
    Trung has closed (up to `until`; with the seed alone March 2024 is open, so January
    and February 2024)."""
    last = until if until > SEED_LAST else add_months(SEED_LAST, -1)
    months = [add_months(last, -back) for back in (2, 1, 0)]
    return [month for month in months if month >= SEED_FIRST]


class Command(BaseCommand):
    help = (
        "Load the demo commune Xã Quang Trung up to the month before today "
        "(idempotent: never duplicates or overwrites)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a commune already exists (used by `make run`).",
        )
        parser.add_argument(
            "--until",
            help="The last month with figures (YYYY-MM, from 2024-03; default: the month "
            "before today). 2024-03 loads the 2024 seed alone.",
        )
        parser.add_argument(
            "--province",
            action="store_true",
            help="Also load eleven sample communes of the province and the province accounts.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = villages_demo.demo_data()
        today_month = current_month()
        until = (
            _month(options["until"])
            if options["until"]
            else max(add_months(today_month, -1), SEED_LAST)
        )
        if not SEED_LAST <= until < max(today_month, add_months(SEED_LAST, 1)):
            raise CommandError(
                f"--until: từ 03/2024 đến tháng trước tháng hiện tại ({until:%m/%Y})."
            )
        if options["if_empty"] and Commune.objects.exists():
            self.stdout.write("A commune already exists: demo data not loaded again.")
        else:
            with transaction.atomic():
                commune = self._load_seed(data)
                loaded = self._continue(commune, data, until, today_month)
            self.stdout.write(self.style.SUCCESS(f"Demo commune loaded: {commune.full_name}"))
            self._summary(until, today_month, loaded)
        if options["province"]:
            self._province(data, _sample_months(until))
        self.stdout.write("Demo accounts (username, password, role) unless changed since:")
        for item in data["accounts"]:
            self.stdout.write(
                f"  {item['username']:<12} {data['demo_password']:<16} {item['job_title']}"
            )
        if options["province"]:
            for username, _first, _last, _role, title in demo_province.PROVINCE_ACCOUNTS:
                self.stdout.write(f"  {username:<14} {data['demo_password']:<16} {title}")
            self.stdout.write(
                "  Each sample commune: <commune>.truongban, <commune>.thuongtruc "
                "(e.g. minhson.thuongtruc), same password."
            )

    def _province(self, data: dict[str, Any], months: list[datetime.date]) -> None:
        with transaction.atomic():
            quang_trung = Commune.objects.select_related("province", "criteria_set").get(
                name=data["commune"]["name"], province__name=data["commune"]["province"]
            )
            made = demo_province.load_province(quang_trung, data["demo_password"], months)
        self.stdout.write(
            self.style.SUCCESS(
                f"Province demo loaded: {quang_trung.province.name}, {len(made) + 1} communes"
            )
        )

    def _load_seed(self, data: dict[str, Any]) -> Commune:
        criteria_demo.load_qd318()
        criteria_demo.load_qd51()
        commune = villages_demo.load_commune(data)
        criteria_demo.load_commune_criteria(commune, data)
        villages_demo.load_accounts(commune, data)
        criteria_demo.load_sample_thresholds(commune, data)
        criteria_demo.load_records_2024(commune, data)
        submissions_demo.load_submissions(commune)
        plans_demo.load_plan_2024(commune)
        return commune

    def _continue(
        self,
        commune: Commune,
        data: dict[str, Any],
        until: datetime.date,
        today_month: datetime.date,
    ) -> Counter[str]:
        """Month by month after the seed, in order, so that each sent report freezes
        the state of its own month."""
        loaded: Counter[str] = Counter()
        if until == SEED_LAST:
            return loaded
        now = timezone.now()
        month = SEED_FIRST
        while month <= until:
            if month > SEED_LAST:
                loaded["figures"] += criteria_demo.load_records_month(commune, data, month)
                loaded["progress"] += plans_demo.load_progress_month(commune, month)
                loaded["submissions"] += submissions_demo.load_month(
                    commune, month, is_open=False, now=now
                )
            loaded["reports"] += reports_demo.send_month(commune, month)
            month = add_months(month, 1)
        if month <= today_month:
            loaded["open"] += submissions_demo.load_month(commune, month, is_open=True, now=now)
        return loaded

    def _summary(self, until: datetime.date, today_month: datetime.date, loaded: Counter) -> None:
        if until == SEED_LAST:
            self.stdout.write("Months: 01/2024–03/2024 (the 2024 plan's seed; March open).")
            return
        open_month = add_months(until, 1)
        self.stdout.write(
            f"Months: 01/2024–{until:%m/%Y} with figures and a sent report each"
            + (f"; {open_month:%m/%Y} open" if open_month <= today_month else "")
            + ". Added (sample data): "
            f"{loaded['figures']} figures after 03/2024, {loaded['submissions']} bodies' "
            f"reports, {loaded['progress']} task updates, {loaded['reports']} sent "
            f"reports, {loaded['open']} reports in the open month."
        )
