"""manage.py backup: the database and media files in one .tar.gz archive."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.backup import BackupError, backup_create, database_engine


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the media folder into one"
        " .tar.gz archive. Safe while the portal runs."
    )
    # No system checks: a backup or a restore must run on a site whose checks fail (the
    # disaster case), and the checks import every view for nothing (a second per run).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: DATA_DIR/backups/ntm-<engine>-<date-time>.tar.gz).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = options["output"] or default_output(database_engine())
            manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = output.stat().st_size / 1024 / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {output} ({size:.1f} MB, {manifest['engine']},"
                f" {len(manifest['migrations'])} migrations)"
            )
        )


def default_output(engine: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"ntm-{engine}-{stamp}.tar.gz"
