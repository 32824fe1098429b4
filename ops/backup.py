"""Backup and restore of a whole site: the database and the uploaded files (MEDIA_ROOT).

One archive (.tar.gz) holds:

    manifest.json       format version, engine, creation time, applied migrations, and
                        every media file with its size and SHA-256
    database.sqlite3    SQLite: a copy made with SQLite's online backup API
    database.dump       PostgreSQL: pg_dump --format=custom
    media/...           the uploaded files (evidence files under media/evidence/), not
                        the files jobs prepare (media/jobs/, see `left_out`)

SQLite is copied with the online backup API, which reads one consistent snapshot while
the portal keeps running. It is restored the same way, backwards: the archive's copy is
checked first, then written into the live file in a single write transaction, so other
processes see either the old or the new database and the WAL files stay coherent (swapping
the file with os.replace under a running server would leave it writing to the old one).
PostgreSQL is restored with pg_restore --clean --if-exists --single-transaction: all or
nothing. Media files are unpacked beside MEDIA_ROOT, checked against the manifest (every
file listed, none missing, none added, each with its SHA-256) before anything is replaced,
and swapped in with a rename: a damaged archive changes nothing. An archive made before
the manifest listed the files (no "media" key) is restored without that check.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says what to do."""


def database_engine(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def backup_create(*, output: Path, using: str = "default") -> dict[str, Any]:
    """Write the database and media files to the archive `output`; return its manifest."""
    engine = database_engine(using)
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": FORMAT_VERSION,
        "engine": engine,
        "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
        "migrations": applied_migrations(using),
        "media": media_listing(Path(settings.MEDIA_ROOT)),
    }
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        dump = Path(work) / DATABASE_MEMBERS[engine]
        if engine == "sqlite":
            _sqlite_copy(source=_sqlite_path(using), target=dump)
        else:
            _pg_dump(settings.DATABASES[using], dump)
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = (
                len(data),
                int(datetime.datetime.now(tz=datetime.UTC).timestamp()),
            )
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.is_dir():
                skipped = left_out()
                archive.add(
                    media_root,
                    arcname=MEDIA,
                    filter=lambda member: (
                        None
                        if _is_left_out(member.name.removeprefix(MEDIA + "/"), skipped)
                        else member
                    ),
                )
        os.replace(partial, output)  # never leave a half-written archive under the real name
    return manifest


def backup_read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.load(member) if member else None
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(
            f"{archive_path} is not an NTM Portal backup archive ({error})."
        ) from None
    if not isinstance(manifest, dict) or "format" not in manifest:
        raise BackupError(f"{archive_path} has no valid manifest.json.")
    return manifest


def backup_check(manifest: dict[str, Any], *, using: str = "default") -> list[str]:
    """Refuse an archive this site cannot take; return warnings for one it can."""
    if manifest["format"] > FORMAT_VERSION:
        raise BackupError(
            f"The archive uses backup format {manifest['format']}; this version of the portal "
            f"reads format {FORMAT_VERSION}. Update the portal (git pull) first."
        )
    engine = database_engine(using)
    if manifest.get("engine") != engine:
        theirs = ENGINE_NAMES.get(manifest.get("engine"), manifest.get("engine"))
        raise BackupError(
            f"The archive holds a {theirs}"
            f" database but this site uses {ENGINE_NAMES[engine]}. Restore it on a site with the"
            " same database engine (set DATABASE_URL accordingly)."
        )
    known = set(known_migrations())
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            "The archive comes from a newer version of the portal (migrations this code does"
            f" not have: {', '.join(unknown[:5])}). Update the portal (git pull) first."
        )
    warnings = []
    if set(applied_migrations(using)) - set(manifest.get("migrations", [])):
        warnings.append(
            "The archive is older than this database's schema: run `manage.py migrate`"
            " after the restore (make serve does it)."
        )
    return warnings


def backup_restore(*, archive_path: Path, using: str = "default") -> dict[str, Any]:
    """Replace the database and media files with the archive's; return its manifest."""
    manifest = backup_read_manifest(archive_path)
    backup_check(manifest, using=using)
    engine = manifest["engine"]
    media_root = Path(settings.MEDIA_ROOT).resolve()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        work_dir = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            wanted = [
                member
                for member in archive.getmembers()
                if member.name == DATABASE_MEMBERS[engine]
                or member.name == MEDIA
                or member.name.startswith(MEDIA + "/")
            ]
            # filter="data" refuses absolute paths, "..", links out of the folder, devices.
            archive.extractall(work_dir, members=wanted, filter="data")
        dump = work_dir / DATABASE_MEMBERS[engine]
        if not dump.is_file():
            raise BackupError(f"{archive_path} has no {dump.name}.")
        if "media" in manifest:
            media_verify(work_dir / MEDIA, manifest["media"])
        connections.close_all()
        if engine == "sqlite":
            _sqlite_restore(source=dump, target=_sqlite_path(using))
        else:
            _pg_restore(settings.DATABASES[using], dump)
        _swap_media(work_dir / MEDIA, media_root)
    connections.close_all()
    _forget_cached_pages(using)
    return manifest


