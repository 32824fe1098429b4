"""The dashboard cache in Redis (REDIS_URL), shared by every web process: a page one
process rendered is served to another, and a write makes it unreachable for all."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.dashboard.test_cache import OVERVIEW, user, write_records


@pytest.fixture
def redis_cache(redis_url, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "ntm-test",
        }
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def signed_in_head() -> Client:
    """A new client: another browser, possibly on another app server."""
    client = Client()
    client.force_login(user("truongban"))
    return client


def test_a_page_rendered_once_is_served_from_redis_until_a_write(demo, in_march, redis_cache):
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(redis_cache, RedisCache)
    first = signed_in_head().get(OVERVIEW).context["body"]
    other = signed_in_head()
    with CaptureQueriesContext(connection) as queries:
        second = other.get(OVERVIEW).context["body"]
    # The session, the user, the profile and the menu's unread count (the bell).
    assert (second, len(queries)) == (first, 4)
    write_records()
    with CaptureQueriesContext(connection) as queries:
        other.get(OVERVIEW)
    assert len(queries) > 4
