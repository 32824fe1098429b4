import runpy

from django.conf import settings

CONF = str(settings.BASE_DIR / "ntm_portal" / "gunicorn_conf.py")


def test_workers_follow_the_cpu_count_with_a_cap(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(2)))
    assert runpy.run_path(CONF)["workers"] == 5
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)))
    assert runpy.run_path(CONF)["workers"] == 8


def test_bind_and_workers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    conf = runpy.run_path(CONF)
    assert conf["bind"] == "0.0.0.0:8080"
    assert conf["workers"] == 3


def test_binds_to_localhost_by_default(monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    assert runpy.run_path(CONF)["bind"] == "127.0.0.1:8000"
