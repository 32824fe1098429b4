"""Benchmark of the province dashboard against a commune dashboard, on PostgreSQL.

Builds 100 communes × 30 villages × 24 months (every indicator of every commune filled
every month, ≈1.2 million records) in a scratch database `ntm_bench_province_<pid>`
(dropped at the end) on $BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/),
then measures, for the province dashboard (/province/2024-03/, the coordinator) and a
commune dashboard (/dashboard/2024-03/, Quang Trung's head), beside the minimal page
(/accounts/password/): the first request's server time (cold: a fresh connection, an
empty page cache and no garbage collection pending), the median of RUNS requests with
the page cache emptied before each (uncached) and without (cached), and the queries of
both.
Goals: the cold province dashboard within 2× the commune dashboard; the cached province
dashboard within 2× the minimal page.

Building the data takes about 6 minutes. While working on the page, `BENCH_KEEP=1` keeps
the database instead: it is named `ntm_bench_province` (or $BENCH_DB), built on the first
run and marked complete (a comment on the database), reused as it is by later runs (only
`migrate` is run on it) and never dropped; `BENCH_KEEP=rebuild` drops and builds it again
(do so after a change to the data built here). Drop it by hand when done
(`dropdb -h 127.0.0.1 -U postgres ntm_bench_province`). `RUNS=n` sets the number of
requests per median (10)."""

from __future__ import annotations

import datetime
import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
KEEP = os.environ.get("BENCH_KEEP", "")
# One scratch database per run (several runs may share the server), dropped at the end;
# with BENCH_KEEP one kept database, reused while it is marked complete.
NAME = (
    os.environ.get("BENCH_DB", "ntm_bench_province")
    if KEEP
    else f"ntm_bench_province_{os.getpid()}"
)
COMPLETE = "ntm benchmark data complete"
os.environ["DATABASE_URL"] = SERVER.rstrip("/") + "/" + NAME
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")

import psycopg  # noqa: E402

with psycopg.connect(SERVER.rstrip("/") + "/postgres", autocommit=True) as admin:
    marked = admin.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [NAME],
    ).fetchone()
    REUSE = KEEP not in ("", "rebuild") and marked is not None and marked[0] == COMPLETE
    if not REUSE:
        admin.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {NAME}")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from criteria.models import IndicatorKind, IndicatorRecord  # noqa: E402
from criteria.periods import add_months  # noqa: E402
from villages.models import Commune, HouseholdRecord, Village  # noqa: E402

COMMUNES, VILLAGES, MONTHS = 100, 30, 24
RUNS = int(os.environ.get("RUNS", "10"))
LAST = datetime.date(2024, 3, 1)
COLUMNS = (
    "commune_id, indicator_id, village_id, month, met, numerator, denominator, value, "
    "denominator_note, evidence, work_done, difficulties, proposals, warning, version, "
    "is_sample, recorded_at"
)


