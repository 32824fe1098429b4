"""The move of the bodies' monthly submissions from `reports` to `submissions` keeps
every row and its history, forwards and backwards, on a database holding the demo.

It runs in a child process on its own SQLite file: migrating backwards inside the test
database's transaction is impossible on SQLite, and a transactional test would empty
the demo data every other test shares. On SQLite the file starts as a copy of the test
database (migrated, demo loaded: a few seconds saved); otherwise the child migrates and
loads the demo itself."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

SCRIPT = r"""
import json

import django

django.setup()

from django.core.management import call_command
from django.db import connection

from tests.migration_reloads import use_narrow_reloads

use_narrow_reloads()  # the same states, operations and SQL, ~3 times less CPU

from submissions.services import submission_send_back, submission_submit
from submissions.models import Submission
from villages.conflicts import version_marker


def quiet(*args, **options):
    call_command(*args, verbosity=0, **options)


def rows(app):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, body_id, month, version, results, sent_back, sent_back_note "
            f"FROM {app}_submission ORDER BY id"
        )
        current = [list(map(str, row)) for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT history_id, id, version, history_type, history_user_id, results "
            f"FROM {app}_historicalsubmission ORDER BY history_id"
        )
        history = [list(map(str, row)) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT app_label FROM django_content_type WHERE model = 'submission'"
        )
        labels = [row[0] for row in cursor.fetchall()]
    return {"rows": current, "history": history, "content_type": labels}


from django.db.migrations.recorder import MigrationRecorder

if not MigrationRecorder(connection).has_table():  # not a copy of the test database
    quiet("migrate")
    quiet("load_demo", until="2024-03")  # March 2024 open, as in the test database
# One report with several versions: submitted, sent back, resubmitted.
first = Submission.objects.select_related("body__commune").filter(month="2024-03-01")[0]
standing = first.body.commune.profiles.get(role="standing").user
sent_back = submission_send_back(
    submission=first, user=standing, note="Bổ sung số liệu", base=version_marker(first)
)
submission_submit(
    body=first.body, month=sent_back.month, user=standing, results="Đã bổ sung",
    difficulties="", proposals="", indicators_confirmed=True,
    base=version_marker(sent_back),
)
result = {"forwards": rows("submissions")}
quiet("migrate", "reports", "0002")
result["backwards"] = rows("reports")
quiet("migrate")
result["again"] = rows("submissions")
result["orm"] = [Submission.objects.count(), Submission.history.count()]
print(json.dumps(result))
"""


@pytest.fixture
def database_file(django_db_setup: None, django_db_blocker: Any, tmp_path: Path) -> Path:
    """The child's database: a copy of the test database (the demo as `make run` loads
    it) when that is an SQLite file, else an empty file the child fills."""
    path = tmp_path / "migration.sqlite3"
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and Path(name).is_file():
        with django_db_blocker.unblock():
            source, target = sqlite3.connect(name), sqlite3.connect(path)
            with target:
                source.backup(target)
            source.close()
            target.close()
    return path


@pytest.mark.django_db  # so that the test database exists (pytest-django sets up on demand)
def test_moving_submissions_keeps_every_row_and_its_history_both_ways(
    database_file: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        # Its own database file, whatever database the suite runs on.
        "DATABASE_URL": f"sqlite:///{database_file}",
        "DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "ntm_portal.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    forwards = result["forwards"]
    assert len(forwards["rows"]) > 30
    assert len(forwards["history"]) == len(forwards["rows"]) + 2  # send-back, resubmission
    assert forwards["content_type"] == ["submissions"]
    assert result["backwards"]["rows"] == forwards["rows"]
    assert result["backwards"]["history"] == forwards["history"]
    assert result["backwards"]["content_type"] == ["reports"]
    assert result["again"] == forwards
    assert result["orm"] == [len(forwards["rows"]), len(forwards["history"])]
