import datetime
import fcntl
import functools
import gc
import hashlib
import io
import os
import subprocess
import sys
import threading
import types
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from criteria.models import (
    AssignmentRole,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAssignment,
    Threshold,
)
from villages.models import (
    BodyKind,
    Commune,
    HouseholdRecord,
    Profile,
    Province,
    ResponsibleBody,
    Village,
)


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or any(
        name in fixtures for name in ("transactional_db", "live_server")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A transactional test empties the database when it ends, demo included; pytest-django
    runs them after the others. The suite runs in parallel by file (pytest-xdist, `--dist
    loadfile` in pyproject.toml), each file whole on one worker, in collection order: a file
    mixing both kinds would run its transactional test in the middle of that worker's
    share, and the files after it would find no demo. So a transactional test goes in a file
    of its own (tests/criteria/test_concurrent_saves.py, tests/jobs/test_worker.py)."""
    kinds: dict[Path, list[bool]] = {}  # [has others, has transactional]
    for item in items:
        kinds.setdefault(item.path, [False, False])[is_transactional(item)] = True
    mixed = sorted(str(path.relative_to(config.rootpath)) for path, k in kinds.items() if all(k))
    if mixed:
        raise pytest.UsageError(
            "These test files mix transactional tests (django_db(transaction=True), "
            "live_server) with others; move the transactional ones to a file of their own "
            "(see tests/conftest.py): " + ", ".join(mixed)
        )
    items[:] = slowest_files_first(config, items)


def _call(function, *args):
    return function(*args)


# CPython 3.11 to 3.13 keep a thread's Python frames in chunks of 16 KiB and free a chunk
# as soon as the frame that opened it returns, so a loop that calls across the end of a
# chunk maps and unmaps memory on every call (python/cpython#142183, fixed in 3.14). A
# request through the test client runs deep enough to do that hundreds of thousands of
# times in a run: a fifth of the URL matrix's CPU time, most of the suite's system time.
# Each test runs inside a frame that reserves half a MiB of that stack (its declared
# evaluation stack, never used), so the test's own frames fit in the chunk after it.
_call_in_a_large_chunk = types.FunctionType(_call.__code__.replace(co_stacksize=65_536), {})


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """pytest's own protocol for the test (setup, call, teardown, reports), run inside
    `_call_in_a_large_chunk`."""
    if sys.version_info >= (3, 14):
        return None
    try:
        from _pytest.runner import pytest_runtest_protocol as run_test
    except ImportError:  # pytest's own module moved: its protocol runs as it is
        return None
    return _call_in_a_large_chunk(run_test, item, nextitem)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Python's cycle collector, tuned for a test run: what is alive once the tests are
    collected (Django, the apps, the test modules) lives until the end, so it is set aside
    (`gc.freeze`) rather than walked by every full collection; and a collection starts
    every 10,000 allocations instead of 700 (a request allocates tens of thousands of
    short-lived objects). Measured on the URL matrix: collection time 3.4 s → 1.1 s."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


# CPU seconds of the test files that take much longer than their number of tests says
# (child processes, real renders, large data), measured on the 2-core development machine:
# rough, only the order they give matters. Any other file counts 0.1 s per test.
SLOW_FILES = {
    "tests/ntm_portal/test_url_matrix.py": 17,
    "tests/dashboard/test_cache.py": 8,
    "tests/criteria/test_excel_upload_view.py": 6.4,
    "tests/villages/test_province_migration.py": 4.8,
    "tests/trust/test_bad_input_corpus.py": 4.1,
    "tests/dashboard/test_queries.py": 4.1,
    "tests/ops/test_backup.py": 3.9,
    "tests/reports/test_load_demo_alive.py": 3.4,
    "tests/reports/test_document_layout.py": 3,
    "tests/reports/test_downloads.py": 3,
    "tests/reports/test_xlsx.py": 2.9,
    "tests/submissions/test_migration.py": 2.6,
    "tests/ntm_portal/test_security.py": 2.2,
    "tests/criteria/test_sets.py": 1.8,
    "tests/reports/test_load_demo_province.py": 1.7,
    "tests/reports/test_docx.py": 1.6,
    "tests/criteria/test_monthly.py": 1.5,
    "tests/ntm_portal/test_settings.py": 1.4,
    "tests/trust/test_unreadable_rows.py": 1.3,
    "tests/reports/test_builders.py": 1.3,
    "tests/reports/test_same_figures.py": 1.2,
    "tests/criteria/test_excel_libreoffice.py": 1.1,
    # Transactional (after the others, see below): a Celery worker in a child process.
    "tests/jobs/test_worker.py": 3.1,
    "tests/jobs/test_worker_files.py": 1.5,
}


def slowest_files_first(config: pytest.Config, items: list[pytest.Item]) -> list[pytest.Item]:
    """pytest-xdist hands the files out to the workers in the order of their first test
    (`--no-loadscope-reorder`), a file to a worker that is about to run out: the slowest
    first, so that none is left alone at the end with a long file. The kinds keep
    pytest-django's order: the files with the database first, then the transactional
    files (they empty the database, so on each worker they come after those): the slow
    ones of SLOW_FILES, the files without a database, then the other transactional files
    in their collection order (the browser journeys together, for their package's
    browser). Each file's tests stay together and in their order.

    A worker is given its next file as soon as it has two tests left, so a slow file of
    one test would go with the file after it: each slow transactional file (SLOW_FILES)
    is followed by a file without a database, not by another slow one."""

    def kind(item: pytest.Item) -> int:
        if is_transactional(item):
            return 1
        fixtures = getattr(item, "fixturenames", ())
        return 0 if item.get_closest_marker("django_db") or "db" in fixtures else 2

    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    by_kind: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for path, tests in files.items():
        by_kind[min(map(kind, tests))].append(path)

    def weight(path: str) -> float:
        return SLOW_FILES.get(path, 0.1 * len(files[path]))

    by_kind[0].sort(key=weight, reverse=True)  # slowest first; the sort keeps ties' order
    by_kind[2].sort(key=weight, reverse=True)
    slow = sorted((path for path in by_kind[1] if path in SLOW_FILES), key=weight, reverse=True)
    without_database = by_kind[2]
    paths = by_kind[0]
    for path in slow:
        paths += [path, *without_database[:1]]
        without_database = without_database[1:]
    paths += without_database + [path for path in by_kind[1] if path not in SLOW_FILES]
    return [item for path in paths for item in files[path]]


# Files spread over the workers in parts, each part handed out as a file is: the URL
# matrix alone is about a third of the suite's time.
SPLIT_FILES = {"tests/ntm_portal/test_url_matrix.py": 4}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile`, with the files of SPLIT_FILES cut into parts (by a hash of the
    test's id: the same parts on every run). A part's module fixtures run once per part.

    A worker is given its next file when it has one test left, not two as pytest-xdist
    does (a worker needs the test after the one it runs, no more): with files of a single
    test, two tests left could be two files, and the last two slow ones (a Celery worker
    each) went to the same worker while the other one finished early."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SplitFileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = super()._split_scope(nodeid)
            if path not in SPLIT_FILES:
                return path
            return f"{path}::part{zlib.crc32(nodeid.encode()) % SPLIT_FILES[path]}"

        def _reschedule(self, node) -> None:
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
                return
            if self._pending_of(self.assigned_work[node]) <= 1:
                self._assign_work_unit(node)

    return SplitFileScheduling(config, log)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (WAL included), through SQLite itself."""
    import sqlite3

    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    reader, writer = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with writer:
            reader.backup(writer)
    finally:
        reader.close()
        writer.close()


@contextmanager
def templates_locked(folder: Path) -> Iterator[None]:
    """Parallel workers (pytest-xdist) wait here for the one that builds a template; the
    copy is made under the lock too, so that no worker removes a template (stale after
    midnight, see `demo_fingerprint()`) while another copies it."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "test-schema.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build_template(template: Path, build) -> Path:
    """`template`, built by `build(path)` on a temporary file unless it exists; the other
    versions of it (same name before the fingerprint) are removed."""
    if not template.exists():
        kind = template.name.rsplit("-", 1)[0]  # test-schema, test-demo
        for stale in template.parent.glob(f"{kind}-*.sqlite3*"):
            stale.unlink()
        building = template.parent / f"{template.name}.building"
        for leftover in template.parent.glob(f"{building.name}*"):
            leftover.unlink()
        build(building)
        copy_sqlite(building, template)  # one file, without the WAL beside it
        for leftover in template.parent.glob(f"{building.name}*"):
            leftover.unlink()
    return template


def python_on(database: Path, *args: str) -> None:
    """Python in a child process on an SQLite file (`manage.py load_demo`: the command a
    real installation runs), with the suite's environment (TESTING: the same password
    hasher)."""
    from django.conf import settings

    subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "ntm_portal.settings"
            ),
        },
        stdout=subprocess.DEVNULL,
        check=True,
    )


# Top-level folders of the repository that hold no code the schema or load_demo depends on.
NOT_PROJECT_CODE = {"tests", "benchmarks", "docs", "data", "static", "staticfiles", "templates"}


@functools.cache
def project_files() -> tuple[Path, ...]:
    """The project's Python files, all of them (models, migrations, and everything
    load_demo runs: every app's demo loader, and through them services, model methods and
    signal receivers: a hand-picked subset would go stale), and the data load_demo reads
    (fixtures, compiled translations), relative to BASE_DIR, sorted."""
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    files = []
    for folder, subfolders, names in os.walk(base):
        if Path(folder) == base:
            subfolders[:] = [
                name
                for name in subfolders
                if not name.startswith(".") and name not in NOT_PROJECT_CODE
            ]
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        relative = Path(folder).relative_to(base)
        in_data = relative.parts[:1] in (("fixtures",), ("locale",))
        files += [
            relative / name
            for name in names
            if name.endswith(".py") or in_data and not name.endswith(".po")
        ]
    return tuple(sorted(files))


def files_digest(start: str, files) -> str:
    from django.conf import settings

    digest = hashlib.sha256(start.encode())
    for path in files:
        digest.update(str(path).encode())
        digest.update((Path(settings.BASE_DIR) / path).read_bytes())
    return digest.hexdigest()[:16]


def schema_fingerprint() -> str:
    """What decides the schema: Django's version, the installed apps, the models and the
    migrations (recorded as applied): the project's Python files (hashing them takes a few
    milliseconds)."""
    import django
    from django.conf import settings

    code = [path for path in project_files() if path.suffix == ".py"]
    return files_digest(f"{django.__version__} {settings.INSTALLED_APPS}", code)


def schema_template(folder: Path) -> Path:
    """The empty schema as an SQLite file in DATA_DIR, built from the models with every
    migration recorded as applied (tests/schema_from_models.py: ~2 s of CPU, where running
    the migrations took ~40 s), once per `schema_fingerprint()`. The caller holds
    `templates_locked`."""
    return build_template(
        folder / f"test-schema-{schema_fingerprint()}.sqlite3",
        lambda building: python_on(building, "-m", "tests.schema_from_models"),
    )


def demo_fingerprint() -> str:
    """What decides the demo's rows: the schema and the code (`schema_fingerprint()`), the
    fixtures load_demo reads and the compiled translations; and today's date, because its
    rows carry the time they were loaded (criteria sets' publication, accounts, history),
    as they did when the demo was loaded at each run."""
    from django.utils import timezone

    data = [path for path in project_files() if path.suffix != ".py"]
    return files_digest(f"{schema_fingerprint()} {timezone.localdate()}", data)


def demo_template(folder: Path) -> Path:
    """`schema_template()` with the demo loaded (`load_demo --until 2024-03`, ~8 s of CPU
    and more for each parallel worker), built once per `demo_fingerprint()`: each worker
    starts from a copy. The caller holds `templates_locked`."""

    def build(building: Path) -> None:
        copy_sqlite(schema_template(folder), building)
        python_on(building, "manage.py", "load_demo", "--until", "2024-03", "--verbosity", "0")

    return build_template(folder / f"test-demo-{demo_fingerprint()}.sqlite3", build)


def demo_from_template(config: pytest.Config) -> bool:
    """On SQLite (without --reuse-db) the test database is a copy of `demo_template()`."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    return database["ENGINE"] == "django.db.backends.sqlite3" and not config.getvalue("reuse_db")


TEMPLATES_BUILD = pytest.StashKey[threading.Thread]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """With parallel workers, the controller builds the SQLite templates while the workers
    start and collect the tests (~2 s of a run from a clean state, which both workers
    spent waiting): it holds the templates' lock from now until the build ends; a worker
    that needs the database waits for it there, then copies. A build that fails leaves
    the templates missing, and the first worker builds them and shows the error."""
    config = session.config
    parallel = config.getoption("numprocesses", default=None)
    if not parallel or hasattr(config, "workerinput") or not demo_from_template(config):
        return
    from django.conf import settings

    folder = Path(settings.DATA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    lock = open(folder / "test-schema.lock", "w")  # noqa: SIM115 (closed by the thread)
    fcntl.flock(lock, fcntl.LOCK_EX)

    def build() -> None:
        try:
            demo_template(folder)
        finally:
            lock.close()  # releases the lock

    thread = threading.Thread(target=build, name="test-templates", daemon=True)
    thread.start()
    config.stash[TEMPLATES_BUILD] = thread


def pytest_sessionfinish(session: pytest.Session) -> None:
    thread = session.config.stash.get(TEMPLATES_BUILD, None)
    if thread is not None:
        thread.join()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings) -> bool:
    """On SQLite the test database starts as a copy of `demo_template()` and is kept
    as it is ("keepdb"): Django's test setup then finds every migration applied and only
    checks. On another database, pytest-django's own answer (--reuse-db)."""
    from django.conf import settings

    if not demo_from_template(request.config):
        return request.config.getvalue("reuse_db")
    folder = Path(settings.DATA_DIR)
    with templates_locked(folder):
        copy_sqlite(demo_template(folder), Path(settings.DATABASES["default"]["TEST"]["NAME"]))
    return True


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The demo commune's 2024 seed (January–March 2024, March the open month) is in the
    test database from the start, whatever today's date: loading it once instead of in
    every test keeps the suite fast. Each test runs in a transaction that is rolled back,
    so the demo is the same for every test. On SQLite it came with the copied template;
    elsewhere it is loaded here."""
    if not demo_from_template(request.config):
        with django_db_blocker.unblock():
            call_command("load_demo", until="2024-03", stdout=io.StringIO())
    yield
    # Kept by "keepdb" above: removed here, as Django removes a test database it made.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        with django_db_blocker.unblock():
            from django.db import connections

            connections.close_all()
        # The file and SQLite's own beside it, by name: a pattern such as "test.sqlite3*"
        # would also remove the parallel workers' test.sqlite3_gw0, … of a run going on
        # at the same time (a `pytest -n 0` beside a `make test`).
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{database['NAME']}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a test's rolled-back transaction puts the
    communes' data versions back, so a page cached by an earlier test could match."""
    cache.clear()
    yield


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis for the queue and cache tests (database 15, 14, … one per parallel
    worker, unless TEST_REDIS_URL says otherwise; emptied at the end); skipped with the
    reason when Redis is not reachable (.ci/run starts it)."""
    import redis

    # Each pytest-xdist worker (gw0, gw1, …) its own database: 15, 14, …
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    url = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - worker % 8}")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {url} ({error}); .ci/run starts it")
    yield url
    client.flushdb()


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded files and the files jobs prepare go to a temporary folder, never to the
    project's data/ (the storages' folders are read from MEDIA_ROOT once, in settings:
    they are pointed there too, as a worker started with this MEDIA_ROOT finds them)."""
    from django.conf import settings
    from django.test import override_settings

    settings.MEDIA_ROOT = media = tmp_path_factory.mktemp("media")
    storages = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": media / "evidence"}},
        "jobs": {**settings.STORAGES["jobs"], "OPTIONS": {"location": media / "jobs"}},
    }
    with override_settings(STORAGES=storages):
        yield media


