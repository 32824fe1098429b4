"""The dashboard, criterion and village pages run the same number of queries whatever
the data size: 1 year × 11 villages, then 10 years × 110 villages with every indicator
filled every month (about 216,000 records)."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboard.conftest import fill_history

# 20: the dashboard's 17 (the month from the stored status, the charts' villages ranked in
# SQL, then the chosen records: dashboard/selectors/overview.py), which set assesses the
# month (two: criteria.sets) and the menu's unread count (the bell).
MAX_QUERIES = 20


def counts(client, village_pk):
    """Queries per page when it is not cached (the cache is emptied first)."""
    cache.clear()
    urls = [
        "/dashboard/2024-03/",
        "/dashboard/2024-03/?trend=11",
        "/dashboard/2024-03/criteria/17/",
        f"/dashboard/2024-03/villages/{village_pk}/",
    ]
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(queries)
    return result


def test_query_counts_do_not_grow_with_data(demo, login, in_march, settings):
    # Building 200,000 rows can take over a minute on a loaded machine: the session's
    # activity stamp (once a minute) would then add its writes to the second count only.
    settings.SESSION_ACTIVITY_RESOLUTION = 24 * 3600
    client = login("truongban")
    village = demo.villages.order_by("position").first()
    fill_history(demo, first=datetime.date(2023, 4, 1), last=datetime.date(2024, 3, 1), villages=11)
    small = counts(client, village.pk)

    rows = fill_history(
        demo, first=datetime.date(2014, 4, 1), last=datetime.date(2024, 3, 1), villages=110
    )
    assert rows > 200_000
    large = counts(client, village.pk)

    assert large == small
    assert max(small.values()) <= MAX_QUERIES


def test_a_cached_page_costs_the_signed_in_minimum(demo, login, in_march):
    """Served from the cache: the session, the user and their profile, and the menu's
    unread count (the bell, one indexed COUNT), nothing else."""
    client = login("truongban")
    village = demo.villages.order_by("position").first()
    counts(client, village.pk)
    urls = ["/dashboard/2024-03/", "/dashboard/2024-03/criteria/17/"]
    for url in [*urls, f"/dashboard/2024-03/villages/{village.pk}/"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == 4, url
