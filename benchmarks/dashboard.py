"""Benchmark of the steering-committee dashboard (`make bench`).

Builds the issue's large data set in a temporary SQLite database — the demo commune with
110 villages and every indicator filled every month for 10 years (≈216,000 records) —
then, in one run, measures the median server time of the dashboard and of a minimal
signed-in page, and the gzipped bytes of the dashboard HTML and the CSS/JS it links.

The minimal page is the password-change form (/accounts/password/): it needs a signed-in
user, renders base.html with one small form and touches no domain data, so it is what
the framework, the middleware (session, CSRF, CSP, axes, history) and the layout cost on
this machine. Ratio = minimal / dashboard (goal ≥ 0.5: the dashboard at most twice it).
"""

from __future__ import annotations

import datetime
import gzip
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_DIR = tempfile.mkdtemp(prefix="ntm-bench-")
os.environ["DATA_DIR"] = DATA_DIR
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from criteria.models import IndicatorKind  # noqa: E402
from criteria.periods import add_months  # noqa: E402
from villages.models import Commune, HouseholdRecord, Village  # noqa: E402

YEARS, VILLAGES, RUNS = 10, 110, 30
LAST = datetime.date(2024, 3, 1)


def build() -> int:
    call_command("migrate", verbosity=0)
    # As `make run` and `make serve` do: production pages link hashed static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    commune = Commune.objects.get()
    existing = list(commune.villages.all())
    Village.objects.bulk_create(
        Village(commune=commune, name=f"Thôn {n}", position=n)
        for n in range(len(existing), VILLAGES)
    )
    added = list(commune.villages.exclude(pk__in=[v.pk for v in existing]))
    HouseholdRecord.objects.bulk_create(
        HouseholdRecord(village=v, as_of=datetime.date(2014, 1, 1), households=120, population=480)
        for v in added
    )
    villages = existing + added
    old = {v.pk for v in existing}
    values = {
        IndicatorKind.BOOLEAN: (True, None, None, None),
        IndicatorKind.RATIO: (None, 60, 100, None),
        IndicatorKind.NUMBER: (None, None, None, 100),
    }
    demo_months = {datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), LAST}
    rows = []
    month = add_months(LAST, -(12 * YEARS - 1))
    while month <= LAST:
        for indicator in commune.criteria_set.indicators.all():
            for village in villages if indicator.per_village else [None]:
                # The demo already holds its villages' and the commune's Jan–Mar 2024.
                if month in demo_months and (village is None or village.pk in old):
                    continue
                rows.append(
                    (indicator.pk, village.pk if village else None, month) + values[indicator.kind]
                )
        month = add_months(month, 1)
    now = datetime.datetime(2024, 3, 14, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO criteria_indicatorrecord (commune_id, indicator_id, village_id, month, "
            "met, "
            "numerator, denominator, value, denominator_note, evidence, work_done, "
            "difficulties, proposals, is_sample, warning, recorded_at, version) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '', '', %s, '', %s, 1)",
            [(commune.pk, *row, False, now) for row in rows],
        )
        cursor.execute("ANALYZE")
    return len(rows)


def median_ms(client: Client, url: str) -> tuple[float, bytes, int]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times) * 1000, response.content, len(queries)


def linked_assets(html: str) -> list[str]:
    paths = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    return sorted(set(paths))


def asset_bytes(url: str) -> tuple[int, int]:
    name = url.removeprefix(settings.STATIC_URL)
    name = re.sub(r"\.[0-9a-f]{12}(\.(?:css|js))$", r"\1", name)  # manifest hash
    path = finders.find(name)
    data = Path(path).read_bytes()
    return len(data), len(gzip.compress(data, 9))


def main() -> None:
    started = time.perf_counter()
    records = build()
    print(
        f"Data: {VILLAGES} villages × {YEARS} years, every indicator every month: "
        f"{records:,} records added ({time.perf_counter() - started:.0f} s to build)."
    )
    print(
        f"Python {sys.version.split()[0]}, Django {django.get_version()}, SQLite, "
        f"{os.cpu_count()} CPU cores, DEBUG={settings.DEBUG}, median of {RUNS} requests."
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="truongban"))
    baseline, _, baseline_queries = median_ms(client, "/accounts/password/")
    results = {}
    for url in (
        "/dashboard/2024-03/",
        "/dashboard/2024-03/criteria/17/",
        f"/dashboard/2024-03/villages/{Village.objects.order_by('position').first().pk}/",
    ):
        results[url] = median_ms(client, url)
    print(f"{'page':40} {'median ms':>10} {'queries':>8} {'ratio':>7}")
    print(f"{'/accounts/password/ (minimal)':40} {baseline:10.1f} {baseline_queries:8}")
    for url, (ms, _content, queries) in results.items():
        print(f"{url:40} {ms:10.1f} {queries:8} {baseline / ms:7.3f}")
    html = results["/dashboard/2024-03/"][1]
    html_gz = len(gzip.compress(html, 9))
    print(f"Dashboard HTML: {len(html):,} bytes, {html_gz:,} gzipped")
    total = html_gz
    for url in linked_assets(html.decode()):
        raw, packed = asset_bytes(url)
        total += packed
        print(f"  {url}: {raw:,} bytes, {packed:,} gzipped")
    print(f"Total gzipped: {total:,} bytes ({total / 1024:.0f} KB; goal ≤ 150 KB)")
    ratio = baseline / results["/dashboard/2024-03/"][0]
    print(f"Ratio minimal/dashboard: {ratio:.3f} (goal ≥ 0.5)")


if __name__ == "__main__":
    main()
