"""A real Celery worker for the tests that need one: the web side queues on a real Redis
(a queue of its own per test) and `start()` runs `celery -A ntm_portal worker` in a
subprocess on the test database, as in production. Used by tests/jobs/test_worker.py and
the province journey with workers (tests/e2e/test_province_worker.py); both commit
(transactional), since the worker reads the database through its own connection."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings as django_settings
from django.db import connection

from ntm_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    """The test database, for the worker process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker(redis_url: str, settings) -> Iterator[Callable[[], subprocess.Popen]]:
    """The web side queues on Redis (a queue of its own for this run); `start()` starts a
    worker on that queue. Every worker started is stopped at the end."""
    queue = f"ntm-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = redis_url
    previous = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.broker_url = redis_url
    celery_app.conf.task_default_queue = queue
    workers: list[subprocess.Popen] = []
    environment = {
        **os.environ,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": queue,
        "DATABASE_URL": database_url(),
        # The files jobs prepare: where this test process reads them (tests/conftest.py).
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "ENV_FILE": "/dev/null",
        "SECRET_KEY": "test-only-not-secret",
        "TESTING": "1",
    }

    def start() -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "ntm_portal", "worker"]
        options = ["--pool=solo", "-Q", queue, "--without-gossip", "--without-mingle"]
        worker = subprocess.Popen(
            [*command, *options, "--loglevel=WARNING"],
            cwd=ROOT,
            env=environment,
            start_new_session=True,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    celery_app.conf.broker_url, celery_app.conf.task_default_queue = previous
    # Close this test's broker connections and forget the pools, as Celery does after a
    # fork: kombu keeps producer pools per broker URL, so the next test on the same Redis
    # would otherwise get "Acquire on closed pool".
    celery_app.pool.force_close_all()
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
