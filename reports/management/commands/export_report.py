"""Write a commune document to a file, for scripting and benchmarks:

    manage.py export_report monthly 2024-03 --format pdf --output report.pdf
    manage.py export_report quarterly 2024-Q1 --format xlsx --output plan.xlsx

A sent month gives the stored bytes of its latest version (or --sent-version N)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from criteria.periods import MonthConverter
from reports.builders import PdfRenderError
from reports.documents import FORMATS, monthly_document, quarterly_document
from villages.models import Commune

QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


class Command(BaseCommand):
    help = "Export the monthly commune report or the quarterly plan as PDF or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["monthly", "quarterly"])
        parser.add_argument("period", help="2024-03 (monthly) or 2024-Q1 (quarterly)")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="pdf")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--sent-version", dest="version_number", type=int, default=None)
        parser.add_argument(
            "--commune", help="commune name (needed when the installation has several)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        commune = self._commune(options["commune"])
        try:
            if options["kind"] == "monthly":
                try:
                    month = MonthConverter().to_python(options["period"])
                except ValueError:
                    raise CommandError(f"Not a month like 2024-03: {options['period']}") from None
                document = monthly_document(
                    commune, month, options["fmt"], version=options["version_number"]
                )
            else:
                match = QUARTER_PATTERN.match(options["period"])
                if not match:
                    raise CommandError(f"Not a quarter like 2024-Q1: {options['period']}")
                document = quarterly_document(
                    commune, int(match.group(1)), int(match.group(2)), options["fmt"]
                )
        except PdfRenderError as error:
            raise CommandError(f"The PDF could not be produced: {error}") from error
        except Http404:
            raise CommandError("No such version.") from None
        if options["output"]:
            Path(options["output"]).write_bytes(document.content)
            self.stderr.write(f"{document.filename}: {len(document.content)} bytes")
        else:
            sys.stdout.buffer.write(document.content)

    def _commune(self, name: str | None) -> Commune:
        """The commune named, or the installation's only one; never a guess among
        several."""
        communes = Commune.objects.select_related("criteria_set")
        if name:
            communes = communes.filter(name=name)
        found = list(communes[:2])
        if not found:
            raise CommandError("No commune found.")
        if len(found) > 1:
            raise CommandError("Several communes: choose one with --commune NAME.")
        return found[0]
