"""Migration tests (tests/submissions/test_migration.py,
tests/villages/test_province_migration.py) re-render, after each change to a model's state,
that model and the models pointing to it instead of everything connected to it.

Django keeps the models of the state it migrates rendered, and each operation reloads the
model it changes. It re-renders along with it every model related to it in either direction,
and their relations' relations: through the accounts and the historical models
(simple_history points them at the user, the commune and the criteria set) that is ~45 of
the 72 models, ~30 ms per operation, more than half of these tests' CPU time (a py-spy
profile). A model that points to the changed one must be re-rendered so that its relation
points to the new class, and so must the models pointing to it, and so on; a model the
changed one points to needs nothing: its reverse relations are computed from the registry
when asked (`Options._relation_tree`, emptied by the reload). After the narrow reload every
registered model points only to registered models, as after a whole render; only a reverse
accessor (a class attribute) that the new state removed may linger on the model it pointed
to, where a reverse `RunPython` function (given the state as it is) using it would work
although it fails with Django's reloads. `RunPython` forwards and the end of `migrate`
render their state whole, as after Django's own delayed reloads (the state is marked
delayed).

The states, operations, their order and the `migrate` command are Django's; only how many
models are re-rendered differs. `python -m tests.migration_reloads [demo.sqlite3]` proves it
on both tests' round trips (the databases back, then `migrate`): every SQL statement, its
parameters, the schema and the rows are the same as with Django's own reloads. CPU of the
tests' child processes: 10.9 → 4.9 s (province), 6.8 → 2.5 s (submissions). If Django
renames the method, the patch does nothing: the tests are as slow as before, not wrong."""

from __future__ import annotations

from collections import defaultdict


def models_to_reload(self, app_label: str, model_name: str, delay: bool = False) -> set:
    """Replaces `ProjectState._find_reload_model`: the model, and the models whose fields
    (target or `through`) or bases point to it, directly or through others. `delay`
    changes nothing: every state is marked delayed."""
    from django.db.migrations.utils import resolve_relation

    self.is_delayed = True  # RunPython renders the whole state, see above
    pointing_to = defaultdict(set)
    for key, model_state in self.models.items():
        targets = [base for base in model_state.bases if isinstance(base, str)]
        for field in model_state.fields.values():
            if field.is_relation:
                targets += [field.remote_field.model, getattr(field.remote_field, "through", None)]
        for target in targets:
            if target is not None:
                pointing_to[resolve_relation(target, *key)].add(key)
    found = {(app_label, model_name)}
    queue = list(found)
    while queue:
        for key in pointing_to[queue.pop()] - found:
            found.add(key)
            queue.append(key)
    return found


def use_narrow_reloads() -> None:
    """For the rest of this process (the tests' child processes)."""
    from django.db.migrations.state import ProjectState

    ProjectState._find_reload_model = models_to_reload


# The proof: each round trip in two child processes, Django's reloads and the narrow ones.
ROUND_TRIPS = {
    "province": [("criteria", "0006"), ("villages", "0003")],
    "submissions": [("reports", "0002")],
}

CHILD = r"""
import datetime, hashlib, json, re, sys
import django

django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

narrow, targets = sys.argv[1] == "narrow", json.loads(sys.argv[2])
if narrow:
    from tests.migration_reloads import use_narrow_reloads

    use_narrow_reloads()
start = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)  # later times: "now"
stamp = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")


def mask(value):
    if isinstance(value, (list, tuple)):
        return [mask(item) for item in value]
    if isinstance(value, datetime.datetime) and value.replace(tzinfo=None) >= start:
        return "<now>"
    if isinstance(value, str) and stamp.fullmatch(value) and value >= str(start):
        return "<now>"
    return value if isinstance(value, (int, float, str, type(None))) else repr(value)


statements = []


def log(execute, sql, params, many, context):
    statements.append([re.sub(r'"s\d+_x\d+"', "<savepoint>", sql), mask(params)])
    return execute(sql, params, many, context)


def dump():
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY 1, 2")
        schema = cursor.fetchall()
        tables = [n for t, n, _, _ in schema if t == "table" and not n.startswith("sqlite_")]
        rows = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            data = repr(mask(cursor.fetchall()))
            rows[table] = hashlib.sha256(data.encode()).hexdigest()
    return {"schema": schema, "rows": rows}


with connection.execute_wrapper(log):
    executor = MigrationExecutor(connection)
    executor.migrate([
        (app, executor.loader.get_migration_by_prefix(app, prefix).name)
        for app, prefix in targets
    ])
    back = dump()
    call_command("migrate", verbosity=0)
    again = dump()
print(json.dumps({"statements": statements, "back": back, "again": again}, default=str))
"""


def prove(demo: str) -> bool:
    import json
    import os
    import resource
    import shutil
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    same = True
    for name, targets in ROUND_TRIPS.items():
        results = {}
        for way in ("django", "narrow"):
            with tempfile.TemporaryDirectory() as folder:
                database = Path(folder) / "db.sqlite3"
                shutil.copyfile(demo, database)
                env = {
                    **os.environ,
                    "DATABASE_URL": f"sqlite:///{database}",
                    "DATA_DIR": folder,
                    "PYTHONHASHSEED": "0",  # the order of sets in the content types' queries
                }
                env.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
                env.setdefault("SECRET_KEY", "test-only-not-secret")
                env.setdefault("TESTING", "1")
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, way, json.dumps(targets)],
                    cwd=Path(__file__).resolve().parents[1],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                results[way] = json.loads(done.stdout)
                cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                print(f"{name}, {way} reloads: {cpu:.1f} s of CPU")
        django, narrow = results["django"], results["narrow"]
        for part in ("statements", "back", "again"):
            equal = django[part] == narrow[part]
            same &= equal
            count = len(django[part]) if part == "statements" else len(django[part]["rows"])
            unit = "statements" if part == "statements" else "tables"
            print(f"  {part}: {count} {unit}, {'identical' if equal else 'DIFFERENT'}")
    return same


if __name__ == "__main__":
    import glob
    import sys

    demos = sys.argv[1:] or sorted(glob.glob("data/test-demo-*.sqlite3"))
    if not demos:
        sys.exit("Give an SQLite database holding the demo (the suite builds data/test-demo-*).")
    sys.exit(0 if prove(demos[-1]) else 1)
