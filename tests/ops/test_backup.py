"""Backup and restore, end to end: real commands in subprocesses against a throwaway site.

The test database of the suite is in memory (SQLite) or wrapped in a transaction, so the
round trip runs `manage.py` against its own database in a temporary DATA_DIR: migrate,
load the demo, add records, back up, damage the data, restore, count again.
"""

import datetime
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from ops import backup

SETUP = """
import datetime
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
from criteria.models import IndicatorRecord
from villages.models import Commune
commune = Commune.objects.get()
for indicator in commune.criteria_set.indicators.all()[:10]:
    IndicatorRecord.objects.create(
        commune=commune, indicator=indicator, month=datetime.date(2024, 3, 1), met=True
    )
"""

COUNTS = """
import json
from django.contrib.auth import get_user_model
from criteria.models import IndicatorRecord
from villages.models import Village
print(json.dumps({
    "records": IndicatorRecord.objects.count(),
    "villages": Village.objects.count(),
    "users": get_user_model().objects.count(),
    "ubnd": get_user_model().objects.filter(username="ubnd").exists(),
}))
"""

DAMAGE = """
from django.contrib.auth import get_user_model
from criteria.models import IndicatorRecord
from villages.models import Village
IndicatorRecord.objects.all().delete()
Village.objects.filter(position__gt=2).delete()
get_user_model().objects.filter(username="ubnd").delete()
"""


class Site:
    """manage.py with its own DATA_DIR and database."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update(ENV_FILE="/dev/null", SECRET_KEY="backup-test", DATA_DIR=str(data_dir))
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def manage(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        return result

    def run(self, code: str) -> str:
        result = self.manage("shell", "-v", "0", "-c", code)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def counts(self, before: str = "") -> dict:
        """The counts, after running `before` in the same process (one start-up less)."""
        return json.loads(self.run(before + COUNTS).strip().splitlines()[-1])


def round_trip(site: Site, tmp_path: Path, wipe) -> None:
    before = site.counts(SETUP)
    media = site.data_dir / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "bien-ban.pdf").write_bytes(b"%PDF-1.4 minutes")
    assert before["records"] > 10  # the demo's records and the ten added here
    assert before["ubnd"] is True

    archive = tmp_path / "backup.tar.gz"
    made = site.manage("backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    assert "Backup written" in made.stdout

    damaged = site.counts(DAMAGE)
    assert damaged["records"] == 0
    assert damaged["ubnd"] is False
    (media / "evidence" / "bien-ban.pdf").unlink()
    (media / "added-later.txt").write_text("not in the backup")

    restored = site.manage("restore", str(archive), "--no-input")
    assert restored.returncode == 0, restored.stderr
    assert site.counts() == before
    assert (media / "evidence" / "bien-ban.pdf").read_bytes() == b"%PDF-1.4 minutes"
    assert not (media / "added-later.txt").exists()

    wipe()  # a new, empty database: the disaster case
    restored = site.manage("restore", str(archive), "--no-input")
    assert restored.returncode == 0, restored.stderr
    assert site.counts() == before


def test_sqlite_round_trip(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on PostgreSQL: the PostgreSQL round trip covers this run")
    site = Site(tmp_path / "data", None)

    def wipe() -> None:
        for path in (site.data_dir).glob("ntm.sqlite3*"):
            path.unlink()

    round_trip(site, tmp_path, wipe)


def test_postgresql_round_trip(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite: set DATABASE_URL to PostgreSQL to run this")
    server = {**settings.DATABASES["default"]}
    name = f"ntm_backup_{uuid.uuid4().hex[:8]}"
    url = (
        f"postgres://{server['USER']}:{server.get('PASSWORD') or ''}@{server['HOST']}:"
        f"{server['PORT'] or 5432}/{name}"
    )

    def psql(sql: str) -> None:
        env = backup._pg_environment({**server, "NAME": "postgres"})
        subprocess.run(["psql", "-q", "-c", sql], env=env, check=True, capture_output=True)

    def wipe() -> None:
        psql(f'DROP DATABASE "{name}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{name}"')

    psql(f'CREATE DATABASE "{name}"')
    try:
        round_trip(Site(tmp_path / "data", url), tmp_path, wipe)
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def archive_with(tmp_path: Path, manifest: dict) -> Path:
    path = tmp_path / "other.tar.gz"
    data = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(backup.MANIFEST)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_an_archive_from_the_other_engine(tmp_path, db):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = archive_with(
        tmp_path,
        {"format": 1, "engine": other, "created_at": "2024-03-01T00:00:00+00:00", "migrations": []},
    )
    with pytest.raises(CommandError, match="database but this site uses"):
        call_command("restore", str(path), "--no-input")


def test_restore_refuses_an_archive_from_a_newer_portal(tmp_path, db):
    path = archive_with(
        tmp_path,
        {
            "format": 1,
            "engine": connection.vendor,
            "created_at": "2024-03-01T00:00:00+00:00",
            "migrations": ["criteria.9999_from_the_future"],
        },
    )
    with pytest.raises(CommandError, match="newer version"):
        call_command("restore", str(path), "--no-input")


def test_restore_asks_first_and_changes_nothing_without_yes(tmp_path, db, django_user_model):
    django_user_model.objects.create_user("taikhoan.f")
    path = archive_with(
        tmp_path,
        {"format": 1, "engine": connection.vendor, "created_at": "2024-03-01", "migrations": []},
    )
    with (
        mock.patch("builtins.input", return_value="no") as asked,
        mock.patch("ops.management.commands.restore.backup_restore") as restore,
        pytest.raises(CommandError, match="cancelled"),
    ):
        call_command("restore", str(path), stdout=io.StringIO())
    asked.assert_called_once()
    restore.assert_not_called()
    assert django_user_model.objects.filter(username="taikhoan.f").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    path = tmp_path / "photo.tar.gz"
    path.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not an NTM Portal backup"):
        call_command("restore", str(path), "--no-input")


def test_postgresql_backup_without_pg_dump_says_what_to_install(tmp_path):
    with (
        mock.patch("ops.backup.shutil.which", return_value=None),
        pytest.raises(backup.BackupError, match="apt install postgresql-client"),
    ):
        backup._pg_dump({"NAME": "ntm"}, tmp_path / "x.dump")


def test_default_archive_name_carries_engine_and_time(settings):
    from ops.management.commands.backup import default_output

    now = datetime.datetime(2024, 3, 20, 9, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=now):
        path = default_output("sqlite")
    assert path == Path(settings.DATA_DIR) / "backups" / "ntm-sqlite-20240320-163000.tar.gz"
