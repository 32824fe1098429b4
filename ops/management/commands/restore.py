"""manage.py restore: put a backup archive's database and media files back."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.backup import (
    ENGINE_NAMES,
    BackupError,
    backup_check,
    backup_read_manifest,
    backup_restore,
)


class Command(BaseCommand):
    help = (
        "Replace the database and the media folder with those in a backup archive made by"
        " `manage.py backup`. Stop the portal first."
    )
    # No system checks: a backup or a restore must run on a site whose checks fail (the
    # disaster case), and the checks import every view for nothing (a second per run).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz archive to restore.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = options["archive"]
        try:
            manifest = backup_read_manifest(archive)
            warnings = backup_check(manifest)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Archive: {archive}\n  made {manifest['created_at']} from"
            f" {ENGINE_NAMES[manifest['engine']]}, {len(manifest['migrations'])} migrations"
        )
        if options["interactive"]:
            answer = input(
                "This replaces ALL data and uploaded files of this site with the archive's.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for warning in warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS("Restore complete."))
