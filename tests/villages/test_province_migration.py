"""An installation from before the province level (one commune, the demo data) migrates
by attaching its commune to a province made from its settings: nothing is lost, every
monthly record names its commune, and the pages read the same figures.

It runs in a child process on its own SQLite file, as tests/submissions/test_migration.py
does: the child takes the database back to before the province (villages 0003,
criteria 0006), checks it holds the single-commune schema, then migrates forwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.submissions.test_migration import database_file  # noqa: F401 (fixture)

SCRIPT = r"""
import json

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from tests.migration_reloads import use_narrow_reloads

use_narrow_reloads()  # the same states, operations and SQL, ~2.5 times less CPU


def quiet(*args):
    call_command(*args, verbosity=0)


def scalar(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


if not MigrationRecorder(connection).has_table():
    quiet("migrate")
    quiet("load_demo")
# Both apps back in one plan: the model states of the history after the targets are
# computed once, not once per app.
executor = MigrationExecutor(connection)
executor.migrate([
    (app, executor.loader.get_migration_by_prefix(app, prefix).name)
    for app, prefix in (("criteria", "0006"), ("villages", "0003"))
])
before = {
    "province": scalar("SELECT province FROM villages_commune"),
    "records": scalar("SELECT COUNT(*) FROM criteria_indicatorrecord"),
    "villages": scalar("SELECT COUNT(*) FROM villages_village"),
    "profiles": scalar("SELECT COUNT(*) FROM villages_profile"),
}
quiet("migrate")

from criteria.models import IndicatorRecord
from criteria.selectors import commune_status
from villages.models import Commune, Profile, Village
import datetime

commune = Commune.objects.select_related("province", "criteria_set").get()
status = commune_status(commune, datetime.date(2024, 3, 1))
after = {
    "province": commune.province.name,
    "province_sets": list(commune.province.criteria_sets.values_list("pk", flat=True)),
    "commune_set": commune.criteria_set_id,
    "province_due_day": commune.province.report_due_day,
    "commune_due_day": commune.report_due_day,
    "records": IndicatorRecord.objects.count(),
    "records_of_commune": IndicatorRecord.objects.filter(commune=commune).count(),
    "villages": Village.objects.count(),
    "profiles": Profile.objects.filter(commune=commune, province__isnull=True).count(),
    "met": [status.met_count, status.total],
}
print(json.dumps({"before": before, "after": after}))
"""


@pytest.mark.django_db
def test_a_single_commune_database_migrates_into_a_province(
    database_file: Path,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
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
    before, after = result["before"], result["after"]
    assert before["province"] == "Thanh Hóa"
    assert after["province"] == "Thanh Hóa"
    assert after["province_sets"] == [after["commune_set"]]
    assert after["province_due_day"] == after["commune_due_day"]
    assert after["records"] == after["records_of_commune"] == before["records"] > 300
    assert after["villages"] == before["villages"]
    assert after["profiles"] == before["profiles"]
    assert after["met"] == [17, 19]  # the demo's March 2024, as before the migration
