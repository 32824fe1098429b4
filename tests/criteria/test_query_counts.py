"""The recording pages run the same number of queries with 1 month × 11 villages of data
and with 24 months × 40 villages: nothing is fetched per row or per month."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from villages.models import Village

pytestmark = pytest.mark.usefixtures("in_march")


def counts(client, urls):
    """Uncached: the month page's content is cached under the commune's data version
    (villages/cache.py), and big_history writes behind the services' back."""
    result = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        result[url] = len(queries)
    return result


def test_recording_pages_query_counts_do_not_grow_with_history(login, big_history):
    client = login("thuongtruc")
    hop_loc = Village.objects.get(name="Hợp Lộc")
    urls = [
        "/months/2024-03/",
        "/months/2024-03/indicators/17.1/",
        f"/months/2024-03/villages/{hop_loc.pk}/",
    ]
    small = counts(client, urls)
    big_history()
    big = counts(client, urls)
    assert big == small
    # The indicator page's evidence panel: its files, the villages to attach to, the
    # "missing evidence" check and the user's commune (tests/evidence/).
    # And which set assesses the month (2, criteria.sets).
    limits = dict(zip(urls, (17, 25, 24), strict=True))
    for url, count in small.items():
        assert count <= limits[url], (url, count)


def test_the_cached_month_page_reads_only_the_scope_and_the_closure(login):
    client = login("thuongtruc")
    client.get("/months/2024-03/")
    # The session, the user and profile with the commune, the set assessing the month
    # (2), the user's bodies (the scope), the month's closure (the close/reopen form is
    # rendered per request) and the menu's unread count.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/months/2024-03/").status_code == 200
    assert len(queries) == 8
