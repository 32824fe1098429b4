"""Backup and restore, end to end: real commands in subprocesses against a throwaway site.

The test database of the suite is wrapped in a transaction, so the round trip runs
`manage.py` against its own database in a temporary DATA_DIR: the demo site (on SQLite a
copy of the suite's migrated test database with the demo loaded, on PostgreSQL migrated and
loaded by `manage.py`), add records, back up, damage the data, restore, count again.
"""

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from ops import backup

DEMO = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", until="2024-03", verbosity=0, stdout=open("/dev/null", "w"))
"""

SETUP = """
import datetime
from criteria.models import IndicatorRecord
from villages.models import Commune
commune = Commune.objects.get()
for indicator in commune.criteria_set.indicators.all()[:10]:
    IndicatorRecord.objects.create(
        commune=commune, indicator=indicator, month=datetime.date(2024, 3, 1), met=True
    )
# An evidence file attached the way the page does it (checked, hashed, stored).
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from evidence.access import record_target
from evidence.services import Details, evidence_attach
user = get_user_model().objects.get(username="thuongtruc")
evidence_attach(
    target=record_target(user, datetime.date(2024, 3, 1), "17.1"),
    files=[SimpleUploadedFile("Quyết định.pdf", b"%PDF-1.4 decision")],
    user=user,
    details=Details(kind="decision"),
)
"""

COUNTS = """
import json
from django.contrib.auth import get_user_model
from criteria.models import IndicatorRecord
from villages.models import Village
from evidence.models import Evidence
from evidence.services import storage
import hashlib
print(json.dumps({
    "evidence": [
        (
            e.original_name,
            e.sha256,
            storage().exists(e.storage_name)
            and hashlib.sha256(storage().open(e.storage_name).read()).hexdigest(),
        )
        for e in Evidence.objects.all()
    ],
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


def round_trip(site: Site, tmp_path: Path, wipe, demo: str = "") -> None:
    """`demo`: code that migrates and loads the demo, unless the site already has it."""
    before = site.counts(demo + SETUP)
    media = site.data_dir / "media"
    (media / "evidence").mkdir(parents=True, exist_ok=True)
    (media / "evidence" / "bien-ban.pdf").write_bytes(b"%PDF-1.4 minutes")
    (media / "jobs" / "7").mkdir(parents=True, exist_ok=True)
    (media / "jobs" / "7" / "ho-so.zip").write_bytes(b"PK prepared by a job")
    assert before["records"] > 10  # the demo's records and the ten added here
    [(name, sha256, stored_sha256)] = before["evidence"]
    assert name == "Quyết định.pdf" and sha256 == stored_sha256
    assert before["ubnd"] is True

    archive = tmp_path / "backup.tar.gz"
    made = site.manage("backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    assert "Backup written" in made.stdout
    listed = {
        entry["path"]: entry["sha256"] for entry in backup.backup_read_manifest(archive)["media"]
    }
    assert sha256 in listed.values()  # the evidence file, under its storage name
    assert "evidence/bien-ban.pdf" in listed
    assert not any(path.startswith("jobs/") for path in listed)  # prepared again on request

    for path in media.rglob("*.pdf"):  # the evidence files are lost too
        path.unlink()
    damaged = site.counts(DAMAGE)
    assert damaged["records"] == 0
    assert damaged["ubnd"] is False
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


def test_sqlite_round_trip(tmp_path, demo):
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on PostgreSQL: the PostgreSQL round trip covers this run")
    site = Site(tmp_path / "data", None)
    # The suite's test database is migrated with the demo loaded (committed before this
    # test's transaction began): copying it saves migrating and loading in a subprocess.
    site.data_dir.mkdir()
    with (
        closing(sqlite3.connect(connection.settings_dict["NAME"])) as source,
        closing(sqlite3.connect(site.data_dir / "ntm.sqlite3")) as target,
    ):
        source.backup(target)

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
        round_trip(Site(tmp_path / "data", url), tmp_path, wipe, demo=DEMO)
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


def tampered_archive(tmp_path: Path, content: bytes, listed: list[dict]) -> Path:
    """An archive whose media differ from what its manifest lists."""
    path = tmp_path / "tampered.tar.gz"
    manifest = {
        "format": 1,
        "engine": connection.vendor,
        "created_at": "2024-03-01",
        "migrations": [],
        "media": listed,
    }
    members = {
        backup.MANIFEST: json.dumps(manifest).encode(),
        backup.DATABASE_MEMBERS[connection.vendor]: b"never reached",
        "media/evidence/1/a.pdf": content,
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    ("listed", "message"),
    [
        ([{"path": "evidence/1/a.pdf", "size": 3, "sha256": "0" * 64}], "different"),
        ([{"path": "evidence/1/b.pdf", "size": 3, "sha256": "0" * 64}], "missing"),
        ([], "not listed"),
    ],
)
def test_restore_refuses_media_that_do_not_match_the_manifest(
    tmp_path, db, settings, listed, message
):
    """Checked before the database is touched: the restore changes nothing."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "kept.txt").write_text("current")
    path = tampered_archive(tmp_path, b"%PDF-1.4 changed", listed)
    with (
        mock.patch("ops.backup._sqlite_restore") as sqlite_restore,
        mock.patch("ops.backup._pg_restore") as pg_restore,
        pytest.raises(backup.BackupError, match=message),
    ):
        backup.backup_restore(archive_path=path)
    sqlite_restore.assert_not_called()
    pg_restore.assert_not_called()
    assert (tmp_path / "media" / "kept.txt").read_text() == "current"


def test_media_listing_hashes_every_file(tmp_path):
    (tmp_path / "evidence" / "1").mkdir(parents=True)
    (tmp_path / "evidence" / "1" / "x.pdf").write_bytes(b"abc")
    assert backup.media_listing(tmp_path) == [
        {
            "path": "evidence/1/x.pdf",
            "size": 3,
            "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        }
    ]


def test_the_files_jobs_prepare_are_left_out(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "jobs": {**settings.STORAGES["jobs"], "OPTIONS": {"location": tmp_path / "jobs"}},
    }
    for name in ("evidence/a.pdf", "jobs/3/b.zip", "jobsx/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert [entry["path"] for entry in backup.media_listing(tmp_path)] == [
        "evidence/a.pdf",
        "jobsx/c.txt",
    ]


def test_after_a_restore_no_page_cached_before_matches(demo):
    """The restored data versions are moved past every earlier value, and the cache is
    emptied: a dashboard cached before the restore is never served after it."""
    from django.core.cache import cache

    from ops.backup import _forget_cached_pages
    from villages.services import commune_data_changed

    for _ in range(3):
        commune_data_changed(commune_id=demo.pk)
    cache.set("dashboard:page", "before")
    before = type(demo).objects.get(pk=demo.pk).data_version
    _forget_cached_pages("default")
    assert type(demo).objects.get(pk=demo.pk).data_version > before + 1_000_000
    assert cache.get("dashboard:page") is None