def _forget_cached_pages(using: str) -> None:
    """Cached pages are keyed by each commune's data version, which the restored database
    takes back to an earlier value: pages cached since then under that value would show
    data the archive does not have. Each version is moved past every value it had before
    (the time in microseconds: writes raise it by one, never by millions), so no page
    cached before the restore matches again, in this process or in any other (the shared
    Redis cache is emptied too; a web process's local cache cannot be reached from here)."""
    commune = apps.get_model("villages", "Commune")
    commune.objects.using(using).update(data_version=time.time_ns() // 1000)
    cache.clear()


def applied_migrations(using: str = "default") -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def known_migrations() -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


# --- SQLite --------------------------------------------------------------------------


def _sqlite_path(using: str) -> Path:
    name = str(settings.DATABASES[using]["NAME"])
    if name in ("", ":memory:") or name.startswith("file:"):
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def _sqlite_copy(*, source: Path, target: Path) -> None:
    """A consistent copy of a live database (the online backup API), as one self-contained file."""
    if not source.is_file():
        raise BackupError(f"The SQLite database {source} does not exist.")
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # The copy carries the WAL flag; switch it off so the archive holds one plain file.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _sqlite_restore(*, source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    try:
        # CHECK constraints call Django's SQL functions, unknown to a bare connection; they
        # were enforced when the rows were written. The file structure is what is checked.
        src.execute("PRAGMA ignore_check_constraints=ON")
        result = src.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"The database in the archive is damaged: {result}")
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target, timeout=20)
        try:
            # One step, one write transaction: readers see the old or the new database.
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite restore failed, nothing was changed: {error}") from None
    finally:
        src.close()


# --- PostgreSQL ----------------------------------------------------------------------


def _pg_environment(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client tools of the server's"
            " version or newer (Debian/Ubuntu: apt install postgresql-client) and try again."
        )
    return tool


def _pg_run(command: list[str], database: dict[str, Any], what: str) -> None:
    result = subprocess.run(
        command, env=_pg_environment(database), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")


def _pg_dump(database: dict[str, Any], target: Path) -> None:
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
    _pg_run(command, database, "pg_dump")


def _pg_restore(database: dict[str, Any], dump: Path) -> None:
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",  # all or nothing; implies --exit-on-error
        "--dbname",
        str(database["NAME"]),
        str(dump),
    ]
    _pg_run(command, database, "pg_restore (nothing was changed)")


# --- Media ---------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def left_out() -> str | None:
    """The folder of the files jobs prepare (STORAGES["jobs"]), relative to MEDIA_ROOT
    (POSIX), when it is under it: left out of backups. Each file is kept a few days and
    prepared again on request, a 2 GB dossier would weigh on every archive, and a job may
    write or remove one while the backup reads the folder, which would make the archive
    fail its own check at the restore."""
    location = settings.STORAGES.get("jobs", {}).get("OPTIONS", {}).get("location")
    if location is None:
        return None
    folder, root = Path(location).resolve(), Path(settings.MEDIA_ROOT).resolve()
    if folder == root or not folder.is_relative_to(root):
        return None
    return folder.relative_to(root).as_posix()


def _is_left_out(path: str, skipped: str | None) -> bool:
    """`path`: relative to the media folder (POSIX)."""
    return skipped is not None and (path == skipped or path.startswith(skipped + "/"))


def media_listing(root: Path) -> list[dict[str, Any]]:
    """Every file under `root` (the files jobs prepare excepted, `left_out`): its path
    (POSIX, relative), size and SHA-256."""
    if not root.is_dir():
        return []
    skipped = left_out()
    return [
        {
            "path": relative,
            "size": path.stat().st_size,
            "sha256": file_sha256(path),
        }
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not _is_left_out(relative := path.relative_to(root).as_posix(), skipped)
    ]


def media_verify(root: Path, listed: list[dict[str, Any]]) -> None:
    """Refuse the restore unless the unpacked media are exactly the listed files."""
    found = {entry["path"]: entry for entry in media_listing(root)}
    expected = {entry["path"]: entry for entry in listed}
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(
        path
        for path in set(expected) & set(found)
        if found[path]["sha256"] != expected[path]["sha256"]
    )
    problems = [
        (missing, "missing from the archive"),
        (extra, "not listed in its manifest"),
        (changed, "different from when it was backed up (SHA-256)"),
    ]
    for paths, what in problems:
        if paths:
            raise BackupError(
                f"The archive is damaged, nothing was changed: {len(paths)} media file(s) "
                f"{what}, e.g. {paths[0]}."
            )


def _swap_media(new: Path, media_root: Path) -> None:
    """Put the archive's media folder in place of MEDIA_ROOT with two renames."""
    if not new.is_dir():
        new.mkdir()
    old = media_root.with_name(f".{media_root.name}-before-restore")
    if old.exists():
        shutil.rmtree(old)
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(new, media_root)
    if old.exists():
        shutil.rmtree(old)
