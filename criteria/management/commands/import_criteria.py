"""Import a criteria set's indicators from a CSV file (UTF-8, the columns of
fixtures/criteria-qd318-2021-2025.csv), e.g. a province's own version.

Into a draft set only: a published set is read-only (issue 18), so the command stops and
says how to correct it (a new version, in the browser). The browser's set file
(docs/CRITERIA-SET-FILE.md) is the way for a province without a developer."""

import csv
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from criteria.models import CriteriaSet
from criteria.services import criteria_set_import


class Command(BaseCommand):
    help = "Add groups, criteria, indicators and general thresholds from a CSV to a criteria set."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--set", required=True, dest="code", help="criteria set code")

    def handle(self, *args: Any, file: str, code: str, **options: Any) -> None:
        try:
            criteria_set = CriteriaSet.objects.get(code=code)
        except CriteriaSet.DoesNotExist:
            raise CommandError(f"No criteria set with code {code!r}.") from None
        if criteria_set.is_published:
            raise CommandError(
                f"The criteria set {code!r} is published and read-only: create a correcting "
                "version on its page (Tạo phiên bản sửa đổi) and import into that draft."
            )
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                result = criteria_set_import(criteria_set=criteria_set, rows=csv.DictReader(handle))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported: {result.created or 'nothing new'}"))
