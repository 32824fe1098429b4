"""The suite's SQLite schema template (tests/conftest.py), built from the models as Django's
test runner does with `TEST["MIGRATE"] = False`: `migrate --run-syncdb` with no migration
module for any app creates every table at once, where running the migrations took ~40 s of
CPU (Django renders the model states again for each of them). Every migration is then
recorded as applied, as it is in a migrated database: the migration tests
(tests/submissions/test_migration.py, tests/villages/test_province_migration.py) start from
a copy of the test database and migrate backwards and forwards for real.

The same tables, columns, constraints and indexes as the migrations make (`make check`
runs `makemigrations --check`, so the models and the migrations agree; the migrations'
RunPython and RunSQL steps only transform rows that exist); only the names of a few
indexes Django generated before a table was renamed and the ids of the content types and
permissions (an order, not a meaning) differ. The PostgreSQL pass of `.ci/run` creates its
test database with the real migrations.

Run as `python -m tests.schema_from_models` with DATABASE_URL naming the new file."""

from __future__ import annotations


def main() -> None:
    import django

    django.setup()

    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    migrations = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    recorder.migration_qs.bulk_create(
        [recorder.Migration(app=app, name=name) for app, name in migrations]
    )


if __name__ == "__main__":
    main()