def build() -> int:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if REUSE:
        return IndicatorRecord.objects.count()
    call_command("load_demo", "--province", stdout=io.StringIO())
    quang_trung = Commune.objects.select_related("province", "criteria_set").get(name="Quang Trung")
    existing = Commune.objects.count()
    Commune.objects.bulk_create(
        Commune(
            name=f"Xã mẫu {n}",
            province=quang_trung.province,
            criteria_set=quang_trung.criteria_set,
            commune_group=n % 3 + 1,
            is_sample=True,
        )
        for n in range(existing, COMMUNES)
    )
    communes = list(Commune.objects.all())
    for commune in communes:
        have = commune.villages.count()
        Village.objects.bulk_create(
            Village(commune=commune, name=f"Thôn mẫu {n}", position=n, is_sample_name=True)
            for n in range(have, VILLAGES)
        )
    villages = list(Village.objects.all())
    HouseholdRecord.objects.bulk_create(
        (
            HouseholdRecord(village=v, as_of=datetime.date(2020, 1, 1), households=150)
            for v in villages
        ),
        ignore_conflicts=True,
    )
    by_commune: dict[int, list[int]] = {}
    for village in villages:
        by_commune.setdefault(village.commune_id, []).append(village.pk)
    values = {
        IndicatorKind.BOOLEAN: (True, None, None, None),
        IndicatorKind.RATIO: (None, 90, 100, None),
        IndicatorKind.NUMBER: (None, None, None, 100),
    }
    indicators = list(quang_trung.criteria_set.indicators.all())
    # The demo's own records (Jan–Mar 2024) stay; the generated history ends before them.
    first = add_months(LAST, -(MONTHS - 1))
    months = [add_months(first, n) for n in range(MONTHS - 3)]
    now = datetime.datetime(2024, 3, 14, tzinfo=datetime.UTC)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY criteria_indicatorrecord ({COLUMNS}) FROM STDIN") as copy,
    ):
        for commune in communes:
            for month in months:
                for indicator in indicators:
                    places = by_commune[commune.pk] if indicator.per_village else [None]
                    for village in places:
                        copy.write_row(
                            (commune.pk, indicator.pk, village, month, *values[indicator.kind])
                            + ("", "", "", "", "", "", 1, True, now)
                        )
    # Inserted behind records_save's back: the stored monthly status is rebuilt as
    # `manage.py rebuild_status` does.
    call_command("rebuild_status", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # Only now is the database worth reusing (an interrupted build is built again).
        cursor.execute(f"COMMENT ON DATABASE {NAME} IS %s", [COMPLETE])
    return IndicatorRecord.objects.count()  # with the demo's, as a reused database says


def timed(client: Client, url: str, *, clear: bool) -> float:
    """Median server time of RUNS requests, the page cache emptied before each or not."""
    times = []
    for _ in range(RUNS):
        if clear:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def queries(client: Client, url: str, *, clear: bool) -> int:
    if clear:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def measure(client: Client, url: str) -> dict[str, float]:
    """Cold (a fresh connection, empty caches), uncached (median, the page cache emptied
    before each request), cached (median) and the queries of both."""
    cache.clear()
    connection.close()
    # Python's full collection (every object of the process: about 0.15 s here) falls on
    # whichever request crosses its threshold, after the garbage of every request before:
    # done now, so that the cold figure is the page's own.
    gc.collect()
    start = time.perf_counter()
    response = client.get(url)
    cold = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return {
        "cold": cold,
        "uncached": timed(client, url, clear=True),
        "cached": timed(client, url, clear=False),
        "queries": queries(client, url, clear=True),
        "cached queries": queries(client, url, clear=False),
    }


def main() -> None:
    started = time.perf_counter()
    records = build()
    print(
        f"Data: {COMMUNES} communes × {VILLAGES} villages × {MONTHS} months: {records:,} "
        f"records ({time.perf_counter() - started:.0f} s to "
        f"{'reuse the kept database' if REUSE else 'build'}), PostgreSQL, "
        f"{os.cpu_count()} CPU cores, median of {RUNS} requests, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}."
    )
    users = get_user_model().objects
    commune_client = Client(HTTP_HOST="127.0.0.1")
    commune_client.force_login(users.get(username="truongban"))
    province_client = Client(HTTP_HOST="127.0.0.1")
    province_client.force_login(users.get(username="tinh.dieuphoi"))
    rows = {
        "/accounts/password/ (minimal)": measure(commune_client, "/accounts/password/"),
        "/dashboard/2024-03/ (commune)": measure(commune_client, "/dashboard/2024-03/"),
    }
    # Each test Client has its own handler, which loads the middleware on its first
    # request (WhiteNoise then reads every static file: up to 0.3 s here). A server
    # process does that once, not per user: the commune client's first request (the
    # minimal page's cold one) pays it, the province client pays it here, not in the
    # province dashboard's cold figure.
    province_client.get("/accounts/password/")
    rows["/province/2024-03/ (province)"] = measure(province_client, "/province/2024-03/")
    print(
        f"{'page':32} {'cold ms':>8} {'uncached':>9} {'cached':>8} {'queries':>8} {'cached q':>8}"
    )
    for url, row in rows.items():
        print(
            f"{url:32} {row['cold']:8.0f} {row['uncached']:9.1f} {row['cached']:8.1f} "
            f"{row['queries']:8} {row['cached queries']:8}"
        )
    minimal, commune, province = rows.values()
    cold = province["cold"] / commune["cold"]
    uncached = province["uncached"] / commune["uncached"]
    cached = province["cached"] / minimal["uncached"]
    print(f"Province / commune dashboard, cold: {cold:.2f}× (goal ≤ 2)")
    print(f"Province / commune dashboard, uncached median: {uncached:.2f}×")
    print(f"Province cached / minimal page: {cached:.2f}× (goal ≤ 2)")
    print(f"Commune cached / minimal page: {commune['cached'] / minimal['uncached']:.2f}×")


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if not KEEP:
            with psycopg.connect(SERVER.rstrip("/") + "/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