@pytest.fixture
def demo(db):
    return Commune.objects.get(name="Quang Trung")


def remove_demo() -> None:
    from django.test import override_settings

    from plans.models import Plan

    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # no history rows: much faster
        Plan.objects.all().delete()  # tasks protect the bodies they name
        Commune.objects.all().delete()


@pytest.fixture
def no_demo(db):
    """For a test about a fresh installation: the demo commune is removed (in the test's
    transaction only)."""
    remove_demo()


@contextmanager
def around_module(django_db_blocker) -> Iterator[None]:
    """A transaction around a module's tests, for a module-scoped fixture to write in:
    every test of the module sees what it wrote (each test's own transaction is a savepoint
    inside this one), and it is gone when this is rolled back after the last test. A
    module-scoped fixture is set up before the tests' `db`, so this opens first."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def no_demo_in_module(django_db_setup, django_db_blocker):
    """`no_demo` once for a whole module whose tests never use the demo."""
    with around_module(django_db_blocker):
        with django_db_blocker.unblock():
            remove_demo()
        yield


@pytest.fixture
def criteria_set(db):
    return CriteriaSet.objects.create(
        code="test-set",
        decision_ref="1/QĐ-TEST",
        title="Bộ tiêu chí thử",
        valid_from=datetime.date(2021, 1, 1),
    )


@pytest.fixture
def province(db):
    return Province.objects.create(name="Tỉnh Thử", code="99")


@pytest.fixture
def commune(db, criteria_set, province):
    return Commune.objects.create(
        name="Thử Nghiệm", province=province, region="north_central", criteria_set=criteria_set
    )


@pytest.fixture
def make_indicator(criteria_set):
    """An indicator in its own criterion (created on demand)."""

    def make(code: str, kind: str = "boolean", **fields) -> Indicator:
        group, _ = CriteriaGroup.objects.get_or_create(
            criteria_set=criteria_set, number=1, defaults={"name": "Nhóm 1"}
        )
        number = int(code.split(".")[0])
        criterion, _ = Criterion.objects.get_or_create(
            criteria_set=criteria_set,
            number=number,
            defaults={"name": f"Tiêu chí {number}", "group": group},
        )
        return Indicator.objects.create(
            criteria_set=criteria_set,
            criterion=criterion,
            code=code,
            name=f"Chỉ tiêu {code}",
            kind=kind,
            **fields,
        )

    return make


@pytest.fixture
def add_threshold():
    def add(indicator: Indicator, comparator: str, value: str, **target) -> Threshold:
        target.setdefault("scope", "general")
        return Threshold.objects.create(
            indicator=indicator,
            comparator=comparator,
            value=Decimal(value),
            is_percentage=indicator.is_percentage,
            **target,
        )

    return add


@pytest.fixture
def villages(commune):
    made = []
    for position, (name, households) in enumerate([("Một", 100), ("Hai", 300)], start=1):
        village = Village.objects.create(commune=commune, name=name, position=position)
        HouseholdRecord.objects.create(
            village=village, as_of=datetime.date(2024, 1, 1), households=households
        )
        made.append(village)
    return made


@pytest.fixture
def make_user(db):
    def make(username: str, role: str | None = None, commune=None, bodies=(), **fields):
        # Prefixed: the demo accounts (ubnd, thuongtruc, …) are in the test database too.
        user = get_user_model().objects.create_user(
            username=f"test-{username}", password="x-Pass-2024!", **fields
        )
        if role:
            Profile.objects.create(user=user, commune=commune, role=role)
        user.bodies.add(*bodies)
        return user

    return make


@pytest.fixture
def body(commune):
    return ResponsibleBody.objects.create(
        commune=commune,
        name="Ủy ban nhân dân xã",
        short_name="UBND xã",
        kind=BodyKind.PEOPLES_COMMITTEE,
    )


@pytest.fixture
def lead(body):
    def assign(indicator: Indicator) -> IndicatorAssignment:
        return IndicatorAssignment.objects.create(
            indicator=indicator, body=body, role=AssignmentRole.LEAD
        )

    return assign


@pytest.fixture
def in_march():
    """Today is 20/03/2024 (Hanoi time): March is the current reporting month."""
    with time_machine.travel(datetime.datetime(2024, 3, 20, 2, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def users(demo, django_user_model):
    """The demo accounts by username."""
    return {user.username: user for user in django_user_model.objects.all()}


@pytest.fixture
def login(client, users):
    def as_user(username):
        client.force_login(users[username])
        return client

    return as_user


@pytest.fixture
def jobs_at_once(monkeypatch):
    """Jobs without a broker, as in a request: requests run in autocommit (no
    ATOMIC_REQUESTS), so `job_start`'s on_commit runs the job as soon as it is recorded
    and the view finds it done. A test runs in a transaction whose commit never comes,
    so the job is run at once instead."""
    from jobs import services

    monkeypatch.setattr(services, "_dispatch_on_commit", lambda job: services.dispatch(job.pk))


@pytest.fixture
def queued_jobs(monkeypatch, settings):
    """Jobs with a broker: what the web side queues for a worker (the ids, in order),
    which the test runs with `jobs.services.job_execute` when it wants the worker done."""
    from jobs import services, tasks

    settings.CELERY_BROKER_URL = "memory://"
    queued: list[int] = []
    monkeypatch.setattr(tasks.execute, "delay", queued.append)
    monkeypatch.setattr(services, "_dispatch_on_commit", lambda job: services.dispatch(job.pk))
    return queued
